"""Registration under real concurrency: many threads, each with its own database connection, on SQLite and on
PostgreSQL. Exactly the capacity is confirmed, never more; one member's simultaneous retries make one
registration; simultaneous cancellations promote each freed seat exactly once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from activities import services
from activities.models import Activity, Registration
from core.errors import DomainError
from members.models import Member
from members.tests.factories import member

from .factories import open_activity

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 32  # concurrent connections; PostgreSQL's default limit is 100


def run_at_once(calls):
    """Run the callables in threads, the first wave (one per worker) released together by a barrier; return
    (results, errors). Later calls start as soon as a worker is free, so the pool stays saturated."""
    wave = min(WORKERS, len(calls))
    barrier = threading.Barrier(wave)

    def one(index_and_fn):
        index, fn = index_and_fn
        try:
            if index < wave:
                barrier.wait(timeout=30)
            return fn(), None
        except DomainError as exc:
            return None, exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(one, enumerate(calls)))
    close_old_connections()
    return [r for r, _ in outcomes if r is not None], [e for _, e in outcomes if e is not None]


@pytest.fixture
def crowd(tree, users):
    return [member(tree.union_a1, users.union, 1000 + n) for n in range(200)]


def test_two_hundred_members_twenty_seats(tree, users, crowd):
    activity = open_activity(tree.town_a, users.town, capacity=20)
    results, errors = run_at_once([lambda m=m: services.register(activity, m) for m in crowd])
    assert errors == []
    statuses = list(Registration.objects.filter(activity=activity).values_list("status", flat=True))
    assert statuses.count("confirmed") == 20 and statuses.count("waitlisted") == 180
    assert Activity.objects.get(pk=activity.pk).confirmed == 20


def test_without_waitlist_the_rest_are_refused(tree, users, crowd):
    activity = open_activity(tree.town_a, users.town, capacity=20, waitlist=False)
    results, errors = run_at_once([lambda m=m: services.register(activity, m) for m in crowd[:100]])
    assert len(results) == 20 and errors == ["activity_full"] * 80
    assert Registration.objects.filter(activity=activity).count() == 20


def test_one_member_twenty_times_at_once(tree, users, crowd):
    activity = open_activity(tree.town_a, users.town, capacity=5)
    one = crowd[0]
    results, errors = run_at_once([lambda: services.register(activity, Member.objects.get(pk=one.pk))] * 20)
    assert errors == [] and len({r.pk for r in results}) == 1 and {r.status for r in results} == {"confirmed"}
    assert Registration.objects.filter(activity=activity).count() == 1
    assert Activity.objects.get(pk=activity.pk).confirmed == 1


def test_cancellations_under_load_promote_each_seat_once(tree, users, crowd):
    activity = open_activity(tree.town_a, users.town, capacity=20)
    for m in crowd[:60]:
        services.register(activity, m)
    confirmed = list(Registration.objects.filter(activity=activity, status="confirmed"))
    waitlisted_before = list(
        Registration.objects.filter(activity=activity, status="waitlisted")
        .order_by("queued_at", "id")
        .values_list("pk", flat=True)
    )
    # The 20 confirmed cancel at the same moment while 20 newcomers try to register.
    calls = [lambda r=r: services.cancel_registration(r) for r in confirmed]
    calls += [lambda m=m: services.register(activity, m) for m in crowd[60:80]]
    results, errors = run_at_once(calls)
    assert errors == []
    rows = dict(Registration.objects.filter(activity=activity).values_list("pk", "status"))
    assert list(rows.values()).count("confirmed") == 20
    assert Activity.objects.get(pk=activity.pk).confirmed == 20
    # Each freed seat went to the head of the waitlist, in order: the first 20 waiting are now confirmed.
    assert [rows[pk] for pk in waitlisted_before[:20]] == ["confirmed"] * 20
    assert all(rows[r.pk] == "cancelled" for r in confirmed)


@pytest.mark.postgresql
def test_reviews_and_cancellations_of_the_same_registrations_race_without_deadlock(tree, users, crowd):
    """Issue #12: the organiser approves pending registrations of a full 审核 activity while their members cancel
    them, and the confirmed members cancel too, all at once. Review and cancellation both lock the activity, then
    the registration (activities/locking.py); before, review locked the registration and then (taking a seat) the
    activity, the opposite order, and PostgreSQL broke the deadlock with an error: a 500. Now nothing but declared
    refusals comes back, no seat is oversold or lost, and the counts add up. Three rounds, to give a crossing
    order every chance to show."""
    people = iter(crowd)
    for _round in range(3):
        activity = open_activity(tree.town_a, users.town, capacity=10, mode="review")
        regs = [services.register(activity, next(people)) for _n in range(30)]
        confirmed, raced, approved_only = regs[:10], regs[10:20], regs[20:]
        for reg in confirmed:
            services.review_registration(reg, actor=users.town, approve=True)
        assert Activity.objects.get(pk=activity.pk).confirmed == 10  # full

        calls = []
        for cancel_first, reg in enumerate(raced):
            review = lambda reg=reg: services.review_registration(reg, actor=users.town, approve=True)  # noqa: E731
            cancel = lambda reg=reg: services.cancel_registration(reg)  # noqa: E731
            calls += [cancel, review] if cancel_first % 2 else [review, cancel]
        for reg, other in zip(confirmed, approved_only, strict=True):
            calls.append(lambda reg=reg: services.cancel_registration(reg))
            calls.append(lambda reg=other: services.review_registration(reg, actor=users.town, approve=True))
        results, errors = run_at_once(calls)  # anything but a DomainError (a deadlock, a timeout) propagates

        assert set(errors) <= {"activity_full", "registration_decided"}, errors
        assert len(results) + len(errors) == len(calls)
        statuses = dict(Registration.objects.filter(activity=activity).values_list("pk", "status"))
        # Every cancellation went through; a raced registration ends cancelled whichever came first.
        assert all(statuses[r.pk] == "cancelled" for r in confirmed + raced)
        # An approval either took a seat or was refused: full, or decided already (cancelled first).
        approvals = [r for r in results if getattr(r, "activity_id", None) and r.status == "confirmed"]
        refused_decided = errors.count("registration_decided")
        assert refused_decided <= len(raced)
        assert len(approvals) + errors.count("activity_full") + refused_decided == len(raced) + len(approved_only)
        # The seat counter is exactly the confirmed rows: nothing oversold, nothing lost.
        held = sum(1 for s in statuses.values() if s == "confirmed")
        activity.refresh_from_db()
        assert activity.confirmed == held <= activity.capacity
        # The seats add up: ten held at the start, ten given back, one taken per approval, one given back per raced
        # registration approved before its cancellation.
        raced_pks = {r.pk for r in raced}
        approved_then_cancelled = [r for r in approvals if r.pk in raced_pks]
        assert held == 10 - 10 + len(approvals) - len(approved_then_cancelled)
        assert held == sum(1 for r in approved_only if statuses[r.pk] == "confirmed")
