"""Schemas of the appeals API shared by its audiences (names unique across the whole API), and the answers every
audience builds the same way (a photo, an image file, the error list of an endpoint that needs no token)."""

from datetime import date, datetime
from enum import StrEnum

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from core import pii
from core.api import ApiDate, Paging, StrictInput, api_enum, choices_doc
from members.choices import GigPlatform

from ..models import Appeal, AppealEvent, AppealPhoto, Category, Kind, Satisfaction
from ..models import Status as AppealStatus
from ..timeline import linked_steps

# The model's choices under names of their own in the API's schema (component names are unique).
AppealKind = api_enum(Kind, "AppealKind")
AppealCategory = api_enum(Category, "AppealCategory")
AppealStatusChoice = api_enum(AppealStatus, "AppealStatus")
AppealEventKind = api_enum(AppealEvent.Kind, "AppealEventKind")

AMOUNT_OUT_DOC = "涉及金额（元，两位小数的字符串；职工未填写时为 null）"


def amount_text(obj: Appeal) -> str | None:
    return None if obj.amount_involved is None else f"{obj.amount_involved:.2f}"


FILE_RESPONSE = {"responses": {200: {"description": "JPEG 图片", "content": {"image/jpeg": {}}}}}


def is_overdue(obj: Appeal, now: datetime | None = None) -> bool:
    """The rule of ``selectors.overdue_q`` for one loaded appeal."""
    now = now or timezone.now()
    return (obj.status == AppealStatus.SUBMITTED and obj.accept_due < now) or (
        obj.status == AppealStatus.ACCEPTED and obj.resolve_due < now
    )


def photo_ref(photo: AppealPhoto, url_name: str | None) -> dict:
    url = reverse(url_name, kwargs={"tracking_no": photo.appeal.tracking_no, "photo_id": photo.pk}) if url_name else ""
    return {"id": photo.pk, "width": photo.width, "height": photo.height, "url": url}


def photo_file(photo: AppealPhoto | None) -> FileResponse:
    if photo is None or not photo.image:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type="image/jpeg")


# --- Schemas: output ------------------------------------------------------------------------------------------


class AppealOrgRef(Schema):
    """The union handling an appeal, or where a step happened."""

    code: str = Field(description="组织代码")
    name: str = Field(description="全称")


class AppealLabels(Schema):
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


class AppealOut(AppealLabels):
    """One appeal in the staff work queue. The phone number is masked."""

    tracking_no: str = Field(description="受理编号")
    kind: AppealKind = Field(description=f"类型：{choices_doc(Kind)}")
    category: AppealCategory = Field(description=f"类别：{choices_doc(Category)}")
    status: AppealStatusChoice = Field(description=f"状态：{choices_doc(AppealStatus)}")
    org: AppealOrgRef = Field(description="承办工会（当前）")
    name: str = Field(description="职工姓名")
    phone_masked: str = Field(description="手机号（遮盖）")
    is_member: bool = Field(description="是否以会员身份提交")
    employer_name: str = Field(description="用人单位名称")
    gig_platform: str = Field(description=f"新就业形态类别（空表示不是）：{choices_doc(GigPlatform)}")
    rights_flag: bool = Field(description="维权线索（工资拖欠、劳动争议类）")
    amount_involved: str | None = Field(description=AMOUNT_OUT_DOC)
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
    def resolve_amount_involved(obj) -> str | None:
        return amount_text(obj)

    @staticmethod
    def resolve_is_member(obj) -> bool:
        return obj.member_id is not None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return is_overdue(obj)

    @staticmethod
    def resolve_assignee_name(obj) -> str | None:
        return str(obj.assignee) if obj.assignee_id else None


class PhotoOut(Schema):
    id: int
    width: int = Field(description="宽（像素）")
    height: int = Field(description="高（像素）")
    url: str = Field(description="下载地址（JPEG，已去除位置等元数据），须带同样的令牌访问；免登录查询时为空字符串")


class AppealEventOut(Schema):
    """One step of the timeline as staff see it."""

    kind: AppealEventKind = Field(description=f"环节：{choices_doc(AppealEvent.Kind)}")
    kind_label: str = Field(description="环节名称")
    at: datetime = Field(description="时间")
    org: AppealOrgRef | None = Field(description="发生环节的工会")
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
    events: list[AppealEventOut] = Field(description="办理记录（含内部记录），按时间排列")

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
        return [photo_ref(p, "api:appeal_photo") for p in obj.photos.all()]

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

    kind: AppealEventKind = Field(description=f"环节：{choices_doc(AppealEvent.Kind)}")
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


class AppealLinkedStepOut(Schema):
    """A public step of a record linked to the appeal: the mediation case opened from it."""

    kind: str = Field(
        description="环节：mediation_accepted=转入劳动争议调解；mediation_session=调解会（只有日期）；"
        "mediation_outcome=调解结果（调解成功、调解不成、申请人撤回或转介去向）；mediation_closed=调解结案"
    )
    kind_label: str = Field(description="环节名称")
    at: datetime = Field(description="时间（date_only 为 true 时只有日期有意义）")
    date_only: bool = Field(description="是否只显示日期")
    day: date = Field(description="日期（北京时间）")
    note: str = Field(description="说明（案件编号、调解结果）")
    org_name: str = Field(description="调解组织（工会）")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.label

    @staticmethod
    def resolve_day(obj) -> date:
        return timezone.localtime(obj.at).date()


class WorkerAppealOut(AppealLabels):
    """An appeal as the worker who raised it follows it."""

    tracking_no: str = Field(description="受理编号")
    kind: AppealKind = Field(description=f"类型：{choices_doc(Kind)}")
    category: AppealCategory = Field(description=f"类别：{choices_doc(Category)}")
    status: AppealStatusChoice = Field(description=f"状态：{choices_doc(AppealStatus)}")
    org_name: str = Field(description="承办工会")
    description: str = Field(description="内容")
    location: str = Field(description="地点")
    amount_involved: str | None = Field(description=AMOUNT_OUT_DOC)
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
    def resolve_amount_involved(obj) -> str | None:
        return amount_text(obj)

    @staticmethod
    def resolve_can_provide_info(obj) -> bool:
        return obj.status == AppealStatus.INFO_REQUESTED

    @staticmethod
    def resolve_can_rate(obj) -> bool:
        return obj.status == AppealStatus.RESOLVED


class WorkerAppealDetailOut(WorkerAppealOut):
    photos: list[PhotoOut] = Field(description="照片")
    events: list[WorkerEventOut] = Field(description="办理进度，按时间排列")
    linked_steps: list[AppealLinkedStepOut] = Field(
        description="转入劳动争议调解后的进展（受理、调解会日期、调解结果、结案），按时间排列；不含调解记录内容"
    )

    @staticmethod
    def resolve_photos(obj) -> list[dict]:
        if obj.member_id is None:
            # Without an account there is no credential a plain image link could carry.
            return [photo_ref(p, None) for p in obj.photos.all()]
        return [photo_ref(p, "api:my_appeal_photo") for p in obj.photos.all()]

    @staticmethod
    def resolve_events(obj) -> list:
        return [e for e in obj.events.all() if e.public]

    @staticmethod
    def resolve_linked_steps(obj) -> list:
        return linked_steps(obj)


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


class AppealFigureOut(Schema):
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


class AppealFiguresOut(Schema):
    org: AppealOrgRef
    start: date = Field(description="起始日期（含）")
    end: date = Field(description="截止日期（含）")
    total: AppealFigureOut
    by_kind: dict[str, AppealFigureOut] = Field(description=f"按类型：{choices_doc(Kind)}")
    by_category: dict[str, AppealFigureOut] = Field(description=f"按类别：{choices_doc(Category)}")


# --- Schemas: input -------------------------------------------------------------------------------------------


class Order(StrEnum):
    NEWEST = "newest"
    DEADLINE = "deadline"


class AppealFilters(Paging):
    q: str | None = Field(None, description="按受理编号（完整或末几位）、职工姓名或手机号（完整或末四位）搜索")
    kind: AppealKind | None = Field(None, description=f"类型：{choices_doc(Kind)}")
    category: AppealCategory | None = Field(None, description=f"类别：{choices_doc(Category)}")
    status: AppealStatusChoice | None = Field(None, description=f"状态：{choices_doc(AppealStatus)}")
    overdue: bool | None = Field(None, description="true：只列出已超期的；false：只列出未超期的")
    mine: bool | None = Field(None, description="true：只列出由我承办的")
    under: str | None = Field(None, description="组织代码：该组织及其全部下级承办的")
    rights_flag: bool | None = Field(None, description="true：只列出维权线索")
    submitted_from: ApiDate | None = Field(None, description="提交日期不早于 YYYY-MM-DD")
    submitted_to: ApiDate | None = Field(None, description="提交日期不晚于 YYYY-MM-DD（含当天）")
    order: Order = Field(
        Order.NEWEST, description="排序：newest=新提交的在前；deadline=办理中的在前，按当前期限由近及远"
    )


class FiguresQuery(Schema):
    org: str = Field(description="组织代码：统计该组织及其全部下级当前承办的事项")
    start: ApiDate = Field(description="起始日期 YYYY-MM-DD（含，按提交时间，北京时间）")
    end: ApiDate = Field(description="截止日期 YYYY-MM-DD（含）")


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


class AppealNoteIn(StrictInput):
    text: str = Field(description="内部备注（职工不可见）")


class OpenDayIn(StrictInput):
    org: str = Field(description="举办开放日的工会的组织代码，由其承办（须在您的管理范围内）")
    category: AppealCategory = Field(description=f"类别：{choices_doc(Category)}")
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
    category: AppealCategory = Field(description=f"类别：{choices_doc(Category)}")
    description: str = Field(description="内容（至少 5 个字）")
    location: str = Field("", description="地点")
    latitude: float | None = Field(None, ge=-90, le=90, description="纬度")
    longitude: float | None = Field(None, ge=-180, le=180, description="经度")
    name_visible_to_employer: bool = Field(False, description="是否允许向用人单位透露姓名")
    amount_involved: str = Field("", description="涉及金额（元，选填；不小于 0，最多两位小数，如 12500.50）")


class PhoneProof(StrictInput):
    phone: str = Field(description="手机号")
    code: str = Field("", description="短信验证码（与 access 二选一）")
    access: str = Field("", description="此前成功操作返回的凭证（30 分钟内有效，与 code 二选一）")


class PublicSubmitIn(MemberSubmitIn, PhoneProof):
    name: str = Field(description="姓名")
    employer: int | None = Field(None, description="用人单位在企业名录中的 id")
    employer_name: str = Field("", description="用人单位名称（未选企业时）")
    gig_platform: str = Field("", description=f"新就业形态类别：{choices_doc(GigPlatform)}")
    town: str = Field("", description="所在镇街（或工会）的组织代码；找不到承办工会时由该镇街总工会承办")


class PhoneIn(StrictInput):
    phone: str = Field(description="手机号（11 位）")


class LookupIn(PhoneProof):
    tracking_no: str = Field(description="受理编号")


class InfoIn(StrictInput):
    text: str = Field(description="补充的内容")


class RateIn(StrictInput):
    satisfaction: Satisfaction = Field(description=f"满意度：{choices_doc(Satisfaction)}；不满意可重新办理一次")
    comment: str = Field("", max_length=500, description="评价留言")


class PublicInfoIn(InfoIn, PhoneProof):
    pass


class PublicRateIn(RateIn, PhoneProof):
    pass
