"""Acceptance 3: an order goes from request to delivery as an activity with participations, then is rated; the
town's yearly quota refuses the order past it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities import checkin
from activities.models import Activity, Participation
from core.errors import DomainError
from core.models import AuditEvent
from places.models import ServiceOrder
from places.services import orders

from .factories import member_with_account, service_item, wished


@pytest.fixture
def item(tree, users):
    return service_item(tree.district, users.district, quota=2)


def test_request_to_delivery_as_an_activity_then_rated(item, tree, users):
    order = orders.place_order(
        item, actor=users.union, ordering_org=tree.union_a1, wished_date=wished(), expected_audience=30
    )
    assert order.status == ServiceOrder.Status.REQUESTED and order.town == tree.town_a
    orders.accept(order, actor=users.town)
    start = timezone.now() + timedelta(minutes=30)
    order = orders.schedule(order, actor=users.town, starts_at=start, ends_at=start + timedelta(hours=2))
    activity = order.activity
    assert order.status == ServiceOrder.Status.SCHEDULED
    assert activity.organiser == tree.town_a and activity.audience_org == tree.union_a1
    assert activity.status == Activity.Status.PUBLISHED and activity.capacity == 30
    # The audience takes part through the activities app (walk-ins at the venue).
    people = [member_with_account(tree.union_a1, users.union, 900 + n) for n in range(3)]
    for m in people:
        checkin.walk_in(activity, actor=users.town, member=m)
    order = orders.deliver(order, actor=users.town)
    activity.refresh_from_db()
    assert order.status == ServiceOrder.Status.DELIVERED and activity.status == Activity.Status.FINISHED
    assert Participation.objects.filter(activity=activity).count() == 3
    assert AuditEvent.objects.get(action="places.order.delivered").data["participations"] == 3
    order = orders.rate(order, actor=users.union, rating=5, comment="职工反响很好")
    assert order.rating == 5
    with pytest.raises(DomainError) as exc:
        orders.rate(order, actor=users.union, rating=4)
    assert exc.value.code == "order_status" or exc.value.code == "already_rated"
    actions = set(AuditEvent.objects.filter(action__startswith="places.order.").values_list("action", flat=True))
    assert actions == {f"places.order.{v}" for v in ("requested", "accepted", "scheduled", "delivered", "rated")}


def test_quota_refusal_per_town_and_year(item, tree, users):
    orders.place_order(item, actor=users.union, ordering_org=tree.union_a1, wished_date=wished(), expected_audience=10)
    second = orders.place_order(
        item, actor=users.town, ordering_org=tree.union_a2, wished_date=wished(), expected_audience=10
    )
    with pytest.raises(DomainError) as exc:
        orders.place_order(
            item, actor=users.union, ordering_org=tree.union_a1, wished_date=wished(), expected_audience=10
        )
    assert exc.value.code == "quota_exhausted" and exc.value.status == 409 and "甲街道总工会" in str(exc.value.message)
    # another town has its own quota
    orders.place_order(
        item, actor=users.union_b, ordering_org=tree.union_b1, wished_date=wished(), expected_audience=10
    )
    # a declined order frees its place
    orders.decline(second, actor=users.town, reason="场地不具备条件")
    assert orders.place_order(
        item, actor=users.union, ordering_org=tree.union_a1, wished_date=wished(), expected_audience=10
    )


@pytest.mark.django_db(transaction=True)
def test_quota_holds_under_a_flood(tree, users):
    from core.testing import run_at_once

    item = service_item(tree.district, users.district, quota=3)
    made, refused = run_at_once(
        [
            (
                lambda: orders.place_order(
                    item, actor=users.town, ordering_org=tree.union_a2, wished_date=wished(), expected_audience=5
                )
            )
            for _ in range(10)
        ]
    )
    assert len(made) == 3 and refused == ["quota_exhausted"] * 7


def test_order_rules(item, tree, users):
    with pytest.raises(DomainError) as exc:
        orders.place_order(
            item, actor=users.union, ordering_org=tree.union_a1, wished_date=timezone.localdate(), expected_audience=10
        )
    assert exc.value.code == "too_soon"
    with pytest.raises(DomainError) as exc:
        orders.place_order(
            item, actor=users.union, ordering_org=tree.union_b1, wished_date=wished(), expected_audience=10
        )
    assert exc.value.code == "permission_denied"
    order = orders.place_order(
        item, actor=users.union, ordering_org=tree.union_a1, wished_date=wished(), expected_audience=10
    )
    with pytest.raises(DomainError) as exc:
        orders.accept(order, actor=users.union)  # the union orders; the town accepts
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        orders.decline(order, actor=users.town, reason=" ")
    assert exc.value.code == "reason_required"
    with pytest.raises(DomainError) as exc:
        orders.deliver(order, actor=users.town)
    assert exc.value.code == "order_status"
    assert orders.withdraw(order, actor=users.union).status == ServiceOrder.Status.CANCELLED
