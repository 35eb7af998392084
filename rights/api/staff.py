"""Staff API of 维权维稳 (``/api/v1/rights``): mediation cases (list, open directly or from an appeal, sessions,
extension, outcome) and legal aid. Objects outside the caller's scope answer 404 like unknown ids; in scope
without ``rights.handle`` answers 403; every write is one service call."""

from django.db.models import Prefetch
from ninja import Query, Router, Status

from appeals.models import Appeal
from core.api import Paging, paginate, with_errors
from core.errors import PERMISSION_DENIED
from core.scoping import get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Enterprise, Org

from .. import errors, selectors, services, warning
from ..models import CollectiveContract, Inspection, Lawyer, LegalAidCase, MediationCase, Mediator, Problem
from .schemas import (
    RightsAidAssignIn,
    RightsAidCloseIn,
    RightsAidOut,
    RightsAidPage,
    RightsCaseDetailOut,
    RightsCaseIn,
    RightsCaseMediatorsIn,
    RightsCasePage,
    RightsCloseIn,
    RightsContractDetailOut,
    RightsContractIn,
    RightsContractPage,
    RightsContractPatchIn,
    RightsDemonstrationIn,
    RightsDemonstrationOut,
    RightsDemonstrationPage,
    RightsDocumentIn,
    RightsDocumentOut,
    RightsExtendIn,
    RightsFromAppealIn,
    RightsInspectionIn,
    RightsInspectionOut,
    RightsInspectionPage,
    RightsMediatorIn,
    RightsMediatorOut,
    RightsMediatorPage,
    RightsMediatorPatchIn,
    RightsProblemIn,
    RightsProblemOut,
    RightsRectifyIn,
    RightsRiskPage,
    RightsSessionIn,
)

router = Router(tags=["维权维稳"])
VIEW, HANDLE = "rights.view", "rights.handle"
CASE_RELATED = ("org", "appeal", "legal_aid")


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PERMISSION_DENIED()


def _case(request, case_id: int) -> MediationCase:
    qs = MediationCase.objects.select_related("org", "appeal").prefetch_related("parties", "sessions", "mediators")
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


# --- Supervision ----------------------------------------------------------------------------------------------


def _inspection(request, inspection_id: int) -> Inspection:
    qs = Inspection.objects.select_related("org", "enterprise").prefetch_related(
        Prefetch("problems", queryset=Problem.objects.select_related("escalated_to")), "documents"
    )
    return get_scoped_or_404(qs, request.user, VIEW, pk=inspection_id)


@router.get("/inspections", response=with_errors({200: RightsInspectionPage}, 403), summary="劳动法律监督检查列表")
def list_inspections(request, paging: Query[Paging], q: str = ""):
    _gate(request)
    qs = selectors.inspections(request.user, q=q).prefetch_related(
        Prefetch("problems", queryset=Problem.objects.select_related("escalated_to")), "documents"
    )
    return paginate(qs, paging)


@router.post("/inspections", response=with_errors({201: RightsInspectionOut}, 400, 403), summary="登记劳动法律监督检查")
def create_inspection(request, payload: RightsInspectionIn):
    _gate(request, HANDLE)
    org = Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(payload.org)).first()
    if org is None:
        raise errors.INVALID_ORG(message="监督工会：请选择您管理范围内的工会")
    enterprise = Enterprise.objects.restrict(request.user, "enterprises.view").filter(pk=payload.enterprise_id).first()
    data = payload.dict()
    ins = services.record_inspection(
        actor=request.user,
        org=org,
        enterprise=enterprise,
        inspected_on=data["inspected_on"],
        inspectors=data["inspectors"],
        items=data["items"],
        findings=data["findings"],
        problems=data["problems"],
    )
    return Status(201, _inspection(request, ins.pk))


@router.get(
    "/inspections/{inspection_id}", response=with_errors({200: RightsInspectionOut}, 404), summary="监督检查详情"
)
def get_inspection(request, inspection_id: int):
    return _inspection(request, inspection_id)


@router.post(
    "/inspections/{inspection_id}/problems",
    response=with_errors({201: RightsInspectionOut}, 400, 403, 404),
    summary="登记整改问题",
)
def add_problem(request, inspection_id: int, payload: RightsProblemIn):
    services.add_problem(_inspection(request, inspection_id), actor=request.user, **payload.dict())
    return Status(201, _inspection(request, inspection_id))


@router.post(
    "/inspections/{inspection_id}/documents",
    response=with_errors({201: RightsDocumentOut}, 400, 403, 404),
    summary="发出监督意见书或建议书",
)
def issue_document(request, inspection_id: int, payload: RightsDocumentIn):
    """The document takes the next number of the union's yearly sequence (never shared, also under concurrency)."""
    doc = services.issue_document(_inspection(request, inspection_id), actor=request.user, **payload.dict())
    return Status(201, doc)


@router.post(
    "/problems/{problem_id}/rectify",
    response=with_errors({200: RightsProblemOut}, 400, 403, 404, 409),
    summary="问题整改完毕",
)
def rectify(request, problem_id: int, payload: RightsRectifyIn):
    problem = get_scoped_or_404(
        Problem.objects.select_related("inspection__org", "escalated_to"), request.user, VIEW, pk=problem_id
    )
    return services.rectify(problem, actor=request.user, rectification=payload.rectification)


# --- Early warning --------------------------------------------------------------------------------------------


@router.get("/warning", response=with_errors({200: RightsRiskPage}, 403), summary="劳动关系预警")
def risks(request, paging: Query[Paging], level: str = ""):
    """Enterprises in the caller's scope with a risk signal, highest score first; each score with its signals. A
    worker who did not allow their name to be shown is counted, never named."""
    _gate(request)
    found = [
        r for r in warning.assess(Enterprise.objects.restrict(request.user, VIEW)) if not level or r.level == level
    ]
    start = (paging.page - 1) * paging.page_size
    return {
        "count": len(found),
        "page": paging.page,
        "page_size": paging.page_size,
        "items": found[start : start + paging.page_size],
    }


# --- Collective bargaining ------------------------------------------------------------------------------------


def _contract(request, contract_id: int) -> CollectiveContract:
    qs = CollectiveContract.objects.select_related("org", "enterprise")
    return get_scoped_or_404(qs, request.user, VIEW, pk=contract_id)


def _contract_enterprise(request, enterprise_id):
    if enterprise_id is None:
        return None
    return (
        Enterprise.objects.restrict(request.user, "enterprises.view")
        .select_related("org", "covering_union")
        .filter(pk=enterprise_id)
        .first()
    )


class RightsContractFilters(Paging):
    q: str = ""
    kind: str = ""
    state: str = ""
    coverage: str = ""


@router.get("/contracts", response=with_errors({200: RightsContractPage}, 403), summary="集体合同列表")
def list_contracts(request, filters: Query[RightsContractFilters]):
    """Contracts in the caller's scope, expiring within 60 days first. ``state``: ``expiring``, ``in_force``,
    ``pending`` or ``expired``; ``kind``, ``coverage`` as in the contract."""
    _gate(request)
    qs = selectors.contracts(
        request.user, q=filters.q, kind=filters.kind, state=filters.state, coverage=filters.coverage
    )
    return paginate(qs, filters)


@router.post("/contracts", response=with_errors({201: RightsContractDetailOut}, 400, 403), summary="登记集体合同")
def create_contract(request, payload: RightsContractIn):
    _gate(request, HANDLE)
    org = Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(payload.org)).first()
    if org is None:
        raise errors.INVALID_ORG(message="协商工会：请选择您管理范围内正常状态的工会")
    data = payload.dict()
    data.pop("org")
    data["enterprise"] = _contract_enterprise(request, data.pop("enterprise_id"))
    contract = services.register_contract(actor=request.user, org=org, **data)
    return Status(201, _contract(request, contract.pk))


@router.get(
    "/contracts/{contract_id}", response=with_errors({200: RightsContractDetailOut}, 404), summary="集体合同详情"
)
def get_contract(request, contract_id: int):
    return _contract(request, contract_id)


@router.patch(
    "/contracts/{contract_id}",
    response=with_errors({200: RightsContractDetailOut}, 400, 403, 404),
    summary="修改集体合同",
)
def update_contract(request, contract_id: int, payload: RightsContractPatchIn):
    """Change the fields given. A new end date re-arms the 60-day expiry reminder."""
    contract = _contract(request, contract_id)
    data = payload.dict(exclude_unset=True)
    if "enterprise_id" in data:
        data["enterprise"] = _contract_enterprise(request, data.pop("enterprise_id"))
    services.update_contract(contract, actor=request.user, **data)
    return _contract(request, contract_id)


@router.post(
    "/contracts/{contract_id}/demonstrations",
    response=with_errors({201: RightsDemonstrationOut}, 400, 403, 404, 409),
    summary="登记集体协商示范",
)
def add_demonstration(request, contract_id: int, payload: RightsDemonstrationIn):
    record = services.record_demonstration(_contract(request, contract_id), actor=request.user, **payload.dict())
    return Status(201, record)


@router.get(
    "/demonstrations", response=with_errors({200: RightsDemonstrationPage}, 403), summary="集体协商示范企业和行业"
)
def list_demonstrations(request, paging: Query[Paging], year: int | None = None):
    _gate(request)
    return paginate(selectors.demonstrations(request.user, year=year), paging)


# --- Mediators ------------------------------------------------------------------------------------------------


@router.get("/mediators", response=with_errors({200: RightsMediatorPage}, 403), summary="调解员名册")
def list_mediators(request, paging: Query[Paging], q: str = "", active: str = ""):
    """Registered volunteer and partner mediators in the caller's scope. ``active``: ``1`` in the register, ``0``
    taken off it."""
    _gate(request)
    return paginate(selectors.mediators(request.user, q=q, active=active), paging)


@router.post("/mediators", response=with_errors({201: RightsMediatorOut}, 400, 403), summary="登记调解员")
def create_mediator(request, payload: RightsMediatorIn):
    _gate(request, HANDLE)
    org = Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(payload.org)).first()
    if org is None:
        raise errors.INVALID_ORG(message="服务工会：请选择您管理范围内的工会")
    data = payload.dict()
    data.pop("org")
    return Status(201, services.add_mediator(actor=request.user, org=org, **data))


@router.patch(
    "/mediators/{mediator_id}", response=with_errors({200: RightsMediatorOut}, 400, 403, 404), summary="修改调解员"
)
def update_mediator(request, mediator_id: int, payload: RightsMediatorPatchIn):
    mediator = get_scoped_or_404(Mediator.objects.select_related("org"), request.user, VIEW, pk=mediator_id)
    return services.update_mediator(mediator, actor=request.user, **payload.dict(exclude_unset=True))


@router.post(
    "/cases/{case_id}/mediators",
    response=with_errors({200: RightsCaseDetailOut}, 400, 403, 404),
    summary="指定调解员",
)
def set_mediators(request, case_id: int, payload: RightsCaseMediatorsIn):
    """Replace the case's mediators: staff accounts who may handle the case's union and registered mediators
    serving it (see ``GET /mediators``)."""
    case = _case(request, case_id)
    staff, registered = selectors.mediator_candidates(case)
    users = {u.pk: u for u in staff}
    mediators = {m.pk: m for m in registered}
    missing_staff = [i for i in payload.staff_ids if i not in users]
    missing = [i for i in payload.mediator_ids if i not in mediators]
    if missing_staff:
        raise errors.STAFF_MEDIATOR_NOT_FOUND(name=f"id {missing_staff[0]}")
    if missing:
        raise errors.MEDIATOR_NOT_FOUND(name=f"id {missing[0]}")
    services.set_case_mediators(
        case,
        actor=request.user,
        staff=[users[i] for i in payload.staff_ids],
        registered=[mediators[i] for i in payload.mediator_ids],
    )
    return _detail(request, case_id)
