"""Health checks and 疗休养: members book a slot; a flood of bookings (threads, SQLite and PostgreSQL) never passes
a slot's capacity, and a member holds one booking per programme."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.testing import run_at_once
from members import joining

from ..models import Booking, Slot
from ..services import checks
from .factories import roster_member


def _programme(tree, users, capacity=5):
    programme = checks.create_programme(
        actor=users.district, org=tree.district, kind="health_check", title="2026年职工免费体检", year=2026
    )
    slot = checks.add_slot(
        programme,
        actor=users.district,
        place="区人民医院体检中心",
        starts_at=timezone.now() + timedelta(days=7),
        capacity=capacity,
    )
    return programme, slot


def _members(tree, users, n, start):
    people = []
    for i in range(n):
        m = roster_member(tree.union_a1, users.union, start + i)
        joining.ensure_account(m)
        m.refresh_from_db()
        people.append(m)
    return people


def test_book_cancel_check_in(tree, users):
    programme, slot = _programme(tree, users, capacity=1)
    a, b = _members(tree, users, 2, 1400)
    booking = checks.book(slot, actor=a.user, member=a)
    with pytest.raises(Exception) as exc:
        checks.book(slot, actor=b.user, member=b)
    assert exc.value.code == "slot_full"
    with pytest.raises(Exception) as exc:
        checks.book(slot, actor=a.user, member=a)
    assert exc.value.code == "already_booked"
    checks.cancel(booking, actor=a.user)
    booking = checks.book(slot, actor=b.user, member=b)
    checks.check_in(booking, actor=users.union)
    assert Booking.objects.get(pk=booking.pk).status == "attended" and Slot.objects.get().booked == 1


@pytest.mark.django_db(transaction=True)
def test_a_flood_of_bookings_never_passes_the_capacity(tree, users):
    programme, slot = _programme(tree, users, capacity=7)
    people = _members(tree, users, 40, 1500)
    results, codes = run_at_once([lambda m=m: checks.book(slot, actor=m.user, member=m) for m in people])
    assert len(results) == 7 and set(codes) <= {"slot_full", "busy"}
    slot.refresh_from_db()
    assert slot.booked == 7 == Booking.objects.filter(slot=slot, status="booked").count()


@pytest.mark.django_db(transaction=True)
def test_one_member_flooding_gets_one_booking(tree, users):
    programme, slot = _programme(tree, users, capacity=10)
    (m,) = _members(tree, users, 1, 1600)
    results, codes = run_at_once([lambda: checks.book(slot, actor=m.user, member=m) for _ in range(16)])
    assert len(results) == 1 and set(codes) <= {"already_booked", "busy"}
    slot.refresh_from_db()
    assert slot.booked == 1
