"""The member API of 维权 (``/me/rights``): a member (the token of a user linked to a roster record) applies for
legal aid, follows their legal-aid cases and mediation cases, and rates a closed legal-aid case. Anyone else's case
answers 404."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from core.api import Paging, paginate, with_errors
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org

from .. import errors, selectors, services
from ..models import LegalAidCase, MediationCase
from .schemas import (
    RightsAidApplyIn,
    RightsAidRateIn,
    RightsWorkerAidOut,
    RightsWorkerAidPage,
    RightsWorkerCaseOut,
    RightsWorkerCasePage,
)

member_router = Router(tags=["会员：我的维权"])


def me(request) -> Member:
    """The caller's roster record; a token of a user who is not a member is refused."""
    member = Member.objects.select_related("union", "employer").filter(user=request.auth).first()
    if member is None:
        raise errors.NOT_A_MEMBER()
    return member


def town_of(code: str) -> Org | None:
    """The org a worker named by its code, or None when none was given."""
    if not (code or "").strip():
        return None
    town = Org.objects.filter(code=normalize_code(code)).first()
    if town is None:
        raise errors.TOWN_NOT_FOUND()
    return town


def _my_aid(member: Member, aid_no: str) -> LegalAidCase:
    return get_object_or_404(selectors.worker_aids(member), aid_no=aid_no.strip().upper())


def _my_case(member: Member, case_no: str) -> MediationCase:
    return get_object_or_404(selectors.worker_cases(member), case_no=case_no.strip().upper())


@member_router.get(
    "/legal-aid",
    response=with_errors({200: RightsWorkerAidPage}, 403),
    summary="我的法律援助",
    description="您作为受援职工的法律援助（网上申请的、由调解转介的），新的在前。",
)
def my_aids(request, paging: Query[Paging]):
    return paginate(selectors.worker_aids(me(request)), paging)


@member_router.post(
    "/legal-aid",
    response=with_errors({201: RightsWorkerAidOut}, 400, 403),
    summary="申请法律援助（会员）",
    description="以会员身份申请工会法律援助，由您所在工会上级的镇街总工会受理。所有问题一次返回（`errors`）。",
)
def apply_aid(request, payload: RightsAidApplyIn):
    """Through ``services.apply_online`` as the member."""
    member = me(request)
    aid = services.apply_online(
        member=member,
        dispute_type=payload.dispute_type,
        summary=payload.summary,
        amount_claimed=payload.amount_claimed,
        town=town_of(payload.town),
    )
    return Status(201, _my_aid(member, aid.aid_no))


@member_router.get(
    "/legal-aid/{aid_no}",
    response=with_errors({200: RightsWorkerAidOut}, 403, 404),
    summary="我的法律援助详情",
    description="状态、援助方式、承办律师、结果和我的评价。",
)
def my_aid(request, aid_no: str):
    return _my_aid(me(request), aid_no)


@member_router.post(
    "/legal-aid/{aid_no}/rating",
    response=with_errors({200: RightsWorkerAidOut}, 400, 403, 404, 409),
    summary="评价法律援助",
    description="结案后（`can_rate`）评价一次：1 到 5 星，可留言。未结案或已评价时返回 409。",
)
def rate_my_aid(request, aid_no: str, payload: RightsAidRateIn):
    """Through ``services.rate_aid``."""
    member = me(request)
    services.rate_aid(_my_aid(member, aid_no), rating=payload.rating, comment=payload.comment)
    return _my_aid(member, aid_no)


@member_router.get(
    "/cases",
    response=with_errors({200: RightsWorkerCasePage}, 403),
    summary="我的劳动争议调解",
    description="您作为申请人的调解案件及其进度，新的在前。",
)
def my_cases(request, paging: Query[Paging]):
    return paginate(selectors.worker_cases(me(request)), paging)


@member_router.get(
    "/cases/{case_no}",
    response=with_errors({200: RightsWorkerCaseOut}, 403, 404),
    summary="我的调解案件详情",
    description="状态、调解期限、结果和进度（受理、调解会日期、调解结果、结案）；不含调解记录内容。",
)
def my_case(request, case_no: str):
    return _my_case(me(request), case_no)
