"""The member's own care records (``/api/v1/me/care``)."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from core.api import with_errors
from core.errors import PERMISSION_DENIED
from members.models import Member

from ..models import CheckProgramme, Claim, Slot
from ..services import checks
from ..services.payouts import received_by
from ..views.common import visible_to_member
from .schemas import CareBookingOut, CareClaimOut, CareMyPayoutOut

router = Router(tags=["我的关心关爱"])


@router.get("/payouts", response=with_errors({200: list[CareMyPayoutOut]}, 403), summary="我收到的慰问与救助")
def my_payouts(request):
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        raise PERMISSION_DENIED()
    return list(received_by(member))


def _member(request) -> Member:
    member = Member.objects.select_related("union").filter(user=request.user).first()
    if member is None:
        raise PERMISSION_DENIED()
    return member


@router.get("/claims", response=with_errors({200: list[CareClaimOut]}, 403), summary="我的互助保障理赔")
def my_claims(request):
    return list(Claim.objects.filter(enrolment__member=_member(request)))


@router.post(
    "/slots/{slot_id}/book",
    response=with_errors({201: CareBookingOut}, 403, 404, 409, 503),
    summary="预约体检或疗休养时段",
)
def book(request, slot_id: int):
    member = _member(request)
    slot = get_object_or_404(Slot.objects.filter(programme__in=visible_to_member(CheckProgramme, member)), pk=slot_id)
    return Status(201, checks.book(slot, actor=request.user, member=member))
