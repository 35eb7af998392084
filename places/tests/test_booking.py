"""Booking rules: slots on the grid and within opening hours, exclusive vs shared capacity, cancelling frees the slot,
approval, no-shows, who may book."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import DomainError
from core.models import AuditEvent
from places.models import Booking, BookingSlot
from places.services import booking as booking_services

from .factories import member_with_account, place, resource, tomorrow_at


@pytest.fixture
def room(tree, users):
    return resource(place(tree.union_a1, users.union, name="甲一职工之家", kind="home"), users.union)


@pytest.fixture
def worker(tree, users):
    return member_with_account(tree.union_a1, users.union, 501)


def book(res, who, start, hours=1, **kw):
    return booking_services.book(
        res, actor=who.user, member=who, starts_at=start, ends_at=start + timedelta(hours=hours), **kw
    )


def test_exclusive_room_one_booking_per_slot_and_cancel_frees_it(room, worker, tree, users):
    other = member_with_account(tree.union_a1, users.union, 502)
    first = book(room, worker, tomorrow_at(10), hours=2)
    assert first.status == Booking.Status.CONFIRMED and first.hours == 2
    assert BookingSlot.objects.filter(booking=first).count() == 2
    with pytest.raises(DomainError) as exc:
        book(room, other, tomorrow_at(11))
    assert exc.value.code == "slot_taken"
    booking_services.cancel(first, actor=worker.user)
    assert book(room, other, tomorrow_at(11)).status == Booking.Status.CONFIRMED
    assert AuditEvent.objects.filter(action="places.booking.cancelled", object_id=str(first.pk)).exists()


def test_shared_resource_never_above_capacity(tree, users, worker):
    canteen = resource(place(tree.union_a1, users.union, kind="center"), users.union, exclusive=False, capacity=10)
    book(canteen, worker, tomorrow_at(12), party_size=6)
    with pytest.raises(DomainError) as exc:
        booking_services.book(
            canteen,
            actor=users.union,
            for_org=tree.union_a1,
            starts_at=tomorrow_at(12),
            ends_at=tomorrow_at(13),
            party_size=5,
        )
    assert exc.value.code == "slot_full" and "4" in str(exc.value.message)
    booking_services.book(
        canteen,
        actor=users.union,
        for_org=tree.union_a1,
        starts_at=tomorrow_at(12),
        ends_at=tomorrow_at(13),
        party_size=4,
    )
    assert BookingSlot.objects.filter(resource=canteen).count() == 10


def test_refusals_name_the_field(room, worker):
    for start, end, code in [
        (tomorrow_at(10, 30), tomorrow_at(11, 30), "slot_not_aligned"),
        (tomorrow_at(10), tomorrow_at(16), "too_many_slots"),
        (timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1), None, "booking_in_past"),
    ]:
        with pytest.raises(DomainError) as exc:
            booking_services.book(
                room, actor=worker.user, member=worker, starts_at=start, ends_at=end or start + timedelta(hours=1)
            )
        assert exc.value.code == code
    with pytest.raises(DomainError) as exc:
        book(room, worker, tomorrow_at(10), party_size=2)
    assert exc.value.code == "invalid_party_size"


def test_outside_opening_hours_refused(tree, users, worker):
    res = resource(place(tree.union_a1, users.union, kind="home", opening_hours="1-7 09:00-17:00"), users.union)
    with pytest.raises(DomainError) as exc:
        book(res, worker, tomorrow_at(16), hours=2)
    assert exc.value.code == "outside_opening_hours"
    assert book(res, worker, tomorrow_at(15), hours=2).pk


def test_a_member_books_only_for_themselves(room, worker, tree, users):
    other = member_with_account(tree.union_a1, users.union, 503)
    with pytest.raises(DomainError) as exc:
        booking_services.book(room, actor=other.user, member=worker, starts_at=tomorrow_at(9), ends_at=tomorrow_at(10))
    assert exc.value.code == "permission_denied"
    # and cancels only their own
    mine = book(room, worker, tomorrow_at(9))
    with pytest.raises(DomainError) as exc:
        booking_services.cancel(mine, actor=other.user)
    assert exc.value.code == "not_your_booking"


def test_staff_book_only_for_orgs_in_scope(room, tree, users):
    with pytest.raises(DomainError) as exc:
        booking_services.book(
            room, actor=users.union, for_org=tree.union_b1, starts_at=tomorrow_at(9), ends_at=tomorrow_at(10)
        )
    assert exc.value.code == "permission_denied"


def test_alliance_audience_is_the_town(tree, users):
    res = resource(place(tree.town_a, users.town, kind="center"), users.town, audience="alliance")
    outsider = member_with_account(tree.union_b1, users.union_b, 504)
    with pytest.raises(DomainError) as exc:
        book(res, outsider, tomorrow_at(9))
    assert exc.value.code == "audience_refused"
    insider = member_with_account(tree.union_a2, users.town, 505)
    assert book(res, insider, tomorrow_at(9)).pk


def test_approval_and_rejection_frees_slots(tree, users, worker):
    res = resource(place(tree.union_a1, users.union, kind="home"), users.union, needs_approval=True)
    pending = book(res, worker, tomorrow_at(9))
    assert pending.status == Booking.Status.PENDING
    booking_services.decide(pending, actor=users.union, approve=False)
    assert not BookingSlot.objects.filter(booking=pending).exists()
    again = book(res, worker, tomorrow_at(9))
    assert booking_services.decide(again, actor=users.union, approve=True).status == Booking.Status.CONFIRMED


def test_no_show_only_after_start(room, worker, users):
    b = book(room, worker, tomorrow_at(9))
    with pytest.raises(DomainError) as exc:
        booking_services.mark_no_show(b, actor=users.union)
    assert exc.value.code == "booking_not_live"
    Booking.objects.filter(pk=b.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    assert booking_services.mark_no_show(b, actor=users.union).status == Booking.Status.NO_SHOW


def test_utilisation_is_hours_booked_over_hours_open(tree, users, worker):
    from datetime import date

    from places import selectors

    res = resource(place(tree.union_a1, users.union, kind="home", opening_hours="1-7 09:00-19:00"), users.union)
    start = tomorrow_at(9)
    book(res, worker, start, hours=3)
    day = timezone.localtime(start).date()
    assert selectors.hours_open(res.place, day, day) == 10
    assert selectors.utilisation(res.place, day, day) == 30.0
    assert selectors.utilisation(res.place, date(2000, 1, 1), date(2000, 1, 1)) == 0.0


def test_alliance_partners_outside_the_town_may_book(tree, users, login):
    """联盟: a partner union named on the resource (乙一, in another town) books for its groups and members; a
    union neither in the town nor named stays refused. Naming partners is the manager's, by organisation code."""
    res = resource(place(tree.town_a, users.town, kind="center"), users.town, audience="alliance")
    outsider = member_with_account(tree.union_b1, users.union_b, 506)
    with pytest.raises(DomainError):
        book(res, outsider, tomorrow_at(9))
    client = login(users.town)
    bad = client.post(f"/console/places/resources/{res.pk}/partners/", {"partners": "NOPE99"}, follow=True)
    assert "找不到组织代码" in bad.content.decode() and not res.partners.exists()
    client.post(f"/console/places/resources/{res.pk}/partners/", {"partners": "UB11"})
    assert list(res.partners.all()) == [tree.union_b1]
    assert "乙一纺织有限公司工会" in client.get(f"/console/places/resources/{res.pk}/").content.decode()
    assert book(res, outsider, tomorrow_at(9)).pk
    assert booking_services.may_book(res, for_org=tree.union_b1)
    assert not booking_services.may_book(res, for_org=tree.town_b)  # the partner's town is not a partner
    with pytest.raises(DomainError):
        booking_services.set_partners(res, actor=users.union_b, orgs=[tree.union_b1])  # not the venue's manager
