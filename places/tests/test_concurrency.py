"""Acceptance 1: a booking flood of threads, on SQLite and PostgreSQL (each thread its own connection): against one
exclusive room exactly one booking per slot; against a shared canteen never above its capacity."""

import pytest

from core.testing import run_at_once
from places.models import Booking, BookingSlot
from places.services import booking as booking_services

from .factories import member_with_account, place, resource, tomorrow_at

pytestmark = pytest.mark.django_db(transaction=True)


def _flood(res, members, start, end, party_size=1):
    calls = [
        (
            lambda m=m: booking_services.book(
                res, actor=m.user, member=m, starts_at=start, ends_at=end, party_size=party_size
            )
        )
        for m in members
    ]
    return run_at_once(calls)


def test_flood_on_an_exclusive_room_books_each_slot_once(tree, users):
    room = resource(place(tree.union_a1, users.union, kind="home"), users.union, max_slots=4)
    crowd = [member_with_account(tree.union_a1, users.union, 600 + n) for n in range(12)]
    # Overlapping spans: 10–12, 11–13, 10–11 … every one wants 11:00.
    spans = [(tomorrow_at(10 + n % 2), tomorrow_at(12 + n % 2)) for n in range(12)]
    calls = [
        (lambda m=m, s=s: booking_services.book(room, actor=m.user, member=m, starts_at=s[0], ends_at=s[1]))
        for m, s in zip(crowd, spans, strict=True)
    ]
    made, refused = run_at_once(calls)
    assert len(made) == 1, (made, refused)
    assert set(refused) == {"slot_taken"} and len(refused) == 11
    live = Booking.objects.filter(resource=room, status=Booking.Status.CONFIRMED)
    assert live.count() == 1
    # one booking per slot: no slot is held twice
    slots = list(BookingSlot.objects.filter(resource=room).values_list("slot", flat=True))
    assert len(slots) == len(set(slots)) == 2


def test_flood_on_a_shared_canteen_never_exceeds_capacity(tree, users):
    canteen = resource(place(tree.union_a1, users.union, kind="center"), users.union, exclusive=False, capacity=10)
    crowd = [member_with_account(tree.union_a1, users.union, 650 + n) for n in range(12)]
    made, refused = _flood(canteen, crowd, tomorrow_at(12), tomorrow_at(13), party_size=3)
    # 10 seats, 3 each: exactly three bookings fit (9 seats), the rest are refused as full.
    assert len(made) == 3 and set(refused) == {"slot_full"} and len(refused) == 9
    assert BookingSlot.objects.filter(resource=canteen).count() == 9
    units = list(BookingSlot.objects.filter(resource=canteen).values_list("unit", flat=True))
    assert max(units) < 10 and len(units) == len(set(units))


def test_cancel_and_rebook_race_keeps_the_room_single(tree, users):
    """A cancellation racing new bookings: whoever gets the room, the slot is never held twice."""
    room = resource(place(tree.union_a1, users.union, kind="home"), users.union)
    crowd = [member_with_account(tree.union_a1, users.union, 680 + n) for n in range(7)]
    first = booking_services.book(
        room, actor=crowd[0].user, member=crowd[0], starts_at=tomorrow_at(9), ends_at=tomorrow_at(10)
    )
    calls = [lambda: booking_services.cancel(first, actor=crowd[0].user)] + [
        (
            lambda m=m: booking_services.book(
                room, actor=m.user, member=m, starts_at=tomorrow_at(9), ends_at=tomorrow_at(10)
            )
        )
        for m in crowd[1:]
    ]
    run_at_once(calls)
    assert BookingSlot.objects.filter(resource=room).count() <= 1
    assert Booking.objects.filter(resource=room, status=Booking.Status.CONFIRMED).count() <= 1
