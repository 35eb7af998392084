"""Mutual medical insurance (职工医疗互助保障): plans with their rules, enrolment (a union's batch or the member on the
phone), claims computed under the plan's rules when reviewed, payment.

The computation (``compute``): the deductible (起付线) is taken off each claim's eligible bill, the plan's ratio of
the rest is paid, rounded half-up to the fen, and never more than what is left of the person's yearly cap (年度封顶).
The enrolment row is locked while a claim is decided, so two claims reviewed at once cannot both take the last of
the cap."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit
from core.scoping import require

from .. import errors, locking
from ..models import ZERO, Claim, Enrolment, InsurancePlan
from .common import FEN, money


@dataclass(frozen=True)
class Computation:
    """How a claim's payout was reached; ``refusal`` is the declared error when nothing is payable."""

    deductible: Decimal
    computed: Decimal
    payable: Decimal
    capped: bool
    refusal: object = None


def compute(plan: InsurancePlan, bill: Decimal, *, already_paid: Decimal, premium_paid: bool = True) -> Computation:
    """A claim of ``bill`` under ``plan`` for a person already paid ``already_paid`` this year."""
    if not premium_paid:
        return Computation(ZERO, ZERO, ZERO, False, errors.REFUSED_UNPAID())
    deductible = min(bill, plan.deductible)
    above = bill - deductible
    if above <= 0:
        return Computation(
            deductible, ZERO, ZERO, False, errors.REFUSED_DEDUCTIBLE(bill=bill, deductible=plan.deductible)
        )
    computed = (above * plan.ratio).quantize(FEN, rounding=ROUND_HALF_UP)
    left = plan.cap - already_paid
    if left <= 0:
        return Computation(deductible, computed, ZERO, True, errors.REFUSED_CAP(paid=already_paid, cap=plan.cap))
    payable = min(computed, left)
    return Computation(deductible, computed, payable, payable < computed)


@transaction.atomic
def create_plan(*, actor, org, name: str, year: int, premium, deductible, ratio, cap) -> InsurancePlan:
    require(actor, "care.manage", org)
    name = (name or "").strip()
    if not name:
        raise errors.TITLE_REQUIRED(field="name")
    try:
        ratio = Decimal(str(ratio))
    except Exception:
        raise errors.INVALID_RATIO() from None
    if not ratio.is_finite() or not Decimal(0) < ratio <= 1 or ratio != ratio.quantize(Decimal("0.001")):
        raise errors.INVALID_RATIO()
    plan = InsurancePlan.objects.create(
        org=org,
        name=name[:100],
        year=year,
        premium=money(premium, "保费（元/人）", field="premium"),
        deductible=money(deductible, "起付线（元/次）", field="deductible"),
        ratio=ratio,
        cap=money(cap, "年度封顶（元/人）", field="cap", positive=True),
    )
    audit.record("care.plan.created", actor=actor, obj=plan)
    return plan


@transaction.atomic
def enrol(plan: InsurancePlan, *, actor, member, premium_paid: bool = False, self_service: bool = False) -> Enrolment:
    """Insure ``member`` under ``plan``: by their union (``care.enrol``) or by the member themself on the phone."""
    if self_service:
        if member.user_id != getattr(actor, "pk", None):
            raise errors.MEMBER_NOT_FOUND()
    else:
        require(actor, "care.enrol", member.union)
    if not plan.open_for_enrolment:
        raise errors.PLAN_CLOSED()
    if not member.union.path.startswith(plan.org.path):
        raise errors.PLAN_OUTSIDE(name=member.name)
    if Enrolment.objects.filter(plan=plan, member=member).exists():
        raise errors.ALREADY_ENROLLED(name=member.name)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                plan=plan, member=member, union=member.union, premium=plan.premium, premium_paid=premium_paid
            )
    except IntegrityError:
        raise errors.ALREADY_ENROLLED(name=member.name) from None
    audit.record("care.enrolment.created", actor=actor, obj=enrolment, data={"self": self_service})
    return enrolment


@transaction.atomic
def enrol_roster(plan: InsurancePlan, *, actor, union, premium_paid: bool = False) -> list[Enrolment]:
    """A union's yearly batch (参保批量): every member of ``union``'s roster in good standing not yet insured under
    ``plan``; one audit event per enrolment, as for a single one."""
    from members.models import Member, MemberStatus

    require(actor, "care.enrol", union)
    if not plan.open_for_enrolment:
        raise errors.PLAN_CLOSED()
    if not union.path.startswith(plan.org.path):
        raise errors.PLAN_OUTSIDE(name=union.name)
    taken = Enrolment.objects.filter(plan=plan).values("member_id")
    members = (
        Member.objects.select_related("union")
        .filter(union=union, status__in=[MemberStatus.ACTIVE, MemberStatus.RETAINED])
        .exclude(pk__in=taken)
        .order_by("pk")
    )
    return [enrol(plan, actor=actor, member=m, premium_paid=premium_paid) for m in members]


@transaction.atomic
def record_premium(enrolment: Enrolment, *, actor) -> Enrolment:
    enrolment = locking.enrolment_for_update(enrolment.pk)
    require(actor, "care.enrol", enrolment.union)
    enrolment.premium_paid = True
    enrolment.save(update_fields=["premium_paid"])
    audit.record("care.enrolment.premium_paid", actor=actor, obj=enrolment)
    return enrolment


@transaction.atomic
def submit_claim(enrolment: Enrolment, *, actor, hospital: str, category: str, bill_amount, bills=()) -> Claim:
    """A claim by the member on the phone or by their union for them (``care.enrol``); ``care.claims`` reviews.
    ``bills``: photos of the hospital bills, each through the appeals' photo check (at most 9)."""
    if enrolment.member.user_id != getattr(actor, "pk", None):
        require(actor, "care.enrol", enrolment.union)
    hospital = (hospital or "").strip()
    if not hospital:
        raise errors.HOSPITAL_REQUIRED()
    if category not in Claim.Category.values:
        raise errors.INVALID_CHOICE(label="类别", field="category")
    claim = Claim.objects.create(
        enrolment=enrolment,
        hospital=hospital[:100],
        category=category,
        bill_amount=money(bill_amount, "合规医疗费用（元）", field="bill_amount", positive=True),
    )
    bills = list(bills or [])
    if len(bills) > MAX_BILLS:
        raise errors.TOO_MANY_BILLS(n=MAX_BILLS)
    stored = []
    if bills:
        from appeals.photos import clean_photo

        from ..models import ClaimBill

        for i, upload in enumerate(bills, start=1):
            cleaned, (width, height) = clean_photo(upload, index=i)
            bill = ClaimBill(claim=claim, width=width, height=height, uploaded_by=actor)
            bill.image.save(cleaned.name, cleaned, save=False)
            bill.save()
            stored.append(bill.pk)
    audit.record(
        "care.claim.submitted", actor=actor, obj=claim, data={"bill": str(claim.bill_amount), "photos": stored}
    )
    return claim


MAX_BILLS = 9


def view_bill(bill, *, actor):
    """Record that a reviewer opened a bill photo."""
    require(actor, "care.claims", bill.claim.enrolment.union)
    audit.record("care.claim.bill_viewed", actor=actor, obj=bill.claim, data={"bill": bill.pk})
    return bill


@transaction.atomic
def review_claim(claim: Claim, *, actor) -> Claim:
    """Decide the claim under the plan's rules: approved with the computed amount, or refused with the reason."""
    claim = Claim.objects.select_related("enrolment__union").get(pk=claim.pk)
    require(actor, "care.claims", claim.enrolment.union)
    enrolment = locking.enrolment_for_update(claim.enrolment_id)
    claim = locking.claim_for_update(claim.pk)
    if claim.status != Claim.Status.SUBMITTED:
        raise errors.CLAIM_NOT_SUBMITTED()
    result = compute(
        enrolment.plan, claim.bill_amount, already_paid=enrolment.paid_total, premium_paid=enrolment.premium_paid
    )
    claim.deductible, claim.computed, claim.payable, claim.capped = (
        result.deductible,
        result.computed,
        result.payable,
        result.capped,
    )
    claim.decided_by, claim.decided_at = actor, timezone.now()
    if result.refusal is not None:
        claim.status, claim.refused_reason = Claim.Status.REFUSED, str(result.refusal.message)[:200]
    else:
        claim.status = Claim.Status.APPROVED
        enrolment.paid_total += result.payable
        enrolment.save(update_fields=["paid_total"])
    claim.save()
    audit.record(
        "care.claim.reviewed",
        actor=actor,
        obj=claim,
        data={"status": claim.status, "payable": str(claim.payable), "reason": claim.refused_reason},
    )
    return claim


@transaction.atomic
def pay_claim(claim: Claim, *, actor) -> Claim:
    claim = Claim.objects.select_related("enrolment__union").get(pk=claim.pk)
    require(actor, "care.claims", claim.enrolment.union)
    claim = locking.claim_for_update(claim.pk)
    if claim.status != Claim.Status.APPROVED:
        raise errors.CLAIM_NOT_APPROVED()
    claim.status, claim.paid_at = Claim.Status.PAID, timezone.now()
    claim.save(update_fields=["status", "paid_at"])
    audit.record("care.claim.paid", actor=actor, obj=claim, data={"amount": str(claim.payable)})
    return claim
