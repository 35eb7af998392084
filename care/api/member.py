"""The member's own care records (``/api/v1/me/care``)."""

from ninja import Router

from core.api import with_errors
from core.errors import PERMISSION_DENIED
from members.models import Member

from ..services.payouts import received_by
from .schemas import CareMyPayoutOut

router = Router(tags=["我的关心关爱"])


@router.get("/payouts", response=with_errors({200: list[CareMyPayoutOut]}, 403), summary="我收到的慰问与救助")
def my_payouts(request):
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        raise PERMISSION_DENIED()
    return list(received_by(member))
