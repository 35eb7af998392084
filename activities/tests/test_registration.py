"""Registration rules, one request at a time: seats, waitlist, idempotency, cancellation with promotion, review
mode, audiences; and the database constraints behind them."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from activities import services
from activities.models import Activity, Registration
from core import notify
from core.errors import DomainError
from members.models import Member
from members.tests.factories import member

from .factories import open_activity


@pytest.fixture
def people(tree, users):
    return [member(tree.union_a1, users.union, 500 + n) for n in range(6)]


def test_first_come_fills_then_waitlists_then_promotes(tree, users, people, django_capture_on_commit_callbacks):
    activity = open_activity(tree.town_a, users.town, capacity=2)
    regs = [services.register(activity, m) for m in people[:4]]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert Activity.objects.get(pk=activity.pk).confirmed == 2
    notify.outbox.clear()
    people[2].user = None  # no account: promotion still happens, nobody to tell
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(regs[0])
    statuses = dict(Registration.objects.filter(activity=activity).values_list("member_id", "status"))
    assert statuses[people[0].pk] == "cancelled" and statuses[people[2].pk] == "confirmed"
    assert statuses[people[3].pk] == "waitlisted"
    assert Activity.objects.get(pk=activity.pk).confirmed == 2


def test_registering_twice_gives_the_same_answer(tree, users, people):
    activity = open_activity(tree.town_a, users.town, capacity=1)
    first = services.register(activity, people[0])
    again = services.register(activity, people[0])
    assert (again.pk, again.status, again.ticket_code) == (first.pk, "confirmed", first.ticket_code)
    assert Activity.objects.get(pk=activity.pk).confirmed == 1


def test_full_without_waitlist_is_refused_and_writes_nothing(tree, users, people):
    activity = open_activity(tree.town_a, users.town, capacity=1, waitlist=False)
    services.register(activity, people[0])
    with pytest.raises(DomainError) as exc:
        services.register(activity, people[1])
    assert exc.value.code == "activity_full" and exc.value.message == "名额已满"
    assert Registration.objects.filter(activity=activity).count() == 1


def test_cancelling_the_last_seat_without_a_waitlist_frees_it(tree, users, people):
    activity = open_activity(tree.town_a, users.town, capacity=1)
    reg = services.register(activity, people[0])
    services.cancel_registration(reg)
    assert Activity.objects.get(pk=activity.pk).confirmed == 0
    # The same member may register again: the row is reused, the seat taken again.
    assert services.register(activity, people[0]).status == "confirmed"


def test_a_refused_retry_still_gets_its_registration_back(tree, users, people):
    """Closed, no longer eligible or full: whoever is registered already gets their registration, not the refusal;
    a cancelled registration is renewed in place (same id and ticket code, queued again)."""
    activity = open_activity(tree.town_a, users.town, capacity=1, waitlist=False)
    first = services.register(activity, people[0])
    services.cancel_registration(first)
    renewed = services.register(activity, people[0])
    assert (renewed.pk, renewed.ticket_code, renewed.status) == (first.pk, first.ticket_code, "confirmed")
    assert renewed.queued_at > first.queued_at
    closed = services.close_registration(activity, actor=users.town)
    again = services.register(closed, people[0])
    assert (again.pk, again.status, again.activity.title) == (first.pk, "confirmed", activity.title)
    with pytest.raises(DomainError) as exc:
        services.register(closed, people[1])
    assert exc.value.code == "registration_closed"
    assert Activity.objects.get(pk=activity.pk).confirmed == 1


def test_window_status_and_audience(tree, users, people):
    now = timezone.now()
    later = open_activity(tree.town_a, users.town, registration_opens_at=now + timedelta(days=1))
    with pytest.raises(DomainError) as exc:
        services.register(later, people[0])
    assert exc.value.code == "registration_not_open"
    draft = open_activity(tree.town_a, users.town, publish=False)
    with pytest.raises(DomainError) as exc:
        services.register(draft, people[0])
    assert exc.value.code == "registration_closed"
    # An activity for 乙镇's members refuses 甲's; one open to the public takes anyone on a roster.
    other_town = open_activity(tree.town_b, users.district)
    with pytest.raises(DomainError) as exc:
        services.register(other_town, people[0])
    assert exc.value.code == "not_eligible"
    public = open_activity(tree.town_b, users.district, open_to_public=True)
    assert services.register(public, people[0]).status == "confirmed"
    tagged = open_activity(tree.town_a, users.town, audience_tags=["new_employment"])
    with pytest.raises(DomainError) as exc:
        services.register(tagged, people[1])
    assert exc.value.code == "not_eligible"


def test_review_mode(tree, users, people):
    activity = open_activity(tree.town_a, users.town, capacity=1, mode="review")
    a, b = services.register(activity, people[0]), services.register(activity, people[1])
    assert (a.status, b.status) == ("pending", "pending")
    services.review_registration(a, actor=users.town, approve=True)
    with pytest.raises(DomainError) as exc:
        services.review_registration(b, actor=users.town, approve=True)
    assert exc.value.code == "activity_full"
    assert services.review_registration(b, actor=users.town, approve=False).status == "rejected"


def test_cancel_deadline(tree, users, people):
    activity = open_activity(tree.town_a, users.town, cancel_deadline=timezone.now() - timedelta(minutes=1))
    reg = services.register(activity, people[0])
    with pytest.raises(DomainError) as exc:
        services.cancel_registration(reg)
    assert exc.value.code == "cancel_deadline_passed"


def test_capacity_cannot_drop_below_confirmed(tree, users, people):
    activity = open_activity(tree.town_a, users.town, capacity=3)
    for m in people[:3]:
        services.register(activity, m)
    with pytest.raises(DomainError) as exc:
        services.update_activity(activity, actor=users.town, capacity=2)
    assert exc.value.code == "capacity_below_confirmed"


def test_cancelling_an_activity_tells_registrants(tree, users, people, django_capture_on_commit_callbacks):
    from members import joining

    activity = open_activity(tree.town_a, users.town, capacity=5)
    joining.ensure_account(people[0])
    services.register(activity, Member.objects.get(pk=people[0].pk))
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_activity(activity, actor=users.town, reason="台风预警")
    assert [n.title for n in notify.outbox] == ["活动取消通知"] and "台风预警" in notify.outbox[0].body


def test_database_refuses_overselling_and_double_registration(tree, users, people):
    """The constraints are the last line of defence, independent of the service code."""
    activity = open_activity(tree.town_a, users.town, capacity=1)
    services.register(activity, people[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(confirmed=F("confirmed") + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            activity=activity, member=people[0], status="confirmed", ticket_code="DUPLICAT", queued_at=timezone.now()
        )
