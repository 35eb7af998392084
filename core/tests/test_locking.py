"""core.locking: rows locked in the declared order, a lock out of order refused in development and tests, and a
lock that cannot be had in time answers 系统繁忙 instead of hanging or failing with a 500."""

import threading

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from core import locking
from core.errors import DomainError
from orgs.models import Enterprise, Org


def test_lock_returns_rows_in_primary_key_order(tree):
    with transaction.atomic():
        rows = locking.lock(Org.objects.filter(pk__in=[tree.union_b1.pk, tree.district.pk, tree.town_a.pk]))
    assert [r.pk for r in rows] == sorted([tree.union_b1.pk, tree.district.pk, tree.town_a.pk])


def test_lock_one_finds_the_row_or_says_it_does_not_exist(tree):
    with transaction.atomic():
        assert locking.lock_one(Org, pk=tree.town_a.pk) == tree.town_a
        with pytest.raises(Org.DoesNotExist):
            locking.lock_one(Org, pk=-1)


def test_locks_need_a_transaction(db, settings):
    with pytest.raises(TransactionManagementError):
        locking.lock(Org.objects.all())


def test_a_lower_rank_after_a_higher_one_is_refused(tree):
    with transaction.atomic():
        locking.lock(Org.objects.filter(pk=tree.town_a.pk))
        locking.lock(Enterprise.objects.filter(pk=tree.ent_a1.pk))  # 10 then 20: in order
        with pytest.raises(locking.LockOrderError):
            locking.lock(Org.objects.filter(pk=tree.town_b.pk))  # back to 10: out of order


def test_each_service_transaction_starts_its_own_order(tree):
    """Two services called one after the other in one test are two transactions in production: no false alarm."""
    with transaction.atomic():
        locking.lock(Enterprise.objects.filter(pk=tree.ent_a1.pk))
    with transaction.atomic():
        locking.lock(Org.objects.filter(pk=tree.town_a.pk))


def test_a_model_without_a_rank_cannot_be_locked(tree):
    from accounts.models import Grant

    with transaction.atomic(), pytest.raises(locking.LockOrderError, match="LOCK_RANK"):
        locking.lock(Grant.objects.all())


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_lock_held_too_long_answers_busy(tree, settings):
    """One transaction holds the org's row; another gives up after LOCK_TIMEOUT_SECONDS with ``busy`` (503)."""
    from django.db import connection

    settings.LOCK_TIMEOUT_SECONDS = 0.3
    held, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                locking.lock_one(Org, pk=tree.town_a.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(DomainError) as caught, transaction.atomic():
            locking.lock_one(Org, pk=tree.town_a.pk)
        assert caught.value.code == "busy" and caught.value.status == 503
    finally:
        release.set()
        thread.join()
