"""Schemas of the activities API shared by its audiences (names unique across the whole API)."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from ninja import Field, Schema

from core import pii
from core.api import ApiDate, ApiDateTime, Paging, StrictInput, api_enum, choices_doc
from members.choices import Tag

from ..models import Activity, Category, Participation, Partner, Proposal, Registration

# The model's choices under names of their own in the API's schema (component names are unique).
ActivityCategory = api_enum(Category, "ActivityCategory")
ActivityStatus = api_enum(Activity.Status, "ActivityStatus")
RegistrationStatus = api_enum(Registration.Status, "RegistrationStatus")
PartnerKind = api_enum(Partner.Kind, "PartnerKind")
ProposalStatus = api_enum(Proposal.Status, "ProposalStatus")


def user_name(user) -> str | None:
    """How an account is named in answers (its display name), or None when there is none."""
    return str(user) if user is not None else None


# --- Schemas: output ------------------------------------------------------------------------------------------


class ActivityOrgRef(Schema):
    """An org named from an activity, series or partner."""

    code: str = Field(description="组织代码")
    name: str = Field(description="全称")


class SeriesRef(Schema):
    id: int
    name: str = Field(description="系列名称")
    year: int = Field(description="年度")


class PartnerRef(Schema):
    id: int
    name: str = Field(description="合伙人名称")


class ActivityOut(Schema):
    """One activity in a list."""

    id: int
    title: str = Field(description="活动名称")
    series: SeriesRef | None = Field(description="所属活动系列；不属于系列时为 null")
    organiser: ActivityOrgRef = Field(description="主办组织")
    category: ActivityCategory = Field(description=f"类别：{choices_doc(Category)}")
    category_label: str = Field(description="类别名称")
    starts_at: datetime = Field(description="开始时间")
    ends_at: datetime = Field(description="结束时间")
    address: str = Field(description="地点")
    latitude: float | None = Field(description="纬度")
    longitude: float | None = Field(description="经度")
    capacity: int = Field(description="名额")
    confirmed: int = Field(description="已确认人数")
    seats_left: int = Field(description="剩余名额")
    mode: Activity.Mode = Field(description=f"报名方式：{choices_doc(Activity.Mode)}")
    mode_label: str = Field(description="报名方式名称")
    waitlist_enabled: bool = Field(description="是否启用候补")
    status: ActivityStatus = Field(description=f"状态：{choices_doc(Activity.Status)}")
    status_label: str = Field(description="状态名称")
    registration_opens_at: datetime = Field(description="报名开始")
    registration_closes_at: datetime = Field(description="报名截止")
    cancel_deadline: datetime | None = Field(description="取消报名截止；null 表示活动开始前均可取消")
    open_to_public: bool = Field(description="是否向社会公众开放")
    audience_org: ActivityOrgRef | None = Field(description="面向组织（其全部下级的会员可报名）；null 表示主办组织")
    audience_tags: list[Tag] = Field(description=f"限定会员标签（空表示不限）：{choices_doc(Tag)}")

    @staticmethod
    def resolve_category_label(obj) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_mode_label(obj) -> str:
        return str(obj.get_mode_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class ActivityDetailOut(ActivityOut):
    """One activity with everything staff see."""

    description: str = Field(description="活动介绍")
    image_url: str | None = Field(description="封面图片地址")
    proposal_id: int | None = Field(description="来源创意方案 id")
    subsidy_amount: Decimal = Field(description="工会补助金额（元，十进制字符串，精确到分）；0 表示没有补助")
    lottery_seed: str = Field(description="抽签种子（截止报名时公布；未公布为空）")
    lottery_seed_published_at: datetime | None = Field(description="种子公布时间")
    drawn_at: datetime | None = Field(description="抽签时间")
    created_by: str | None = Field(description="创建人")
    created_at: datetime = Field(description="创建时间")
    updated_at: datetime = Field(description="更新时间")

    @staticmethod
    def resolve_image_url(obj) -> str | None:
        return obj.image.url if obj.image else None

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return user_name(obj.created_by)


class ActivityPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[ActivityOut]


class MyStatusOut(Schema):
    """The caller's own registration for an activity, as a list shows it."""

    id: int = Field(description="报名 id")
    status: RegistrationStatus = Field(description=f"报名状态：{choices_doc(Registration.Status)}")
    status_label: str = Field(description="报名状态名称")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class MemberActivityOut(ActivityOut):
    """An activity as a member sees it, with their own registration (if any)."""

    my_registration: MyStatusOut | None = Field(description="我的报名；未报名或已取消时为 null")

    @staticmethod
    def resolve_my_registration(obj):
        return getattr(obj, "my_registration", None)


class MemberActivityDetailOut(MemberActivityOut):
    description: str = Field(description="活动介绍")
    image_url: str | None = Field(description="封面图片地址")
    lottery_seed: str = Field(
        description='抽签种子（截止报名时公布）。每份申请的排序键是 SHA-256("<种子>:<报名 id>") 的十六进制值，'
        "按升序依次中签，任何人都可以据此复核抽签结果"
    )
    drawn_at: datetime | None = Field(description="抽签时间")
    problem: str | None = Field(description="不能报名的原因；可以报名时为 null")

    @staticmethod
    def resolve_image_url(obj) -> str | None:
        return obj.image.url if obj.image else None

    @staticmethod
    def resolve_problem(obj) -> str | None:
        return getattr(obj, "problem", None)


class MemberActivityPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[MemberActivityOut]


class RegistrantOut(Schema):
    """A member registered for an activity, as the organiser sees them (phone masked)."""

    id: int = Field(description="报名 id")
    member_id: int = Field(description="会员 id")
    name: str = Field(description="姓名")
    phone_masked: str = Field(description="手机号（遮盖）")
    card_no: str = Field(description="会员证号")
    union: ActivityOrgRef = Field(description="所属工会")
    status: RegistrationStatus = Field(description=f"报名状态：{choices_doc(Registration.Status)}")
    status_label: str = Field(description="报名状态名称")
    queued_at: datetime = Field(description="排队时间（候补按此顺序递补）")
    created_at: datetime = Field(description="报名时间")
    checked_in_at: datetime | None = Field(description="签到时间")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.member.name

    @staticmethod
    def resolve_phone_masked(obj) -> str:
        return pii.mask_phone(obj.member.phone)

    @staticmethod
    def resolve_card_no(obj) -> str:
        return obj.member.card_no

    @staticmethod
    def resolve_union(obj):
        return obj.member.union

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class RegistrantPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[RegistrantOut]


class ActivityBrief(Schema):
    """The activity a member's registration is for."""

    id: int
    title: str = Field(description="活动名称")
    starts_at: datetime = Field(description="开始时间")
    ends_at: datetime = Field(description="结束时间")
    address: str = Field(description="地点")
    status: ActivityStatus = Field(description=f"活动状态：{choices_doc(Activity.Status)}")
    status_label: str = Field(description="活动状态名称")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class MyRegistrationOut(Schema):
    """A member's own registration with its ticket."""

    id: int = Field(description="报名 id（同一会员重复报名同一活动时不变）")
    activity: ActivityBrief
    status: RegistrationStatus = Field(description=f"报名状态：{choices_doc(Registration.Status)}")
    status_label: str = Field(description="报名状态名称")
    ticket_code: str | None = Field(description="票码（电子票二维码的内容，也可口头报给工作人员）；未确认时为 null")
    queued_at: datetime = Field(description="排队时间")
    created_at: datetime = Field(description="报名时间")
    checked_in_at: datetime | None = Field(description="签到时间")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_ticket_code(obj) -> str | None:
        # Only a confirmed seat is a ticket: a waitlisted code would be turned away at the door anyway.
        return obj.ticket_code if obj.status == Registration.Status.CONFIRMED else None


class MyRegistrationPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[MyRegistrationOut]


class CheckInOut(Schema):
    """The answer to a scan: scanning twice is harmless and says so."""

    checked_in: bool = Field(description="总是 true：此人已签到")
    already: bool = Field(description="此前已签到过（本次为重复扫码）")
    name: str = Field(description="姓名")
    registration_id: int | None = Field(description="报名 id；现场登记的非报名人员为 null")
    checked_in_at: datetime = Field(description="签到时间（首次签到）")


class CheckInCodeOut(Schema):
    """What the venue screen shows for self check-in; fetch again when it expires."""

    code: str = Field(description="当前签到码（二维码内容），每 30 秒更换")
    rotation_seconds: int = Field(description="更换周期（秒）")
    expires_at: datetime = Field(description="本签到码被下一个替换的时间；之后的一个周期内仍可使用")


class RegistrationCounts(Schema):
    confirmed: int = Field(description="已确认")
    waitlisted: int = Field(description="候补中")
    applied: int = Field(description="待抽签")
    pending: int = Field(description="待审核")
    not_drawn: int = Field(description="未中签")
    rejected: int = Field(description="未通过")
    cancelled: int = Field(description="已取消")


class ActivityFiguresOut(Schema):
    """Participation figures of one activity."""

    activity_id: int
    capacity: int = Field(description="名额")
    registrations: RegistrationCounts = Field(description="各状态的报名数")
    participations: int = Field(description="参与人次（签到与现场登记）")
    members: int = Field(description="参与的会员人数")
    guests: int = Field(description="现场登记的非会员人数")
    walk_ins: int = Field(description="现场登记人次")
    attendance_rate: float | None = Field(
        description="到场率（%，已确认报名中签到的比例，一位小数）；无确认报名时为 null"
    )
    ratings: int = Field(description="评价数")
    average_rating: float | None = Field(description="平均评分（一位小数）；无评价时为 null")


class DrawOut(Schema):
    """The result of a draw, with what anyone needs to check it."""

    seed: str = Field(description="抽签种子（截止报名时已公布）")
    drawn_at: datetime = Field(description="抽签时间")
    applications: int = Field(description="参加抽签的申请数")
    winners: list[int] = Field(description="中签的报名 id，按抽签顺序")
    method: str = Field(description="复核方法")


class FeedbackOut(Schema):
    activity_id: int
    rating: int = Field(description="评分 1–5")
    comment: str = Field(description="评价")
    created_at: datetime = Field(description="评价时间")


class SeriesOut(Schema):
    """A series with its partner, proposal and conversion counts."""

    id: int
    name: str = Field(description="系列名称")
    description: str = Field(description="简介")
    owner: ActivityOrgRef = Field(description="主办组织")
    year: int = Field(description="年度")
    monthly_lottery_wins: int | None = Field(description="每人每月抽签中签上限；null 表示不限")
    partners: int = Field(description="提交过方案的合伙人数")
    proposals: int = Field(description="方案数")
    approved: int = Field(description="已采纳（转化为活动）的方案数")
    activities: int = Field(description="活动数")
    created_at: datetime = Field(description="创建时间")

    @staticmethod
    def resolve_partners(obj) -> int:
        return obj.n_partners

    @staticmethod
    def resolve_proposals(obj) -> int:
        return obj.n_proposals

    @staticmethod
    def resolve_approved(obj) -> int:
        return obj.n_approved

    @staticmethod
    def resolve_activities(obj) -> int:
        return obj.n_activities


class SeriesPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[SeriesOut]


class AccountOut(Schema):
    username: str = Field(description="登录名")
    display_name: str = Field(description="使用人姓名")


class PartnerOut(Schema):
    """A partner organisation with its accounts."""

    id: int
    name: str = Field(description="合伙人名称")
    kind: PartnerKind = Field(description=f"类型：{choices_doc(Partner.Kind)}")
    kind_label: str = Field(description="类型名称")
    org: ActivityOrgRef = Field(description="合作的工会组织")
    contact_name: str = Field(description="联系人")
    contact_phone: str = Field(description="联系电话")
    accounts: list[AccountOut] = Field(description="登录账号")
    created_at: datetime = Field(description="加入时间")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_accounts(obj) -> list:
        return list(obj.users.all())


class PartnerPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[PartnerOut]


class ProposalOut(Schema):
    """A partner's proposal and its review."""

    id: int
    series: SeriesRef = Field(description="活动系列")
    partner: PartnerRef = Field(description="合伙人")
    title: str = Field(description="方案名称")
    content: str = Field(description="方案内容")
    category: ActivityCategory = Field(description=f"活动类别：{choices_doc(Category)}")
    category_label: str = Field(description="活动类别名称")
    expected_participants: int = Field(description="预计参与人数")
    status: ProposalStatus = Field(description=f"状态：{choices_doc(Proposal.Status)}")
    status_label: str = Field(description="状态名称")
    review_comment: str = Field(description="审核意见")
    reviewed_by: str | None = Field(description="审核人")
    reviewed_at: datetime | None = Field(description="审核时间")
    submitted_at: datetime = Field(description="提交时间")
    activity_id: int | None = Field(description="采纳后生成的活动 id")

    @staticmethod
    def resolve_category_label(obj) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_reviewed_by(obj) -> str | None:
        return user_name(obj.reviewed_by)

    @staticmethod
    def resolve_activity_id(obj) -> int | None:
        activity = getattr(obj, "activity", None)
        return activity.pk if activity else None


class ProposalPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[ProposalOut]


# --- Schemas: input -------------------------------------------------------------------------------------------


class ActivityIn(StrictInput):
    organiser: str = Field(description="主办组织的组织代码")
    series: int | None = Field(None, description="活动系列 id（可选）")
    title: str = Field(max_length=200, description="活动名称")
    category: ActivityCategory = Field(description=f"类别：{choices_doc(Category)}")
    description: str = Field("", description="活动介绍")
    starts_at: ApiDateTime = Field(description="开始时间（ISO 8601）")
    ends_at: ApiDateTime = Field(description="结束时间")
    address: str = Field(max_length=200, description="地点")
    latitude: float | None = Field(None, ge=-90, le=90, description="纬度")
    longitude: float | None = Field(None, ge=-180, le=180, description="经度")
    capacity: int = Field(ge=1, le=1_000_000, description="名额")
    audience_org: str | None = Field(None, description="面向组织的组织代码（主办组织或其下级）；不填为主办组织")
    audience_tags: list[Tag] = Field(default_factory=list, description=f"限定会员标签：{choices_doc(Tag)}")
    open_to_public: bool = Field(False, description="向社会公众开放")
    registration_opens_at: ApiDateTime = Field(description="报名开始")
    registration_closes_at: ApiDateTime = Field(description="报名截止（不晚于活动开始）")
    mode: Activity.Mode = Field(Activity.Mode.FIRST_COME, description=f"报名方式：{choices_doc(Activity.Mode)}")
    waitlist_enabled: bool = Field(True, description="启用候补")
    cancel_deadline: ApiDateTime | None = Field(None, description="取消报名截止（可选）")
    subsidy_amount: Decimal = Field(
        Decimal("0"), description="工会补助金额（元，不小于 0、最多两位小数；可传字符串以保证精确）；不填为 0"
    )


class ActivityPatch(StrictInput):
    """Only the fields sent are changed; ``null`` clears an optional field."""

    series: int | None = Field(None, description="活动系列 id；null 表示不属于系列")
    title: str = Field(None, max_length=200, description="活动名称")
    category: ActivityCategory = Field(None, description="类别")
    description: str | None = Field(None, description="活动介绍")
    starts_at: ApiDateTime = Field(None, description="开始时间")
    ends_at: ApiDateTime = Field(None, description="结束时间")
    address: str = Field(None, max_length=200, description="地点")
    latitude: float | None = Field(None, ge=-90, le=90, description="纬度")
    longitude: float | None = Field(None, ge=-180, le=180, description="经度")
    capacity: int = Field(None, ge=1, le=1_000_000, description="名额（不能少于已确认人数）")
    audience_org: str | None = Field(None, description="面向组织的组织代码；null 表示主办组织")
    audience_tags: list[Tag] = Field(None, description="限定会员标签（整体替换）")
    open_to_public: bool = Field(None, description="向社会公众开放")
    registration_opens_at: ApiDateTime = Field(None, description="报名开始")
    registration_closes_at: ApiDateTime = Field(None, description="报名截止")
    mode: Activity.Mode = Field(None, description="报名方式")
    waitlist_enabled: bool = Field(None, description="启用候补")
    cancel_deadline: ApiDateTime | None = Field(None, description="取消报名截止；null 表示不限")
    subsidy_amount: Decimal = Field(None, description="工会补助金额（元，不小于 0、最多两位小数）；0 表示没有补助")


class ActivityFilters(Paging):
    q: str | None = Field(None, description="按活动名称搜索")
    status: ActivityStatus | None = Field(None, description=f"状态：{choices_doc(Activity.Status)}")
    category: ActivityCategory | None = Field(None, description=f"类别：{choices_doc(Category)}")
    mode: Activity.Mode | None = Field(None, description=f"报名方式：{choices_doc(Activity.Mode)}")
    series: int | None = Field(None, description="活动系列 id")
    under: str | None = Field(None, description="组织代码：该组织及其全部下级主办的活动")
    starts_from: ApiDate | None = Field(None, description="开始日期不早于 YYYY-MM-DD")
    starts_to: ApiDate | None = Field(None, description="开始日期不晚于 YYYY-MM-DD")


class MemberActivityFilters(Paging):
    category: ActivityCategory | None = Field(None, description=f"类别：{choices_doc(Category)}")
    starts_from: ApiDate | None = Field(None, description="开始日期不早于 YYYY-MM-DD")
    starts_to: ApiDate | None = Field(None, description="开始日期不晚于 YYYY-MM-DD")


class RegistrantFilters(Paging):
    status: RegistrationStatus | None = Field(None, description=f"报名状态：{choices_doc(Registration.Status)}")


class MyRegistrationFilters(Paging):
    status: RegistrationStatus | None = Field(None, description=f"报名状态：{choices_doc(Registration.Status)}")


class ActivityReasonIn(StrictInput):
    reason: str = Field(description="原因（会通知报名者）")


class ReviewIn(StrictInput):
    approve: bool = Field(description="true：确认名额；false：不通过")


class TicketIn(StrictInput):
    code: str = Field(max_length=40, description="票码（扫描电子票二维码或手工输入）")
    method: Literal["ticket", "code"] = Field("ticket", description="ticket=扫描票码；code=手工输入票码")


class WalkInIn(StrictInput):
    card_no: str | None = Field(None, max_length=40, description="会员证号（会员现场登记时填写）")
    name: str | None = Field(None, max_length=50, description="姓名（非会员现场登记时填写）")


class SelfCheckInIn(StrictInput):
    code: str = Field(max_length=40, description="现场屏幕二维码中的签到码")


class FeedbackIn(StrictInput):
    rating: int = Field(ge=1, le=5, description="评分 1–5")
    comment: str = Field("", max_length=500, description="评价（可选）")


class SeriesIn(StrictInput):
    owner: str = Field(description="主办组织的组织代码")
    name: str = Field(max_length=100, description="系列名称")
    year: int = Field(ge=2000, le=2100, description="年度")
    description: str = Field("", description="简介")
    monthly_lottery_wins: int | None = Field(None, ge=1, le=100, description="每人每月抽签中签上限；不填为不限")


class SeriesFilters(Paging):
    year: int | None = Field(None, description="年度")
    under: str | None = Field(None, description="组织代码：该组织及其全部下级的系列")


class AccountIn(StrictInput):
    phone: str = Field(description="使用人手机号（登录名为 p+手机号，设置密码的链接发到此号码）")
    display_name: str = Field(max_length=50, description="使用人姓名")


class PartnerIn(StrictInput):
    org: str = Field(description="合作的工会组织的组织代码")
    name: str = Field(max_length=200, description="合伙人名称")
    kind: PartnerKind = Field(description=f"类型：{choices_doc(Partner.Kind)}")
    contact_name: str = Field("", max_length=50, description="联系人")
    contact_phone: str = Field("", max_length=20, description="联系电话")
    accounts: list[AccountIn] = Field(default_factory=list, description="登录账号（可多个）")


class PartnerFilters(Paging):
    q: str | None = Field(None, description="按名称搜索")


class ProposalFilters(Paging):
    status: ProposalStatus | None = Field(None, description=f"状态：{choices_doc(Proposal.Status)}")
    series: int | None = Field(None, description="活动系列 id")
    partner: int | None = Field(None, description="合伙人 id")


class Decision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


class ProposalReviewIn(StrictInput):
    decision: Decision = Field(description="approve=采纳（生成草稿活动）；return=退回修改；reject=不采纳")
    comment: str = Field("", max_length=500, description="审核意见；退回或不采纳时必填")


class ProposalContentIn(StrictInput):
    title: str = Field(max_length=200, description="方案名称")
    content: str = Field(description="方案内容")
    category: ActivityCategory = Field(description=f"活动类别：{choices_doc(Category)}")
    expected_participants: int = Field(0, ge=0, le=1_000_000, description="预计参与人数")


class ProposalIn(ProposalContentIn):
    partner: int = Field(description="合伙人 id（“我的合伙人”接口给出）")
    series: int = Field(description="活动系列 id（“可投稿的活动系列”接口给出）")


def check_in_answer(reg: Registration | None, participation: Participation | None, created: bool) -> dict:
    """The ``CheckInOut`` answer for a ticket scan, a self check-in or a walk-in."""
    if reg is not None:
        name, at = reg.member.name, reg.checked_in_at
    else:
        name, at = participation.name, participation.checked_in_at
    if participation is not None and at is None:
        at = participation.checked_in_at
    return {
        "checked_in": True,
        "already": not created,
        "name": name,
        "registration_id": reg.pk if reg is not None else None,
        "checked_in_at": at,
    }
