"""Staff API of 维权维稳 (``/api/v1/rights``): mediation cases (list, open directly or from an appeal, sessions,
extension, outcome) and legal aid. Objects outside the caller's scope answer 404 like unknown ids; in scope
without ``rights.handle`` answers 403; every write is one service call."""

from ninja import Query, Router, Status

from appeals.models import Appeal
from core.api import Paging, paginate, with_errors
from core.errors import PERMISSION_DENIED
from core.scoping import get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Enterprise, Org

from .. import errors, selectors, services
from ..models import Lawyer, LegalAidCase, MediationCase
from .schemas import (
    RightsAidAssignIn,
    RightsAidCloseIn,
    RightsAidOut,
    RightsAidPage,
    RightsCaseDetailOut,
    RightsCaseIn,
    RightsCasePage,
    RightsCloseIn,
    RightsExtendIn,
    RightsFromAppealIn,
    RightsSessionIn,
)

router = Router(tags=["维权维稳"])
VIEW, HANDLE = "rights.view", "rights.handle"
CASE_RELATED = ("org", "appeal", "legal_aid")


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PERMISSION_DENIED()


def _case(request, case_id: int) -> MediationCase:
    qs = MediationCase.objects.select_related("org", "appeal").prefetch_related("parties", "sessions")
    return get_scoped_or_404(qs, request.user, VIEW, pk=case_id)


def _detail(request, case_id: int) -> MediationCase:
    case = _case(request, case_id)
    case.legal_aid_found = LegalAidCase.objects.filter(source_case=case).first()
    return case


def _aid(request, aid_id: int) -> LegalAidCase:
    qs = LegalAidCase.objects.select_related("org", "lawyer", "source_case").prefetch_related("parties")
    return get_scoped_or_404(qs, request.user, VIEW, pk=aid_id)


class RightsCaseFilters(Paging):
    q: str = ""
    status: str = ""
    due: str = ""


@router.get("/cases", response=with_errors({200: RightsCasePage}, 403), summary="调解案件列表")
def list_cases(request, filters: Query[RightsCaseFilters]):
    """Cases in the caller's scope: open ones by default, overdue first. ``status``: a status, ``closed`` or
    ``all``; ``due``: ``overdue`` or ``soon``."""
    _gate(request)
    qs = selectors.search_cases(request.user, q=filters.q, status=filters.status, due=filters.due).select_related(
        "appeal"
    )
    return paginate(qs, filters)


@router.post("/cases", response=with_errors({201: RightsCaseDetailOut}, 400, 403, 404), summary="受理调解案件")
def open_case(request, payload: RightsCaseIn):
    _gate(request, HANDLE)
    org = Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(payload.org)).first()
    if org is None:
        raise errors.INVALID_ORG()
    enterprise = None
    if payload.enterprise_id is not None:
        enterprise = Enterprise.objects.restrict(request.user, "enterprises.view").filter(pk=payload.enterprise_id)
        enterprise = enterprise.first()
        if enterprise is None:
            raise errors.ENTERPRISE_REQUIRED()
    case = services.open_case(
        actor=request.user,
        org=org,
        parties=[p.dict() for p in payload.parties],
        dispute_type=payload.dispute_type,
        summary=payload.summary,
        enterprise=enterprise,
        enterprise_name=payload.enterprise_name,
        enterprise_uscc=payload.enterprise_uscc,
        amount_claimed=payload.amount_claimed,
        committee_level=payload.committee_level,
    )
    return Status(201, _detail(request, case.pk))


@router.post(
    "/cases/from-appeal/{appeal_id}",
    response=with_errors({201: RightsCaseDetailOut}, 400, 403, 404, 409),
    summary="诉求转入调解",
)
def open_from_appeal(request, appeal_id: int, payload: RightsFromAppealIn):
    """Open a case from an appeal flagged 维权线索 (the worker, employer and description carried over)."""
    appeal = get_scoped_or_404(
        Appeal.objects.select_related("org", "employer", "member"), request.user, "appeals.view", pk=appeal_id
    )
    case = services.open_case_from_appeal(appeal, actor=request.user, **payload.dict())
    return Status(201, _detail(request, case.pk))


@router.get("/cases/{case_id}", response=with_errors({200: RightsCaseDetailOut}, 404), summary="调解案件详情")
def get_case(request, case_id: int):
    return _detail(request, case_id)


@router.post(
    "/cases/{case_id}/sessions",
    response=with_errors({201: RightsCaseDetailOut}, 400, 403, 404, 409),
    summary="记录调解",
)
def add_session(request, case_id: int, payload: RightsSessionIn):
    case = _case(request, case_id)
    services.record_session(case, actor=request.user, **payload.dict())
    return Status(201, _detail(request, case_id))


@router.post(
    "/cases/{case_id}/extend",
    response=with_errors({200: RightsCaseDetailOut}, 400, 403, 404, 409),
    summary="延长调解期限",
)
def extend(request, case_id: int, payload: RightsExtendIn):
    services.extend_case(_case(request, case_id), actor=request.user, reason=payload.reason)
    return _detail(request, case_id)


@router.post(
    "/cases/{case_id}/close", response=with_errors({200: RightsCaseDetailOut}, 400, 403, 404, 409), summary="调解结案"
)
def close(request, case_id: int, payload: RightsCloseIn):
    """End the case: ``agreed`` with the agreement and the sum recovered; ``withdrawn``/``failed`` with a note;
    ``referred`` with where to (``legal_aid`` opens a legal-aid case carrying the parties)."""
    services.close_case(_case(request, case_id), actor=request.user, **payload.dict())
    return _detail(request, case_id)


@router.get("/legal-aid", response=with_errors({200: RightsAidPage}, 403), summary="法律援助列表")
def list_aid(request, paging: Query[Paging], q: str = "", status: str = ""):
    _gate(request)
    qs = selectors.aid_cases(request.user, q=q, status=status).select_related("source_case")
    return paginate(qs.prefetch_related("parties"), paging)


@router.get("/legal-aid/{aid_id}", response=with_errors({200: RightsAidOut}, 404), summary="法律援助详情")
def get_aid(request, aid_id: int):
    return _aid(request, aid_id)


@router.post(
    "/legal-aid/{aid_id}/assign",
    response=with_errors({200: RightsAidOut}, 400, 403, 404, 409),
    summary="指派律师与援助方式",
)
def assign(request, aid_id: int, payload: RightsAidAssignIn):
    aid = _aid(request, aid_id)
    if payload.lawyer_id is not None:
        lawyer = Lawyer.objects.restrict(request.user, VIEW).filter(pk=payload.lawyer_id).first()
        aid = services.assign_lawyer(aid, actor=request.user, lawyer=lawyer)
    if payload.stage:
        services.set_stage(aid, actor=request.user, stage=payload.stage)
    return _aid(request, aid_id)


@router.post(
    "/legal-aid/{aid_id}/close", response=with_errors({200: RightsAidOut}, 400, 403, 404, 409), summary="法律援助结案"
)
def close_aid(request, aid_id: int, payload: RightsAidCloseIn):
    services.close_aid(_aid(request, aid_id), actor=request.user, **payload.dict())
    return _aid(request, aid_id)
