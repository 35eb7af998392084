"""The public API of the places app (no login, ``/public/places``): the finder, a place, and the door QR's visit and
rating for apps that keep their own device key."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from core.api import with_errors

from .. import selectors
from ..models import Amenity, Place, PlaceKind, PlaceStatus
from ..services import visits as visit_services
from .schemas import PlaceNearbyOut, PlaceOut, PlaceRateIn, PlaceScanIn, PlaceVisitOut

router = Router(tags=["阵地（公开）"], auth=None)


class PlaceNearbyQuery(Schema):
    lat: float = Field(ge=-90, le=90, description="纬度（WGS-84）")
    lng: float = Field(ge=-180, le=180, description="经度（WGS-84）")
    kind: str = Field("", description="类型，空为全部")
    amenity: list[str] = Field(default_factory=list, description="须具备的设施")
    open_now: bool = Field(False, description="只看此刻开放的")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=200, description="跳过最近的若干个（翻页）")


@router.get(
    "/nearby",
    response=with_errors({200: list[PlaceNearbyOut]}),
    summary="附近的阵地",
    description="按到给定位置的真实球面距离（haversine）由近及远排列。",
)
def nearby(request, query: Query[PlaceNearbyQuery]):
    kind = query.kind if query.kind in PlaceKind.values else ""
    amenities = [a for a in query.amenity if a in Amenity.values]
    found = selectors.nearest(
        query.lat,
        query.lng,
        kind=kind,
        amenities=amenities,
        open_now=query.open_now,
        limit=query.limit,
        offset=query.offset,
        detail=True,
    )
    return [{"place": f.place, "distance_m": round(f.distance_m, 1), "open_now": f.place.is_open_at()} for f in found]


@router.get("/{place_id}", response=with_errors({200: PlaceOut}, 404), summary="阵地（公开信息）")
def get_public_place(request, place_id: int):
    return get_object_or_404(Place.objects.select_related("org").exclude(status=PlaceStatus.CLOSED), pk=place_id)


@router.post(
    "/door/{token}/visit", response=with_errors({200: PlaceVisitOut}, 400, 404, 409), summary="扫门牌码登记到访"
)
def scan(request, token: str, payload: PlaceScanIn):
    place = get_object_or_404(Place, token=token)
    visit, created = visit_services.scan(place, visitor=visit_services.visitor_key(None, payload.device))
    return {
        "id": visit.pk,
        "place_id": place.pk,
        "visited_at": visit.visited_at,
        "created": created,
        "rating": visit.rating,
    }


@router.post("/door/{token}/rate", response=with_errors({200: PlaceVisitOut}, 400, 404, 409), summary="评价本次到访")
def rate(request, token: str, payload: PlaceRateIn):
    place = get_object_or_404(Place, token=token)
    visit = visit_services.rate(
        place, visitor=visit_services.visitor_key(None, payload.device), rating=payload.rating, comment=payload.comment
    )
    return {
        "id": visit.pk,
        "place_id": place.pk,
        "visited_at": visit.visited_at,
        "created": False,
        "rating": visit.rating,
    }
