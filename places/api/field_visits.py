"""The staff API of visits (走访): ``/field-visits``. Visits are read through the caller's scope (404 outside it)."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from core.api import Paging, paginate, with_errors
from core.scoping import get_scoped_or_404
from orgs.models import Enterprise

from ..models import FieldVisit, Place
from ..services import field_visits
from .schemas import FieldVisitCloseIn, FieldVisitIn, FieldVisitOut
from .staff import _org

router = Router(tags=["走访"])


class FieldVisitPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[FieldVisitOut]


@router.get("", response=with_errors({200: FieldVisitPage}), summary="走访记录")
def list_visits(request, paging: Query[Paging], follow_up: str = ""):
    found = FieldVisit.objects.restrict(request.auth, "places.view").select_related("org")
    if follow_up:
        found = found.filter(follow_up=follow_up)
    return paginate(found.order_by("-visited_on", "-pk"), paging)


@router.post("", response=with_errors({201: FieldVisitOut}, 400, 403, 404), summary="登记走访")
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


@router.get("/{visit_id}", response=with_errors({200: FieldVisitOut}, 404), summary="走访详情")
def get_visit(request, visit_id: int):
    return get_scoped_or_404(FieldVisit.objects.select_related("org"), request.auth, "places.view", pk=visit_id)


@router.post(
    "/{visit_id}/close", response=with_errors({200: FieldVisitOut}, 400, 403, 404, 409), summary="办结走访问题"
)
def close_problem(request, visit_id: int, payload: FieldVisitCloseIn):
    visit = get_scoped_or_404(FieldVisit.objects.select_related("org"), request.auth, "places.view", pk=visit_id)
    return field_visits.close_problem(visit, actor=request.auth, note=payload.note)
