"""The places figures of the 成绩单: places open today, door-QR visits (one per worker per hour), bookings and the
hours booked, orders received and delivered and the units that ordered, each in its org's sub-tree only."""

from datetime import timedelta

from django.utils import timezone

from places.services import booking as booking_services
from places.services import orders, visits
from reports import engine
from reports.periods import year

from .factories import member_with_account, place, resource, service_item, tomorrow_at, wished


def test_places_figures(tree, users):
    station = place(tree.union_a1, users.union)
    place(tree.union_a1, users.union, name="书屋", kind="bookhouse", coordinates="29.9,121.6")
    place(tree.union_b1, users.union_b, name="乙一驿站", coordinates="29.95,121.7")
    place(tree.union_a1, users.union, name="在建驿站", coordinates="29.91,121.61", status="building")
    now = timezone.now()
    visits.scan(station, visitor="da", at=now)
    visits.scan(station, visitor="da", at=now + timedelta(minutes=10))  # the same hour: not counted again
    visits.scan(station, visitor="db", at=now)
    room = resource(
        place(tree.union_a1, users.union, name="之家", kind="home", coordinates="29.92,121.62"), users.union
    )
    worker = member_with_account(tree.union_a1, users.union, 880)
    booking_services.book(room, actor=worker.user, member=worker, starts_at=tomorrow_at(9), ends_at=tomorrow_at(11))
    gone = booking_services.book(
        room, actor=worker.user, member=worker, starts_at=tomorrow_at(14), ends_at=tomorrow_at(15)
    )
    booking_services.cancel(gone, actor=worker.user)
    item = service_item(tree.district, users.district, quota=5)
    first = orders.place_order(
        item, actor=users.union, ordering_org=tree.union_a1, wished_date=wished(), expected_audience=9
    )
    orders.place_order(item, actor=users.union, ordering_org=tree.union_a1, wished_date=wished(), expected_audience=9)
    orders.place_order(item, actor=users.town, ordering_org=tree.union_a2, wished_date=wished(), expected_audience=9)
    orders.accept(first, actor=users.town)
    start = now + timedelta(hours=1)
    orders.schedule(first, actor=users.town, starts_at=start, ends_at=start + timedelta(hours=1))
    orders.deliver(first, actor=users.town)

    this_year = year(timezone.localdate().year)
    got = engine.compute(tree.town_a, [this_year]).totals
    assert got["places.open_now"] == 3 or got["places.open_now"] == [3]
    assert got["places.visits"] == [2]
    assert got["places.bookings"] == [1] and got["places.booked_hours"] == [2]
    assert got["places.orders"] == [3] and got["places.orders_delivered"] == [1]
    assert got["places.ordering_units"] == [2]
    union_b = engine.compute(tree.union_b1, [this_year]).totals
    assert union_b["places.visits"] == [0] and union_b["places.orders"] == [0]
