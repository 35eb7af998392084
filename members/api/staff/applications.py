"""The staff endpoints of join applications (入会申请): the scoped review (list, one, approve, reject). The router
is the public module's (``members.api.public``): the list and the public submission share the path."""

from django.shortcuts import get_object_or_404
from ninja import Query

from core.api import paginate, with_errors
from members import joining
from members.api.schemas import (
    ApplicationFilters,
    ApplicationOut,
    ApplicationPage,
    MemberReasonIn,
)
from members.models import JoinApplication

from ..public import applications_router


def applications_in_scope(user):
    """Applications the caller may review."""
    return JoinApplication.objects.restrict(user, "members.approve").select_related("union", "employer", "decided_by")


def application_in_scope(user, pk: int) -> JoinApplication:
    """The application ``pk`` inside the caller's review scope, or 404."""
    return get_object_or_404(applications_in_scope(user), pk=pk)


@applications_router.get(
    "",
    response=with_errors({200: ApplicationPage}),
    summary="入会申请列表",
    description="您可以审核的入会申请（所申请的工会在您的管理范围内），新提交的在前。证件号码和手机号遮盖显示。",
)
def list_applications(request, filters: Query[ApplicationFilters]):
    """Scoped, filtered, paged applications; four queries whatever the page size (token, scope, count, page)."""
    qs = applications_in_scope(request.auth)
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
    return application_in_scope(request.auth, application_id)


@applications_router.post(
    "/{application_id}/approve",
    response=with_errors({200: ApplicationOut}, 400, 403, 404, 409),
    summary="通过入会申请",
    description="通过后申请人当天入会、获得会员证和登录账号，并收到设置密码的一次性短信链接。",
)
def approve_application(request, application_id: int):
    """Through ``joining.approve_application``."""
    app = application_in_scope(request.auth, application_id)
    joining.approve_application(app, actor=request.auth)
    return application_in_scope(request.auth, app.pk)


@applications_router.post(
    "/{application_id}/reject",
    response=with_errors({200: ApplicationOut}, 400, 403, 404),
    summary="驳回入会申请",
    description="驳回并填写原因，申请人会收到短信通知。",
)
def reject_application(request, application_id: int, payload: MemberReasonIn):
    """Through ``joining.reject_application``."""
    app = application_in_scope(request.auth, application_id)
    joining.reject_application(app, actor=request.auth, reason=payload.reason)
    return application_in_scope(request.auth, app.pk)
