"""The public API of 维权 (``/public/rights``, no token): a worker without an account applies for legal aid, follows
their legal-aid and mediation cases and rates a closed legal-aid case, proving their mobile number exactly as for
appeals: a code from ``POST /public/appeals/phone-code`` (used up by the first action that succeeds) or the signed
``access`` pass an earlier answer returned. A case is found by its number *and* that mobile number: someone else's
answers 404."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from appeals.api.public import access_pass, prove_phone, use_code
from core.api import public_errors

from .. import selectors, services
from ..models import LegalAidCase
from .member import town_of
from .schemas import (
    RightsPublicAidApplyIn,
    RightsPublicAidOut,
    RightsPublicAidRateIn,
    RightsPublicLookupIn,
    RightsPublicWorkerOut,
)

public_router = Router(tags=["职工维权（免登录）"])


def _by_phone(aid_no: str, phone: str) -> LegalAidCase:
    return get_object_or_404(selectors.worker_aids(phone=phone), aid_no=aid_no.strip().upper())


def _answer(aid: LegalAidCase, phone: str) -> LegalAidCase:
    aid = _by_phone(aid.aid_no, phone)
    for key, value in access_pass(phone).items():
        setattr(aid, key, value)
    return aid


@public_router.post(
    "/legal-aid",
    auth=None,
    response=public_errors({201: RightsPublicAidOut}, 400),
    summary="申请法律援助（免登录）",
    description="无需令牌。凭手机号和验证码（或凭证 `access`）申请工会法律援助，由所选镇街总工会受理。"
    "所有问题一次返回（`errors`）；申请被拒绝时验证码不作废，改正后可再次使用。",
)
def apply_public(request, payload: RightsPublicAidApplyIn):
    """Check the phone first (a wrong code stays counted), then apply and use up the code in one transaction."""
    phone = prove_phone(payload, consume=False)
    town = town_of(payload.town)
    with transaction.atomic():
        aid = services.apply_online(
            name=payload.name,
            phone=phone,
            employer_name=payload.employer_name,
            town=town,
            dispute_type=payload.dispute_type,
            summary=payload.summary,
            amount_claimed=payload.amount_claimed,
        )
        use_code(payload)
    return Status(201, _answer(aid, phone))


@public_router.post(
    "/lookup",
    auth=None,
    response=public_errors({200: RightsPublicWorkerOut}, 400),
    summary="查询我的法律援助和调解（免登录）",
    description="无需令牌。凭手机号和验证码（或凭证 `access`）查看该手机号作为当事人的法律援助和劳动争议调解案件"
    "（各最多 50 件，新的在前）。",
)
def lookup(request, payload: RightsPublicLookupIn):
    phone = prove_phone(payload, consume=False)
    aids = list(selectors.worker_aids(phone=phone)[:50])
    cases = list(selectors.worker_cases(phone=phone)[:50])
    use_code(payload)
    return {"legal_aid": aids, "cases": cases, **access_pass(phone)}


@public_router.post(
    "/legal-aid/{aid_no}/rating",
    auth=None,
    response=public_errors({200: RightsPublicAidOut}, 400, 404, 409),
    summary="评价法律援助（免登录）",
    description="无需令牌。结案后凭手机号和验证码（或凭证 `access`）评价一次：1 到 5 星，可留言。"
    "未结案或已评价时返回 409；编号与手机号不匹配时返回 404。",
)
def rate_public(request, aid_no: str, payload: RightsPublicAidRateIn):
    """Through ``services.rate_aid``."""
    phone = prove_phone(payload, consume=False)
    aid = _by_phone(aid_no, phone)
    with transaction.atomic():
        services.rate_aid(aid, rating=payload.rating, comment=payload.comment)
        use_code(payload)
    return _answer(aid, phone)
