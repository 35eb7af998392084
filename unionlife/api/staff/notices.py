"""Notices and tasks: send, read the live return table, remind; the inbox of the orgs one works for."""

from ninja import Field, Query, Status

from core.api import Paging, with_errors
from core.scoping import get_scoped_or_404

from ... import selectors
from ...models import (
    Delivery,
    Notice,
)
from ...services import VIEW
from ...services import notices as notice_services
from ..schemas import (
    LifeDeliveryOut,
    LifeDeliveryRowOut,
    LifeNoticeDetailOut,
    LifeNoticeIn,
    LifeNoticeOut,
    LifeRemindOut,
    LifeReportIn,
)
from .base import LifeNoticeFilters, _orgs, router


@router.get("/notices", response=with_errors({200: list[LifeNoticeOut]}), summary="本范围发出的通知")
def list_notices(request, filters: Query[LifeNoticeFilters]):
    qs = Notice.objects.restrict(request.user, VIEW).select_related("sender")
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


@router.post("/notices", response=with_errors({201: LifeNoticeOut}, 400, 403, 404), summary="发通知（可带报送任务）")
def send_notice(request, payload: LifeNoticeIn):
    (sender,) = _orgs(request, [payload.sender], "sender")
    notice = notice_services.send_notice(
        actor=request.user,
        sender=sender,
        title=payload.title,
        body=payload.body,
        audience=payload.audience,
        category=payload.category,
        kinds=payload.kinds,
        towns=_orgs(request, payload.towns, "towns"),
        orgs=_orgs(request, payload.orgs, "orgs"),
        return_kind=payload.return_kind,
        due_on=payload.due_on,
        fields=[f.dict() for f in payload.fields],
        figure_label=payload.figure_label,
    )
    return Status(201, notice)


def _row(d) -> dict:
    return {**LifeDeliveryRowOut.from_orm(d).dict(exclude={"state"}), "state": d.current}


@router.get("/notices/{notice_id}", response=with_errors({200: LifeNoticeDetailOut}, 404), summary="通知详情与报送情况")
def get_notice(request, notice_id: int):
    notice = get_scoped_or_404(Notice.objects.select_related("sender"), request.user, VIEW, pk=notice_id)
    out = LifeNoticeOut.from_orm(notice).dict()
    if notice.audience == Notice.Audience.MEMBERS:
        return {**out, "member_reads": notice.member_reads.count()}
    table = selectors.return_table(notice)
    return {**out, "totals": table["totals"], "deliveries": [_row(d) for d in table["rows"]]}


@router.post(
    "/notices/{notice_id}/remind",
    response=with_errors({200: LifeRemindOut}, 403, 404, 409, 503),
    summary="一键催报未报送的单位",
)
def remind(request, notice_id: int):
    notice = get_scoped_or_404(Notice.objects.select_related("sender"), request.user, VIEW, pk=notice_id)
    return {"reminded": notice_services.remind_late(notice, actor=request.user)}


class LifeInboxFilters(Paging):
    state: str | None = Field(None, description="unread=未读；pending=待报送；overdue=逾期；reported=已报送")


def _delivery_out(d) -> dict:
    return {**LifeDeliveryOut.from_orm(d).dict(exclude={"state"}), "state": d.state()}


@router.get("/inbox", response=with_errors({200: list[LifeDeliveryOut]}), summary="发给本单位的通知与任务")
def inbox(request, filters: Query[LifeInboxFilters]):
    qs = selectors.inbox(request.user, filters.state or "")
    start = (filters.page - 1) * filters.page_size
    return [_delivery_out(d) for d in qs[start : start + filters.page_size]]


def _delivery(request, delivery_id: int) -> Delivery:
    return get_scoped_or_404(
        Delivery.objects.select_related("notice", "notice__sender", "org"), request.user, VIEW, pk=delivery_id
    )


@router.get("/deliveries/{delivery_id}", response=with_errors({200: LifeDeliveryOut}, 404), summary="本单位收到的通知")
def get_delivery(request, delivery_id: int):
    return _delivery_out(_delivery(request, delivery_id))


@router.post(
    "/deliveries/{delivery_id}/read", response=with_errors({200: LifeDeliveryOut}, 403, 404, 503), summary="标记已读"
)
def read_delivery(request, delivery_id: int):
    return _delivery_out(notice_services.mark_read(_delivery(request, delivery_id), actor=request.user))


@router.post(
    "/deliveries/{delivery_id}/report",
    response=with_errors({200: LifeDeliveryOut}, 400, 403, 404, 409, 503),
    summary="报送（表单答案或数字；文件请在网页上传）",
)
def report(request, delivery_id: int, payload: LifeReportIn):
    delivery = notice_services.report_back(
        _delivery(request, delivery_id),
        actor=request.user,
        answers=payload.answers,
        figure=None if payload.figure is None else str(payload.figure),
    )
    return _delivery_out(delivery)
