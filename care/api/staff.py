"""The care API for staff (``/api/v1/care``): programmes, budgets, payouts (propose, approve within budget, reject,
record payment) and the hardship archive. Files answer 404 to anyone without the care role, exactly like an unknown
id; every read of a file is audited. Endpoints parse input, call one service and answer."""

from ninja import Field, Query, Router, Status

from core.api import Paging, api_enum, paginate, with_errors
from core.errors import NOT_FOUND
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org

from .. import selectors
from ..models import Booking, CheckProgramme, CheckQuota, Claim, HardshipFile, LoanReferral, Nomination, Payout
from ..services import checks, hardship, insurance, loans, payouts
from ..views.common import (
    _up_and_down,
    file_or_404,
    payout_or_404,
    programme_or_404,
    require_files_access,
    visible_budgets,
    visible_programmes,
)
from .schemas import (
    CareBookingOut,
    CareBudgetIn,
    CareBudgetOut,
    CareChecksDetailOut,
    CareChecksIn,
    CareChecksOut,
    CareClaimOut,
    CareFileDetailOut,
    CareFileIn,
    CareFilePage,
    CareLoanIn,
    CareLoanOut,
    CareLoanPage,
    CareLoanStatusIn,
    CareNominateIn,
    CareNominationOut,
    CarePaidIn,
    CarePayoutOut,
    CarePayoutPage,
    CareProgrammeDetailOut,
    CareProgrammeIn,
    CareProgrammeOut,
    CareProposeIn,
    CareQuotaIn,
    CareQuotaOut,
    CareReasonIn,
    CareSlotIn,
    CareSlotOut,
    LoanStatus,
)

# The model's choices under names of their own in the API's schema (component names are unique).
PayoutStatus = api_enum(Payout.Status, "PayoutStatus")
HardshipFileStatus = api_enum(HardshipFile.Status, "HardshipFileStatus")

router = Router(tags=["关心关爱"])


def _org(request, code: str, permission: str, field: str) -> Org:
    org = Org.objects.restrict(request.user, permission).filter(code=normalize_code(code or "")).first()
    if org is None:
        raise NOT_FOUND(field=field)
    return org


# --- Programmes ---------------------------------------------------------------------------------------------------


class CareProgrammeFilters(Paging):
    q: str | None = Field(None, description="按名称搜索")


@router.get("/programmes", response=with_errors({200: list[CareProgrammeOut]}), summary="关爱项目")
def list_programmes(request, filters: Query[CareProgrammeFilters]):
    qs = visible_programmes(request.user)
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


@router.post("/programmes", response=with_errors({201: CareProgrammeOut}, 400, 403, 404), summary="新建关爱项目")
def create_programme(request, payload: CareProgrammeIn):
    data = payload.dict()
    org = _org(request, data.pop("org"), "care.manage", "org")
    return Status(201, payouts.create_programme(actor=request.user, org=org, **data))


@router.get(
    "/programmes/{programme_id}", response=with_errors({200: CareProgrammeDetailOut}, 404), summary="关爱项目详情"
)
def get_programme(request, programme_id: int):
    programme = programme_or_404(request.user, programme_id)
    programme.budgets_visible = list(visible_budgets(request.user, programme))
    out = CareProgrammeDetailOut.from_orm(programme).dict()
    out["budgets"] = [CareBudgetOut.from_orm(b).dict() for b in programme.budgets_visible]
    return out


@router.post(
    "/programmes/{programme_id}/budgets",
    response=with_errors({200: CareBudgetOut}, 400, 403, 404, 409),
    summary="设置预算或下拨",
)
def set_budget(request, programme_id: int, payload: CareBudgetIn):
    programme = programme_or_404(request.user, programme_id)
    org = _org(request, payload.org, "care.manage", "org")
    return payouts.set_budget(programme, actor=request.user, org=org, amount=payload.amount)


@router.post(
    "/programmes/{programme_id}/payouts",
    response=with_errors({201: CarePayoutOut}, 400, 403, 404, 409),
    summary="申报发放（困难档案或会员）",
)
def propose(request, programme_id: int, payload: CareProposeIn):
    programme = programme_or_404(request.user, programme_id)
    file = member = None
    if payload.file_id is not None:
        file = file_or_404(request.user, payload.file_id)
        union = file.union
    elif payload.member_id is not None:
        member = get_scoped_or_404(
            Member.objects.select_related("union"), request.user, "members.view", pk=payload.member_id
        )
        union = member.union
    else:
        from ..errors import PERSON_REQUIRED

        raise PERSON_REQUIRED()
    payout = payouts.propose_payout(
        programme,
        actor=request.user,
        union=union,
        file=file,
        member=member,
        amount=payload.amount,
        method=payload.method,
        reason_text=payload.reason,
    )
    return Status(201, payout)


# --- Payouts ------------------------------------------------------------------------------------------------------


class CarePayoutFilters(Paging):
    programme: int | None = Field(None, description="项目 id")
    status: PayoutStatus | None = Field(None, description="状态")
    to_approve: bool = Field(False, description="只看等待我审批的")


@router.get("/payouts", response=with_errors({200: CarePayoutPage}), summary="发放名单")
def list_payouts(request, filters: Query[CarePayoutFilters]):
    if filters.to_approve:
        qs = selectors.payouts_to_approve(request.user)
    else:
        qs = Payout.objects.restrict(request.user, "care.view")
    if filters.programme:
        qs = qs.filter(programme_id=filters.programme)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(qs.select_related("union"), filters)


@router.get("/payouts/{payout_id}", response=with_errors({200: CarePayoutOut}, 404), summary="一笔发放")
def get_payout(request, payout_id: int):
    return payout_or_404(request.user, payout_id)


@router.post(
    "/payouts/{payout_id}/approve",
    response=with_errors({200: CarePayoutOut}, 403, 404, 409, 503),
    summary="批准（预算内）",
)
def approve(request, payout_id: int):
    return payouts.approve_payout(payout_or_404(request.user, payout_id), actor=request.user)


@router.post(
    "/payouts/{payout_id}/reject", response=with_errors({200: CarePayoutOut}, 400, 403, 404, 409), summary="不批准"
)
def reject(request, payout_id: int, payload: CareReasonIn):
    return payouts.reject_payout(payout_or_404(request.user, payout_id), actor=request.user, reason_text=payload.reason)


@router.post(
    "/payouts/{payout_id}/paid", response=with_errors({200: CarePayoutOut}, 400, 403, 404, 409), summary="登记发放"
)
def paid(request, payout_id: int, payload: CarePaidIn):
    return payouts.mark_paid(
        payout_or_404(request.user, payout_id), actor=request.user, paid_on=payload.paid_on, ref=payload.ref
    )


# --- Hardship files -----------------------------------------------------------------------------------------------


class CareFileFilters(Paging):
    q: str | None = Field(None, description="按姓名搜索")
    status: HardshipFileStatus | None = Field(None, description="状态")


@router.get("/files", response=with_errors({200: CareFilePage}, 404), summary="困难职工档案（仅关爱专员）")
def list_files(request, filters: Query[CareFileFilters]):
    require_files_access(request.user)
    qs = HardshipFile.objects.restrict(request.user, "care.files").select_related("union")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(qs, filters)


@router.post("/files", response=with_errors({201: CareFileDetailOut}, 400, 403, 404, 409), summary="建档")
def create_file(request, payload: CareFileIn):
    require_files_access(request.user)
    data = payload.dict()
    union = _org(request, data.pop("union"), "care.files", "union")
    member_id = data.pop("member_id")
    member = None
    if member_id is not None:
        member = get_scoped_or_404(Member.objects.select_related("union"), request.user, "members.view", pk=member_id)
    number = data.pop("id_number")
    return Status(
        201, hardship.create_file(actor=request.user, union=union, id_number_value=number, member=member, **data)
    )


@router.get(
    "/files/{file_id}", response=with_errors({200: CareFileDetailOut}, 404), summary="困难职工档案详情（查看留痕）"
)
def get_file(request, file_id: int):
    file = file_or_404(request.user, file_id)
    return hardship.view_file(file, actor=request.user, via="api")


@router.post("/files/{file_id}/verify", response=with_errors({200: CareFileDetailOut}, 403, 404, 409), summary="核实")
def verify(request, file_id: int):
    return hardship.verify_file(file_or_404(request.user, file_id), actor=request.user)


@router.post(
    "/files/{file_id}/return", response=with_errors({200: CareFileDetailOut}, 400, 403, 404, 409), summary="退回补充"
)
def return_file(request, file_id: int, payload: CareReasonIn):
    return hardship.return_file(file_or_404(request.user, file_id), actor=request.user, reason_text=payload.reason)


@router.post(
    "/files/{file_id}/review", response=with_errors({200: CareFileDetailOut}, 400, 403, 404, 409), summary="年度复核"
)
def review(request, file_id: int, payload: CareReasonIn):
    return hardship.review_file(file_or_404(request.user, file_id), actor=request.user, note=payload.reason)


@router.post(
    "/files/{file_id}/close", response=with_errors({200: CareFileDetailOut}, 400, 403, 404, 409), summary="解困脱困"
)
def close(request, file_id: int, payload: CareReasonIn):
    return hardship.close_file(file_or_404(request.user, file_id), actor=request.user, reason_text=payload.reason)


# --- Mutual insurance claims -------------------------------------------------------------------------------------


@router.get("/claims/{claim_id}", response=with_errors({200: CareClaimOut}, 404), summary="一件理赔")
def get_claim(request, claim_id: int):
    return get_scoped_or_404(Claim, request.user, "care.view", pk=claim_id)


@router.post(
    "/claims/{claim_id}/review",
    response=with_errors({200: CareClaimOut}, 403, 404, 409, 503),
    summary="按计划规则审核理赔",
)
def review_claim(request, claim_id: int):
    return insurance.review_claim(get_scoped_or_404(Claim, request.user, "care.view", pk=claim_id), actor=request.user)


# --- Health checks and 疗休养 --------------------------------------------------------------------------------------


def _checks_or_404(request, pk) -> CheckProgramme:
    found = (
        CheckProgramme.objects.select_related("org")
        .filter(_up_and_down(request.user, "care.view", "org__path"), pk=pk)
        .first()
    )
    if found is None:
        raise NOT_FOUND()
    return found


@router.get("/checks", response=with_errors({200: list[CareChecksOut]}), summary="体检疗休养项目")
def list_checks(request, filters: Query[Paging]):
    qs = CheckProgramme.objects.select_related("org").filter(_up_and_down(request.user, "care.view", "org__path"))
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


@router.post("/checks", response=with_errors({201: CareChecksOut}, 400, 403, 404), summary="新建体检疗休养项目")
def create_checks(request, payload: CareChecksIn):
    data = payload.dict()
    org = _org(request, data.pop("org"), "care.manage", "org")
    return Status(201, checks.create_programme(actor=request.user, org=org, **data))


@router.get("/checks/{checks_id}", response=with_errors({200: CareChecksDetailOut}, 404), summary="体检疗休养项目详情")
def get_checks(request, checks_id: int):
    programme = _checks_or_404(request, checks_id)
    out = CareChecksOut.from_orm(programme).dict()
    out["slots"] = [CareSlotOut.from_orm(s).dict() for s in programme.slots.all()]
    quotas = CheckQuota.objects.filter(programme=programme).select_related("union")
    quotas = quotas.filter(_up_and_down(request.user, "care.view", "union__path"))
    out["quotas"] = [CareQuotaOut.from_orm(q).dict() for q in quotas]
    return out


@router.post(
    "/checks/{checks_id}/slots", response=with_errors({201: CareSlotOut}, 400, 403, 404), summary="添加时段或批次"
)
def add_slot(request, checks_id: int, payload: CareSlotIn):
    programme = _checks_or_404(request, checks_id)
    return Status(
        201,
        checks.add_slot(
            programme, actor=request.user, place=payload.place, starts_at=payload.starts_at, capacity=payload.capacity
        ),
    )


@router.post(
    "/checks/{checks_id}/quotas", response=with_errors({200: CareQuotaOut}, 400, 403, 404, 409), summary="分配推荐名额"
)
def set_quota(request, checks_id: int, payload: CareQuotaIn):
    programme = _checks_or_404(request, checks_id)
    union = _org(request, payload.union, "care.manage", "union")
    return checks.set_quota(programme, actor=request.user, union=union, quota=payload.quota)


@router.post(
    "/checks/{checks_id}/nominations",
    response=with_errors({201: CareNominationOut}, 400, 403, 404, 409, 503),
    summary="工会在名额内推荐会员",
)
def nominate(request, checks_id: int, payload: CareNominateIn):
    programme = _checks_or_404(request, checks_id)
    member = get_scoped_or_404(
        Member.objects.select_related("union"), request.user, "care.checks", pk=payload.member_id
    )
    return Status(201, checks.nominate(programme, actor=request.user, member=member))


@router.post(
    "/nominations/{nomination_id}/withdraw",
    response=with_errors({200: CareNominationOut}, 403, 404, 409, 503),
    summary="撤回推荐",
)
def withdraw_nomination(request, nomination_id: int):
    nomination = get_scoped_or_404(Nomination, request.user, "care.view", pk=nomination_id)
    return checks.withdraw(nomination, actor=request.user)


@router.post(
    "/bookings/{booking_id}/checkin", response=with_errors({200: CareBookingOut}, 403, 404, 409, 503), summary="到检"
)
def check_in(request, booking_id: int):
    booking = get_scoped_or_404(Booking, request.user, "care.view", pk=booking_id)
    return checks.check_in(booking, actor=request.user)


# --- Small loans (蓝领通) -------------------------------------------------------------------------------------------


class CareLoanFilters(Paging):
    q: str | None = Field(None, description="按姓名或银行搜索")
    status: LoanStatus | None = Field(None, description="银行反馈状态")


@router.get("/loans", response=with_errors({200: CareLoanPage}), summary="蓝领通贷款推荐")
def list_loans(request, filters: Query[CareLoanFilters]):
    qs = LoanReferral.objects.restrict(request.user, "care.view").select_related("union")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q) | qs.filter(bank__icontains=filters.q)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(qs, filters)


@router.post("/loans", response=with_errors({201: CareLoanOut}, 400, 403, 404), summary="登记蓝领通贷款推荐")
def create_loan(request, payload: CareLoanIn):
    data = payload.dict()
    union = _org(request, data.pop("union"), "care.propose", "union")
    return Status(201, loans.refer(actor=request.user, union=union, id_number_value=data.pop("id_number"), **data))


@router.get("/loans/{loan_id}", response=with_errors({200: CareLoanOut}, 404), summary="一笔贷款推荐")
def get_loan(request, loan_id: int):
    return get_scoped_or_404(LoanReferral.objects.select_related("union"), request.user, "care.view", pk=loan_id)


@router.post(
    "/loans/{loan_id}/status", response=with_errors({200: CareLoanOut}, 400, 403, 404, 409, 503), summary="登记银行反馈"
)
def loan_status(request, loan_id: int, payload: CareLoanStatusIn):
    loan = get_scoped_or_404(LoanReferral.objects.select_related("union"), request.user, "care.view", pk=loan_id)
    return loans.report_status(loan, actor=request.user, status=payload.status, note=payload.note)
