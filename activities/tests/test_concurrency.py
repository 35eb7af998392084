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
