"""The django-import-export contender of ``bench/import_compare.py``: a standard ``ModelResource`` for ``Member``
whose hooks do the derived work our model needs, with our own helpers, so it stores the same rows as our import.

* ``before_import`` (once): the roster's Chinese headers mapped to field names (the same lookup our import uses),
  an ``id_hash`` column for ``import_id_fields``, card numbers reserved for the rows without one (one counter
  update, as ours does), the 工作单位 texts matched to enterprises of the union's scope (``match_employers``).
* ``before_import_row``: ``clean_person`` (labels → codes, the date forms, the ID number checked and normalised);
  a row with problems raises ``ValidationError`` and d-i-e rolls the whole import back, as ours refuses it.
* ``before_save_instance``: ID cipher + hash + mask, pinyin, union, status, employer, card number.
* ``after_save_instance``: the member's tags and its 入会 event (with ``use_bulk``: after the import, in bulk).
* ``after_import``: one audit event with the counts.

Everything else is d-i-e's default: one transaction with a savepoint per row, the instance looked up by
``id_hash`` (one SELECT per row), a diff kept per row, ``Model.save()`` per row.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import resources

from core import audit, pii
from core.pinyin import pinyin_keys
from members.choices import MemberStatus
from members.importing import match_employers
from members.models import Member, MembershipEvent, MemberTag
from members.roster_file import COLUMNS, HEADER_LOOKUP, _header_key
from members.services import card_numbers
from members.validation import clean_person

PLAIN = (
    "name",
    "id_type",
    "gender",
    "birth_date",
    "ethnicity",
    "phone",
    "education",
    "political",
    "hukou_type",
    "hukou_place",
    "employer_name",
    "gig_platform",
    "job_title",
    "employment",
    "is_migrant_worker",
    "joined_on",
)


def member_resource(*, bulk: bool = False):
    class MemberResource(resources.ModelResource):
        class Meta:
            model = Member
            fields = (*PLAIN, "card_no", "id_hash")
            import_id_fields = ("id_hash",)
            use_bulk = bulk

        def __init__(self, *, union, actor):
            super().__init__()
            self.union, self.actor = union, actor
            self.today = timezone.localdate()
            self.created: list[tuple[Member, list[str]]] = []

        def before_import(self, dataset, **kwargs):
            dataset.headers = [HEADER_LOOKUP.get(_header_key(h), h) if isinstance(h, str) else h
                               for h in dataset.headers]  # fmt: skip
            dataset.append_col([""] * len(dataset), header="id_hash")
            cards = dataset["card_no"] if "card_no" in dataset.headers else [None] * len(dataset)
            self.cards = iter(card_numbers(sum(1 for c in cards if not c)))
            texts = {" ".join(str(t).split()) for t in dataset["employer_name"] if t}
            self.employers = match_employers(self.union, texts)

        def before_import_row(self, row, **kwargs):
            cleaned = clean_person({f: row.get(f) for f in COLUMNS}, today=self.today)
            if cleaned.problems:
                raise ValidationError({p.field: p.message for p in cleaned.problems})
            values = cleaned.values
            for f in PLAIN:
                row[f] = values[f]
            row["id_hash"] = pii.lookup_hash(values["id_type"], values["id_number"])
            row["card_no"] = values["card_no"] or next(self.cards)
            row["_values"] = values

        def before_save_instance(self, instance, row, **kwargs):
            values = row["_values"]
            instance.set_id_number(values["id_number"])
            instance.name_pinyin, instance.name_initials = pinyin_keys(instance.name)
            instance.union, instance.status = self.union, MemberStatus.ACTIVE
            employer = self.employers.get(values["employer_name"])
            instance.employer_id = employer[0] if employer else None
            if employer:
                instance.employer_name = employer[1]

        def after_save_instance(self, instance, row, **kwargs):
            if kwargs.get("dry_run"):
                return
            if self._meta.use_bulk:
                self.created.append((instance, row["_values"]["tags"]))
                return
            MemberTag.objects.bulk_create([MemberTag(member=instance, tag=t) for t in row["_values"]["tags"]])
            MembershipEvent.objects.create(
                member=instance, kind=MembershipEvent.Kind.JOINED, on=instance.joined_on, union=self.union,
                actor=self.actor, reason="名册导入",
            )  # fmt: skip

        def after_import(self, dataset, result, **kwargs):
            if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
                return
            if self.created:
                MemberTag.objects.bulk_create([MemberTag(member=m, tag=t) for m, tags in self.created for t in tags])
                MembershipEvent.objects.bulk_create(
                    [MembershipEvent(member=m, kind=MembershipEvent.Kind.JOINED, on=m.joined_on, union=self.union,
                                     actor=self.actor, reason="名册导入") for m, _ in self.created]
                )  # fmt: skip
            audit.record(
                "members.import.completed",
                actor=self.actor,
                org=self.union,
                data={"rows": len(dataset), "imported": result.totals.get("new", 0), "tool": "django-import-export"},
            )

    return MemberResource
