"""Which rows each care workflow step locks, in which order (``core.locking``; ranks 70–79 in docs/layout.md):
a hardship file (70), a loan referral (71), then a programme's budgets (72, parents before children: ascending pk
is enough because a child budget is always created after its parent's), then payouts (74); insurance enrolments
(76); booking slots (78); nomination quotas (79)."""

from core.locking import lock, lock_one

from .models import Budget, HardshipFile, Payout


def file_for_update(pk) -> HardshipFile:
    return lock_one(HardshipFile.objects.select_related("union"), pk=pk)


def budgets_for_update(pks) -> dict[int, Budget]:
    """Lock several budgets of one programme (a parent and the child it allocates to) in primary-key order."""
    return {b.pk: b for b in lock(Budget.objects.select_related("org").filter(pk__in=list(pks)))}


def budget_for_update(pk) -> Budget:
    return lock_one(Budget.objects.select_related("org", "programme"), pk=pk)


def payout_for_update(pk) -> Payout:
    return lock_one(Payout.objects.select_related("union", "programme"), pk=pk)


def enrolment_for_update(pk):
    from .models import Enrolment

    return lock_one(Enrolment.objects.select_related("plan", "member", "union"), pk=pk)


def claim_for_update(pk):
    from .models import Claim

    return lock_one(Claim.objects.all(), pk=pk)


def slot_for_update(pk):
    from .models import Slot

    return lock_one(Slot.objects.select_related("programme"), pk=pk)


def quota_for_update(pk):
    from .models import CheckQuota

    return lock_one(CheckQuota.objects.select_related("union", "programme"), pk=pk)


def loan_for_update(pk):
    from .models import LoanReferral

    return lock_one(LoanReferral.objects.select_related("union"), pk=pk)
