"""The merchant counter's API (``/api/v1/partner/benefits``): a merchant's login reads a member's e-card (the QR's
link or token) and gets what the member may use there, redeems a discount for the card, or a voucher by its
code. Anyone else's offer or voucher answers 404."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from core.api import with_errors

from .. import errors, selectors, services
from ..models import Offer, Voucher
from .schemas import BenefitCardIn, BenefitCounterOut, BenefitRedemptionOut, BenefitVoucherCodeIn

router = Router(tags=["商户：扫码核销"])


def _merchants(request):
    merchants = services.merchants_of(request.auth)
    if not merchants:
        raise errors.NOT_MERCHANT()
    return merchants


@router.post("/scan", response=with_errors({200: BenefitCounterOut}, 400, 403, 409), summary="扫会员证：可用的优惠")
def scan(request, payload: BenefitCardIn):
    merchant = _merchants(request)[0]
    member = services.member_from_card(payload.card)
    seen = selectors.counter_view(merchant, member)
    return {
        "member_id": member.pk,
        "member_name": member.name,
        "union_name": member.union.name,
        "offers": seen["offers"],
        "vouchers": seen["vouchers"],
    }


@router.post(
    "/offers/{offer_id}/redeem",
    response=with_errors({201: BenefitRedemptionOut}, 400, 403, 404, 409),
    summary="为会员证核销折扣优惠",
)
def redeem_offer(request, offer_id: int, payload: BenefitCardIn):
    offer = get_object_or_404(Offer.objects.select_related("merchant"), pk=offer_id, merchant__in=_merchants(request))
    member = services.member_from_card(payload.card)
    return Status(201, services.redeem_offer(offer, member=member, actor=request.auth))


@router.post(
    "/vouchers/redeem",
    response=with_errors({201: BenefitRedemptionOut}, 400, 403, 404, 409),
    summary="按券码核销优惠券",
)
def redeem_voucher(request, payload: BenefitVoucherCodeIn):
    voucher = Voucher.objects.filter(code=payload.code.strip().upper(), offer__merchant__in=_merchants(request)).first()
    if voucher is None:
        raise errors.VOUCHER_NOT_FOUND()
    return Status(201, services.redeem_voucher(voucher, actor=request.auth))
