"""The member API of appeals (``/me/appeals``): a member (the token of a user linked to a roster record) submits and
follows their own appeals; anyone else's is 404."""

from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Status
from ninja.files import UploadedFile

from appeals import errors
from core.api import Paging, choices_doc, paginate, with_errors
from members.models import Member

from .. import selectors, services
from ..models import Appeal
from ..models import Status as AppealStatus
from .schemas import (
    FILE_RESPONSE,
    AppealStatusChoice,
    InfoIn,
    MemberSubmitIn,
    RateIn,
    WorkerAppealDetailOut,
    WorkerAppealPage,
    photo_file,
)

member_router = Router(tags=["会员：我的诉求"])


def _me(request) -> Member:
    """The caller's roster record; a token of a user who is not a member is refused."""
    member = Member.objects.select_related("union", "user", "employer").filter(user=request.auth).first()
    if member is None:
        raise errors.NOT_A_MEMBER()
    return member


def _mine(member: Member, tracking_no: str, *, detail: bool = True) -> Appeal:
    """One of the member's own appeals, or 404."""
    qs = selectors.worker_detail() if detail else Appeal.objects.all()
    return get_object_or_404(qs, member=member, tracking_no=tracking_no.strip().upper())


# --- Members --------------------------------------------------------------------------------------------------


class MyFilters(Paging):
    status: AppealStatusChoice | None = Field(None, description=f"状态：{choices_doc(AppealStatus)}")


@member_router.get(
    "",
    response=with_errors({200: WorkerAppealPage}, 403),
    summary="我的诉求",
    description="您以会员身份提交的诉求、建议和随手拍，新提交的在前。",
)
def my_appeals(request, filters: Query[MyFilters]):
    """The member's own appeals; four queries whatever the page size (token, member, count, page)."""
    member = _me(request)
    qs = Appeal.objects.filter(member=member).select_related("org", "merged_into")
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return paginate(qs, filters)


@member_router.post(
    "",
    response=with_errors({201: WorkerAppealDetailOut}, 400, 403),
    summary="提交诉求（会员）",
    description="以 multipart/form-data 提交：各字段为表单字段，照片为 `photos`（可多个，最多 9 张，每张不超过 10 MB，"
    "只接受 JPG、PNG、WEBP 图片，保存前去除位置等元数据）。由您所在的工会承办；所有问题一次返回（`errors`）。",
)
def submit_mine(
    request,
    payload: Form[MemberSubmitIn],
    photos: Annotated[list[UploadedFile] | None, File(None, description="照片，最多 9 张")] = None,
):
    """Through ``services.submit`` as the member."""
    member = _me(request)
    appeal = services.submit(
        kind=payload.kind.value,
        category=payload.category.value,
        description=payload.description,
        name="",
        phone="",
        member=member,
        employer=member.employer,
        location=payload.location,
        latitude=payload.latitude,
        longitude=payload.longitude,
        name_visible_to_employer=payload.name_visible_to_employer,
        amount_involved=payload.amount_involved,
        uploads=list(photos or []),
    )
    return Status(201, _mine(member, appeal.tracking_no))


@member_router.get(
    "/{tracking_no}",
    response=with_errors({200: WorkerAppealDetailOut}, 403, 404),
    summary="我的诉求详情",
    description="办理进度（不含内部记录）、答复和照片。",
)
def my_appeal(request, tracking_no: str):
    """One of the member's own appeals; anyone else's is 404."""
    return _mine(_me(request), tracking_no)


@member_router.get(
    "/{tracking_no}/photos/{photo_id}",
    response=with_errors({200: None}, 403, 404),
    summary="查看我的照片",
    description="您上传的一张照片（JPEG）。",
    url_name="my_appeal_photo",
    openapi_extra=FILE_RESPONSE,
)
def my_photo(request, tracking_no: str, photo_id: int):
    """A photo of one of the member's own appeals."""
    appeal = _mine(_me(request), tracking_no, detail=False)
    return photo_file(appeal.photos.filter(pk=photo_id).first())


@member_router.post(
    "/{tracking_no}/info",
    response=with_errors({200: WorkerAppealDetailOut}, 400, 403, 404),
    summary="补充材料",
    description="工会请您补充材料时（`can_provide_info`）填写补充内容，办理随即继续。",
)
def my_info(request, tracking_no: str, payload: InfoIn):
    """Through ``services.provide_info``."""
    member = _me(request)
    services.provide_info(_mine(member, tracking_no, detail=False), text=payload.text)
    return _mine(member, tracking_no)


@member_router.post(
    "/{tracking_no}/rate",
    response=with_errors({200: WorkerAppealDetailOut}, 400, 403, 404),
    summary="评价办理结果",
    description="办结后（`can_rate`）评价：满意、基本满意或不满意，可留言。第一次评价不满意时重新办理一次。",
)
def my_rate(request, tracking_no: str, payload: RateIn):
    """Through ``services.rate``."""
    member = _me(request)
    appeal = _mine(member, tracking_no, detail=False)
    services.rate(appeal, satisfaction=payload.satisfaction.value, comment=payload.comment)
    return _mine(member, tracking_no)
