"""Health checks (体检) and 疗休养 / 家乡游: programmes with slots of a capacity; members book one slot per
programme on the phone; staff check them in. A booking locks its slot (``care.locking``), so a flood of bookings
never passes the capacity (a check constraint backs it)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit
from core.scoping import require

from .. import errors, locking
from ..models import Booking, CheckProgramme, Slot


@transaction.atomic
def create_programme(*, actor, org, kind: str, title: str, year: int) -> CheckProgramme:
    require(actor, "care.manage", org)
    if kind not in CheckProgramme.Kind.values:
        raise errors.INVALID_CHOICE(label="类别", field="kind")
    title = (title or "").strip()
    if not title:
        raise errors.TITLE_REQUIRED()
    programme = CheckProgramme.objects.create(org=org, kind=kind, title=title[:100], year=year)
    audit.record("care.checks.created", actor=actor, obj=programme)
    return programme


@transaction.atomic
def add_slot(programme: CheckProgramme, *, actor, place: str, starts_at, capacity: int) -> Slot:
    require(actor, "care.manage", programme.org)
    if not isinstance(capacity, int) or capacity < 1:
        raise errors.INVALID_CHOICE(label="名额", field="capacity")
    slot = Slot.objects.create(
        programme=programme, place=(place or "").strip()[:100], starts_at=starts_at, capacity=capacity
    )
    audit.record("care.slot.created", actor=actor, obj=programme, data={"slot": slot.pk, "capacity": capacity})
    return slot


@transaction.atomic
def book(slot: Slot, *, actor, member) -> Booking:
    """The member books ``slot`` (on the phone: ``actor`` is their own login; staff booking for a member need
    ``care.checks`` over the member's union)."""
    if member.user_id != getattr(actor, "pk", None):
        require(actor, "care.checks", member.union)
    slot = locking.slot_for_update(slot.pk)
    if slot.starts_at < timezone.now():
        raise errors.SLOT_PAST()
    if (
        Booking.objects.filter(programme=slot.programme, member=member)
        .exclude(status=Booking.Status.CANCELLED)
        .exists()
    ):
        raise errors.ALREADY_BOOKED()
    if slot.booked >= slot.capacity:
        raise errors.SLOT_FULL()
    try:
        with transaction.atomic():
            booking = Booking.objects.create(slot=slot, programme=slot.programme, member=member, union=member.union)
    except IntegrityError:
        raise errors.ALREADY_BOOKED() from None
    slot.booked += 1
    slot.save(update_fields=["booked"])
    audit.record("care.booking.created", actor=actor, obj=booking, data={"slot": slot.pk})
    return booking


@transaction.atomic
def cancel(booking: Booking, *, actor) -> Booking:
    if booking.member.user_id != getattr(actor, "pk", None):
        require(actor, "care.checks", booking.union)
    slot = locking.slot_for_update(booking.slot_id)
    booking = Booking.objects.get(pk=booking.pk)  # read under the slot's lock: its state cannot change meanwhile
    if booking.status != Booking.Status.BOOKED:
        raise errors.BOOKING_NOT_ACTIVE()
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    slot.booked -= 1
    slot.save(update_fields=["booked"])
    audit.record("care.booking.cancelled", actor=actor, obj=booking)
    return booking


@transaction.atomic
def check_in(booking: Booking, *, actor) -> Booking:
    require(actor, "care.checks", booking.union)
    locking.slot_for_update(booking.slot_id)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status != Booking.Status.BOOKED:
        raise errors.BOOKING_NOT_ACTIVE()
    booking.status, booking.attended_at = Booking.Status.ATTENDED, timezone.now()
    booking.save(update_fields=["status", "attended_at"])
    audit.record("care.booking.attended", actor=actor, obj=booking)
    return booking
