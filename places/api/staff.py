"""The staff API of the places app: the register (``/places``), resources and bookings (``/place-resources``,
``/place-bookings``), the services catalogue and orders (``/service-items``, ``/service-orders``). Objects are
loaded through the caller's scope (404 outside it); every write is one service call."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from core.api import Paging, paginate, with_errors
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from orgs.models import Enterprise, Org

from .. import errors, selectors
from ..models import Booking, FieldVisit, Place, Resource, ServiceItem, ServiceOrder
from ..services import booking as booking_services
from ..services import field_visits, register
from ..services import orders as order_services
from .schemas import (
    DemandCountOut,
    FieldVisitCloseIn,
    FieldVisitIn,
    FieldVisitOut,
    PlaceBookingOut,
    PlaceIn,
    PlaceOut,
    PlacePage,
    PlacePatch,
    PlaceResourceIn,
    PlaceResourceOut,
    PlaceReviewIn,
    PlaceStaffBookingIn,
    ServiceDeclineIn,
    ServiceItemIn,
    ServiceItemOut,
    ServiceOrderIn,
    ServiceOrderOut,
    ServiceOrderPage,
    ServiceRateIn,
    ServiceScheduleIn,
)

places_router = Router(tags=["阵地"])
resources_router = Router(tags=["阵地"])
bookings_router = Router(tags=["阵地"])
items_router = Router(tags=["服务点单"])
orders_router = Router(tags=["服务点单"])


def _org(user, permission: str, code: str) -> Org:
    org = Org.objects.restrict(user, permission).filter(code=normalize_code(code)).first()
    if org is None:
        raise errors.ORG_NOT_IN_SCOPE(org=code, field="org")
    return org


def _place(user, pk) -> Place:
    return get_scoped_or_404(Place.objects.select_related("org"), user, "places.view", pk=pk)


# --- Places ---------------------------------------------------------------------------------------------------


@places_router.get("", response=with_errors({200: PlacePage}), summary="阵地列表")
def list_places(request, paging: Query[Paging], q: str = "", kind: str = "", status: str = ""):
    places = (
        Place.objects.restrict(request.auth, "places.view").select_related("org").order_by("org__path", "name", "pk")
    )
    if q:
        places = places.filter(name__icontains=q)
    if kind:
        places = places.filter(kind=kind)
    if status:
        places = places.filter(status=status)
    return paginate(places, paging)


@places_router.post("", response=with_errors({201: PlaceOut}, 400, 403), summary="登记阵地")
def create_place(request, payload: PlaceIn):
    data = payload.model_dump()
    org = _org(request.auth, "places.manage", data.pop("org"))
    return Status(201, register.create_place(actor=request.auth, org=org, **data))


@places_router.get("/{place_id}", response=with_errors({200: PlaceOut}, 404), summary="阵地详情")
def get_place(request, place_id: int):
    return _place(request.auth, place_id)


@places_router.patch("/{place_id}", response=with_errors({200: PlaceOut}, 400, 403, 404), summary="修改阵地")
def update_place(request, place_id: int, payload: PlacePatch):
    place = _place(request.auth, place_id)
    return register.update_place(place, actor=request.auth, **payload.model_dump(exclude_unset=True))


@places_router.post("/{place_id}/review", response=with_errors({200: PlaceOut}, 400, 403, 404), summary="年度星级复核")
def review_place(request, place_id: int, payload: PlaceReviewIn):
    place = _place(request.auth, place_id)
    register.review_place(place, actor=request.auth, **payload.model_dump())
    return _place(request.auth, place_id)


@places_router.get(
    "/{place_id}/resources", response=with_errors({200: list[PlaceResourceOut]}, 404), summary="阵地的可预约资源"
)
def list_resources(request, place_id: int):
    return list(_place(request.auth, place_id).resources.all())


@places_router.post(
    "/{place_id}/resources", response=with_errors({201: PlaceResourceOut}, 400, 403, 404), summary="新增可预约资源"
)
def create_resource(request, place_id: int, payload: PlaceResourceIn):
    place = _place(request.auth, place_id)
    return Status(201, booking_services.create_resource(place, actor=request.auth, **payload.model_dump()))


# --- Bookings -------------------------------------------------------------------------------------------------


@resources_router.post(
    "/{resource_id}/bookings",
    response=with_errors({201: PlaceBookingOut}, 400, 403, 404, 409),
    summary="为单位预约场地",
    description="工会或企业代团体预约：整场资源每个时段只接受一个预约（`slot_taken`），共享资源不超过容量（`slot_full`）。",
)
def book_for_org(request, resource_id: int, payload: PlaceStaffBookingIn):
    resource = get_scoped_or_404(
        Resource.objects.select_related("place__org"), request.auth, "places.view", pk=resource_id
    )
    data = payload.model_dump()
    org = _org(request.auth, "places.book", data.pop("for_org"))
    return Status(201, booking_services.book(resource, actor=request.auth, for_org=org, **data))


@bookings_router.get("/{booking_id}", response=with_errors({200: PlaceBookingOut}, 404), summary="预约详情")
def get_booking(request, booking_id: int):
    return get_scoped_or_404(Booking.objects.all(), request.auth, "places.view", pk=booking_id)


@bookings_router.post(
    "/{booking_id}/cancel", response=with_errors({200: PlaceBookingOut}, 403, 404, 409), summary="取消预约"
)
def cancel_booking(request, booking_id: int):
    booking = get_scoped_or_404(
        Booking.objects.select_related("resource__place__org"), request.auth, "places.view", pk=booking_id
    )
    return booking_services.cancel(booking, actor=request.auth)


# --- Services on order ----------------------------------------------------------------------------------------


@items_router.get("", response=with_errors({200: list[ServiceItemOut]}), summary="点单服务目录")
def list_items(request):
    return list(ServiceItem.objects.select_related("org").order_by("category", "name", "pk"))


@items_router.post("", response=with_errors({201: ServiceItemOut}, 400, 403), summary="新增点单服务")
def create_item(request, payload: ServiceItemIn):
    data = payload.model_dump()
    org = _org(request.auth, "places.serve", data.pop("org"))
    return Status(201, order_services.create_item(actor=request.auth, org=org, **data))


def _order(user, pk) -> ServiceOrder:
    return get_scoped_or_404(
        ServiceOrder.objects.select_related("item__org", "ordering_org", "town"), user, "places.view", pk=pk
    )


@orders_router.get("", response=with_errors({200: ServiceOrderPage}), summary="点单列表")
def list_orders(request, paging: Query[Paging], status: str = ""):
    orders = ServiceOrder.objects.restrict(request.auth, "places.view").select_related(
        "item__org", "ordering_org", "town"
    )
    if status:
        orders = orders.filter(status=status)
    return paginate(orders.order_by("-requested_at", "-pk"), paging)


@orders_router.post(
    "",
    response=with_errors({201: ServiceOrderOut}, 400, 403, 404, 409),
    summary="点单",
    description="镇街年度名额用完时返回 409 `quota_exhausted`。",
)
def place_order(request, payload: ServiceOrderIn):
    data = payload.model_dump()
    item = get_object_or_404(ServiceItem, pk=data.pop("item_id"))
    org = _org(request.auth, "places.order", data.pop("ordering_org"))
    return Status(201, order_services.place_order(item, actor=request.auth, ordering_org=org, **data))


@orders_router.get("/{order_id}", response=with_errors({200: ServiceOrderOut}, 404), summary="点单详情")
def get_order(request, order_id: int):
    return _order(request.auth, order_id)


@orders_router.post(
    "/{order_id}/accept", response=with_errors({200: ServiceOrderOut}, 403, 404, 409), summary="受理点单"
)
def accept_order(request, order_id: int):
    return order_services.accept(_order(request.auth, order_id), actor=request.auth)


@orders_router.post(
    "/{order_id}/decline", response=with_errors({200: ServiceOrderOut}, 400, 403, 404, 409), summary="不受理点单"
)
def decline_order(request, order_id: int, payload: ServiceDeclineIn):
    return order_services.decline(_order(request.auth, order_id), actor=request.auth, reason=payload.reason)


@orders_router.post(
    "/{order_id}/schedule",
    response=with_errors({200: ServiceOrderOut}, 400, 403, 404, 409),
    summary="点单排期",
    description="生成一场镇街主办、面向点单单位会员的活动并发布；报名、签到和参与统计由活动模块提供。",
)
def schedule_order(request, order_id: int, payload: ServiceScheduleIn):
    return order_services.schedule(_order(request.auth, order_id), actor=request.auth, **payload.model_dump())


@orders_router.post(
    "/{order_id}/deliver", response=with_errors({200: ServiceOrderOut}, 403, 404, 409), summary="确认送达"
)
def deliver_order(request, order_id: int):
    return order_services.deliver(_order(request.auth, order_id), actor=request.auth)


@orders_router.post(
    "/{order_id}/rate", response=with_errors({200: ServiceOrderOut}, 400, 403, 404, 409), summary="评价点单服务"
)
def rate_order(request, order_id: int, payload: ServiceRateIn):
    return order_services.rate(_order(request.auth, order_id), actor=request.auth, **payload.model_dump())


@orders_router.post(
    "/{order_id}/withdraw", response=with_errors({200: ServiceOrderOut}, 403, 404, 409), summary="撤回点单"
)
def withdraw_order(request, order_id: int):
    return order_services.withdraw(_order(request.auth, order_id), actor=request.auth)


# --- Visits (走访): /field-visits ------------------------------------------------------------------------------------
# The staff API of visits (走访): ``/field-visits``. Visits are read through the caller's scope (404 outside it).

field_visits_router = Router(tags=["走访"])


class FieldVisitPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[FieldVisitOut]


@field_visits_router.get("", response=with_errors({200: FieldVisitPage}), summary="走访记录")
def list_visits(request, paging: Query[Paging], follow_up: str = ""):
    found = FieldVisit.objects.restrict(request.auth, "places.view").select_related("org")
    if follow_up:
        found = found.filter(follow_up=follow_up)
    return paginate(found.order_by("-visited_on", "-pk"), paging)


@field_visits_router.get(
    "/demand-counts", response=with_errors({200: list[DemandCountOut]}), summary="需求清单（按服务类别）"
)
def demand_counts(request, year: int | None = None):
    """Kinds of service asked for in ``year`` (this year by default) during visits and on the enterprises' phone
    surveys, in the caller's scope, next to the catalogue's items and the orders: most wanted first."""
    return selectors.demand_counts(request.auth, year or timezone.localdate().year)


@field_visits_router.post("", response=with_errors({201: FieldVisitOut}, 400, 403, 404), summary="登记走访")
def log_visit(request, payload: FieldVisitIn):
    data = payload.model_dump()
    org = _org(request.auth, "places.manage", data.pop("org"))
    enterprise_id, place_id = data.pop("enterprise_id"), data.pop("place_id")
    enterprise = (
        get_object_or_404(Enterprise.objects.restrict(request.auth, "enterprises.view"), pk=enterprise_id)
        if enterprise_id
        else None
    )
    place = get_object_or_404(Place.objects.restrict(request.auth, "places.view"), pk=place_id) if place_id else None
    return Status(201, field_visits.log_visit(actor=request.auth, org=org, enterprise=enterprise, place=place, **data))


@field_visits_router.get("/{visit_id}", response=with_errors({200: FieldVisitOut}, 404), summary="走访详情")
def get_visit(request, visit_id: int):
    return get_scoped_or_404(FieldVisit.objects.select_related("org"), request.auth, "places.view", pk=visit_id)


@field_visits_router.post(
    "/{visit_id}/close", response=with_errors({200: FieldVisitOut}, 400, 403, 404, 409), summary="办结走访问题"
)
def close_problem(request, visit_id: int, payload: FieldVisitCloseIn):
    visit = get_scoped_or_404(FieldVisit.objects.select_related("org"), request.auth, "places.view", pk=visit_id)
    return field_visits.close_problem(visit, actor=request.auth, note=payload.note)
