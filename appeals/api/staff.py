"""The staff API of appeals (``/appeals``): staff find appeals only inside their scope (``restrict(user,
"appeals.view")``), so anything outside it answers 404 exactly like an unknown tracking number; whether they may act on
a visible appeal is the service's decision (403 ``permission_denied``). They see the full timeline, internal notes
included, and the worker's full phone number in the detail (they call the worker back); lists mask it.

Endpoints never write to the ORM themselves: every change goes through ``appeals.services``.
"""

from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from appeals import errors
from core.api import paginate, with_errors
from core.errors import DomainError
from core.validators import normalize_code
from members.models import Member
from orgs.models import Enterprise, Org

from .. import selectors, services
from ..models import OPEN_STATUSES, Appeal, AppealEvent, AppealPhoto, Kind
from ..models import Status as AppealStatus
from .schemas import (
    FILE_RESPONSE,
    AdoptIn,
    AppealDetailOut,
    AppealFiguresOut,
    AppealFilters,
    AppealNoteIn,
    AppealPage,
    FiguresQuery,
    HandOverIn,
    MergeIn,
    OpenDayIn,
    Order,
    QuestionIn,
    ReplyIn,
    photo_file,
)

staff_router = Router(tags=["诉求与建议"])

VIEW = "appeals.view"


def _not_found(what, *, field: str) -> DomainError:
    """The refusal for an object named in a request body that does not exist or is out of scope."""
    return errors.NOT_FOUND(message=_("%(w)s不存在或不在您的管理范围内") % {"w": what}, field=field)


def _staff_appeals(user):
    """Appeals inside ``user``'s scope with what a list row names already joined."""
    return Appeal.objects.restrict(user, VIEW).select_related("org", "assignee")


def _staff_detail(user, tracking_no: str) -> Appeal:
    """An appeal in the caller's scope with its photos, duplicates and whole timeline, or 404."""
    events = AppealEvent.objects.select_related("actor", "org").order_by("at", "id")
    qs = _staff_appeals(user).select_related("merged_into", "recorded_by")
    qs = qs.prefetch_related(
        Prefetch("events", queryset=events),
        Prefetch("photos", queryset=AppealPhoto.objects.select_related("appeal").order_by("pk")),
        Prefetch("merged", queryset=Appeal.objects.order_by("tracking_no").only("pk", "tracking_no", "merged_into")),
    )
    return get_object_or_404(qs, tracking_no=tracking_no.strip().upper())


def _staff_appeal(user, tracking_no: str) -> Appeal:
    """An appeal in the caller's scope, or 404 (for actions, which reload it under a lock)."""
    return get_object_or_404(Appeal.objects.restrict(user, VIEW), tracking_no=tracking_no.strip().upper())


def _visible_org(user, code: str, *, field: str) -> Org:
    """An org named in a request inside the caller's appeals scope, else ``not_found`` for that field."""
    org = Org.objects.restrict(user, VIEW).filter(code=normalize_code(code)).first()
    if org is None:
        raise _not_found(_("组织“%(c)s”") % {"c": code}, field=field)
    return org


# --- Staff ----------------------------------------------------------------------------------------------------


@staff_router.get(
    "",
    response=with_errors({200: AppealPage}),
    summary="诉求与建议列表",
    description="您管理范围内当前承办的诉求、建议、随手拍和开放日事项。手机号遮盖显示。"
    "`under` 指向您看不到的组织时结果为空。",
)
def list_appeals(request, filters: Query[AppealFilters]):
    """Scoped, filtered, paged appeals; four queries whatever the page size (token, scope, count, page)."""
    qs = _staff_appeals(request.auth)
    if filters.q and filters.q.strip():
        qs = qs.filter(selectors.search_q(filters.q))
    if filters.kind:
        qs = qs.filter(kind=filters.kind.value)
    if filters.category:
        qs = qs.filter(category=filters.category.value)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.overdue is not None:
        overdue = selectors.overdue_q()
        qs = qs.filter(overdue) if filters.overdue else qs.exclude(overdue)
    if filters.mine:
        qs = qs.filter(assignee=request.auth)
    if filters.rights_flag is not None:
        qs = qs.filter(rights_flag=filters.rights_flag)
    if filters.submitted_from:
        qs = qs.filter(submitted_at__gte=selectors.period_bounds(filters.submitted_from, filters.submitted_from)[0])
    if filters.submitted_to:
        qs = qs.filter(submitted_at__lt=selectors.period_bounds(filters.submitted_to, filters.submitted_to)[1])
    if filters.under is not None:
        anchor = Org.objects.restrict(request.auth, VIEW).filter(code=normalize_code(filters.under)).first()
        if anchor is None:
            return {"count": 0, "page": filters.page, "page_size": filters.page_size, "items": []}
        qs = qs.filter(org__path__startswith=anchor.path)
    if filters.order == Order.DEADLINE:
        qs = qs.annotate(
            closed=Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()),
            due=Case(When(status=AppealStatus.SUBMITTED, then=F("accept_due")), default=F("resolve_due")),
        ).order_by("closed", "due", "id")
    return paginate(qs, filters)


@staff_router.get(
    "/figures",
    response=with_errors({200: AppealFiguresOut}, 400, 404),
    summary="诉求办理统计",
    description="组织及其全部下级当前承办、在期间内（按提交时间，起止日期均含）提交的事项：受理总量、按期受理、"
    "办结、按期办结、平均办理时长、超期升级、满意率、采纳建议，并按类型和类别分列。"
    "事项计入当前承办的工会：转办、升级后随之计入新的承办工会。",
)
def appeal_figures(request, params: Query[FiguresQuery]):
    """``selectors.figures`` for a visible org."""
    if params.end < params.start:
        raise errors.INVALID_PERIOD(field="end")
    org = _visible_org(request.auth, params.org, field="org")
    return {"org": org, "start": params.start, "end": params.end, **selectors.figures(org, params.start, params.end)}


@staff_router.post(
    "/open-day",
    response=with_errors({201: AppealDetailOut}, 400, 403, 404),
    summary="登记开放日事项",
    description="工会主席开放日上职工当面反映的问题，由工作人员代为登记（登记人为当前用户），直接由举办开放日的"
    "工会承办。职工是会员时可只填会员 id。",
)
def record_open_day(request, payload: OpenDayIn):
    """Through ``services.submit`` with ``recorded_by`` the caller and ``org`` the hosting union."""
    org = _visible_org(request.auth, payload.org, field="org")
    member = None
    if payload.member is not None:
        member = Member.objects.restrict(request.auth, "members.view").filter(pk=payload.member).first()
        if member is None:
            raise _not_found(_("会员"), field="member")
    employer = None
    if payload.employer is not None:
        employer = Enterprise.objects.select_related("covering_union").filter(pk=payload.employer).first()
        if employer is None:
            raise errors.EMPLOYER_NOT_FOUND(field="employer")
    appeal = services.submit(
        kind=Kind.OPEN_DAY,
        category=payload.category.value,
        description=payload.description,
        name=payload.name,
        phone=payload.phone,
        member=member,
        employer=employer,
        employer_name=payload.employer_name,
        location=payload.location,
        name_visible_to_employer=payload.name_visible_to_employer,
        recorded_by=request.auth,
        org=org,
    )
    return Status(201, _staff_detail(request.auth, appeal.tracking_no))


@staff_router.get(
    "/{tracking_no}",
    response=with_errors({200: AppealDetailOut}, 404),
    summary="诉求详情",
    description="事项的全部信息（含完整手机号，用于回访）、照片和完整的办理记录（含内部记录）。",
)
def get_appeal(request, tracking_no: str):
    """One appeal in the caller's scope."""
    return _staff_detail(request.auth, tracking_no)


@staff_router.get(
    "/{tracking_no}/photos/{photo_id}",
    response=with_errors({200: None}, 404),
    summary="查看照片",
    description="事项的一张照片（JPEG，上传时已去除位置等元数据）。",
    url_name="appeal_photo",
    openapi_extra=FILE_RESPONSE,
)
def get_photo(request, tracking_no: str, photo_id: int):
    """A photo of an appeal in the caller's scope."""
    appeal = _staff_appeal(request.auth, tracking_no)
    return photo_file(appeal.photos.filter(pk=photo_id).first())


def _act(request, tracking_no: str, action, **kwargs):
    """Run a service action on a visible appeal and answer with its details."""
    appeal = _staff_appeal(request.auth, tracking_no)
    action(appeal, actor=request.auth, **kwargs)
    return _staff_detail(request.auth, appeal.tracking_no)


@staff_router.post(
    "/{tracking_no}/accept",
    response=with_errors({200: AppealDetailOut}, 400, 403, 404),
    summary="受理",
    description="承办工会受理事项，当前用户成为承办人；职工收到通知。",
)
def accept(request, tracking_no: str):
    """Through ``services.accept``."""
    return _act(request, tracking_no, services.accept)


@staff_router.post(
    "/{tracking_no}/hand-over",
    response=with_errors({200: AppealDetailOut}, 400, 403, 404),
    summary="转办",
    description="转给您管理范围内更适合办理的另一个组织，须填写原因；转办记入办理记录。",
)
def hand_over(request, tracking_no: str, payload: HandOverIn):
    """Through ``services.hand_over``."""
    appeal = _staff_appeal(request.auth, tracking_no)
    to_org = _visible_org(request.auth, payload.to_org, field="to_org")
    services.hand_over(appeal, to_org, actor=request.auth, reason=payload.reason)
    return _staff_detail(request.auth, appeal.tracking_no)


@staff_router.post(
    "/{tracking_no}/request-info",
    response=with_errors({200: AppealDetailOut}, 400, 403, 404),
    summary="请职工补充材料",
    description="事项转为“待补充材料”，职工收到通知；等待期间不计超期。",
)
def request_info(request, tracking_no: str, payload: QuestionIn):
    """Through ``services.request_info``."""
    return _act(request, tracking_no, services.request_info, question=payload.question)


@staff_router.post(
    "/{tracking_no}/merge",
    response=with_errors({200: AppealDetailOut}, 400, 403, 404),
    summary="合并重复事项",
    description="把本事项并入另一个未办结的事项（`into`）一并办理；办结时两者得到同样的答复。",
)
def merge(request, tracking_no: str, payload: MergeIn):
    """Through ``services.merge``; the surviving item is looked up in the caller's scope."""
    appeal = _staff_appeal(request.auth, tracking_no)
    into = Appeal.objects.restrict(request.auth, VIEW).filter(tracking_no=payload.into.strip().upper()).first()
    if into is None:
        raise _not_found(_("受理编号“%(n)s”") % {"n": payload.into}, field="into")
    services.merge(appeal, into, actor=request.auth)
    return _staff_detail(request.auth, appeal.tracking_no)


@staff_router.post(
    "/{tracking_no}/resolve",
    response=with_errors({200: AppealDetailOut}, 400, 403, 404),
    summary="办结答复",
    description="填写办理结果答复职工并办结；并入本事项的重复事项一并办结。职工随后可以评价。",
)
def resolve(request, tracking_no: str, payload: ReplyIn):
    """Through ``services.resolve``."""
    return _act(request, tracking_no, services.resolve, reply=payload.reply)


@staff_router.post(
    "/{tracking_no}/adopt",
    response=with_errors({200: AppealDetailOut}, 400, 403, 404),
    summary="采纳建议",
    description="把已受理的建议标记为采纳，职工收到通知。",
)
def adopt(request, tracking_no: str, payload: AdoptIn):
    """Through ``services.adopt``."""
    return _act(request, tracking_no, services.adopt, note=payload.note)


@staff_router.post(
    "/{tracking_no}/notes",
    response=with_errors({200: AppealDetailOut}, 400, 403, 404),
    summary="添加内部备注",
    description="在办理记录中添加一条职工不可见的内部备注。",
)
def add_note(request, tracking_no: str, payload: AppealNoteIn):
    """Through ``services.add_note``."""
    return _act(request, tracking_no, services.add_note, text=payload.text)
