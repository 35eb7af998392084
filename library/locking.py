"""Which rows the library services lock (``core.locking``), in rank order: a copy (122) before its loan (124).
Lending and returning take the copy's row first, so a copy is never lent twice (the partial unique index of one
open loan per copy stands behind it) and a return racing a lend sees the loan as it stands."""

from core.locking import lock_one

from .models import Copy, Loan


def lock_copy(copy) -> Copy:
    return lock_one(Copy.objects.select_related("book", "room__org"), pk=copy.pk)


def lock_loan(loan) -> Loan:
    return lock_one(Loan.objects.select_related("member__user", "room__org"), pk=loan.pk)
