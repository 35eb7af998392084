"""The public API of the members app: join applications (入会申请) from the member site: the consent notice, the
unions a worker may apply to, and submitting. No token. The staff review lives in ``members.api.staff.applications``
on this same router (the list and the submission share one path)."""

from ninja import Query, Router, Status

from core.api import public_errors
from core.middleware import client_ip
from core.validators import normalize_code
from members import errors, joining
from members.api.schemas import (
    ApplicationIn,
    ApplicationReceiptOut,
    ConsentOut,
    EligibleFilters,
    MemberUnionRef,
)
from orgs.models import Enterprise, Org

applications_router = Router(tags=["入会申请"])


# --- Applications ---------------------------------------------------------------------------------------------


@applications_router.get(
    "/consent",
    auth=None,
    response=public_errors({200: ConsentOut}),
    summary="个人信息处理告知书",
    description="无需令牌。申请入会前须向申请人展示的告知书全文及其版本。",
)
def get_consent(request):
    """The current notice and its version."""
    return {"version": joining.CONSENT_VERSION, "text": joining.CONSENT_TEXT}


@applications_router.get(
    "/unions",
    auth=None,
    response=public_errors({200: list[MemberUnionRef]}, 400),
    summary="可申请加入的工会",
    description="无需令牌。按工作单位（企业名录 id）给出覆盖该单位的工会，或按新就业形态类别给出接收该类从业者的"
    "联合工会、行业工会。只返回组织代码和名称。",
)
def eligible_unions(request, filters: Query[EligibleFilters]):
    """``joining.unions_for``; an unknown employer simply has no union to offer."""
    if filters.employer is None and filters.gig_platform is None:
        raise errors.EMPLOYER_REQUIRED()
    if filters.employer is not None:
        employer = Enterprise.objects.select_related("covering_union").filter(pk=filters.employer).first()
        return joining.unions_for(employer=employer) if employer else []
    return joining.unions_for(gig_platform=filters.gig_platform.value)


@applications_router.post(
    "",
    auth=None,
    response=public_errors({201: ApplicationReceiptOut}, 400),
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
            raise errors.EMPLOYER_NOT_FOUND(field="employer")
    union = Org.objects.filter(code=normalize_code(payload.union)).first()
    if union is None:
        # The same refusal as for an existing union that does not take this worker: nothing about the tree leaks.
        raise errors.UNION_NOT_ELIGIBLE(field="union")
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
