"""Acceptance 1 of issue 4 through real concurrent HTTP requests: a live threaded server, one bearer token per
member, requests fired at once from a thread pool. 200 members for 20 seats → exactly 20 confirmed; one member's
20 simultaneous retries → one registration and the same answer; 20 simultaneous cancellations → each freed seat
promoted exactly once. Runs on SQLite (a file database: WAL, IMMEDIATE transactions) and on PostgreSQL."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections

from activities import services
from activities.models import Activity, Registration

from .apitools import member_with_token
from .factories import open_activity

pytestmark = pytest.mark.django_db(transaction=True)
# Concurrent connections. Each request thread of the live server holds a database connection while it runs;
# PostgreSQL's default limit (100) is shared with whatever else runs on the machine.
WORKERS = 24
TIMEOUT = 60  # seconds per request


def post(url: str, headers: dict) -> tuple[int, dict]:
    """POST with no body; (status, JSON answer). Errors with a status are answers too, not exceptions."""
    request = urllib.request.Request(url, data=b"", method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, json.loads(body)
        except ValueError:
            return exc.code, {"raw": body[:200].decode(errors="replace")}


def fire(calls: list[tuple[str, dict]]) -> list[tuple[int, dict]]:
    """Send every (url, headers) POST concurrently. The first wave (one call per worker) is released together by a
    barrier; every later call starts the moment a worker is free, so the server sees WORKERS requests at once
    until the end. Only the first wave waits: a barrier per wave would stall a smaller last wave."""
    parties = min(WORKERS, len(calls))
    barrier = threading.Barrier(parties)

    def one(numbered):
        index, call = numbered
        if index < parties:
            barrier.wait(timeout=30)
        return post(*call)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(one, enumerate(calls), timeout=300))


@pytest.fixture
def crowd(tree, users):
    """200 members of union_a1, each with a member account and a bearer token."""
    return [member_with_token(tree.union_a1, users.union, 1000 + n) for n in range(200)]


def assert_no_server_errors(answers):
    statuses = Counter(status for status, _ in answers)
    assert not [s for s in statuses if s >= 500], statuses


def test_two_hundred_members_twenty_seats_over_http(live_server, tree, users, crowd):
    activity = open_activity(tree.town_a, users.town, capacity=20)
    url = f"{live_server.url}/api/v1/activities/{activity.pk}/register"
    answers = fire([(url, headers) for _m, headers in crowd])
    close_old_connections()
    assert_no_server_errors(answers)
    assert {status for status, _ in answers} == {200}
    assert Counter(body["status"] for _, body in answers) == {"confirmed": 20, "waitlisted": 180}
    rows = Counter(Registration.objects.filter(activity=activity).values_list("status", flat=True))
    assert rows == {"confirmed": 20, "waitlisted": 180}
    assert Activity.objects.get(pk=activity.pk).confirmed == 20


def test_without_waitlist_the_rest_are_refused_over_http(live_server, tree, users, crowd):
    activity = open_activity(tree.town_a, users.town, capacity=20, waitlist=False)
    url = f"{live_server.url}/api/v1/activities/{activity.pk}/register"
    answers = fire([(url, headers) for _m, headers in crowd[:100]])
    close_old_connections()
    assert_no_server_errors(answers)
    assert Counter(status for status, _ in answers) == {200: 20, 409: 80}
    assert {body["code"] for status, body in answers if status == 409} == {"activity_full"}
    assert Registration.objects.filter(activity=activity).count() == 20
    assert Activity.objects.get(pk=activity.pk).confirmed == 20


def test_one_member_twenty_times_at_once_over_http(live_server, tree, users, crowd):
    activity = open_activity(tree.town_a, users.town, capacity=5)
    member, headers = crowd[0]
    url = f"{live_server.url}/api/v1/activities/{activity.pk}/register"
    answers = fire([(url, headers)] * 20)
    close_old_connections()
    assert_no_server_errors(answers)
    assert {status for status, _ in answers} == {200}
    assert len({body["id"] for _, body in answers}) == 1
    assert {(body["status"], body["ticket_code"]) for _, body in answers} == {
        ("confirmed", Registration.objects.get(activity=activity, member=member).ticket_code)
    }
    assert Registration.objects.filter(activity=activity).count() == 1
    assert Activity.objects.get(pk=activity.pk).confirmed == 1


def test_cancellations_at_once_promote_each_seat_once_over_http(live_server, tree, users, crowd):
    activity = open_activity(tree.town_a, users.town, capacity=20)
    people = crowd[:60]
    regs = {m.pk: services.register(activity, m) for m, _h in people}
    waitlisted_before = list(
        Registration.objects.filter(activity=activity, status="waitlisted")
        .order_by("queued_at", "id")
        .values_list("pk", flat=True)
    )
    assert len(waitlisted_before) == 40
    # The 20 confirmed cancel at the same moment while 20 newcomers register.
    base = f"{live_server.url}/api/v1"
    confirmed = [(m, h) for m, h in people if regs[m.pk].status == "confirmed"]
    calls = [(f"{base}/me/registrations/{regs[m.pk].pk}/cancel", h) for m, h in confirmed]
    calls += [(f"{base}/activities/{activity.pk}/register", h) for _m, h in crowd[60:80]]
    answers = fire(calls)
    close_old_connections()
    assert_no_server_errors(answers)
    assert {status for status, _ in answers} == {200}
    rows = dict(Registration.objects.filter(activity=activity).values_list("pk", "status"))
    assert Counter(rows.values()) == {"confirmed": 20, "cancelled": 20, "waitlisted": 40}
    assert Activity.objects.get(pk=activity.pk).confirmed == 20
    # Each freed seat went to the head of the waitlist, in order, exactly once.
    assert [rows[pk] for pk in waitlisted_before[:20]] == ["confirmed"] * 20
    assert all(rows[regs[m.pk].pk] == "cancelled" for m, _h in confirmed)
