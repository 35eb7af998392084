"""The member API of the places app (``/me/place-bookings``): a member's own bookings; anyone else's is 404."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from core.api import with_errors
from members.models import Member

from ..models import Booking, PlaceStatus, Resource
from ..services import booking as booking_services
from .schemas import PlaceBookingOut, PlaceMemberBookingIn

router = Router(tags=["阵地"])


def _member(request) -> Member:
    return get_object_or_404(Member.objects.select_related("union"), user=request.auth)


@router.get("", response=with_errors({200: list[PlaceBookingOut]}, 404), summary="我的场地预约")
def my_bookings(request):
    return list(Booking.objects.filter(member=_member(request)).order_by("-starts_at")[:100])


@router.post("", response=with_errors({201: PlaceBookingOut}, 400, 403, 404, 409), summary="预约场地")
def book(request, payload: PlaceMemberBookingIn):
    member = _member(request)
    data = payload.model_dump()
    resource = get_object_or_404(
        Resource.objects.filter(active=True, place__status=PlaceStatus.OPEN), pk=data.pop("resource_id")
    )
    return Status(201, booking_services.book(resource, actor=request.auth, member=member, **data))


@router.post("/{booking_id}/cancel", response=with_errors({200: PlaceBookingOut}, 404, 409), summary="取消我的预约")
def cancel(request, booking_id: int):
    booking = get_object_or_404(Booking.objects.select_related("resource"), pk=booking_id, member=_member(request))
    return booking_services.cancel(booking, actor=request.auth)
