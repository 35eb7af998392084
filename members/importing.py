"""Roster import from Excel (.xlsx, .xls) and CSV files: reading and checking an uploaded roster, and writing
it in one transaction.

The rule of the whole platform holds here: a file is validated whole and nothing is written unless every row is
valid. Every problem is reported with its Excel row number, its column and a Chinese message, and handed back as
an error workbook (the original rows plus an 错误说明 column) that staff correct and upload again.

The file is read once, with python-calamine: every row is cleaned and checked, and while no problem has been
found its cleaned values are kept as a tuple (about 1 KB a row: some 100 MB for the largest file allowed, far less
than the sheet calamine holds while reading). The write then needs no second reading or cleaning: one
transaction of COPY statements on PostgreSQL, batched ``bulk_create`` on SQLite. A file with errors keeps nothing.
"""

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import islice

from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, pii
from core.errors import DomainError
from core.models import Job
from core.pinyin import pinyin_keys
from core.scoping import can
from members import errors as members_errors
from orgs.models import Enterprise, Org

from .choices import (
    HOLDING,
    MemberStatus,
)
from .models import CardIssue, Member, MembershipEvent, MemberTag
from .roster_file import (
    BATCH_SIZE,
    COLUMNS,
    ERRORS_KEPT,
    EXAMPLE_MARK,
    JOB_KIND,
    MAX_UPLOAD_BYTES,
    SQLITE_IMPORT_CACHE_KB,
    RosterFile,
    RowError,
    inspect_roster,
    logger,
)
from .roster_workbooks import (
    write_error_workbook,
)
from .services import PERSON_FIELDS, card_numbers, check_union
from .validation import LABELS, clean_person


@dataclass
class ImportOutcome:
    """What an import found or did. ``errors`` is empty exactly when the rows were written."""

    rows: int = 0
    imported: int = 0
    rejoined: int = 0
    skipped_examples: int = 0
    employers_matched: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    # headers read as a standard column: [(header as the file writes it, the column's standard name)]
    renamed_columns: list[tuple[str, str]] = field(default_factory=list)
    # values read as a standard one: (field, value as written, standard label) → number of rows
    mapped_values: dict[tuple[str, str, str], int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def mapped_report(self) -> list[dict]:
        """The values read as a standard one, in template column order and most frequent first (the first
        ``MAPPED_KEPT``): what the import page and the API show under “已自动转换的写法”."""
        order = {name: i for i, name in enumerate(COLUMNS)}
        ranked = sorted(self.mapped_values.items(), key=lambda kv: (order.get(kv[0][0], 99), -kv[1], kv[0][1]))
        return [
            {"field": f, "column": LABELS.get(f, f), "value": given, "standard": label, "rows": n}
            for (f, given, label), n in ranked[:MAPPED_KEPT]
        ]

    def summary(self) -> dict:
        """The JSON kept on the job: counts and the first ``ERRORS_KEPT`` errors, for pages and the API."""
        return {
            "rows": self.rows,
            "imported": self.imported,
            "rejoined": self.rejoined,
            "skipped_examples": self.skipped_examples,
            "employers_matched": self.employers_matched,
            "ignored_columns": self.ignored_columns,
            "renamed_columns": [{"header": h, "column": c} for h, c in self.renamed_columns],
            "mapped_values": self.mapped_report(),
            "error_count": len(self.errors),
            "error_rows": len({e.row for e in self.errors}),
            "errors": [e.as_dict() for e in self.errors[:ERRORS_KEPT]],
        }


MAPPED_KEPT = 100


# --- Validation (the first pass) ------------------------------------------------------------------------------


def _is_example(raw: dict) -> bool:
    name = raw.get("name")
    return isinstance(name, str) and name.strip().startswith(EXAMPLE_MARK)


def _clean_row(raw: dict, today: date):
    """``clean_person`` for one row, plus the one problem only a spreadsheet causes: an ID number Excel stored as
    a number, whose last digits it has already rounded away."""
    cleaned = clean_person(raw, today=today)
    number = raw.get("id_number")
    if isinstance(number, float) and abs(number) >= 1e15:
        cleaned.problems = [p for p in cleaned.problems if p.field != "id_number"]
        cleaned.fail(
            "id_number",
            "id_number_stored_as_number",
            _("Excel 把证件号码存成了数字，末几位已丢失。请把该列设为“文本”格式后重新填写"),
        )
    return cleaned


def enterprise_scope(union: Org) -> Q:
    """The employers a union's roster may name: those it or its sub-unions cover, and those registered in its
    area (its parent's sub-tree: a grassroots union's town, a 小三级 union's parent)."""
    area = union.path[: -Org.steplen] if union.depth > 1 else union.path
    return Q(covering_union__path__startswith=union.path) | Q(org__path__startswith=area)


def _batched(items, size: int = BATCH_SIZE):
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def match_employers(union: Org, texts: set[str]) -> dict[str, tuple[int, str]]:
    """``text → (enterprise id, name)`` for 工作单位 values naming exactly one enterprise of the union's scope, by
    full name or 统一社会信用代码. A name two enterprises share stays free text rather than being guessed."""
    found: dict[str, set[tuple[int, str]]] = {}
    scoped = Enterprise.objects.filter(enterprise_scope(union))
    for chunk in _batched(sorted(texts)):
        codes = [t.upper() for t in chunk if len(t) == 18 and t.isalnum()]
        for pk, name, uscc in scoped.filter(Q(name__in=chunk) | Q(uscc__in=codes)).values_list("pk", "name", "uscc"):
            for text in (name, uscc):
                found.setdefault(text, set()).add((pk, name))
    matched = {}
    for text in texts:
        hits = found.get(text) or found.get(text.upper()) or set()
        if len(hits) == 1:
            matched[text] = next(iter(hits))
    return matched


# Field order of the per-row records the first pass keeps for the write (plain values, no model instances).
ROW_FIELDS = (*PERSON_FIELDS, "id_type", "id_number", "joined_on", "card_no", "tags")
_EMPLOYER_NAME = ROW_FIELDS.index("employer_name")
_NAME, _ID_TYPE, _ID_NUMBER, _JOINED_ON, _CARD_NO, _TAGS, _ID_HASH = (
    ROW_FIELDS.index("name"),
    *range(len(PERSON_FIELDS), len(ROW_FIELDS)),
    len(ROW_FIELDS),
)


@dataclass
class Validation:
    """What the (only) pass over the file keeps: errors, the few facts the write needs and, while no error has been
    found, each row's cleaned values as a tuple (``ROW_FIELDS`` plus the ID hash); dropped at the first error."""

    outcome: ImportOutcome
    rejoining: dict[str, int]  # id hash → pk of the earlier (ended) membership record
    employers: dict[str, tuple[int, str]]
    auto_cards: int  # rows without a 会员证号
    file_cards: set[str] = field(default_factory=set)  # card numbers the file itself gives
    rows: list[tuple] = field(default_factory=list)


def validate_roster(
    roster: RosterFile, union: Org, *, today: date, progress: Callable[[int, int], None] | None = None
) -> Validation:
    """Check every row: cleaning, duplicates inside the file, and against the platform (people already holding a
    membership, card numbers taken), with batched look-ups of 1,000 keys."""
    outcome = ImportOutcome(ignored_columns=roster.ignored, renamed_columns=roster.renamed)
    mapped = outcome.mapped_values
    errors = outcome.errors
    seen_ids: dict[str, int] = {}
    # While a PII key rotation runs, a person may still be stored under a retired key's hash: old hash → current.
    retired_alias: dict[str, str] = {}
    seen_cards: dict[str, int] = {}
    employer_texts: dict[str, str] = {}  # also shares one string object between the rows naming the same employer
    kept: list[tuple] = []
    auto_cards = 0
    estimate = max(roster.sheet_rows - roster.header_index - 1, 0)
    for row, raw in roster.data_rows():
        if _is_example(raw):
            outcome.skipped_examples += 1
            continue
        outcome.rows += 1
        cleaned = _clean_row(raw, today)
        for key in cleaned.mapped:
            mapped[key] = mapped.get(key, 0) + 1
        for p in cleaned.problems:
            prefix = f"{LABELS.get(p.field, p.field)}："
            errors.append(RowError(row, roster.column_of(p.field), p.message.removeprefix(prefix), p.code))
        values = cleaned.values
        bad = {p.field for p in cleaned.problems} if cleaned.problems else ()
        key = None
        if "id_number" not in bad and "id_type" not in bad and values["id_number"]:
            key = pii.lookup_hash(values["id_type"], values["id_number"])
            for old in pii.retired_hashes(values["id_type"], values["id_number"]):
                retired_alias[old] = key
            first = seen_ids.setdefault(key, row)
            if first != row:
                column = roster.column_of("id_number")
                errors.append(
                    RowError(
                        row,
                        column,
                        _("与第 %(r)d 行是同一证件号码，同一人只能出现一次") % {"r": first},
                        "duplicate_in_file",
                    )
                )
                errors.append(
                    RowError(
                        first,
                        column,
                        _("与第 %(r)d 行是同一证件号码，同一人只能出现一次") % {"r": row},
                        "duplicate_in_file",
                    )
                )
        card = values["card_no"]
        if card and "card_no" not in bad:
            first = seen_cards.setdefault(card, row)
            if first != row:
                column = roster.column_of("card_no")
                errors.append(
                    RowError(
                        row,
                        column,
                        _("会员证号“%(c)s”与第 %(r)d 行重复") % {"c": card, "r": first},
                        "duplicate_card_in_file",
                    )
                )
                errors.append(
                    RowError(
                        first,
                        column,
                        _("会员证号“%(c)s”与第 %(r)d 行重复") % {"c": card, "r": row},
                        "duplicate_card_in_file",
                    )
                )
        elif not card:
            auto_cards += 1
        employer_name = values["employer_name"]
        if employer_name and "employer_name" not in bad:
            values["employer_name"] = employer_texts.setdefault(employer_name, employer_name)
        if errors:
            kept = None  # nothing will be written: stop keeping rows
        elif kept is not None:
            kept.append((*(values[f] for f in ROW_FIELDS), key))
        if progress and outcome.rows % BATCH_SIZE == 0:
            progress(outcome.rows, max(estimate, outcome.rows))
    if outcome.rows == 0:
        raise members_errors.NO_DATA_ROWS()
    if progress:
        progress(outcome.rows, outcome.rows)

    # Against the platform: one query per 1,000 hashes / card numbers, never one per row.
    rejoining: dict[str, int] = {}
    id_column = roster.column_of("id_number")
    retired_of: dict[str, list[str]] = {}
    for old, key in retired_alias.items():
        retired_of.setdefault(key, []).append(old)
    for chunk in _batched(seen_ids):
        wanted = [*chunk, *(old for key in chunk for old in retired_of.get(key, ()))]
        for stored_hash, pk, status, card_no, union_name in Member.objects.filter(id_hash__in=wanted).values_list(
            "id_hash", "pk", "status", "card_no", "union__name"
        ):
            id_hash = retired_alias.get(stored_hash, stored_hash)
            if status in HOLDING:
                errors.append(
                    RowError(
                        seen_ids[id_hash],
                        id_column,
                        _("此人已是“%(u)s”的会员（会员证号 %(c)s），一人只能有一个有效会籍；如需调入本会请办理转会")
                        % {"u": union_name, "c": card_no},
                        "already_member",
                    )
                )
            else:
                rejoining[id_hash] = pk
    rejoining_pks = set(rejoining.values())
    card_column = roster.column_of("card_no")
    for chunk in _batched(seen_cards):
        for card_no, pk in Member.objects.filter(card_no__in=chunk).values_list("card_no", "pk"):
            # A person rejoining may keep the card number of their own earlier membership.
            if pk not in rejoining_pks:
                errors.append(
                    RowError(
                        seen_cards[card_no], card_column, _("会员证号“%(c)s”已被使用") % {"c": card_no}, "card_no_taken"
                    )
                )
    order = {name: i for i, name in enumerate(COLUMNS)}
    column_order = {roster.column_of(name): i for name, i in order.items()}
    errors.sort(key=lambda e: (e.row, column_order.get(e.column, len(order))))
    employers = match_employers(union, set(employer_texts)) if not errors else {}
    outcome.employers_matched = len(employers)
    rows = kept if kept is not None and not errors else []
    return Validation(outcome, rejoining, employers, auto_cards, set(seen_cards), rows)


# --- Writing ----------------------------------------------------------------------------------------------------


@contextmanager
def _large_write_cache():
    """On SQLite, a bigger page cache for the length of the import. One transaction inserting 100,000 members
    updates seven indexes in random order; with SQLite's default 2 MB cache their pages are evicted and re-read
    (and spilled to the WAL) over and over, and the write slows down more than linearly with the file. The
    connection's own setting is restored afterwards. PostgreSQL sizes its buffers itself."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_IMPORT_CACHE_KB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


MEMBER_UPDATE_FIELDS = (
    *PERSON_FIELDS,
    "employer",
    "id_type",
    "id_cipher",
    "id_hash",
    "id_masked",
    "name_pinyin",
    "name_initials",
    "union",
    "status",
    "joined_on",
    "card_no",
    "card_version",
    "updated_at",
)
# Rows per COPY on PostgreSQL (one id reservation, three COPY statements each): large enough that round trips do
# not count, small enough that the tuples of one chunk stay a few MB.
COPY_BATCH = 5_000


def _new_card_numbers(n: int, *, avoid: set[str]) -> list[str]:
    """``n`` numbers from the platform's card sequence, skipping any the file assigns itself."""
    numbers: list[str] = []
    while len(numbers) < n:
        numbers += [c for c in card_numbers(n - len(numbers)) if c not in avoid]
    return numbers


def _member_values(rec: tuple, employers: dict) -> dict:
    """The stored person and ID fields of one kept row: the employer matched, the ID number encrypted, hashed
    and masked (``PersonalIdMixin.set_id_number``), the name's pinyin keys."""
    values = dict(zip(PERSON_FIELDS, rec, strict=False))
    employer = employers.get(rec[_EMPLOYER_NAME])
    values["employer_id"] = employer[0] if employer else None
    if employer:
        values["employer_name"] = employer[1]
    number = rec[_ID_NUMBER]
    values["id_type"] = str(rec[_ID_TYPE])
    values["id_cipher"] = pii.encrypt(number)
    values["id_hash"] = rec[_ID_HASH]
    values["id_masked"] = pii.mask_id(number)
    values["name_pinyin"], values["name_initials"] = pinyin_keys(rec[_NAME])
    values["employment"] = str(values["employment"])
    values["joined_on"] = rec[_JOINED_ON]
    return values


def _use_copy() -> bool:
    return connection.vendor == "postgresql"


def _copy(table: str, columns, rows) -> None:
    """PostgreSQL ``COPY … FROM STDIN`` of ``rows`` (tuples in ``columns`` order) on the connection's own cursor,
    so it belongs to the surrounding transaction."""
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _copy_members(chunk, cards, *, union, actor, employers, now, reason) -> None:
    """New members of one chunk by COPY: ids reserved from the table's sequence first (one query), so the tags
    and events can be COPYed after them. Every concrete column is written; those the import does not set get
    the field's default, as ``bulk_create`` would."""
    fields = Member._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields if f.attname != "id"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Member._meta.db_table, len(chunk)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    members, tags, events, issues = [], [], [], []
    first = str(CardIssue.Reason.FIRST)
    status, joined, union_id, actor_id = str(MemberStatus.ACTIVE), str(MembershipEvent.Kind.JOINED), union.pk, None
    actor_id = actor.pk if actor is not None else None
    for pk, rec, card in zip(ids, chunk, cards, strict=True):
        record = {**defaults, **_member_values(rec, employers)}
        record.update(id=pk, union_id=union_id, status=status, card_no=card, created_at=now, updated_at=now)
        members.append(tuple(record[f.attname] for f in fields))
        tags += [(pk, str(t)) for t in rec[_TAGS]]
        events.append((pk, joined, rec[_JOINED_ON], union_id, None, reason, actor_id, now))
        issues.append((pk, record["card_version"], union_id, first, now, actor_id))
    _copy(Member._meta.db_table, [f.column for f in fields], members)
    _copy(MemberTag._meta.db_table, ("member_id", "tag"), tags)
    _copy(
        MembershipEvent._meta.db_table,
        ("member_id", "kind", "on", "union_id", "other_union_id", "reason", "actor_id", "created_at"),
        events,
    )
    _copy(CardIssue._meta.db_table, CARD_ISSUE_COLUMNS, issues)


# Every imported member gets a card: 首次发卡, or 换发 for a person rejoining (``services.issue_card`` one by one).
CARD_ISSUE_COLUMNS = ("member_id", "version", "union_id", "reason", "issued_at", "issued_by_id")


def _save_members(chunk, cards, *, union, actor, employers, now, existing, rejoining) -> None:
    """One chunk through the ORM (SQLite, and people rejoining on any database): new members with
    ``bulk_create``, earlier membership records reused with ``bulk_update`` (their old tags replaced)."""
    new, again, tags = [], [], []
    for rec, card in zip(chunk, cards, strict=True):
        member = existing.get(rejoining.get(rec[_ID_HASH]))
        if member is None:
            member = Member(created_at=now)
            new.append(member)
        else:
            member.card_version += 1  # a card from the earlier membership must not verify
            again.append(member)
        for key, value in _member_values(rec, employers).items():
            setattr(member, key, value)
        member.union, member.status, member.card_no, member.updated_at = union, MemberStatus.ACTIVE, card, now
        tags.append((member, rec[_TAGS]))
    Member.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if again:
        Member.objects.bulk_update(again, MEMBER_UPDATE_FIELDS, batch_size=BATCH_SIZE)
        MemberTag.objects.filter(member__in=again).delete()
    MemberTag.objects.bulk_create(
        [MemberTag(member=m, tag=t) for m, member_tags in tags for t in member_tags], batch_size=BATCH_SIZE
    )
    rejoined = {m.pk for m in again}
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                member=m,
                kind=MembershipEvent.Kind.JOINED,
                on=m.joined_on,
                union=union,
                actor=actor,
                reason=_("重新入会（名册导入）") if m.pk in rejoined else _("名册导入"),
            )
            for m, _tags in tags
        ],
        batch_size=BATCH_SIZE,
    )
    CardIssue.objects.bulk_create(
        [
            CardIssue(
                member=m,
                version=m.card_version,
                union=union,
                reason=CardIssue.Reason.RENEWED if m.pk in rejoined else CardIssue.Reason.FIRST,
                issued_at=now,
                issued_by=actor,
            )
            for m, _tags in tags
        ],
        batch_size=BATCH_SIZE,
    )


def write_roster(roster: RosterFile, union: Org, *, actor, validation: Validation, job=None) -> None:
    """Write every kept row in ONE transaction: members (COPY on PostgreSQL, ``bulk_create`` of 1,000 per INSERT
    on SQLite), their tags and 入会 events, and a single audit event with the counts. Card numbers are reserved
    first, outside the transaction, so the import does not hold the platform's card sequence locked while it
    writes (the sequence tolerates gaps)."""
    outcome = validation.outcome
    rows = validation.rows
    if len(rows) != outcome.rows:  # validation keeps every row of a valid file; never write a partial one
        raise RuntimeError(f"{len(rows)} rows kept for {outcome.rows} validated")
    new_cards = iter(_new_card_numbers(validation.auto_cards, avoid=validation.file_cards))
    cards = [rec[_CARD_NO] or next(new_cards) for rec in rows]  # in file order, as numbers are handed out
    rejoining = validation.rejoining
    existing = {}
    for chunk in _batched(rejoining.values()):
        existing.update(Member.objects.in_bulk(chunk))
    now = timezone.now()
    with _large_write_cache(), transaction.atomic():
        if _use_copy():
            again = [i for i, rec in enumerate(rows) if rec[_ID_HASH] in rejoining] if rejoining else []
            if again:
                _save_members(
                    [rows[i] for i in again],
                    [cards[i] for i in again],
                    union=union,
                    actor=actor,
                    employers=validation.employers,
                    now=now,
                    existing=existing,
                    rejoining=rejoining,
                )
                again_set = set(again)
                fresh = [i for i in range(len(rows)) if i not in again_set]
                rows, cards = [rows[i] for i in fresh], [cards[i] for i in fresh]
            reason = _("名册导入")
            for start in range(0, len(rows), COPY_BATCH):
                end = start + COPY_BATCH
                _copy_members(
                    rows[start:end],
                    cards[start:end],
                    union=union,
                    actor=actor,
                    employers=validation.employers,
                    now=now,
                    reason=reason,
                )
        else:
            for start in range(0, len(rows), BATCH_SIZE):
                end = start + BATCH_SIZE
                _save_members(
                    rows[start:end],
                    cards[start:end],
                    union=union,
                    actor=actor,
                    employers=validation.employers,
                    now=now,
                    existing=existing,
                    rejoining=rejoining,
                )
        outcome.imported = outcome.rows
        outcome.rejoined = len(rejoining)
        audit.record(
            "members.import.completed",
            actor=actor,
            obj=job,
            org=union,
            data={
                "job": job.pk if job else None,
                "file": (job.params.get("filename", "") if job else os.path.basename(roster.path)),
                "rows": outcome.rows,
                "imported": outcome.imported,
                "rejoined": outcome.rejoined,
                "cards_issued": outcome.imported,
                "employers_matched": outcome.employers_matched,
                "skipped_examples": outcome.skipped_examples,
            },
        )


def import_roster(path: str, *, union: Org, actor, job: Job | None = None, today: date | None = None) -> ImportOutcome:
    """Import the roster at ``path`` into ``union``: validate every row, then write all of them or nothing.
    Row problems come back in the outcome; a file that cannot be read at all raises ``RosterRefused``; a person
    registered elsewhere meanwhile (the unique constraints say so) raises ``DomainError("conflict")``.
    ``actor`` None is the command-line import run by an operator."""
    if actor is not None and not can(actor, "members.import", union):
        raise members_errors.PERMISSION_DENIED(message=_("您没有权限向该工会导入会员"))
    check_union(union)
    today = today or timezone.localdate()

    def progress(done, total):
        if job is not None:
            job.report(done=done, total=total, stage=_("校验"))

    if job is not None:
        job.report(stage=_("读取文件"))
    roster = RosterFile(path)
    validation = validate_roster(roster, union, today=today, progress=progress)
    outcome = validation.outcome
    if outcome.errors:
        return outcome
    if job is not None:
        job.report(done=0, total=outcome.rows, stage=_("写入"))
    try:
        write_roster(roster, union, actor=actor, validation=validation, job=job)
    except IntegrityError:
        outcome.imported = outcome.rejoined = 0
        raise members_errors.CONFLICT() from None
    return outcome


# --- Jobs: the background import started from a page or the API ------------------------------------------------


def import_jobs(user):
    """Import jobs ``user`` may see: those of the unions in their ``members.import`` scope."""
    return Job.objects.restrict(user, "members.import").filter(kind=JOB_KIND)


@transaction.atomic
def start_import(*, actor, union: Org, upload) -> Job:
    """Staff upload a roster for ``union``: the cheap checks answer at once (not an xlsx, empty, too many rows),
    then a job stores the file and a background task imports it. Returns the job to follow."""
    if not can(actor, "members.import", union):
        raise members_errors.PERMISSION_DENIED(message=_("您没有权限向该工会导入会员"))
    check_union(union)
    if upload.size > MAX_UPLOAD_BYTES:
        raise members_errors.FILE_TOO_LARGE(n=MAX_UPLOAD_BYTES // (1024 * 1024))
    kind, _rows = inspect_roster(upload)
    filename = os.path.basename(upload.name or f"roster.{kind}")[:200]
    job = Job(
        kind=JOB_KIND, org=union, created_by=actor, params={"filename": filename, "union": union.code, "format": kind}
    )
    job.save()
    # The stored name is the job's, not the uploader's: no personal data or odd characters in paths. The extension
    # is the kind the content showed, which is what the reader goes by.
    job.input_file.save(f"import-{job.pk}.{kind}", upload, save=True)
    from .tasks import import_members_task

    transaction.on_commit(partial(import_members_task.enqueue, job.pk))
    return job


@contextmanager
def local_path(fieldfile):
    """A local path to a stored file: the file itself on disk storage, else a temporary copy (object storage)."""
    try:
        yield fieldfile.path
        return
    except NotImplementedError:
        pass
    suffix = os.path.splitext(fieldfile.name)[1] or ".xlsx"
    with fieldfile.open("rb") as src, tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in iter(lambda: src.read(1024 * 1024), b""):
            tmp.write(chunk)
        tmp.flush()
        yield tmp.name


def _finish(job: Job, status: str, *, message: str, result: dict) -> None:
    job.status, job.message, job.result, job.finished_at = status, message, result, timezone.now()
    job.save(update_fields=["status", "message", "result", "finished_at", "output_file"])


def run_import_job(job_id: int) -> str:
    """Run a queued import job: the task's body. A job that is no longer queued is left alone, so a task
    delivered twice does not import twice. The uploaded file is deleted when done (it holds ID numbers in
    plain text); the error workbook stays for download through the job page."""
    job = Job.objects.select_related("org", "created_by").get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return job.status
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    job.status = Job.Status.RUNNING
    try:
        with local_path(job.input_file) as path:
            outcome = import_roster(path, union=job.org, actor=job.created_by, job=job)
            if not outcome.ok:
                with tempfile.TemporaryDirectory() as tmp:
                    dest = os.path.join(tmp, "errors.xlsx")
                    write_error_workbook(RosterFile(path), outcome.errors, dest)
                    with open(dest, "rb") as fh:
                        job.output_file.save(f"import-{job.pk}-errors.xlsx", File(fh), save=False)
    except DomainError as exc:
        result = {
            "error_count": 1,
            "error_rows": 0,
            "errors": [{"row": None, "column": "", "message": str(exc.message), "code": exc.code}],
        }
        _finish(job, Job.Status.FAILED, message=str(exc.message), result=result)
    except Exception:
        logger.exception("member import job %s failed", job.pk)
        message = _("导入时发生系统错误，未导入任何数据，请稍后重试或联系管理员（任务编号 %(n)d）") % {"n": job.pk}
        _finish(job, Job.Status.FAILED, message=message, result={"error_count": 0, "errors": []})
        raise
    else:
        if outcome.ok:
            message = _("已导入 %(n)s 名会员") % {"n": f"{outcome.imported:,}"}
            if outcome.rejoined:
                message += _("（其中 %(n)s 人重新入会）") % {"n": f"{outcome.rejoined:,}"}
            job.done = job.total = outcome.rows
            _finish(job, Job.Status.SUCCEEDED, message=message, result=outcome.summary())
            Job.objects.filter(pk=job.pk).update(done=outcome.rows, total=outcome.rows)
        else:
            message = _("发现 %(e)s 处错误（涉及 %(r)s 行），未导入任何数据。请下载错误报告，修改后重新上传") % {
                "e": f"{len(outcome.errors):,}",
                "r": f"{len({e.row for e in outcome.errors}):,}",
            }
            _finish(job, Job.Status.FAILED, message=message, result=outcome.summary())
    finally:
        if job.input_file:
            job.input_file.delete(save=False)
            Job.objects.filter(pk=job.pk).update(input_file="")
    return job.status
