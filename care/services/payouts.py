"""Programmes (四季关爱 …), their budgets down the tree, and payouts: a union proposes, the town approves against a
budget, payment is recorded.

Two rules the database holds whatever the concurrency: one live payout per person per programme (a partial unique
constraint on ``(programme, id_hash)``), and a budget's approved total never past what it has (the budget row is
locked through ``care.locking`` while the total is checked and raised, and a check constraint backs it up)."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core import audit
from core.scoping import can, require
from honours.selectors import care_tags as honours_care_tags
from members.choices import Tag
from orgs.models import Org

from .. import errors, locking
from ..models import Budget, HardshipFile, Level, Payout, Programme
from .common import money, reason
from .hardship import parent_of

LIVE = [Payout.Status.PROPOSED, Payout.Status.APPROVED, Payout.Status.PAID]


@transaction.atomic
def create_programme(
    *,
    actor,
    org: Org,
    kind: str,
    title: str,
    year: int,
    starts_on,
    ends_on,
    eligibility: str,
    standard_amount,
    benefit: str = Programme.Benefit.CASH,
    gift: str = "",
    budget=None,
) -> Programme:
    """A programme of ``org`` (a district or town), with its own budget when ``budget`` is given."""
    require(actor, "care.manage", org)
    if kind not in Programme.Kind.values:
        raise errors.INVALID_CHOICE(label="类别", field="kind")
    if eligibility not in Programme.Eligibility.values:
        raise errors.INVALID_CHOICE(label="对象", field="eligibility")
    if benefit not in Programme.Benefit.values:
        raise errors.INVALID_CHOICE(label="形式", field="benefit")
    title = (title or "").strip()
    if not title:
        raise errors.TITLE_REQUIRED()
    if ends_on < starts_on:
        raise errors.INVALID_PERIOD()
    programme = Programme.objects.create(
        org=org,
        kind=kind,
        title=title[:100],
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        eligibility=eligibility,
        benefit=benefit,
        standard_amount=money(standard_amount, "标准（元/人）", field="standard_amount", positive=True),
        gift=(gift or "").strip()[:100],
    )
    audit.record("care.programme.created", actor=actor, obj=programme)
    if budget is not None:
        set_budget(programme, actor=actor, org=org, amount=budget)
    return programme


@transaction.atomic
def close_programme(programme: Programme, *, actor) -> Programme:
    require(actor, "care.manage", programme.org)
    programme.status = Programme.Status.CLOSED
    programme.save(update_fields=["status"])
    audit.record("care.programme.closed", actor=actor, obj=programme)
    return programme


def parent_budget(programme: Programme, org: Org) -> Budget | None:
    """The budget of the nearest org strictly above ``org`` (within the programme's org) that has one."""
    paths = [org.path[:n] for n in range(len(org.path) - org.steplen, len(programme.org.path) - 1, -org.steplen)]
    found = {
        b.org.path: b for b in Budget.objects.select_related("org").filter(programme=programme, org__path__in=paths)
    }
    return next((found[p] for p in paths if p in found), None)


def budget_for(programme: Programme, org: Org) -> Budget | None:
    """The budget a payout of ``org``'s union is charged to: the nearest at or above it."""
    own = Budget.objects.select_related("org").filter(programme=programme, org=org).first()
    return own or parent_budget(programme, org)


@transaction.atomic
def set_budget(programme: Programme, *, actor, org: Org, amount) -> Budget:
    """Set the budget of ``org`` (the programme's org: its total; an org below: an allocation out of the budget
    above it, which must have the money left). A budget never drops below what it has approved and allocated."""
    if not org.path.startswith(programme.org.path):
        raise errors.BUDGET_ORG(org=org.name)
    amount = money(amount, "预算（元）", field="amount")
    parent = parent_budget(programme, org) if org != programme.org else None
    require(actor, "care.manage", parent.org if parent else org)
    current = Budget.objects.filter(programme=programme, org=org).first()
    locked = locking.budgets_for_update([b.pk for b in (parent, current) if b is not None])
    parent = locked.get(parent.pk) if parent else None
    current = locked.get(current.pk) if current else None
    old = current.amount if current else 0
    if current is not None and amount < current.approved + current.allocated:
        raise errors.BUDGET_BELOW_USED(used=current.approved + current.allocated)
    if parent is not None:
        if amount - old > parent.available:
            raise errors.ALLOCATION_EXCEEDS(parent=parent.org.name, available=parent.available)
        parent.allocated += amount - old
        parent.save(update_fields=["allocated"])
    if current is None:
        current = Budget.objects.create(programme=programme, org=org, amount=amount)
    else:
        current.amount = amount
        current.save(update_fields=["amount"])
    audit.record(
        "care.budget.set",
        actor=actor,
        obj=current,
        data={"programme": programme.pk, "from": str(old), "to": str(amount)},
    )
    return current


def _eligible(programme: Programme, file: HardshipFile | None, member) -> bool:
    rule = programme.eligibility
    if rule == Programme.Eligibility.OPEN:
        return True
    if rule in (Programme.Eligibility.FILED, Programme.Eligibility.DEEP):
        if file is None or file.status != HardshipFile.Status.ACTIVE:
            return False
        return rule == Programme.Eligibility.FILED or file.level == Level.DEEP
    who = member or (file.member if file else None)
    tag = Tag.NEW_EMPLOYMENT if rule == Programme.Eligibility.NEW_EMPLOYMENT else Tag.MODEL_WORKER
    if who is None:
        return False
    # A 劳模 is one by the roster's tag or by an honour held (the honours register's care entitlement).
    return who.tags.filter(tag=tag).exists() or (tag == Tag.MODEL_WORKER and tag in honours_care_tags(who))


@transaction.atomic
def propose_payout(
    programme: Programme,
    *,
    actor,
    union: Org,
    file: HardshipFile | None = None,
    member=None,
    amount=None,
    method: str = Payout.Method.TRANSFER,
    reason_text: str = "",
) -> Payout:
    """A union proposes one person (from the hardship archive or the roster) for a programme."""
    require(actor, "care.propose", union)
    if programme.status != Programme.Status.OPEN:
        raise errors.PROGRAMME_CLOSED()
    if not union.path.startswith(programme.org.path):
        raise errors.BUDGET_ORG(org=union.name, field="union")
    if file is None and member is None:
        raise errors.PERSON_REQUIRED()
    if file is not None:
        require(actor, "care.files", file.union)
        if not file.union.path.startswith(union.path):
            raise errors.PERSON_REQUIRED()
        name, masked, key, member = file.name, file.id_masked, file.id_hash, member or file.member
        cipher, id_type = file.id_cipher, file.id_type
    else:
        if not member.union.path.startswith(union.path):
            raise errors.MEMBER_NOT_FOUND()
        name, masked, key = member.name, member.id_masked, member.id_hash
        cipher, id_type = member.id_cipher, member.id_type
        # A member on file counts as filed (a 冬送温暖 for 在档困难职工 may pick them from the roster too).
        file = HardshipFile.objects.filter(id_hash=key, status=HardshipFile.Status.ACTIVE).first()
    if method not in Payout.Method.values:
        raise errors.INVALID_CHOICE(label="发放方式", field="method")
    if not _eligible(programme, file, member):
        raise errors.NOT_ELIGIBLE(who=programme.get_eligibility_display())
    amount = money(
        amount if amount not in (None, "") else programme.standard_amount, "金额（元）", field="amount", positive=True
    )
    if Payout.objects.filter(programme=programme, id_hash=key, status__in=LIVE).exists():
        raise errors.ALREADY_PROPOSED(name=name)
    payout = Payout(
        programme=programme,
        union=union,
        file=file,
        member=member,
        name=name,
        id_masked=masked,
        id_hash=key,
        id_type=id_type,
        id_cipher=cipher,
        amount=amount,
        method=method,
        reason=(reason_text or "").strip()[:200],
        proposed_by=actor,
    )
    try:
        with transaction.atomic():
            payout.save()
    except IntegrityError:
        raise errors.ALREADY_PROPOSED(name=name) from None
    audit.record("care.payout.proposed", actor=actor, obj=payout, data={"amount": str(amount)})
    return payout


def _may_decide(actor, payout: Payout) -> None:
    """The town (the org above the proposing union) decides; the union itself never approves its own proposal."""
    above = parent_of(payout.union)
    if not can(actor, "care.approve", above) or above == payout.union:
        if can(actor, "care.view", payout.union):
            raise errors.APPROVE_BY_TOWN()
        require(actor, "care.approve", above)


@transaction.atomic
def approve_payout(payout: Payout, *, actor) -> Payout:
    """Approve within budget: the budget row is locked, the payout re-read under its lock, and the approved total
    raised only if it stays within the budget. Concurrent approvals queue on the budget row."""
    payout = Payout.objects.select_related("union", "programme__org").get(pk=payout.pk)
    _may_decide(actor, payout)
    if payout.programme.status != Programme.Status.OPEN:
        raise errors.PROGRAMME_CLOSED()
    budget = budget_for(payout.programme, payout.union)
    if budget is None:
        raise errors.NO_BUDGET(union=payout.union.name)
    budget = locking.budget_for_update(budget.pk)
    payout = locking.payout_for_update(payout.pk)
    if payout.status != Payout.Status.PROPOSED:
        raise errors.PAYOUT_NOT_PROPOSED()
    if payout.amount > budget.available:
        raise errors.BUDGET_EXCEEDED(org=budget.org.name, available=budget.available, amount=payout.amount)
    budget.approved += payout.amount
    budget.save(update_fields=["approved"])
    payout.status, payout.budget = Payout.Status.APPROVED, budget
    payout.decided_by, payout.decided_at = actor, timezone.now()
    payout.save(update_fields=["status", "budget", "decided_by", "decided_at"])
    audit.record(
        "care.payout.approved", actor=actor, obj=payout, data={"budget": budget.pk, "amount": str(payout.amount)}
    )
    return payout


@transaction.atomic
def reject_payout(payout: Payout, *, actor, reason_text: str) -> Payout:
    payout = Payout.objects.select_related("union", "programme").get(pk=payout.pk)
    _may_decide(actor, payout)
    text = reason(reason_text)
    payout = locking.payout_for_update(payout.pk)
    if payout.status != Payout.Status.PROPOSED:
        raise errors.PAYOUT_NOT_PROPOSED()
    payout.status, payout.rejected_reason = Payout.Status.REJECTED, text
    payout.decided_by, payout.decided_at = actor, timezone.now()
    payout.save(update_fields=["status", "rejected_reason", "decided_by", "decided_at"])
    audit.record("care.payout.rejected", actor=actor, obj=payout, data={"reason": text})
    return payout


@transaction.atomic
def mark_paid(payout: Payout, *, actor, paid_on=None, ref: str = "") -> Payout:
    """Record the payment (bank batch reference, cash signature sheet, goods handed over)."""
    payout = locking.payout_for_update(payout.pk)
    require(actor, "care.approve", payout.union)
    if payout.status != Payout.Status.APPROVED:
        raise errors.PAYOUT_NOT_APPROVED()
    payout.status, payout.paid_at = Payout.Status.PAID, timezone.now()
    payout.paid_on = paid_on or timezone.localdate()
    payout.payment_ref = (ref or "").strip()[:100]
    payout.save(update_fields=["status", "paid_at", "paid_on", "payment_ref"])
    audit.record("care.payout.paid", actor=actor, obj=payout, data={"ref": payout.payment_ref})
    return payout


def received_by(member):
    """Everything a member has been granted or paid, across programmes and years (their phone page)."""
    return (
        Payout.objects.select_related("programme")
        .filter(Q(member=member) | Q(id_hash=member.id_hash), status__in=[Payout.Status.APPROVED, Payout.Status.PAID])
        .order_by("-programme__year", "-proposed_at")
    )
