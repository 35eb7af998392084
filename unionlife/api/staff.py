"""The union-life API for staff (``/api/v1/unionlife``): send notices and tasks, read the live return table,
remind the orgs that have not reported; the inbox of the orgs one works for, read and report back; committees,
congresses (换届) and a town's part-time vice-chairs. Endpoints parse
input, call one service and answer."""

from django.utils import timezone
from ninja import Field, Query, Router, Status

from core.api import Paging, with_errors
from core.errors import NOT_FOUND
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org

from .. import selectors
from ..models import Delivery, Notice, Officer, Term
from ..services import SEND, VIEW
from ..services import notices as notice_services
from ..services import officers as officer_services
from ..services.officers import add_months
from .schemas import (
    LifeCommitteeOut,
    LifeCongressIn,
    LifeDeliveryOut,
    LifeDeliveryRowOut,
    LifeEndOfficerIn,
    LifeNoticeDetailOut,
    LifeNoticeIn,
    LifeNoticeOut,
    LifeOfficerOut,
    LifeRemindOut,
    LifeReportIn,
    LifeTermOut,
    LifeViceChairIn,
)

router = Router(tags=["通知与任务"])


def _orgs(request, codes: list[str], field: str) -> list[Org]:
    found = []
    for code in codes:
        org = Org.objects.restrict(request.user, SEND).filter(code=normalize_code(code or "")).first()
        if org is None:
            raise NOT_FOUND(field=field)
        found.append(org)
    return found


class LifeNoticeFilters(Paging):
    q: str | None = Field(None, max_length=100, description="按标题搜索")


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
    from ..views.staff import STATES

    qs = selectors.inbox(request.user)
    if filters.state in STATES:
        qs = STATES[filters.state](qs)
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


# --- Officers and terms ---------------------------------------------------------------------------------------------


class LifeTermFilters(Paging):
    due: str | None = Field(None, description="overdue=换届逾期；soon=半年内到期")


@router.get("/terms", response=with_errors({200: list[LifeTermOut]}), summary="本范围工会的本届任期")
def list_terms(request, filters: Query[LifeTermFilters]):
    qs = Term.objects.restrict(request.user, VIEW).filter(closed_on__isnull=True).select_related("union")
    today = timezone.localdate()
    if filters.due == "overdue":
        qs = qs.filter(due_on__lt=today)
    elif filters.due == "soon":
        qs = qs.filter(due_on__gte=today, due_on__lte=add_months(today, 6))
    qs = qs.order_by("due_on", "union__path")
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


def _committee_out(org) -> dict:
    terms = list(Term.objects.filter(union=org).select_related("union").order_by("-started_on", "-pk"))
    serving = Officer.objects.filter(union=org, ends_on__isnull=True).select_related("source_union")
    return {
        "org": org,
        "current": next((t for t in terms if t.closed_on is None), None),
        "officers": list(serving.order_by("role", "pk")),
        "past": [t for t in terms if t.closed_on is not None],
    }


@router.get("/committees/{org_id}", response=with_errors({200: LifeCommitteeOut}, 404), summary="工会委员会")
def get_committee(request, org_id: int):
    return _committee_out(get_scoped_or_404(Org.objects.all(), request.user, VIEW, pk=org_id))


@router.post(
    "/committees/{org_id}/congress",
    response=with_errors({201: LifeTermOut}, 400, 403, 404, 409, 503),
    summary="登记会员（代表）大会（换届）",
)
def record_congress(request, org_id: int, payload: LifeCongressIn):
    org = get_scoped_or_404(Org.objects.all(), request.user, VIEW, pk=org_id)
    members = {
        m.pk: m
        for m in Member.objects.restrict(request.user, "members.view").filter(
            pk__in=[o.member_id for o in payload.officers if o.member_id]
        )
    }
    officers = []
    for o in payload.officers:
        if o.member_id and o.member_id not in members:
            raise NOT_FOUND(field="officers")
        officers.append({"role": o.role, "name": o.name, "full_time": o.full_time, "member": members.get(o.member_id)})
    term = officer_services.record_congress(
        org,
        actor=request.user,
        held_on=payload.held_on,
        officers=officers,
        delegates=payload.delegates,
        length_years=payload.length_years,
    )
    return Status(201, term)


@router.post(
    "/committees/{org_id}/vice-chairs",
    response=with_errors({201: LifeOfficerOut}, 400, 403, 404, 409, 503),
    summary="选配镇街兼职副主席",
)
def appoint_vice_chair(request, org_id: int, payload: LifeViceChairIn):
    org = get_scoped_or_404(Org.objects.all(), request.user, VIEW, pk=org_id)
    source = Org.objects.restrict(request.user, VIEW).filter(code=normalize_code(payload.source_union)).first()
    if source is None:
        raise NOT_FOUND(field="source_union")
    return Status(201, officer_services.appoint_vice_chair(org, actor=request.user, source_union=source))


@router.post(
    "/officers/{officer_id}/end",
    response=with_errors({200: LifeOfficerOut}, 400, 403, 404, 409, 503),
    summary="干部离任",
)
def end_officer(request, officer_id: int, payload: LifeEndOfficerIn):
    officer = get_scoped_or_404(Officer.objects.select_related("union"), request.user, VIEW, pk=officer_id)
    return officer_services.end_officer(officer, actor=request.user, ends_on=payload.ends_on)
