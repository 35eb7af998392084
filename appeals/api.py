"""API of appeals and suggestions (诉求, 建议, 随手拍, 开放日) for three kinds of caller:

- staff (``/appeals``) find appeals only inside their scope (``restrict(user, "appeals.view")``), so anything outside
  it answers 404 exactly like an unknown tracking number; whether they may act on a visible appeal is the service's
  decision (403 ``permission_denied``). They see the full timeline, internal notes included, and the worker's
  full phone number in the detail (they call the worker back); lists mask it.
- a member (``/me/appeals``, the token of a user linked to a roster record) submits and follows their own appeals;
  anyone else's is 404.
- a worker without an account (``/public/appeals``, no token) proves their mobile number with an SMS code. A code
  is used up by the first action that succeeds (a submission refused for a missing field keeps it usable), and
  every successful answer carries ``access``, a signed pass for that number valid for 30 minutes that the
  following calls may send instead of a code. An appeal is found by its tracking number *and* that number:
  someone else's answers 404.

Endpoints never write to the ORM themselves: every change goes through ``appeals.services``.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated

from django.core import signing
from django.db import transaction
from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from core import pii
from core.api import Paging, StrictInput, choices_doc, paginate, with_errors
from core.errors import DomainError
from core.validators import normalize_code
from members.choices import GigPlatform
from members.models import Member
from orgs.models import Enterprise, Org, OrgKind, OrgStatus

from . import selectors, services
from .models import OPEN_STATUSES, Appeal, AppealEvent, AppealPhoto, Category, Kind, Satisfaction
from .models import Status as AppealStatus

staff_router = Router(tags=["诉求与建议"])
member_router = Router(tags=["会员：我的诉求"])
public_router = Router(tags=["职工诉求（免登录）"])

VIEW = "appeals.view"
ACCESS_TTL = timedelta(minutes=30)
_ACCESS_SALT = "appeals.phone-access"
_FILE_RESPONSE = {"responses": {200: {"description": "JPEG 图片", "content": {"image/jpeg": {}}}}}


def _public(success: dict, *statuses: int) -> dict:
    """``with_errors`` for an endpoint that needs no token, so its documentation promises no 401."""
    return {status: schema for status, schema in with_errors(success, *statuses).items() if status != 401}


def _is_overdue(obj: Appeal, now: datetime | None = None) -> bool:
    """The rule of ``selectors.overdue_q`` for one loaded appeal."""
    now = now or timezone.now()
    return (obj.status == AppealStatus.SUBMITTED and obj.accept_due < now) or (
        obj.status == AppealStatus.ACCEPTED and obj.resolve_due < now
    )


# --- Schemas: output ------------------------------------------------------------------------------------------


class OrgRef(Schema):
    """The union handling an appeal, or where a step happened."""

    code: str = Field(description="组织代码")
    name: str = Field(description="全称")


class _Labels(Schema):
    """The Chinese names of an appeal's coded fields."""

    kind_label: str = Field(description="类型名称")
    category_label: str = Field(description="类别名称")
    status_label: str = Field(description="状态名称")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_category_label(obj) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class AppealOut(_Labels):
    """One appeal in the staff work queue. The phone number is masked."""

    tracking_no: str = Field(description="受理编号")
    kind: Kind = Field(description=f"类型：{choices_doc(Kind)}")
    category: Category = Field(description=f"类别：{choices_doc(Category)}")
    status: AppealStatus = Field(description=f"状态：{choices_doc(AppealStatus)}")
    org: OrgRef = Field(description="承办工会（当前）")
    name: str = Field(description="职工姓名")
    phone_masked: str = Field(description="手机号（遮盖）")
    is_member: bool = Field(description="是否以会员身份提交")
    employer_name: str = Field(description="用人单位名称")
    gig_platform: str = Field(description=f"新就业形态类别（空表示不是）：{choices_doc(GigPlatform)}")
    rights_flag: bool = Field(description="维权线索（工资拖欠、劳动争议类）")
    submitted_at: datetime = Field(description="提交时间")
    accept_due: datetime = Field(description="受理期限")
    resolve_due: datetime = Field(description="办结期限")
    accepted_at: datetime | None = Field(description="受理时间")
    resolved_at: datetime | None = Field(description="办结时间")
    overdue: bool = Field(description="是否已超期（未在受理期限内受理，或受理后未在办结期限内办结）")
    escalations: int = Field(description="超期升级次数")
    assignee_name: str | None = Field(description="承办人")
    satisfaction: str = Field(description=f"满意度（空表示未评价）：{choices_doc(Satisfaction)}")
    reopened: bool = Field(description="是否因不满意重新办理过")
    adopted: bool = Field(description="建议是否已采纳")

    @staticmethod
    def resolve_phone_masked(obj) -> str:
        return pii.mask_phone(obj.phone)

    @staticmethod
    def resolve_is_member(obj) -> bool:
        return obj.member_id is not None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return _is_overdue(obj)

    @staticmethod
    def resolve_assignee_name(obj) -> str | None:
        return str(obj.assignee) if obj.assignee_id else None


class PhotoOut(Schema):
    id: int
    width: int = Field(description="宽（像素）")
    height: int = Field(description="高（像素）")
    url: str = Field(description="下载地址（JPEG，已去除位置等元数据），须带同样的令牌访问；免登录查询时为空字符串")


class EventOut(Schema):
    """One step of the timeline as staff see it."""

    kind: AppealEvent.Kind = Field(description=f"环节：{choices_doc(AppealEvent.Kind)}")
    kind_label: str = Field(description="环节名称")
    at: datetime = Field(description="时间")
    org: OrgRef | None = Field(description="发生环节的工会")
    actor_name: str | None = Field(description="经办人；职工本人或系统（超期升级）为 null")
    note: str = Field(description="说明")
    public: bool = Field(description="职工是否可见（false 为内部记录）")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_actor_name(obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class AppealDetailOut(AppealOut):
    """One appeal with everything staff need to handle it: the full phone number, photos and the whole timeline."""

    phone: str = Field(description="手机号（完整，用于回访）")
    description: str = Field(description="内容")
    location: str = Field(description="地点")
    latitude: float | None = Field(description="纬度")
    longitude: float | None = Field(description="经度")
    name_visible_to_employer: bool = Field(description="是否允许向用人单位透露姓名")
    member_id: int | None = Field(description="会员 id（以会员身份提交时）")
    employer_id: int | None = Field(description="用人单位在企业名录中的 id")
    reply: str = Field(description="答复")
    satisfaction_comment: str = Field(description="职工的评价留言")
    merged_into: str | None = Field(description="已合并至的受理编号")
    merged: list[str] = Field(description="合并到本事项的受理编号")
    recorded_by_name: str | None = Field(description="代为登记人（开放日）")
    photos: list[PhotoOut] = Field(description="照片")
    events: list[EventOut] = Field(description="办理记录（含内部记录），按时间排列")

    @staticmethod
    def resolve_merged_into(obj) -> str | None:
        return obj.merged_into.tracking_no if obj.merged_into_id else None

    @staticmethod
    def resolve_merged(obj) -> list[str]:
        return [a.tracking_no for a in obj.merged.all()]

    @staticmethod
    def resolve_recorded_by_name(obj) -> str | None:
        return str(obj.recorded_by) if obj.recorded_by_id else None

    @staticmethod
    def resolve_photos(obj) -> list[dict]:
        return [_photo(p, "api:appeal_photo") for p in obj.photos.all()]

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())


class AppealPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[AppealOut]


class WorkerEventOut(Schema):
    """One step of the timeline as the worker sees it (internal records left out)."""

    kind: AppealEvent.Kind = Field(description=f"环节：{choices_doc(AppealEvent.Kind)}")
    kind_label: str = Field(description="环节名称")
    at: datetime = Field(description="时间")
    org_name: str | None = Field(description="工会")
    note: str = Field(description="说明")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_org_name(obj) -> str | None:
        return obj.org.name if obj.org_id else None


class WorkerAppealOut(_Labels):
    """An appeal as the worker who raised it follows it."""

    tracking_no: str = Field(description="受理编号")
    kind: Kind = Field(description=f"类型：{choices_doc(Kind)}")
    category: Category = Field(description=f"类别：{choices_doc(Category)}")
    status: AppealStatus = Field(description=f"状态：{choices_doc(AppealStatus)}")
    org_name: str = Field(description="承办工会")
    description: str = Field(description="内容")
    location: str = Field(description="地点")
    submitted_at: datetime = Field(description="提交时间")
    accept_due: datetime = Field(description="受理期限")
    resolve_due: datetime = Field(description="办结期限")
    reply: str = Field(description="答复")
    satisfaction: str = Field(description=f"满意度（空表示未评价）：{choices_doc(Satisfaction)}")
    satisfaction_comment: str = Field(description="评价留言")
    adopted: bool = Field(description="建议是否已采纳")
    merged_into: str | None = Field(description="已与哪个受理编号合并办理")
    can_provide_info: bool = Field(description="是否等待您补充材料")
    can_rate: bool = Field(description="是否可以评价")

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_merged_into(obj) -> str | None:
        return obj.merged_into.tracking_no if obj.merged_into_id else None

    @staticmethod
    def resolve_can_provide_info(obj) -> bool:
        return obj.status == AppealStatus.INFO_REQUESTED

    @staticmethod
    def resolve_can_rate(obj) -> bool:
        return obj.status == AppealStatus.RESOLVED


class WorkerAppealDetailOut(WorkerAppealOut):
    photos: list[PhotoOut] = Field(description="照片")
    events: list[WorkerEventOut] = Field(description="办理进度，按时间排列")

    @staticmethod
    def resolve_photos(obj) -> list[dict]:
        if obj.member_id is None:
            # Without an account there is no credential a plain image link could carry.
            return [_photo(p, None) for p in obj.photos.all()]
        return [_photo(p, "api:my_appeal_photo") for p in obj.photos.all()]

    @staticmethod
    def resolve_events(obj) -> list:
        return [e for e in obj.events.all() if e.public]


class WorkerAppealPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[WorkerAppealOut]


class PublicAppealOut(WorkerAppealDetailOut):
    access: str = Field(description="手机号验证凭证，30 分钟内可代替验证码（字段 access）")
    access_expires_at: datetime = Field(description="凭证过期时间")


class CodeSentOut(Schema):
    phone_masked: str = Field(description="手机号（遮盖）")
    expires_in: int = Field(description="验证码有效期（秒）")


class FigureOut(Schema):
    """The figures of one group (see ``appeals.selectors``)."""

    received: int = Field(description="受理总量（期间内提交的事项，含被合并的）")
    accepted: int = Field(description="已受理")
    accepted_on_time: int = Field(description="按期受理")
    accepted_on_time_rate: float | None = Field(description="按期受理率（%，占受理总量）")
    resolved: int = Field(description="已办结（含已评价）")
    resolved_on_time: int = Field(description="按期办结")
    resolved_on_time_rate: float | None = Field(description="按期办结率（%，占受理总量）")
    avg_handling_hours: float | None = Field(description="平均办理时长（小时，提交至答复）")
    avg_handling_days: float | None = Field(description="平均办理时长（天）")
    escalated: int = Field(description="发生过超期升级的事项数")
    escalations: int = Field(description="超期升级次数")
    rated: int = Field(description="已评价")
    satisfied: int = Field(description="满意与基本满意")
    satisfaction_rate: float | None = Field(description="满意率（%，满意与基本满意 / 已评价）")
    adopted: int = Field(description="采纳的建议")


class FiguresOut(Schema):
    org: OrgRef
    start: date = Field(description="起始日期（含）")
    end: date = Field(description="截止日期（含）")
    total: FigureOut
    by_kind: dict[str, FigureOut] = Field(description=f"按类型：{choices_doc(Kind)}")
    by_category: dict[str, FigureOut] = Field(description=f"按类别：{choices_doc(Category)}")


# --- Schemas: input -------------------------------------------------------------------------------------------


class Order(StrEnum):
    NEWEST = "newest"
    DEADLINE = "deadline"


class AppealFilters(Paging):
    q: str | None = Field(None, description="按受理编号（完整或末几位）、职工姓名或手机号（完整或末四位）搜索")
    kind: Kind | None = Field(None, description=f"类型：{choices_doc(Kind)}")
    category: Category | None = Field(None, description=f"类别：{choices_doc(Category)}")
    status: AppealStatus | None = Field(None, description=f"状态：{choices_doc(AppealStatus)}")
    overdue: bool | None = Field(None, description="true：只列出已超期的；false：只列出未超期的")
    mine: bool | None = Field(None, description="true：只列出由我承办的")
    under: str | None = Field(None, description="组织代码：该组织及其全部下级承办的")
    rights_flag: bool | None = Field(None, description="true：只列出维权线索")
    submitted_from: date | None = Field(None, description="提交日期不早于 YYYY-MM-DD")
    submitted_to: date | None = Field(None, description="提交日期不晚于 YYYY-MM-DD（含当天）")
    order: Order = Field(
        Order.NEWEST, description="排序：newest=新提交的在前；deadline=办理中的在前，按当前期限由近及远"
    )


class FiguresQuery(Schema):
    org: str = Field(description="组织代码：统计该组织及其全部下级当前承办的事项")
    start: date = Field(description="起始日期 YYYY-MM-DD（含，按提交时间，北京时间）")
    end: date = Field(description="截止日期 YYYY-MM-DD（含）")


class HandOverIn(StrictInput):
    to_org: str = Field(description="转办对象的组织代码（须在您的管理范围内）")
    reason: str = Field(description="转办原因")


class QuestionIn(StrictInput):
    question: str = Field(description="需要职工补充的内容")


class MergeIn(StrictInput):
    into: str = Field(description="合并到的受理编号（须为您管理范围内未办结的事项）")


class ReplyIn(StrictInput):
    reply: str = Field(description="答复（办理结果，至少 5 个字）")


class AdoptIn(StrictInput):
    note: str = Field("", description="采纳说明")


class NoteIn(StrictInput):
    text: str = Field(description="内部备注（职工不可见）")


class OpenDayIn(StrictInput):
    org: str = Field(description="举办开放日的工会的组织代码，由其承办（须在您的管理范围内）")
    category: Category = Field(description=f"类别：{choices_doc(Category)}")
    description: str = Field(description="职工反映的问题或建议（至少 5 个字）")
    name: str = Field("", description="职工姓名（选择会员时可不填）")
    phone: str = Field("", description="职工手机号（选择会员时可不填），用于通知办理进展")
    member: int | None = Field(None, description="会员 id（职工是会员时）")
    employer: int | None = Field(None, description="用人单位在企业名录中的 id")
    employer_name: str = Field("", description="用人单位名称（未选企业时）")
    location: str = Field("", description="地点")
    name_visible_to_employer: bool = Field(False, description="是否允许向用人单位透露姓名")


class WorkerKind(StrEnum):
    APPEAL = Kind.APPEAL.value
    SUGGESTION = Kind.SUGGESTION.value
    SNAPSHOT = Kind.SNAPSHOT.value


class MemberSubmitIn(StrictInput):
    kind: WorkerKind = Field(description="类型：appeal=诉求；suggestion=建议；snapshot=随手拍")
    category: Category = Field(description=f"类别：{choices_doc(Category)}")
    description: str = Field(description="内容（至少 5 个字）")
    location: str = Field("", description="地点")
    latitude: float | None = Field(None, ge=-90, le=90, description="纬度")
    longitude: float | None = Field(None, ge=-180, le=180, description="经度")
    name_visible_to_employer: bool = Field(False, description="是否允许向用人单位透露姓名")


class _PhoneProof(StrictInput):
    phone: str = Field(description="手机号")
    code: str = Field("", description="短信验证码（与 access 二选一）")
    access: str = Field("", description="此前成功操作返回的凭证（30 分钟内有效，与 code 二选一）")


class PublicSubmitIn(MemberSubmitIn, _PhoneProof):
    name: str = Field(description="姓名")
    employer: int | None = Field(None, description="用人单位在企业名录中的 id")
    employer_name: str = Field("", description="用人单位名称（未选企业时）")
    gig_platform: str = Field("", description=f"新就业形态类别：{choices_doc(GigPlatform)}")
    town: str = Field("", description="所在镇街（或工会）的组织代码；找不到承办工会时由该镇街总工会承办")


class PhoneIn(StrictInput):
    phone: str = Field(description="手机号（11 位）")


class LookupIn(_PhoneProof):
    tracking_no: str = Field(description="受理编号")


class InfoIn(StrictInput):
    text: str = Field(description="补充的内容")


class RateIn(StrictInput):
    satisfaction: Satisfaction = Field(description=f"满意度：{choices_doc(Satisfaction)}；不满意可重新办理一次")
    comment: str = Field("", max_length=500, description="评价留言")


class PublicInfoIn(InfoIn, _PhoneProof):
    pass


class PublicRateIn(RateIn, _PhoneProof):
    pass


# --- Helpers --------------------------------------------------------------------------------------------------


def _photo(photo: AppealPhoto, url_name: str | None) -> dict:
    url = reverse(url_name, kwargs={"tracking_no": photo.appeal.tracking_no, "photo_id": photo.pk}) if url_name else ""
    return {"id": photo.pk, "width": photo.width, "height": photo.height, "url": url}


def _photo_file(photo: AppealPhoto | None) -> FileResponse:
    if photo is None or not photo.image:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type="image/jpeg")


def _not_found(what, *, field: str) -> DomainError:
    """The refusal for an object named in a request body that does not exist or is out of scope."""
    return DomainError("not_found", _("%(w)s不存在或不在您的管理范围内") % {"w": what}, field=field, status=404)


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


def _me(request) -> Member:
    """The caller's roster record; a token of a user who is not a member is refused."""
    member = Member.objects.select_related("union", "user", "employer").filter(user=request.auth).first()
    if member is None:
        raise DomainError("not_a_member", _("此接口仅供会员使用，请使用会员账号登录"), status=403)
    return member


def _worker_detail_qs():
    """Appeals with what the worker's view names: the union, the surviving item of a merge, photos, timeline."""
    events = AppealEvent.objects.filter(public=True).select_related("org").order_by("at", "id")
    return Appeal.objects.select_related("org", "merged_into").prefetch_related(
        Prefetch("events", queryset=events),
        Prefetch("photos", queryset=AppealPhoto.objects.select_related("appeal").order_by("pk")),
    )


def _mine(member: Member, tracking_no: str, *, detail: bool = True) -> Appeal:
    """One of the member's own appeals, or 404."""
    qs = _worker_detail_qs() if detail else Appeal.objects.all()
    return get_object_or_404(qs, member=member, tracking_no=tracking_no.strip().upper())


def _access_pass(phone: str) -> dict:
    """The signed pass for a verified phone number and when it expires."""
    return {
        "access": signing.TimestampSigner(salt=_ACCESS_SALT).sign(phone),
        "access_expires_at": timezone.now() + ACCESS_TTL,
    }


def _prove_phone(proof: _PhoneProof, *, consume: bool = True) -> str:
    """The phone number the caller proved, by a pass from an earlier call or by an SMS code. Call it outside any
    transaction: a wrong code must stay counted."""
    phone = proof.phone.strip()
    if proof.access:
        try:
            signed = signing.TimestampSigner(salt=_ACCESS_SALT).unsign(proof.access, max_age=ACCESS_TTL)
        except signing.SignatureExpired:
            raise DomainError("access_expired", _("验证已过期，请重新获取验证码"), field="access") from None
        except signing.BadSignature:
            signed = None
        if signed != phone:
            raise DomainError("access_invalid", _("验证凭证无效，请重新获取验证码"), field="access")
        return phone
    if not proof.code.strip():
        raise DomainError("code_required", _("验证码：必填"), field="code")
    services.verify_phone_code(phone, proof.code, consume=consume)
    return phone


def _by_phone(tracking_no: str, phone: str) -> Appeal:
    """The appeal with this tracking number raised from this phone number, or 404: a tracking number alone never
    opens an appeal."""
    return get_object_or_404(_worker_detail_qs(), tracking_no=tracking_no.strip().upper(), phone=phone)


def _public_answer(appeal: Appeal, phone: str) -> Appeal:
    """The worker's view of ``appeal`` (reloaded) with a fresh pass for their phone."""
    appeal = _by_phone(appeal.tracking_no, phone)
    for key, value in _access_pass(phone).items():
        setattr(appeal, key, value)
    return appeal


def _one_use(proof: _PhoneProof) -> None:
    """Use up the code that proved the phone, inside the caller's transaction, once its action succeeded."""
    if not proof.access:
        services.verify_phone_code(proof.phone.strip(), proof.code)


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
    response=with_errors({200: FiguresOut}, 404),
    summary="诉求办理统计",
    description="组织及其全部下级当前承办、在期间内（按提交时间，起止日期均含）提交的事项：受理总量、按期受理、"
    "办结、按期办结、平均办理时长、超期升级、满意率、采纳建议，并按类型和类别分列。"
    "事项计入当前承办的工会：转办、升级后随之计入新的承办工会。",
)
def appeal_figures(request, params: Query[FiguresQuery]):
    """``selectors.figures`` for a visible org."""
    if params.end < params.start:
        raise DomainError("invalid_period", _("截止日期不能早于起始日期"), field="end")
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
            raise DomainError("employer_not_found", _("用人单位：所选单位不存在"), field="employer")
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
    openapi_extra=_FILE_RESPONSE,
)
def get_photo(request, tracking_no: str, photo_id: int):
    """A photo of an appeal in the caller's scope."""
    appeal = _staff_appeal(request.auth, tracking_no)
    return _photo_file(appeal.photos.filter(pk=photo_id).first())


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
def add_note(request, tracking_no: str, payload: NoteIn):
    """Through ``services.add_note``."""
    return _act(request, tracking_no, services.add_note, text=payload.text)


# --- Members --------------------------------------------------------------------------------------------------


class MyFilters(Paging):
    status: AppealStatus | None = Field(None, description=f"状态：{choices_doc(AppealStatus)}")


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
    openapi_extra=_FILE_RESPONSE,
)
def my_photo(request, tracking_no: str, photo_id: int):
    """A photo of one of the member's own appeals."""
    appeal = _mine(_me(request), tracking_no, detail=False)
    return _photo_file(appeal.photos.filter(pk=photo_id).first())


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


# --- Workers without an account -------------------------------------------------------------------------------


@public_router.post(
    "/phone-code",
    auth=None,
    response=_public({202: CodeSentOut}, 400, 429),
    summary="获取短信验证码",
    description="无需令牌。向手机号发送 6 位验证码（10 分钟内有效，可输错 5 次）；同一号码每分钟 1 次、每小时 5 次。",
)
def send_code(request, payload: PhoneIn):
    """Through ``services.send_phone_code``."""
    services.send_phone_code(payload.phone.strip())
    return Status(202, {"phone_masked": pii.mask_phone(payload.phone.strip()), "expires_in": 600})


@public_router.get(
    "/towns",
    auth=None,
    response=_public({200: list[OrgRef]}),
    summary="可选择的镇街",
    description="无需令牌。提交诉求时可选的镇街总工会（及区总工会）：找不到对应的企业工会或行业工会时由所选镇街承办。",
)
def towns(request):
    """Active federations, in tree order: what a worker without an account chooses as ``town``."""
    return list(
        Org.objects.filter(kind__in=[OrgKind.TOWN, OrgKind.FEDERATION], status=OrgStatus.ACTIVE)
        .order_by("path")
        .only("code", "name")
    )


@public_router.post(
    "",
    auth=None,
    response=_public({201: PublicAppealOut}, 400, 403, 404),
    summary="提交诉求（免登录）",
    description="无需令牌。以 multipart/form-data 提交：手机号、验证码（或 30 分钟内的凭证 `access`）、姓名及诉求各字段"
    "为表单字段，照片为 `photos`（最多 9 张，规则同会员提交）。按用人单位、新就业形态类别或所在镇街确定承办工会。"
    "所有问题一次返回（`errors`）；提交被拒绝时验证码不作废，改正后可再次使用。",
)
def submit_public(
    request,
    payload: Form[PublicSubmitIn],
    photos: Annotated[list[UploadedFile] | None, File(None, description="照片，最多 9 张")] = None,
):
    """Check the phone first (a wrong code stays counted), then submit and use up the code in one transaction."""
    phone = _prove_phone(payload, consume=False)
    employer = None
    if payload.employer is not None:
        employer = Enterprise.objects.select_related("covering_union", "org").filter(pk=payload.employer).first()
        if employer is None:
            raise DomainError("employer_not_found", _("用人单位：所选单位不存在"), field="employer")
    town = None
    if payload.town.strip():
        town = Org.objects.filter(code=normalize_code(payload.town)).first()
        if town is None:
            raise DomainError("town_not_found", _("所在镇街：所选组织不存在"), field="town")
    with transaction.atomic():
        appeal = services.submit(
            kind=payload.kind.value,
            category=payload.category.value,
            description=payload.description,
            name=payload.name,
            phone=phone,
            employer=employer,
            employer_name=payload.employer_name,
            gig_platform=payload.gig_platform,
            town=town,
            location=payload.location,
            latitude=payload.latitude,
            longitude=payload.longitude,
            name_visible_to_employer=payload.name_visible_to_employer,
            uploads=list(photos or []),
        )
        _one_use(payload)
    return Status(201, _public_answer(appeal, phone))


@public_router.post(
    "/lookup",
    auth=None,
    response=_public({200: PublicAppealOut}, 400, 404),
    summary="查询诉求（免登录）",
    description="无需令牌。凭受理编号、提交时的手机号和验证码（或凭证 `access`）查看办理进度和答复。"
    "编号与手机号不匹配时返回 404。",
)
def lookup(request, payload: LookupIn):
    """The appeal with this tracking number and the proved phone number; the code is used up once it is found."""
    phone = _prove_phone(payload, consume=False)
    appeal = _by_phone(payload.tracking_no, phone)
    _one_use(payload)
    return _public_answer(appeal, phone)


@public_router.post(
    "/{tracking_no}/info",
    auth=None,
    response=_public({200: PublicAppealOut}, 400, 404),
    summary="补充材料（免登录）",
    description="无需令牌。工会请您补充材料时，凭手机号和验证码（或凭证 `access`）填写补充内容。",
)
def public_info(request, tracking_no: str, payload: PublicInfoIn):
    """Through ``services.provide_info``."""
    phone = _prove_phone(payload, consume=False)
    appeal = _by_phone(tracking_no, phone)
    with transaction.atomic():
        services.provide_info(appeal, text=payload.text)
        _one_use(payload)
    return _public_answer(appeal, phone)


@public_router.post(
    "/{tracking_no}/rate",
    auth=None,
    response=_public({200: PublicAppealOut}, 400, 404),
    summary="评价办理结果（免登录）",
    description="无需令牌。办结后凭手机号和验证码（或凭证 `access`）评价；第一次评价不满意时重新办理一次。",
)
def public_rate(request, tracking_no: str, payload: PublicRateIn):
    """Through ``services.rate``."""
    phone = _prove_phone(payload, consume=False)
    appeal = _by_phone(tracking_no, phone)
    with transaction.atomic():
        services.rate(appeal, satisfaction=payload.satisfaction.value, comment=payload.comment)
        _one_use(payload)
    return _public_answer(appeal, phone)
