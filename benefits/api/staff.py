"""The member-offers API for staff (``/api/v1/benefits``): merchants and their offers, redemptions, draws (close,
draw, winners, prizes collected). Endpoints parse input, call one service and answer."""

from django.db.models import Q
from ninja import Query, Status

from core.api import with_errors
from core.errors import NOT_FOUND
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from orgs.models import Org

from .. import selectors, services
from ..models import Draw, Entry, Merchant, Offer
from .public import router
from .schemas import (
    BenefitDrawIn,
    BenefitDrawOut,
    BenefitFilters,
    BenefitMerchantIn,
    BenefitMerchantOut,
    BenefitOfferIn,
    BenefitOfferOut,
    BenefitRedemptionOut,
    BenefitWinnerOut,
)

VIEW, MANAGE = "benefits.view", "benefits.manage"


def _org(request, code: str, field: str) -> Org:
    org = Org.objects.restrict(request.user, MANAGE).filter(code=normalize_code(code or "")).first()
    if org is None:
        raise NOT_FOUND(field=field)
    return org


def _page(qs, filters):
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


def _merchant_out(merchant):
    merchant.usernames = list(merchant.partner.users.values_list("username", flat=True))
    return merchant


@router.get("/merchants", response=with_errors({200: list[BenefitMerchantOut]}), summary="签约商户")
def list_merchants(request, filters: Query[BenefitFilters]):
    qs = selectors.merchant_list(request.user)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    return _page(qs, filters)


@router.post("/merchants", response=with_errors({201: BenefitMerchantOut}, 400, 403, 404), summary="签约商户")
def create_merchant(request, payload: BenefitMerchantIn):
    merchant = services.create_merchant(
        actor=request.user,
        org=_org(request, payload.org, "org"),
        name=payload.name,
        category=payload.category,
        address=payload.address,
        phone=payload.phone,
        accounts=[a.dict() for a in payload.accounts],
    )
    return Status(201, _merchant_out(merchant))


@router.get("/merchants/{merchant_id}", response=with_errors({200: BenefitMerchantOut}, 404), summary="商户详情")
def get_merchant(request, merchant_id: int):
    merchant = get_scoped_or_404(Merchant.objects.select_related("org", "partner"), request.user, VIEW, pk=merchant_id)
    return _merchant_out(merchant)


@router.get("/offers", response=with_errors({200: list[BenefitOfferOut]}), summary="会员优惠")
def list_offers(request, filters: Query[BenefitFilters]):
    qs = selectors.offer_list(request.user)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(merchant__name__icontains=filters.q))
    return _page(qs, filters)


@router.post(
    "/merchants/{merchant_id}/offers",
    response=with_errors({201: BenefitOfferOut}, 400, 403, 404, 409),
    summary="发布优惠",
)
def create_offer(request, merchant_id: int, payload: BenefitOfferIn):
    merchant = get_scoped_or_404(Merchant.objects.select_related("org"), request.user, VIEW, pk=merchant_id)
    return Status(201, services.create_offer(merchant, actor=request.user, **payload.dict()))


@router.post("/offers/{offer_id}/withdraw", response=with_errors({200: BenefitOfferOut}, 403, 404), summary="下架优惠")
def withdraw_offer(request, offer_id: int):
    offer = get_scoped_or_404(Offer.objects.select_related("merchant__org"), request.user, VIEW, pk=offer_id)
    return services.withdraw_offer(offer, actor=request.user)


@router.get("/redemptions", response=with_errors({200: list[BenefitRedemptionOut]}), summary="核销记录")
def list_redemptions(request, filters: Query[BenefitFilters]):
    qs = selectors.redemption_list(request.user)
    if filters.q:
        qs = qs.filter(offer__title__icontains=filters.q)
    return _page(qs, filters)


@router.get("/draws", response=with_errors({200: list[BenefitDrawOut]}), summary="抽奖与福利派送")
def list_draws(request, filters: Query[BenefitFilters]):
    qs = selectors.draw_list(request.user).prefetch_related("prizes")
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    return _page(qs, filters)


@router.post("/draws", response=with_errors({201: BenefitDrawOut}, 400, 403, 404), summary="新建抽奖")
def create_draw(request, payload: BenefitDrawIn):
    data = payload.dict()
    org = _org(request, data.pop("org"), "org")
    return Status(201, services.create_draw(actor=request.user, org=org, **data))


def _draw(request, draw_id: int) -> Draw:
    return get_scoped_or_404(Draw.objects.select_related("org"), request.user, VIEW, pk=draw_id)


@router.get("/draws/{draw_id}", response=with_errors({200: BenefitDrawOut}, 404), summary="抽奖详情")
def get_draw(request, draw_id: int):
    return _draw(request, draw_id)


@router.post("/draws/{draw_id}/close", response=with_errors({200: BenefitDrawOut}, 403, 404, 409), summary="截止报名")
def close_draw(request, draw_id: int):
    return services.close_draw(_draw(request, draw_id), actor=request.user)


@router.post("/draws/{draw_id}/run", response=with_errors({200: list[BenefitWinnerOut]}, 403, 404, 409), summary="开奖")
def run_draw(request, draw_id: int):
    winners = services.run_draw(_draw(request, draw_id), actor=request.user)
    return list(Entry.objects.filter(pk__in=[e.pk for e in winners]).select_related("member", "prize"))


@router.get("/draws/{draw_id}/winners", response=with_errors({200: list[BenefitWinnerOut]}, 404), summary="中奖名单")
def list_winners(request, draw_id: int):
    draw = _draw(request, draw_id)
    return list(Entry.objects.filter(draw=draw, prize__isnull=False).select_related("member", "prize").order_by("pk"))


@router.post(
    "/entries/{entry_id}/collect", response=with_errors({200: BenefitWinnerOut}, 403, 404, 409), summary="登记领奖"
)
def collect_prize(request, entry_id: int):
    entry = get_scoped_or_404(Entry.objects.select_related("draw__org"), request.user, VIEW, pk=entry_id)
    services.collect_prize(entry, actor=request.user)
    return Entry.objects.select_related("member", "prize").get(pk=entry.pk)
