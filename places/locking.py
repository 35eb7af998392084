"""Which rows the places workflows lock (``core.locking``), in rank order: a resource (80) before its bookings (84);
a service item (86) before its orders (88).

- booking a resource locks the resource row, so the free units of a slot are counted and taken by one booking at a
  time (the ``BookingSlot`` unique constraint is the database's own guarantee underneath);
- cancelling, approving or marking a booking locks the resource, then the booking;
- placing an order locks the service item, so its yearly quota per town is counted by one order at a time;
- each step of an order locks the order alone, but delivering it locks its activity first (an activity ranks
  42), and scheduling it creates and publishes the activity before it locks the order;
- closing a visit's problem locks the visit (89);
- rating a door-QR visit locks the worker's visit (82);
- adding photos to a place locks the place (81), so its 9-photo limit is counted by one upload at a time.
"""

from core.locking import lock, lock_one

from .models import Booking, FieldVisit, Place, Resource, ServiceItem, ServiceOrder, Visit


def lock_place(place_id: int) -> Place:
    return lock_one(Place.objects.select_related("org"), pk=place_id)


def lock_resource(resource_id: int) -> Resource:
    return lock_one(Resource.objects.select_related("place__org"), pk=resource_id)


def lock_booking(booking: Booking) -> tuple[Resource, Booking]:
    resource = lock_resource(booking.resource_id)
    return resource, lock_one(Booking.objects.select_related("member", "for_org"), pk=booking.pk)


def lock_item(item_id: int) -> ServiceItem:
    return lock_one(ServiceItem.objects.select_related("org"), pk=item_id)


def lock_order(order: ServiceOrder) -> ServiceOrder:
    return lock_one(ServiceOrder.objects.select_related("item", "ordering_org", "town", "activity"), pk=order.pk)


def lock_delivery(order: ServiceOrder) -> ServiceOrder:
    """The order's activity (42), then the order: delivering finishes the activity, whose service locks it again."""
    from activities.locking import lock_activity

    activity_id = ServiceOrder.objects.filter(pk=order.pk).values_list("activity_id", flat=True).first()
    if activity_id is not None:
        lock_activity(activity_id)
    return lock_order(order)


def lock_field_visit(visit: FieldVisit) -> FieldVisit:
    return lock_one(FieldVisit.objects.select_related("org"), pk=visit.pk)


def lock_recent_visit(place, visitor: str, since) -> Visit | None:
    """The worker's latest visit of ``place`` after ``since``, under the row locks of their visits in that window
    (one a hour), or ``None``: a visit is rated once."""
    rows = lock(Visit.objects.filter(place=place, visitor=visitor, visited_at__gt=since))
    return max(rows, key=lambda v: (v.visited_at, v.pk), default=None)
