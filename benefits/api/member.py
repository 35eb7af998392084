"""The member's offers and draws (``/api/v1/me/benefits``): offers open to them, claiming a voucher, their
vouchers, draws to enter and their prizes."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from core.api import with_errors
from members.models import Member

from .. import errors, selectors, services
from ..models import Draw
from .schemas import BenefitDrawOut, BenefitEntryOut, BenefitOfferOut, BenefitVoucherOut

router = Router(tags=["会员：我的普惠"])


def _me(request) -> Member:
    member = Member.objects.select_related("union").filter(user=request.auth).first()
    if member is None:
        raise errors.NOT_A_MEMBER()
    return member


@router.get("/offers", response=with_errors({200: list[BenefitOfferOut]}, 403), summary="我可享的优惠")
def my_offers(request):
    return list(selectors.offers_for_member(_me(request))[:100])


@router.post(
    "/offers/{offer_id}/claim", response=with_errors({201: BenefitVoucherOut}, 403, 404, 409), summary="领取优惠券"
)
def claim(request, offer_id: int):
    member = _me(request)
    offer = get_object_or_404(selectors.offers_for_member(member), pk=offer_id)
    return Status(201, services.claim_voucher(offer, member=member, actor=request.auth))


@router.get("/vouchers", response=with_errors({200: list[BenefitVoucherOut]}, 403), summary="我的优惠券")
def my_vouchers(request):
    return list(selectors.vouchers_of(_me(request))[:100])


@router.get("/draws", response=with_errors({200: list[BenefitDrawOut]}, 403), summary="我可参与的抽奖")
def my_draws(request):
    return list(selectors.draws_for_member(_me(request)).prefetch_related("prizes")[:50])


@router.post("/draws/{draw_id}/enter", response=with_errors({201: BenefitEntryOut}, 403, 404, 409), summary="参与抽奖")
def enter(request, draw_id: int):
    member = _me(request)
    draw = get_object_or_404(Draw.objects.filter(org__path__in=services.org_paths_above(member.union)), pk=draw_id)
    entry = services.enter_draw(draw, member=member, actor=request.auth)
    return Status(201, entry)


@router.get("/prizes", response=with_errors({200: list[BenefitEntryOut]}, 403), summary="我的奖品")
def my_prizes(request):
    return list(selectors.prizes_of(_me(request))[:100])
