"""Legal aid (法律援助): a case opened by staff or by a failed mediation's referral (the parties, the employer and
the dispute carried over), a lawyer of the partner register assigned, its stage (咨询, 代写文书, 代理仲裁, 代理诉讼),
and its outcome with the sum recovered."""

from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import DomainError, ValidationFailed
from core.pii import mask_phone
from core.scoping import require
from core.validators import MOBILE_RE
from members.choices import HOLDING
from orgs.models import Org, OrgKind, OrgStatus

from .. import errors
from ..locking import lock_aid
from ..models import AidParty, AidStage, AidStatus, DisputeType, Lawyer, LegalAidCase
from .common import clean_parties, copy_party, make_party, next_number, parse_money

HANDLE = "rights.handle"


def _open(aid, what) -> None:
    if aid.status != AidStatus.OPEN:
        raise errors.AID_CLOSED(what=what)


@transaction.atomic
def refer_to_legal_aid(case, *, actor, now=None) -> LegalAidCase:
    """The legal-aid case of a mediation referred to legal aid: same union, employer, dispute and claim, and every
    party copied (ID numbers as ciphertext, never decrypted)."""
    require(actor, HANDLE, case.org)
    now = now or timezone.now()
    aid = LegalAidCase.objects.create(
        aid_no=next_number("FY", now),
        org=case.org,
        source_case=case,
        enterprise=case.enterprise,
        enterprise_name=case.enterprise_name,
        dispute_type=case.dispute_type,
        summary=case.summary,
        eligibility_note=f"由调解案件 {case.case_no} 转介：{case.outcome_note}",
        amount_claimed=case.amount_claimed,
        opened_at=now,
    )
    for party in case.parties.all():
        make_party(AidParty, "aid", aid, copy_party(party))
    audit.record("rights.aid.opened", actor=actor, obj=aid, data={"from_case": case.case_no})
    return aid


@transaction.atomic
def open_aid(
    *,
    actor,
    org,
    parties,
    dispute_type: str,
    summary: str,
    enterprise=None,
    enterprise_name: str = "",
    eligibility_note: str = "",
    amount_claimed=None,
    now=None,
) -> LegalAidCase:
    """A legal-aid case staff take in directly."""
    require(actor, HANDLE, org)
    found = []
    if dispute_type not in DisputeType.values:
        found.append(errors.INVALID_DISPUTE_TYPE())
    summary = (summary or "").strip()
    if not summary:
        found.append(errors.SUMMARY_REQUIRED())
    amount = None
    try:
        amount = parse_money(amount_claimed, label="请求金额", field="amount_claimed")
    except DomainError as exc:
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
    aid = LegalAidCase.objects.create(
        aid_no=next_number("FY", now),
        org=org,
        enterprise=enterprise,
        enterprise_name=(enterprise.name if enterprise else enterprise_name or "").strip(),
        dispute_type=dispute_type,
        summary=summary,
        eligibility_note=(eligibility_note or "").strip(),
        amount_claimed=amount,
        opened_at=now,
    )
    for data in cleaned:
        make_party(AidParty, "aid", aid, data)
    audit.record("rights.aid.opened", actor=actor, obj=aid, data={"parties": len(cleaned)})
    return aid


@transaction.atomic
def add_lawyer(*, actor, org, name: str, firm: str, phone: str = "") -> Lawyer:
    """Register a lawyer of a partner firm with the union ``org`` (visible in its sub-tree)."""
    require(actor, HANDLE, org)
    name, firm = (name or "").strip(), (firm or "").strip()
    found = [e for ok, e in ((name, errors.LAWYER_NAME_REQUIRED()), (firm, errors.FIRM_REQUIRED())) if not ok]
    if found:
        raise ValidationFailed(found)
    lawyer = Lawyer.objects.create(org=org, name=name[:50], firm=firm[:100], phone=(phone or "").strip()[:20])
    audit.record("rights.lawyer.added", actor=actor, obj=lawyer, org=org)
    return lawyer


@transaction.atomic
def assign_lawyer(aid, *, actor, lawyer) -> LegalAidCase:
    """Assign a lawyer the actor can see in the register (``None`` or another's: refused)."""
    require(actor, HANDLE, aid.org)
    aid = lock_aid(aid)
    _open(aid, "指派律师")
    if lawyer is None or not lawyer.active:
        raise errors.LAWYER_NOT_FOUND()
    before = str(aid.lawyer) if aid.lawyer_id else ""
    aid.lawyer = lawyer
    aid.save(update_fields=["lawyer"])
    audit.record("rights.aid.lawyer_assigned", actor=actor, obj=aid, changes={"lawyer": [before, str(lawyer)]})
    return aid


@transaction.atomic
def set_stage(aid, *, actor, stage: str) -> LegalAidCase:
    require(actor, HANDLE, aid.org)
    aid = lock_aid(aid)
    _open(aid, "变更援助方式")
    if stage not in AidStage.values:
        raise errors.INVALID_STAGE()
    before = aid.stage
    aid.stage = stage
    aid.save(update_fields=["stage"])
    audit.record("rights.aid.stage_changed", actor=actor, obj=aid, changes={"stage": [before, stage]})
    return aid


@transaction.atomic
def close_aid(aid, *, actor, outcome: str, amount_recovered=None, now=None) -> LegalAidCase:
    require(actor, HANDLE, aid.org)
    aid = lock_aid(aid)
    _open(aid, "结案")
    outcome = (outcome or "").strip()
    found = [] if outcome else [errors.OUTCOME_REQUIRED()]
    recovered = None
    try:
        recovered = parse_money(amount_recovered, label="挽回金额", field="amount_recovered")
    except DomainError as exc:
        found.append(exc)
    if found:
        raise ValidationFailed(found)
    aid.status, aid.outcome, aid.amount_recovered = AidStatus.CLOSED, outcome, recovered
    aid.closed_at = now or timezone.now()
    aid.save(update_fields=["status", "outcome", "amount_recovered", "closed_at"])
    audit.record("rights.aid.closed", actor=actor, obj=aid, data={"amount_recovered": str(recovered)})
    return aid


# --- The worker's own application (phone site, member and public APIs) ---------------------------------------------

APPLICATION_MIN_CHARS = 10


def aid_union(*, member=None, employer=None, town=None):
    """Who takes a worker's own application: the town's or district's federation (its 法律援助站) above the member's
    union, the employer's area union, or the town the worker chose; ``None`` when none is known."""
    start = None
    if member is not None and member.status in HOLDING and member.union.status == OrgStatus.ACTIVE:
        start = member.union
    elif employer is not None:
        start = employer.org
    elif town is not None:
        start = town
    if start is None:
        return None
    paths = [start.path[: i * Org.steplen] for i in range(start.depth, 0, -1)]
    return (
        Org.objects.filter(path__in=paths, kind__in=[OrgKind.TOWN, OrgKind.FEDERATION], status=OrgStatus.ACTIVE)
        .order_by("-depth")
        .first()
    )


@transaction.atomic
def apply_online(
    *,
    member=None,
    name: str = "",
    phone: str = "",
    employer=None,
    employer_name: str = "",
    town=None,
    dispute_type: str,
    summary: str,
    amount_claimed=None,
    now=None,
) -> LegalAidCase:
    """A worker's own application for legal aid from the phone: a logged-in member, or a worker whose mobile number
    the caller proved with a texted code. It opens an aid case (``applied_online``) at the federation that gives
    legal aid for where they work, with the worker as its one party; staff review eligibility and assign a lawyer."""
    found = []
    name = (name or (member.name if member else "")).strip()
    phone = (phone or (member.phone if member else "")).strip()
    if not name:
        found.append(errors.APPLICANT_NAME_REQUIRED())
    if not MOBILE_RE.match(phone):
        found.append(errors.APPLICANT_PHONE_INVALID())
    if dispute_type not in DisputeType.values:
        found.append(errors.INVALID_DISPUTE_TYPE())
    summary = (summary or "").strip()
    if len(summary) < APPLICATION_MIN_CHARS:
        found.append(errors.APPLICATION_SUMMARY_SHORT())
    amount = None
    try:
        amount = parse_money(amount_claimed, label="请求金额", field="amount_claimed")
    except DomainError as exc:
        found.append(exc)
    org = aid_union(member=member, employer=employer, town=town)
    if org is None:
        found.append(errors.NO_AID_UNION())
    if found:
        raise ValidationFailed(found)
    now = now or timezone.now()
    employer = employer or (member.employer if member is not None else None)
    aid = LegalAidCase.objects.create(
        aid_no=next_number("FY", now),
        org=org,
        enterprise=employer,
        enterprise_name=(employer.name if employer else employer_name or "").strip()[:200],
        dispute_type=dispute_type,
        summary=summary[:5000],
        amount_claimed=amount,
        opened_at=now,
        applied_online=True,
    )
    party = {"member": member, "name": name[:50], "phone": phone}
    if member is not None and member.id_cipher:
        party.update(id_cipher=member.id_cipher, id_masked=member.id_masked)
    make_party(AidParty, "aid", aid, party)
    audit.record(
        "rights.aid.applied",
        actor=None,
        obj=aid,
        actor_name=mask_phone(phone),
        data={"member": member is not None},
    )
    return aid


@transaction.atomic
def rate_aid(aid, *, rating, comment: str = "", now=None) -> LegalAidCase:
    """The worker's rating of a closed legal-aid case: 1 to 5 stars and a comment, once. The caller has checked the
    worker is its party (a member, or a proved mobile number)."""
    aid = lock_aid(aid)
    if aid.status != AidStatus.CLOSED:
        raise errors.AID_NOT_CLOSED()
    if aid.rating is not None:
        raise errors.AID_ALREADY_RATED()
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        raise errors.INVALID_RATING() from None
    if not 1 <= rating <= 5:
        raise errors.INVALID_RATING()
    aid.rating, aid.rating_comment = rating, (comment or "").strip()[:500]
    aid.rated_at = now or timezone.now()
    aid.save(update_fields=["rating", "rating_comment", "rated_at"])
    audit.record("rights.aid.rated", actor=None, obj=aid, data={"rating": rating})
    return aid
