"""The public part of the member-offers API: a drawn draw's published seed, entry numbers, prize pool and winners,
so anyone can re-check the result (``GET /api/v1/benefits/draws/{id}/check``). It owns the ``/benefits`` router;
the staff module adds its operations to it."""

from django.shortcuts import get_object_or_404
from ninja import Router

from core.api import public_errors

from .. import services
from ..models import Draw
from .schemas import BenefitDrawCheckOut

router = Router(tags=["会员普惠"])


@router.get(
    "/draws/{draw_id}/check",
    auth=None,
    response=public_errors({200: BenefitDrawCheckOut}, 404),
    summary="复核开奖结果（公开）",
)
def check_draw(request, draw_id: int):
    draw = get_object_or_404(Draw.objects.filter(status=Draw.Status.DRAWN), pk=draw_id)
    entries = list(draw.entries.order_by("pk").values_list("pk", "prize_id"))
    return {
        "seed": draw.seed,
        "entry_ids": [pk for pk, _p in entries],
        "prizes": list(draw.prizes.all()),
        "winners": {pk: prize for pk, prize in entries if prize is not None},
        "verified": services.recheck(draw),
    }
