"""Every write to the roster: registering members, applications, transfers, status changes, revealing an ID
number, revoking cards. Each function is atomic, checks scope and rules before writing, raises ``DomainError``
with a stable code, and records an audit event (never with a plain ID number in it)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, pii
from core.errors import DomainError, ValidationFailed
from core.models import Counter
from core.pinyin import pinyin_keys
from core.scoping import can
from members import errors
from orgs.models import COVERING_KINDS, Enterprise, Org, OrgStatus

from . import locking
from .choices import HOLDING, MemberStatus
from .models import CardIssue, JoinApplication, Member, MembershipEvent, MemberTag, Transfer
from .validation import clean_person

ACTION_LABELS = {
    "members.member.registered": _("登记会员"),
    "members.member.updated": _("修改会员信息"),
    "members.member.status_changed": _("会籍变动"),
    "members.member.id_revealed": _("查看完整证件号"),
    "members.card.revoked": _("作废会员证"),
    "members.card.issued": _("发放电子会员证"),
    "members.application.submitted": _("提交入会申请"),
    "members.application.approved": _("通过入会申请"),
    "members.application.rejected": _("驳回入会申请"),
    "members.transfer.requested": _("发起转会"),
    "members.transfer.accepted": _("接收转会"),
    "members.transfer.rejected": _("拒绝转会"),
    "members.transfer.cancelled": _("撤回转会"),
    "members.import.completed": _("导入会员名册"),
    "members.export.created": _("导出会员名册"),
}
# Fields a member record takes from ``clean_person`` (the ID number is stored through ``set_id_number``).
PERSON_FIELDS = (
    "name",
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
)
AUDITED_FIELDS = PERSON_FIELDS + ("id_type", "id_masked", "employer", "joined_on", "card_no")
CARD_SEQUENCE = "members.card_no"


def _denied():
    return errors.PERMISSION_DENIED()


def _raise_problems(problems) -> None:
    if problems:
        raise ValidationFailed([DomainError(p.code, p.message, field=p.field) for p in problems])


def card_numbers(n: int) -> list[str]:
    """``n`` new 会员证号: ``GH`` and ten digits, from a platform-wide sequence."""
    return [f"GH{i:010d}" for i in Counter.take(CARD_SEQUENCE, n)]


def check_union(union: Org) -> None:
    """Members belong to unions that can hold them: active 基层, 联合, 行业 or 村/社区 unions."""
    if union.status != OrgStatus.ACTIVE:
        raise errors.UNION_DISSOLVED(n=union.name, field="union")
    if union.kind not in COVERING_KINDS:
        raise errors.UNION_CANNOT_HOLD_MEMBERS(
            message=_("所属工会：会员须登记在基层、联合、行业或村/社区工会，“%(n)s”是%(k)s")
            % {"n": union.name, "k": union.get_kind_display()},
            field="union",
        )


def _holder(id_type: str, number: str) -> Member | None:
    return Member.objects.select_related("union").filter(id_hash__in=pii.lookup_hashes(id_type, number)).first()


def _already_member(existing: Member) -> DomainError:
    return errors.ALREADY_MEMBER(
        message=_("证件号码：此人已是“%(u)s”的会员（会员证号 %(c)s），一人只能有一个有效会籍")
        % {"u": existing.union.name, "c": existing.card_no},
        field="id_number",
    )


def _resolve_employer(values: dict, employer: Enterprise | None) -> None:
    if employer is not None:
        values["employer"] = employer
        values["employer_name"] = values.get("employer_name") or employer.name


def _user(actor):
    """The actor as a user to store (None for a system task or an anonymous caller)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def issue_card(member: Member, *, actor, reason: str) -> CardIssue:
    """Record the card of ``member``'s current version as issued now by their union, with its audit event. Called by
    the services that create a card (a new or renewed membership, a card re-issued after one was voided), inside
    their transaction."""
    issue = CardIssue.objects.create(
        member=member, version=member.card_version, union=member.union, reason=reason, issued_by=_user(actor)
    )
    audit.record(
        "members.card.issued",
        actor=actor,
        obj=member,
        data={"card_no": member.card_no, "version": issue.version, "reason": reason, "issue": issue.pk},
    )
    return issue


def _set_tags(member: Member, tags: list[str]) -> None:
    MemberTag.objects.filter(member=member).exclude(tag__in=tags).delete()
    MemberTag.objects.bulk_create([MemberTag(member=member, tag=t) for t in tags], ignore_conflicts=True)


@transaction.atomic
def register_member(*, actor, union: Org, employer: Enterprise | None = None, **raw) -> Member:
    """Staff put a person on their union's roster (入会). ``raw`` is cleaned by ``clean_person``; a person who
    already holds a membership anywhere on the platform is refused (transfer them instead)."""
    if not can(actor, "members.add", union):
        raise _denied()
    check_union(union)
    cleaned = clean_person(raw)
    _raise_problems(cleaned.problems)
    values = cleaned.values
    existing = _holder(values["id_type"], values["id_number"])
    if existing is not None and existing.is_holding:
        raise _already_member(existing)
    _resolve_employer(values, employer)
    card_no = values.pop("card_no") or card_numbers(1)[0]
    if Member.objects.filter(card_no=card_no).exclude(pk=getattr(existing, "pk", None)).exists():
        raise errors.CARD_NO_TAKEN(c=card_no, field="card_no")
    member = existing or Member()
    rejoining = existing is not None
    for key in PERSON_FIELDS:
        setattr(member, key, values[key])
    member.employer = values.get("employer")
    member.id_type = values["id_type"]
    member.set_id_number(values["id_number"])
    member.name_pinyin, member.name_initials = pinyin_keys(member.name)
    member.union, member.status, member.joined_on, member.card_no = (
        union,
        MemberStatus.ACTIVE,
        values["joined_on"],
        card_no,
    )
    if rejoining:
        member.card_version += 1  # a card from the earlier membership must not verify
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise errors.CONFLICT(message=_("此人的会籍刚被他人登记，请刷新后重试")) from None
    _set_tags(member, values["tags"])
    MembershipEvent.objects.create(
        member=member,
        kind=MembershipEvent.Kind.JOINED,
        on=member.joined_on,
        union=union,
        actor=actor,
        reason=_("重新入会") if rejoining else "",
    )
    audit.record(
        "members.member.registered",
        actor=actor,
        obj=member,
        changes={k: [None, v] for k, v in audit.snapshot(member, AUDITED_FIELDS).items() if v not in ("", None)},
    )
    issue_card(member, actor=actor, reason=CardIssue.Reason.RENEWED if rejoining else CardIssue.Reason.FIRST)
    return member


KEEP = object()  # "not given": leave the field as it is


@transaction.atomic
def update_member(member: Member, *, actor, employer: "Enterprise | None | object" = KEEP, **raw) -> Member:
    """Correct a member's details. Their union and status change only through transfers and status changes."""
    member = locking.lock_member(member)
    if not can(actor, "members.change", member.union):
        raise _denied()
    current = {k: getattr(member, k) for k in PERSON_FIELDS + ("id_type", "joined_on", "card_no")}
    current["id_number"] = member.reveal_id_number()
    current["tags"] = list(member.tags.values_list("tag", flat=True))
    cleaned = clean_person({**current, **raw})
    _raise_problems(cleaned.problems)
    values = cleaned.values
    if (values["id_type"], values["id_number"]) != (member.id_type, current["id_number"]):
        other = _holder(values["id_type"], values["id_number"])
        if other is not None and other.pk != member.pk:
            raise _already_member(other)
    if (
        values["card_no"]
        and values["card_no"] != member.card_no
        and Member.objects.filter(card_no=values["card_no"]).exists()
    ):
        raise errors.CARD_NO_TAKEN(c=values["card_no"], field="card_no")
    before = audit.snapshot(member, AUDITED_FIELDS)
    for key in PERSON_FIELDS:
        setattr(member, key, values[key])
    if employer is not KEEP:
        member.employer = employer
        if employer is not None:
            member.employer_name = values.get("employer_name") or employer.name
    member.id_type = values["id_type"]
    member.set_id_number(values["id_number"])
    member.joined_on = values["joined_on"] or member.joined_on
    member.card_no = values["card_no"] or member.card_no
    member.name_pinyin, member.name_initials = pinyin_keys(member.name)
    member.save()
    _set_tags(member, values["tags"])
    changed = audit.diff(before, audit.snapshot(member, AUDITED_FIELDS))
    if changed:
        audit.record("members.member.updated", actor=actor, obj=member, changes=changed)
    return member


# Status changes: (from statuses allowed, to status, event kind)
STATUS_CHANGES = {
    "retain": ({MemberStatus.ACTIVE}, MemberStatus.RETAINED, MembershipEvent.Kind.RETAINED),
    "remove": ({MemberStatus.ACTIVE, MemberStatus.RETAINED}, MemberStatus.REMOVED, MembershipEvent.Kind.REMOVED),
    "quit": ({MemberStatus.ACTIVE, MemberStatus.RETAINED}, MemberStatus.QUIT, MembershipEvent.Kind.QUIT),
    "restore": ({MemberStatus.RETAINED}, MemberStatus.ACTIVE, MembershipEvent.Kind.RESTORED),
}


@transaction.atomic
def change_status(member: Member, change: str, *, actor, on: date, reason: str) -> Member:
    """保留会籍, 除名, 退会 or 恢复 (from 保留), with a date and a reason, kept in the member's history. A member who
    leaves can no longer use their card."""
    if change not in STATUS_CHANGES:
        raise errors.INVALID_CHANGE()
    member = locking.lock_member(member)
    if not can(actor, "members.change", member.union):
        raise _denied()
    allowed, to_status, kind = STATUS_CHANGES[change]
    if member.status not in allowed:
        raise errors.STATUS_CHANGE_NOT_ALLOWED(s=member.get_status_display(), k=kind.label)
    reason = (reason or "").strip()
    if not reason:
        raise errors.REASON_REQUIRED(message=_("原因：请填写原因"), field="reason")
    if on is None or on > timezone.localdate():
        raise errors.INVALID_DATE(field="on")
    if Transfer.objects.filter(member=member, status=Transfer.Status.PENDING).exists():
        raise errors.TRANSFER_PENDING()
    before = member.status
    member.status = to_status
    if to_status not in HOLDING:
        member.card_version += 1
    member.save(update_fields=["status", "card_version", "updated_at"])
    MembershipEvent.objects.create(
        member=member, kind=kind, on=on, union=member.union, reason=reason[:200], actor=actor
    )
    audit.record(
        "members.member.status_changed",
        actor=actor,
        obj=member,
        changes={"status": [before, to_status]},
        data={"on": on.isoformat(), "reason": reason[:200]},
    )
    return member


@transaction.atomic
def request_transfer(member: Member, to_union: Org, *, actor, reason: str) -> Transfer:
    """Start a transfer (转出). The member stays where they are until the receiving union accepts."""
    member = locking.lock_member(member)
    if not can(actor, "members.transfer", member.union):
        raise _denied()
    if member.status != MemberStatus.ACTIVE:
        raise errors.MEMBER_NOT_ACTIVE(s=member.get_status_display())
    if to_union.pk == member.union_id:
        raise errors.TRANSFER_SAME_UNION(field="to_union")
    check_union(to_union)
    reason = (reason or "").strip()
    if not reason:
        raise errors.REASON_REQUIRED(message=_("转会原因：请填写转会原因"), field="reason")
    if Transfer.objects.filter(member=member, status=Transfer.Status.PENDING).exists():
        raise errors.TRANSFER_PENDING(message=_("该会员已有一笔待接收的转会"))
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                member=member, from_union=member.union, to_union=to_union, reason=reason[:200], requested_by=actor
            )
    except IntegrityError:
        raise errors.TRANSFER_PENDING(message=_("该会员已有一笔待接收的转会")) from None
    audit.record(
        "members.transfer.requested",
        actor=actor,
        obj=transfer,
        org=member.union,
        data={"member": member.pk, "from": member.union.code, "to": to_union.code},
    )
    return transfer


def _pending(transfer: Transfer) -> tuple[Member, Transfer]:
    """The transfer's member, then the transfer, under their row locks (members/locking.py); refused unless the
    transfer is still pending."""
    member, transfer = locking.lock_transfer(transfer)
    if transfer.status != Transfer.Status.PENDING:
        raise errors.TRANSFER_NOT_PENDING(s=transfer.get_status_display())
    transfer.member = member
    return member, transfer


@transaction.atomic
def accept_transfer(transfer: Transfer, *, actor, note: str = "", on: date | None = None) -> Member:
    """The receiving union accepts (转入): the member moves, and both ends appear in the history."""
    member, transfer = _pending(transfer)
    if not can(actor, "members.transfer", transfer.to_union):
        raise _denied()
    check_union(transfer.to_union)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise errors.INVALID_DATE(message=_("转入日期：不能晚于今天"), field="on")
    member.union = transfer.to_union
    member.save(update_fields=["union", "updated_at"])
    Kind = MembershipEvent.Kind
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                member=member,
                kind=Kind.TRANSFERRED_OUT,
                on=on,
                union=transfer.from_union,
                other_union=transfer.to_union,
                reason=transfer.reason,
                actor=transfer.requested_by,
            ),
            MembershipEvent(
                member=member,
                kind=Kind.TRANSFERRED_IN,
                on=on,
                union=transfer.to_union,
                other_union=transfer.from_union,
                reason=note[:200] or transfer.reason,
                actor=actor,
            ),
        ]
    )
    transfer.status, transfer.decided_by, transfer.decided_at = Transfer.Status.ACCEPTED, actor, timezone.now()
    transfer.decision_note = note[:200]
    transfer.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        "members.transfer.accepted",
        actor=actor,
        obj=transfer,
        org=transfer.to_union,
        changes={"union": [transfer.from_union.name, transfer.to_union.name]},
        data={"member": member.pk},
    )
    return member


@transaction.atomic
def reject_transfer(transfer: Transfer, *, actor, note: str) -> Transfer:
    """The receiving union declines, with a reason; the member stays where they were."""
    transfer = _pending(transfer)[1]
    if not can(actor, "members.transfer", transfer.to_union):
        raise _denied()
    note = (note or "").strip()
    if not note:
        raise errors.REASON_REQUIRED(message=_("处理意见：请填写拒绝原因"), field="note")
    transfer.status, transfer.decided_by, transfer.decided_at = Transfer.Status.REJECTED, actor, timezone.now()
    transfer.decision_note = note[:200]
    transfer.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record("members.transfer.rejected", actor=actor, obj=transfer, org=transfer.to_union, data={"note": note})
    return transfer


@transaction.atomic
def cancel_transfer(transfer: Transfer, *, actor) -> Transfer:
    """The sending union withdraws a transfer that has not been accepted yet."""
    transfer = _pending(transfer)[1]
    if not can(actor, "members.transfer", transfer.from_union):
        raise _denied()
    transfer.status, transfer.decided_by, transfer.decided_at = Transfer.Status.CANCELLED, actor, timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record("members.transfer.cancelled", actor=actor, obj=transfer, org=transfer.from_union)
    return transfer


@transaction.atomic
def reveal_id_number(obj: Member | JoinApplication, *, actor, reason: str) -> str:
    """The full ID number, for someone holding ``members.view_pii`` who gives a reason; always audited."""
    if not can(actor, "members.view_pii", obj.union):
        raise _denied()
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise errors.REASON_REQUIRED(message=_("查看原因：请填写查看完整证件号的原因"), field="reason")
    audit.record("members.member.id_revealed", actor=actor, obj=obj, data={"reason": reason[:200]})
    return obj.reveal_id_number()


@transaction.atomic
def revoke_card(member: Member, *, actor, reason: str) -> Member:
    """Invalidate the member's current card (lost, misused): its QR code stops verifying; a new one is issued."""
    member = locking.lock_member(member)
    if not can(actor, "members.change", member.union):
        raise _denied()
    reason = (reason or "").strip()
    if not reason:
        raise errors.REASON_REQUIRED(message=_("原因：请填写作废原因"), field="reason")
    member.card_version += 1
    member.save(update_fields=["card_version", "updated_at"])
    audit.record(
        "members.card.revoked", actor=actor, obj=member, data={"reason": reason[:200], "version": member.card_version}
    )
    if member.is_holding:
        issue_card(member, actor=actor, reason=CardIssue.Reason.REISSUED)
    return member
