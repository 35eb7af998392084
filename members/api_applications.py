"""API of join applications (入会申请): three public endpoints for the member site (consent notice, eligible
unions, submitting) and the scoped review endpoints for union staff."""

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from core.api import paginate, with_errors
from core.errors import DomainError
from core.middleware import client_ip
from core.validators import normalize_code
from orgs.models import Enterprise, Org

from . import joining
from .api import (
    _applications,
    _get_application,
    _public,
)
from .api_schemas import (
    ApplicationFilters,
    ApplicationIn,
    ApplicationOut,
    ApplicationPage,
    ApplicationReceiptOut,
    ConsentOut,
    EligibleFilters,
    ReasonIn,
    UnionRef,
)

applications_router = Router(tags=["入会申请"])

# --- Applications ---------------------------------------------------------------------------------------------


@applications_router.get(
    "/consent",
    auth=None,
    response=_public({200: ConsentOut}),
    summary="个人信息处理告知书",
    description="无需令牌。申请入会前须向申请人展示的告知书全文及其版本。",
)
def get_consent(request):
    """The current notice and its version."""
    return {"version": joining.CONSENT_VERSION, "text": joining.CONSENT_TEXT}


@applications_router.get(
    "/unions",
    auth=None,
    response=_public({200: list[UnionRef]}, 400),
    summary="可申请加入的工会",
    description="无需令牌。按工作单位（企业名录 id）给出覆盖该单位的工会，或按新就业形态类别给出接收该类从业者的"
    "联合工会、行业工会。只返回组织代码和名称。",
)
def eligible_unions(request, filters: Query[EligibleFilters]):
    """``joining.unions_for``; an unknown employer simply has no union to offer."""
    if filters.employer is None and filters.gig_platform is None:
        raise DomainError("employer_required", _("请指定工作单位（employer）或新就业形态类别（gig_platform）"))
    if filters.employer is not None:
        employer = Enterprise.objects.select_related("covering_union").filter(pk=filters.employer).first()
        return joining.unions_for(employer=employer) if employer else []
    return joining.unions_for(gig_platform=filters.gig_platform.value)


@applications_router.post(
    "",
    auth=None,
    response=_public({201: ApplicationReceiptOut}, 400),
    summary="提交入会申请",
    description="无需令牌。职工在会员站点或 App 上申请入会：须同意当前版本的《个人信息处理告知书》"
    "（`consent: true` 与 `consent_version`），并选择工作单位或新就业形态类别及其可申请的工会。"
    "所有问题一次返回（`errors`）。",
)
def submit_application(request, payload: ApplicationIn):
    """Through ``joining.submit_application``; answers 201 with a receipt that repeats no personal data."""
    employer = None
    if payload.employer is not None:
        employer = Enterprise.objects.select_related("covering_union").filter(pk=payload.employer).first()
        if employer is None:
            raise DomainError("employer_not_found", _("工作单位：所选单位不存在"), field="employer")
    union = Org.objects.filter(code=normalize_code(payload.union)).first()
    if union is None:
        # The same refusal as for an existing union that does not take this worker: nothing about the tree leaks.
        raise DomainError(
            "union_not_eligible", _("申请加入的工会：所选工会不覆盖您的工作单位或从业类别"), field="union"
        )
    raw = payload.model_dump(exclude={"union", "employer", "consent", "consent_version"})
    app = joining.submit_application(
        union=union,
        employer=employer,
        consent=payload.consent,
        consent_version=payload.consent_version,
        ip=client_ip(request),
        **raw,
    )
    return Status(201, app)


@applications_router.get(
    "",
    response=with_errors({200: ApplicationPage}),
    summary="入会申请列表",
    description="您可以审核的入会申请（所申请的工会在您的管理范围内），新提交的在前。证件号码和手机号遮盖显示。",
)
def list_applications(request, filters: Query[ApplicationFilters]):
    """Scoped, filtered, paged applications; four queries whatever the page size (token, scope, count, page)."""
    qs = _applications(request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return paginate(qs, filters)


@applications_router.get(
    "/{application_id}",
    response=with_errors({200: ApplicationOut}, 404),
    summary="入会申请详情",
    description="一份入会申请（遮盖显示）。",
)
def get_application(request, application_id: int):
    """One application in the caller's review scope."""
    return _get_application(request.auth, application_id)


@applications_router.post(
    "/{application_id}/approve",
    response=with_errors({200: ApplicationOut}, 400, 403, 404, 409),
    summary="通过入会申请",
    description="通过后申请人当天入会、获得会员证和登录账号，并收到设置密码的一次性短信链接。",
)
def approve_application(request, application_id: int):
    """Through ``joining.approve_application``."""
    app = _get_application(request.auth, application_id)
    joining.approve_application(app, actor=request.auth)
    return _get_application(request.auth, app.pk)


@applications_router.post(
    "/{application_id}/reject",
    response=with_errors({200: ApplicationOut}, 400, 403, 404),
    summary="驳回入会申请",
    description="驳回并填写原因，申请人会收到短信通知。",
)
def reject_application(request, application_id: int, payload: ReasonIn):
    """Through ``joining.reject_application``."""
    app = _get_application(request.auth, application_id)
    joining.reject_application(app, actor=request.auth, reason=payload.reason)
    return _get_application(request.auth, app.pk)
