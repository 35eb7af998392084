"""Bookable resources and their bookings. A booking takes whole slots (aligned on the hour, within opening
hours); what it holds is one ``BookingSlot`` row per slot and unit, under the resource's row lock, and the
database's unique (resource, slot, unit) refuses whatever slipped past: an exclusive resource is never booked
twice for a slot, a shared one never beyond its capacity (docs/decisions/0013-booking-units.md)."""

from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit
from core.errors import ValidationFailed
from core.scoping import can, require

from .. import errors
from ..locking import lock_booking, lock_resource
from ..models import Audience, Booking, BookingSlot, Place, Resource
from ..selectors import town_of

RESOURCE_FIELDS = (
    "name",
    "kind",
    "exclusive",
    "capacity",
    "slot_minutes",
    "audience",
    "needs_approval",
    "max_slots",
    "active",
)
SLOT_CHOICES = (15, 30, 60, 120, 240)


def _clean_resource(resource: Resource) -> None:
    problems = []
    resource.name = (resource.name or "").strip()
    if not resource.name:
        problems.append(errors.RESOURCE_NAME_REQUIRED())
    if resource.capacity is None or int(resource.capacity) < 1:
        problems.append(errors.INVALID_CAPACITY())
    if int(resource.slot_minutes or 0) not in SLOT_CHOICES:
        problems.append(errors.INVALID_SLOT_MINUTES())
    if problems:
        raise ValidationFailed(problems)
    if resource.exclusive:
        resource.capacity = max(int(resource.capacity), 1)


@transaction.atomic
def create_resource(place: Place, *, actor, **fields) -> Resource:
    require(actor, "places.manage", place.org)
    resource = Resource(place=place, **{k: v for k, v in fields.items() if k in RESOURCE_FIELDS})
    _clean_resource(resource)
    resource.save()
    audit.record("places.resource.created", actor=actor, obj=resource)
    return resource


@transaction.atomic
def update_resource(resource: Resource, *, actor, **changes) -> Resource:
    resource = lock_resource(resource.pk)
    require(actor, "places.manage", resource.place.org)
    fields = {k: v for k, v in changes.items() if k in RESOURCE_FIELDS}
    before = audit.snapshot(resource, list(fields))
    for key, value in fields.items():
        setattr(resource, key, value)
    _clean_resource(resource)
    resource.save()
    audit.record(
        "places.resource.updated",
        actor=actor,
        obj=resource,
        changes=audit.diff(before, audit.snapshot(resource, list(fields))),
    )
    return resource


def slots_of(resource: Resource, starts_at, ends_at) -> list:
    """The slot starts from ``starts_at`` to ``ends_at``; refused unless both fall on the resource's slot grid."""
    step = timedelta(minutes=resource.slot_minutes)
    local = timezone.localtime(starts_at)
    minutes = local.hour * 60 + local.minute
    if (
        ends_at <= starts_at
        or local.second
        or local.microsecond
        or minutes % resource.slot_minutes
        or (ends_at - starts_at) % step
    ):
        raise errors.NOT_ALIGNED(minutes=resource.slot_minutes)
    n = (ends_at - starts_at) // step
    if n > resource.max_slots:
        raise errors.TOO_MANY_SLOTS(n=resource.max_slots)
    return [starts_at + i * step for i in range(n)]


def _within_hours(place: Place, slot, minutes: int) -> bool:
    local = timezone.localtime(slot)
    start = local.strftime("%H:%M")
    end_local = local + timedelta(minutes=minutes)
    end = (
        "24:00"
        if end_local.date() != local.date() and end_local.strftime("%H:%M") == "00:00"
        else end_local.strftime("%H:%M")
    )
    if end_local.date() != local.date() and end != "24:00":
        return False
    return any(a <= start and end <= b for a, b in place.hours_on(local.date()))


def may_book(resource: Resource, *, member=None, for_org=None) -> bool:
    """Who the resource takes bookings from: members (any member of the platform; a group through its union),
    the 联盟 (members and orgs within the place's town, the partner unions named on the resource and the members
    of an alliance sharing its place (``shared_with``), with the orgs under them, wherever they are), or the
    public."""
    if resource.audience in (Audience.PUBLIC, Audience.MEMBERS):
        return True
    town = town_of(resource.place.org)
    town_path = town.path if town else resource.place.org.path
    org = for_org if for_org is not None else (member.union if member is not None else None)
    if org is None:
        return False
    if org.path.startswith(town_path):
        return True
    if any(org.path.startswith(path) for path in resource.partners.values_list("path", flat=True)):
        return True
    return any(org.path.startswith(o.path) for _label, orgs in shared_with(resource) for o in orgs)


# Other apps that share a place with orgs (an alliance's shared places): functions of a resource giving
# ``(label, orgs)`` pairs whose orgs (with their sub-trees) may book the resource's 联盟 slots like its partners.
PARTNER_SOURCES: list = []


def register_partner_source(fn) -> None:
    """Declare where else a resource's 联盟 comes from (called from an ``AppConfig.ready``)."""
    if fn not in PARTNER_SOURCES:
        PARTNER_SOURCES.append(fn)


def shared_with(resource: Resource) -> list[tuple[str, list]]:
    """The groups of orgs the declared sources say share the resource's place (e.g. ``("某某联盟", [orgs])``)."""
    return [pair for fn in PARTNER_SOURCES for pair in fn(resource)]


@transaction.atomic
def set_partners(resource: Resource, *, actor, orgs) -> Resource:
    """The 联盟 of a shared venue: unions outside the town whose groups (and members) may book it."""
    resource = lock_resource(resource.pk)
    require(actor, "places.manage", resource.place.org)
    before = sorted(resource.partners.values_list("code", flat=True))
    resource.partners.set(orgs)
    after = sorted(o.code for o in orgs)
    audit.record("places.resource.partners", actor=actor, obj=resource, changes={"partners": [before, after]})
    return resource


@transaction.atomic
def book(
    resource: Resource, *, actor, starts_at, ends_at, member=None, for_org=None, party_size: int = 1, purpose: str = ""
) -> Booking:
    """Book ``resource`` from ``starts_at`` to ``ends_at``: a member for themselves (``member``, whose account is
    ``actor``) or staff for a union or enterprise group (``for_org``, places.book over it). Refused when a slot is
    taken (exclusive) or has fewer free units than ``party_size`` (shared)."""
    if for_org is not None:
        require(actor, "places.book", for_org)
    elif member is None or member.user_id != getattr(actor, "pk", None):
        raise errors.PERMISSION_DENIED()
    try:
        party_size = int(party_size)
    except (TypeError, ValueError):
        party_size = 0
    resource = lock_resource(resource.pk)
    place = resource.place
    if not resource.active or place.status != "open":
        raise errors.NOT_BOOKABLE()
    if not may_book(resource, member=member, for_org=for_org):
        raise errors.AUDIENCE_REFUSED(audience=resource.get_audience_display())
    limit = resource.capacity
    if not 1 <= party_size <= limit:
        raise errors.INVALID_PARTY(n=limit)
    slots = slots_of(resource, starts_at, ends_at)
    if starts_at < timezone.now():
        raise errors.IN_THE_PAST()
    for slot in slots:
        if not _within_hours(place, slot, resource.slot_minutes):
            raise errors.OUTSIDE_HOURS(when=timezone.localtime(slot).strftime("%m月%d日 %H:%M"))
    need = 1 if resource.exclusive else party_size
    held: dict = {}
    for slot, unit in BookingSlot.objects.filter(resource=resource, slot__in=slots).values_list("slot", "unit"):
        held.setdefault(slot, set()).add(unit)
    free_by_slot = {}
    for slot in slots:
        free = [u for u in range(resource.units) if u not in held.get(slot, set())]
        if len(free) < need:
            if resource.exclusive:
                raise errors.SLOT_TAKEN()
            raise errors.FULL(left=len(free))
        free_by_slot[slot] = free[:need]
    booking = Booking.objects.create(
        resource=resource,
        starts_at=starts_at,
        ends_at=ends_at,
        party_size=party_size,
        hours=Decimal(resource.slot_minutes * len(slots)) / Decimal(60),
        member=member if for_org is None else None,
        for_org=for_org,
        purpose=(purpose or "").strip()[:200],
        status=Booking.Status.PENDING if resource.needs_approval else Booking.Status.CONFIRMED,
        booked_by=actor,
    )
    try:
        with transaction.atomic():
            BookingSlot.objects.bulk_create(
                [
                    BookingSlot(booking=booking, resource=resource, slot=slot, unit=unit)
                    for slot, units in free_by_slot.items()
                    for unit in units
                ]
            )
    except IntegrityError:  # the database's own guarantee, should a writer ever pass the lock
        raise (errors.SLOT_TAKEN() if resource.exclusive else errors.FULL(left=0)) from None
    audit.record(
        "places.booking.created",
        actor=actor,
        obj=booking,
        data={"resource": resource.pk, "slots": len(slots), "party_size": party_size},
    )
    return booking


def _may_manage(actor, booking: Booking) -> bool:
    return can(actor, "places.manage", booking.resource.place.org) or (
        booking.for_org is not None and can(actor, "places.book", booking.for_org)
    )


@transaction.atomic
def cancel(booking: Booking, *, actor, reason: str = "") -> Booking:
    """Cancel a live booking (its member, the group's union, or the place's staff): its slots are free again."""
    resource, booking = lock_booking(booking)
    booking.resource = resource
    own = booking.member is not None and booking.member.user_id == getattr(actor, "pk", None)
    if not own and not _may_manage(actor, booking):
        raise errors.NOT_YOUR_BOOKING()
    if not booking.holds or booking.ends_at <= timezone.now():
        raise errors.BOOKING_NOT_LIVE(status=booking.get_status_display())
    BookingSlot.objects.filter(booking=booking).delete()
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    audit.record("places.booking.cancelled", actor=actor, obj=booking, data={"reason": (reason or "")[:200]})
    return booking


@transaction.atomic
def decide(booking: Booking, *, actor, approve: bool) -> Booking:
    """Approve or reject a booking waiting for approval (a rejection frees its slots)."""
    resource, booking = lock_booking(booking)
    booking.resource = resource
    require(actor, "places.manage", resource.place.org)
    if booking.status != Booking.Status.PENDING:
        raise errors.BOOKING_NOT_LIVE(status=booking.get_status_display())
    if approve:
        booking.status = Booking.Status.CONFIRMED
    else:
        BookingSlot.objects.filter(booking=booking).delete()
        booking.status = Booking.Status.REJECTED
    booking.save(update_fields=["status"])
    audit.record("places.booking.approved" if approve else "places.booking.rejected", actor=actor, obj=booking)
    return booking


@transaction.atomic
def mark_no_show(booking: Booking, *, actor) -> Booking:
    """Record that nobody came to a confirmed booking once it has started (the slots stay: they were held)."""
    resource, booking = lock_booking(booking)
    booking.resource = resource
    require(actor, "places.manage", resource.place.org)
    if booking.status != Booking.Status.CONFIRMED or booking.starts_at > timezone.now():
        raise errors.BOOKING_NOT_LIVE(status=booking.get_status_display())
    booking.status = Booking.Status.NO_SHOW
    booking.save(update_fields=["status"])
    audit.record("places.booking.no_show", actor=actor, obj=booking)
    return booking
