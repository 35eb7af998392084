"""Health checks (体检) and 疗休养 / 家乡游: programmes with slots of a capacity; members book one slot per
programme on the phone; staff check them in. A booking locks its slot (``care.locking``), so a flood of bookings
never passes the capacity (a check constraint backs it). A programme ``by_nomination`` gives unions quotas (名额):
a union nominates members within its quota (the quota row is locked, a check constraint backs it) and only
nominated members may book."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit
from core.scoping import require

from .. import errors, locking
from ..models import Booking, CheckProgramme, CheckQuota, Nomination, Slot


@transaction.atomic
def create_programme(*, actor, org, kind: str, title: str, year: int, by_nomination: bool = False) -> CheckProgramme:
    require(actor, "care.manage", org)
    if kind not in CheckProgramme.Kind.values:
        raise errors.INVALID_CHOICE(label="类别", field="kind")
    title = (title or "").strip()
    if not title:
        raise errors.TITLE_REQUIRED()
    programme = CheckProgramme.objects.create(
        org=org, kind=kind, title=title[:100], year=year, by_nomination=bool(by_nomination)
    )
    audit.record("care.checks.created", actor=actor, obj=programme, data={"by_nomination": bool(by_nomination)})
    return programme


@transaction.atomic
def add_slot(programme: CheckProgramme, *, actor, place: str, starts_at, capacity: int) -> Slot:
    require(actor, "care.manage", programme.org)
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        raise errors.INVALID_CAPACITY()
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
        slot.programme.by_nomination
        and not Nomination.objects.filter(
            programme=slot.programme, member=member, status=Nomination.Status.NOMINATED
        ).exists()
    ):
        raise errors.NOT_NOMINATED()
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


@transaction.atomic
def set_quota(programme: CheckProgramme, *, actor, union, quota: int) -> CheckQuota:
    """Give ``union`` (an org below the programme's) ``quota`` nominations; never fewer than it has made."""
    require(actor, "care.manage", programme.org)
    if not union.path.startswith(programme.org.path) or union.path == programme.org.path:
        raise errors.QUOTA_ORG(org=union.name)
    if not isinstance(quota, int) or isinstance(quota, bool) or quota < 0:
        raise errors.INVALID_CAPACITY(field="quota")
    row, created = CheckQuota.objects.get_or_create(programme=programme, union=union, defaults={"quota": quota})
    old = None if created else row.quota
    if not created:
        row = locking.quota_for_update(row.pk)
        if quota < row.nominated:
            raise errors.QUOTA_BELOW_USED(org=union.name, used=row.nominated)
        row.quota = quota
        row.save(update_fields=["quota"])
    audit.record("care.quota.set", actor=actor, obj=row, data={"programme": programme.pk, "from": old, "to": quota})
    return row


def quota_for(programme: CheckProgramme, union):
    """The quota of the nearest org at or above ``union`` (inside the programme's org) that has one, or None."""
    paths = [union.path[:n] for n in range(len(union.path), len(programme.org.path), -union.steplen)]
    found = {q.union.path: q for q in CheckQuota.objects.select_related("union").filter(
        programme=programme, union__path__in=paths
    )}  # fmt: skip
    return next((found[p] for p in paths if p in found), None)


@transaction.atomic
def nominate(programme: CheckProgramme, *, actor, member) -> Nomination:
    """A union nominates one of its members within its quota; concurrent nominations queue on the quota row."""
    require(actor, "care.checks", member.union)
    quota = quota_for(programme, member.union)
    if quota is None:
        raise errors.NO_QUOTA(union=member.union.name)
    quota = locking.quota_for_update(quota.pk)
    if Nomination.objects.filter(programme=programme, member=member, status=Nomination.Status.NOMINATED).exists():
        raise errors.ALREADY_NOMINATED(name=member.name)
    if quota.nominated >= quota.quota:
        raise errors.QUOTA_FULL(org=quota.union.name, quota=quota.quota)
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                programme=programme, quota=quota, member=member, union=member.union, nominated_by=actor
            )
    except IntegrityError:
        raise errors.ALREADY_NOMINATED(name=member.name) from None
    quota.nominated += 1
    quota.save(update_fields=["nominated"])
    audit.record("care.nomination.created", actor=actor, obj=nomination, data={"quota": quota.pk})
    return nomination


@transaction.atomic
def withdraw(nomination: Nomination, *, actor) -> Nomination:
    """Withdraw a nomination: the place returns to the quota (a live booking of the member is cancelled too)."""
    require(actor, "care.checks", nomination.union)
    booking = (
        Booking.objects.filter(programme=nomination.programme_id, member=nomination.member_id)
        .exclude(status=Booking.Status.CANCELLED)
        .first()
    )
    if booking is not None:
        if booking.status == Booking.Status.ATTENDED:
            raise errors.BOOKING_NOT_ACTIVE()
        cancel(booking, actor=actor)
    quota = locking.quota_for_update(nomination.quota_id)
    nomination = Nomination.objects.get(pk=nomination.pk)
    if nomination.status != Nomination.Status.NOMINATED:
        raise errors.NOMINATION_NOT_ACTIVE()
    nomination.status = Nomination.Status.WITHDRAWN
    nomination.save(update_fields=["status"])
    quota.nominated -= 1
    quota.save(update_fields=["nominated"])
    audit.record("care.nomination.withdrawn", actor=actor, obj=nomination)
    return nomination
