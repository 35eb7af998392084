"""Services on order (点单): the catalogue a federation offers, and each order's way from request to delivery.

An enterprise union or a community (``places.order`` over itself) orders a service with a wished date and the
audience it expects; the order counts against the item's yearly quota for the town above the ordering org while it
is not declined or withdrawn (refused once the quota is used, counted under the item's row lock). The town
(``places.serve``) accepts or declines with a reason, then schedules it: the delivery becomes an activity of the
town for the ordering org's members, so registration, check-in and participations come from the activities app.
Delivered when that activity is finished; then the ordering union rates it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from activities import services as activities
from activities.models import Activity
from core import audit
from core.errors import ValidationFailed
from core.scoping import require

from .. import errors
from ..locking import lock_delivery, lock_item, lock_order
from ..models import ServiceCategory, ServiceItem, ServiceOrder
from ..selectors import quota_used, town_of

ITEM_FIELDS = ("name", "category", "provider", "description", "needs", "yearly_quota", "lead_days", "active")
# Which activity category a delivered service is filed under.
ACTIVITY_CATEGORY = {
    ServiceCategory.CULTURE: "culture",
    ServiceCategory.LECTURE: "lecture",
    ServiceCategory.LAW: "lecture",
    ServiceCategory.MENTAL: "mental",
}


def _clean_item(item: ServiceItem) -> None:
    problems = []
    item.name = (item.name or "").strip()
    item.provider = (item.provider or "").strip()
    if not item.name:
        problems.append(errors.SERVICE_NAME_REQUIRED())
    if item.category not in ServiceCategory.values:
        problems.append(errors.INVALID_CATEGORY())
    if not item.provider:
        problems.append(errors.PROVIDER_REQUIRED())
    if problems:
        raise ValidationFailed(problems)


@transaction.atomic
def create_item(*, actor, org, **fields) -> ServiceItem:
    require(actor, "places.serve", org)
    item = ServiceItem(org=org, **{k: v for k, v in fields.items() if k in ITEM_FIELDS})
    _clean_item(item)
    item.save()
    audit.record("places.service.created", actor=actor, obj=item)
    return item


@transaction.atomic
def update_item(item: ServiceItem, *, actor, **changes) -> ServiceItem:
    item = lock_item(item.pk)
    require(actor, "places.serve", item.org)
    fields = {k: v for k, v in changes.items() if k in ITEM_FIELDS}
    before = audit.snapshot(item, list(fields))
    for key, value in fields.items():
        setattr(item, key, value)
    _clean_item(item)
    item.save()
    audit.record(
        "places.service.updated", actor=actor, obj=item, changes=audit.diff(before, audit.snapshot(item, list(fields)))
    )
    return item


@transaction.atomic
def place_order(
    item: ServiceItem, *, actor, ordering_org, wished_date, expected_audience, address: str = "", note: str = ""
) -> ServiceOrder:
    """Order ``item`` for ``ordering_org``; refused once the town's yearly quota of the item is used."""
    require(actor, "places.order", ordering_org)
    item = lock_item(item.pk)
    if not item.active:
        raise errors.ITEM_INACTIVE()
    if not ordering_org.path.startswith(item.org.path):
        raise errors.NOT_IN_ITEM_AREA(org=ordering_org.name)
    town = town_of(ordering_org)
    if town is None:
        raise errors.NO_TOWN(org=ordering_org.name)
    problems = []
    earliest = timezone.localdate() + timedelta(days=item.lead_days)
    if wished_date is None or wished_date < earliest:
        problems.append(errors.TOO_SOON(days=item.lead_days, date=earliest.isoformat()))
    try:
        expected_audience = int(expected_audience)
    except (TypeError, ValueError):
        expected_audience = 0
    if expected_audience < 1:
        problems.append(errors.INVALID_AUDIENCE())
    if problems:
        raise ValidationFailed(problems)
    year = wished_date.year
    if quota_used(item, town, year) >= item.yearly_quota:
        raise errors.QUOTA_EXHAUSTED(town=town.name, year=year, item=item.name, quota=item.yearly_quota)
    order = ServiceOrder.objects.create(
        item=item,
        ordering_org=ordering_org,
        town=town,
        year=year,
        wished_date=wished_date,
        expected_audience=expected_audience,
        address=(address or "").strip()[:200] or ordering_org.name,
        note=(note or "").strip()[:500],
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit.record("places.order.requested", actor=actor, obj=order, data={"item": item.pk, "town": town.code})
    return order


def _step(
    order: ServiceOrder, actor, permission: str, allowed: set, org_attr: str = "town", *, locked=None
) -> ServiceOrder:
    order = locked or lock_order(order)
    require(actor, permission, getattr(order, org_attr))
    if order.status not in allowed:
        raise errors.ORDER_STATUS(status=order.get_status_display())
    return order


@transaction.atomic
def accept(order: ServiceOrder, *, actor) -> ServiceOrder:
    order = _step(order, actor, "places.serve", {ServiceOrder.Status.REQUESTED})
    order.status = ServiceOrder.Status.ACCEPTED
    order.save(update_fields=["status"])
    audit.record("places.order.accepted", actor=actor, obj=order)
    return order


@transaction.atomic
def decline(order: ServiceOrder, *, actor, reason: str) -> ServiceOrder:
    """Decline with a reason the ordering union reads; the quota it held is free again."""
    if not (reason or "").strip():
        raise errors.REASON_REQUIRED()
    order = _step(order, actor, "places.serve", {ServiceOrder.Status.REQUESTED, ServiceOrder.Status.ACCEPTED})
    order.status, order.decline_reason = ServiceOrder.Status.DECLINED, reason.strip()[:300]
    order.save(update_fields=["status", "decline_reason"])
    audit.record("places.order.declined", actor=actor, obj=order, data={"reason": order.decline_reason})
    return order


def _unlocked(order: ServiceOrder) -> ServiceOrder:
    """The order as it stands, not locked (for the checks made before its lock is taken)."""
    return ServiceOrder.objects.select_related("item", "ordering_org", "town", "activity").get(pk=order.pk)


@transaction.atomic
def schedule(order: ServiceOrder, *, actor, starts_at, ends_at, capacity: int | None = None) -> ServiceOrder:
    """Schedule an accepted order: an activity of the town, for the ordering org's members, published now."""
    # Checked before the activity is made, and again under the order's lock after it: the activity (rank 42) is
    # created and published before the order (88) is locked (places/locking.py).
    order = _step(order, actor, "places.serve", {ServiceOrder.Status.ACCEPTED}, locked=_unlocked(order))
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise errors.INVALID_SCHEDULE()
    now = timezone.now()
    activity = activities.create_activity(
        actor=actor,
        organiser=order.town,
        title=f"{order.item.name}（{order.ordering_org.name}）",
        category=ACTIVITY_CATEGORY.get(order.item.category, "volunteer"),
        description=f"点单服务：{order.item.name}，服务提供方：{order.item.provider}。{order.note}",
        starts_at=starts_at,
        ends_at=ends_at,
        address=order.address,
        capacity=capacity or order.expected_audience,
        audience_org=order.ordering_org,
        registration_opens_at=min(now, starts_at),
        registration_closes_at=starts_at,
    )
    activity = activities.publish(activity, actor=actor)
    order = _step(order, actor, "places.serve", {ServiceOrder.Status.ACCEPTED})
    order.activity, order.status = activity, ServiceOrder.Status.SCHEDULED
    order.save(update_fields=["activity", "status"])
    audit.record("places.order.scheduled", actor=actor, obj=order, data={"activity": activity.pk})
    return order


@transaction.atomic
def deliver(order: ServiceOrder, *, actor) -> ServiceOrder:
    """The service took place: its activity is finished (check-ins are its participations)."""
    order = _step(order, actor, "places.serve", {ServiceOrder.Status.SCHEDULED}, locked=lock_delivery(order))
    activity = Activity.objects.get(pk=order.activity_id)
    if activity.status != Activity.Status.FINISHED:
        activities.finish(activity, actor=actor)
    order.status, order.delivered_at = ServiceOrder.Status.DELIVERED, timezone.now()
    order.save(update_fields=["status", "delivered_at"])
    audit.record(
        "places.order.delivered", actor=actor, obj=order, data={"participations": activity.participations.count()}
    )
    return order


@transaction.atomic
def rate(order: ServiceOrder, *, actor, rating, comment: str = "") -> ServiceOrder:
    """The ordering union rates a delivered service (once)."""
    order = _step(order, actor, "places.order", {ServiceOrder.Status.DELIVERED}, org_attr="ordering_org")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise errors.INVALID_RATING()
    if order.rating is not None:
        raise errors.ALREADY_RATED()
    order.rating, order.rating_comment = rating, (comment or "").strip()[:300]
    order.save(update_fields=["rating", "rating_comment"])
    audit.record("places.order.rated", actor=actor, obj=order, data={"rating": rating})
    return order


@transaction.atomic
def withdraw(order: ServiceOrder, *, actor) -> ServiceOrder:
    """The ordering union withdraws an order not yet scheduled; the quota is free again."""
    order = _step(
        order,
        actor,
        "places.order",
        {ServiceOrder.Status.REQUESTED, ServiceOrder.Status.ACCEPTED},
        org_attr="ordering_org",
    )
    order.status = ServiceOrder.Status.CANCELLED
    order.save(update_fields=["status"])
    audit.record("places.order.cancelled", actor=actor, obj=order)
    return order
