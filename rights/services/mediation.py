"""Labour-dispute mediation (劳动争议调解): a case opened from a worker's appeal in one action (or by staff directly),
its sessions, the once-only extension of its time limit, and its outcome: an agreement (调解成功), withdrawal,
failure (调解不成), or a referral (仲裁, 诉讼, 法律援助, 劳动监察; a referral to legal aid opens the aid case with the
parties carried over). The time limit counts working days over the appeals' holiday calendar."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from appeals import calendar
from appeals.models import OPEN_STATUSES as APPEAL_OPEN
from appeals.models import AppealEvent
from appeals.models import Category as AppealCategory
from core import audit
from core.errors import DomainError, ValidationFailed
from core.scoping import require
from core.validators import normalize_code, validate_uscc
from orgs.models import OrgKind, OrgStatus

from .. import errors
from ..locking import lock_case
from ..models import CaseParty, CaseSession, CaseStatus, CommitteeLevel, DisputeType, MediationCase, Referral
from .common import clean_parties, make_party, next_number, parse_money

CASE_DAYS = 15  # working days from acceptance (《劳动争议调解仲裁法》第十四条)
EXTENSION_DAYS = 15  # one extension, by agreement of the parties
HANDLE = "rights.handle"

# How an appeal's category reads as a dispute type.
DISPUTE_OF_CATEGORY = {
    AppealCategory.WAGES: DisputeType.WAGES,
    AppealCategory.CONTRACT: DisputeType.CONTRACT,
    AppealCategory.SOCIAL_INSURANCE: DisputeType.SOCIAL_INSURANCE,
    AppealCategory.SAFETY: DisputeType.INJURY,
}


def committee_of(org) -> str:
    """A town's or district's federation runs the 镇街 committee; any other union a 基层 one."""
    return CommitteeLevel.TOWN if org.kind in (OrgKind.TOWN, OrgKind.FEDERATION) else CommitteeLevel.GRASSROOTS


def _open(case: MediationCase, what) -> None:
    if not case.is_open:
        raise errors.CASE_CLOSED(what=what)


@transaction.atomic
def open_case_from_appeal(
    appeal, *, actor, dispute_type: str = "", amount_claimed=None, committee_level: str = "", now=None
) -> MediationCase:
    """Open a mediation case from an appeal flagged for rights (维权线索): the worker becomes the applicant (with their
    name-visibility choice), the employer and the description carry over, the case is handled by the appeal's
    union and the appeal's staff timeline notes it. An appeal opens at most one case."""
    require(actor, HANDLE, appeal.org)
    if not appeal.rights_flag:
        raise errors.NOT_FLAGGED()
    existing = MediationCase.objects.filter(appeal=appeal).values_list("case_no", flat=True).first()
    if existing:
        raise errors.APPEAL_HAS_CASE(no=existing)
    if appeal.status not in APPEAL_OPEN:
        raise errors.APPEAL_NOT_OPEN()
    now = now or timezone.now()
    dispute_type = dispute_type or DISPUTE_OF_CATEGORY.get(appeal.category, DisputeType.OTHER)
    if dispute_type not in DisputeType.values:
        raise errors.INVALID_DISPUTE_TYPE()
    committee_level = committee_level or committee_of(appeal.org)
    if committee_level not in CommitteeLevel.values:
        raise errors.INVALID_COMMITTEE()
    employer = appeal.employer
    case = MediationCase(
        case_no=next_number("TJ", now),
        org=appeal.org,
        committee_level=committee_level,
        appeal=appeal,
        enterprise=employer,
        enterprise_name=(employer.name if employer else appeal.employer_name) or "未知单位",
        enterprise_uscc=employer.uscc if employer else "",
        dispute_type=dispute_type,
        summary=appeal.description,
        amount_claimed=parse_money(amount_claimed, label="请求金额", field="amount_claimed"),
        accepted_at=now,
        due_at=calendar.deadline_after(now, CASE_DAYS),
        accepted_by=actor,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # another staff member opened it a moment ago
        raise errors.APPEAL_HAS_CASE(no=appeal.mediation_case.case_no) from None
    member = appeal.member
    party = {"member": member, "name": appeal.name, "phone": appeal.phone}
    if member is not None and member.id_cipher:
        party.update(id_cipher=member.id_cipher, id_masked=member.id_masked)
    party["name_visible"] = appeal.name_visible_to_employer
    make_party(CaseParty, "case", case, party)
    case.workers = 1
    case.save(update_fields=["workers"])
    if actor is not None:
        case.mediators.add(actor)
    AppealEvent.objects.create(
        appeal=appeal,
        kind=AppealEvent.Kind.NOTE,
        at=now,
        actor=actor,
        org=appeal.org,
        public=False,
        note=f"转入劳动争议调解，案件编号 {case.case_no}",
    )
    audit.record("rights.case.opened", actor=actor, obj=case, data={"appeal": appeal.tracking_no})
    return case


@transaction.atomic
def open_case(
    *,
    actor,
    org,
    parties,
    dispute_type: str,
    summary: str,
    enterprise=None,
    enterprise_name: str = "",
    enterprise_uscc: str = "",
    amount_claimed=None,
    committee_level: str = "",
    volunteer_mediators: str = "",
    now=None,
) -> MediationCase:
    """Open a case staff took in directly (a walk-in, a hotline call): one or many workers, the employer from the
    register or by name with its 统一社会信用代码."""
    require(actor, HANDLE, org)
    found = []
    if org.status != OrgStatus.ACTIVE:
        found.append(errors.INVALID_ORG())
    if dispute_type not in DisputeType.values:
        found.append(errors.INVALID_DISPUTE_TYPE())
    summary = (summary or "").strip()
    if not summary:
        found.append(errors.SUMMARY_REQUIRED())
    committee_level = committee_level or committee_of(org)
    if committee_level not in CommitteeLevel.values:
        found.append(errors.INVALID_COMMITTEE())
    enterprise_name = (enterprise.name if enterprise else (enterprise_name or "")).strip()
    enterprise_uscc = enterprise.uscc if enterprise else normalize_code(enterprise_uscc)
    if not enterprise_name:
        found.append(errors.ENTERPRISE_REQUIRED())
    if enterprise_uscc:
        try:
            validate_uscc(enterprise_uscc)
        except ValidationError:
            found.append(errors.INVALID_USCC())
    amount = None
    try:
        amount = parse_money(amount_claimed, label="请求金额", field="amount_claimed")
    except DomainError as exc:  # collected with the others
        found.append(exc)
    try:
        cleaned = clean_parties(parties)
    except ValidationFailed as exc:
        found.extend(exc.errors)
    except DomainError as exc:
        found.append(exc)
    if found:
        raise ValidationFailed(found)
    now = now or timezone.now()
    case = MediationCase.objects.create(
        case_no=next_number("TJ", now),
        org=org,
        committee_level=committee_level,
        enterprise=enterprise,
        enterprise_name=enterprise_name,
        enterprise_uscc=enterprise_uscc,
        dispute_type=dispute_type,
        summary=summary,
        amount_claimed=amount,
        volunteer_mediators=(volunteer_mediators or "").strip()[:200],
        accepted_at=now,
        due_at=calendar.deadline_after(now, CASE_DAYS),
        accepted_by=actor,
        workers=len(cleaned),
    )
    for data in cleaned:
        make_party(CaseParty, "case", case, data)
    if actor is not None:
        case.mediators.add(actor)
    audit.record("rights.case.opened", actor=actor, obj=case, data={"parties": len(cleaned)})
    return case


@transaction.atomic
def record_session(case, *, actor, held_on: date, notes: str, place: str = "", attendees: str = "") -> CaseSession:
    """Record a mediation session of an open case (not in the future, not before the case was accepted)."""
    require(actor, HANDLE, case.org)
    case = lock_case(case)
    _open(case, "记录调解")
    notes = (notes or "").strip()
    found = []
    if not notes:
        found.append(errors.NOTES_REQUIRED())
    today = timezone.localdate()
    if held_on is None:
        found.append(errors.INVALID_HELD_ON(reason="必填"))
    elif held_on > today:
        found.append(errors.INVALID_HELD_ON(reason="不能晚于今天"))
    elif held_on < timezone.localtime(case.accepted_at).date():
        found.append(errors.INVALID_HELD_ON(reason="不能早于受理日期"))
    if found:
        raise ValidationFailed(found)
    session = CaseSession.objects.create(
        case=case,
        held_on=held_on,
        notes=notes,
        place=(place or "").strip()[:100],
        attendees=(attendees or "").strip()[:300],
        recorded_by=actor,
    )
    audit.record(
        "rights.case.session_recorded", actor=actor, obj=case, data={"session": session.pk, "held_on": str(held_on)}
    )
    return session


@transaction.atomic
def extend_case(case, *, actor, reason: str) -> MediationCase:
    """Extend the time limit once, by ``EXTENSION_DAYS`` working days after the current one, with a reason."""
    require(actor, HANDLE, case.org)
    case = lock_case(case)
    _open(case, "延长期限")
    if case.extended:
        raise errors.ALREADY_EXTENDED()
    reason = (reason or "").strip()
    if not reason:
        raise errors.REASON_REQUIRED()
    before = case.due_at
    case.due_at = calendar.deadline_after(case.due_at, EXTENSION_DAYS)
    case.extended, case.extension_reason = True, reason[:200]
    case.save(update_fields=["due_at", "extended", "extension_reason"])
    audit.record(
        "rights.case.extended",
        actor=actor,
        obj=case,
        changes={"due_at": [before.isoformat(), case.due_at.isoformat()]},
        data={"reason": case.extension_reason},
    )
    return case


@transaction.atomic
def close_case(
    case,
    *,
    actor,
    outcome: str,
    agreement_text: str = "",
    amount_recovered=None,
    payment_due_on: date | None = None,
    referral: str = "",
    note: str = "",
    now=None,
) -> MediationCase:
    """End the case in one outcome: ``agreed`` (the agreement's text, the sum recovered), ``withdrawn`` or
    ``failed`` (a note), or ``referred`` (where to; 法律援助 opens the aid case with the parties)."""
    require(actor, HANDLE, case.org)
    case = lock_case(case)
    _open(case, "结案")
    now = now or timezone.now()
    agreement_text, note = (agreement_text or "").strip(), (note or "").strip()
    if outcome not in (CaseStatus.AGREED, CaseStatus.WITHDRAWN, CaseStatus.FAILED, CaseStatus.REFERRED):
        raise errors.INVALID_OUTCOME()
    found = []
    recovered = case.amount_recovered
    if outcome == CaseStatus.AGREED:
        if not agreement_text:
            found.append(errors.AGREEMENT_REQUIRED())
        try:
            recovered = parse_money(amount_recovered, label="追回金额", field="amount_recovered")
        except DomainError as exc:
            found.append(exc)
    else:
        if not note:
            found.append(errors.NOTE_REQUIRED())
    if outcome == CaseStatus.REFERRED and referral not in Referral.values:
        found.append(errors.REFERRAL_REQUIRED())
    if found:
        raise ValidationFailed(found)
    before = case.status
    case.status, case.closed_at = outcome, now
    case.agreement_text = agreement_text if outcome == CaseStatus.AGREED else ""
    case.amount_recovered = recovered
    case.payment_due_on = payment_due_on if outcome == CaseStatus.AGREED else None
    case.referral = referral if outcome == CaseStatus.REFERRED else ""
    case.outcome_note = note
    case.save(
        update_fields=[
            "status",
            "closed_at",
            "agreement_text",
            "amount_recovered",
            "payment_due_on",
            "referral",
            "outcome_note",
        ]
    )
    audit.record(
        "rights.case.closed",
        actor=actor,
        obj=case,
        changes={"status": [before, outcome]},
        data={"amount_recovered": str(recovered), "referral": case.referral},
    )
    if case.referral == Referral.LEGAL_AID:
        from .legal_aid import refer_to_legal_aid

        refer_to_legal_aid(case, actor=actor, now=now)
    return case


def reveal_party_ids(case, *, actor, reason: str) -> dict[int, str]:
    """The parties' full ID numbers, for a holder of ``rights.view_pii`` who gives a reason (audited)."""
    require(actor, "rights.view_pii", case.org)
    reason = (reason or "").strip()
    if not reason:
        raise errors.REVEAL_REASON_REQUIRED()
    numbers = {p.pk: p.reveal_id_number() for p in case.parties.all() if p.id_cipher}
    audit.record("rights.case.ids_revealed", actor=actor, obj=case, data={"reason": reason[:200]})
    return numbers
