"""API of activities: series, partners and proposals, activities and their registrations, the draw, check-in and
figures for staff; open activities, registration, tickets, self check-in and ratings for members; proposals for
partner organisations.

Three kinds of caller, told apart by who holds the token:

- staff find objects only inside their scope (``restrict(user, "activities.view")``), so anything outside it
  answers 404 exactly like an unknown id; whether they may change a visible object is the service's decision
  (403 ``permission_denied``);
- a member (a user linked to a roster record) sees the activities whose audience includes their union and only
  their own registrations; anything else is 404;
- a partner account (a user in ``Partner.users``) sees only its partners' proposals.

Endpoints never write to the ORM themselves: every change goes through ``services``, ``proposals``, ``lottery``,
``checkin`` or ``partner_accounts``.
"""

from datetime import date, datetime
from enum import StrEnum
from functools import reduce
from operator import or_
from typing import Literal

from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from accounts.models import User
from core import pii
from core.api import Paging, StrictInput, choices_doc, paginate, with_errors
from core.errors import DomainError
from core.scoping import can
from core.validators import normalize_code
from members.choices import Tag
from members.models import Member
from orgs.models import Org

from . import checkin, lottery, partner_accounts, proposals, services
from .models import Activity, Category, Feedback, Participation, Partner, Proposal, Registration, Series

activities_router = Router(tags=["活动"])
series_router = Router(tags=["活动系列与合伙人"])
me_router = Router(tags=["会员：我的活动"])
partner_router = Router(tags=["合伙人：创意方案"])

VIEW = "activities.view"
DRAW_METHOD = _(
    '每份申请的排序键为 SHA-256("<种子>:<报名 id>") 的十六进制值；按排序键升序依次分配名额（已达本系列每人每月'
    "中签上限的会员跳过），其余申请按同一顺序候补。任何人用公布的种子和报名 id 即可复算。"
)


def _user_name(user) -> str | None:
    """How an account is named in answers (its display name), or None when there is none."""
    return str(user) if user is not None else None


# --- Schemas: output ------------------------------------------------------------------------------------------


class OrgRef(Schema):
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
    organiser: OrgRef = Field(description="主办组织")
    category: Category = Field(description=f"类别：{choices_doc(Category)}")
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
    status: Activity.Status = Field(description=f"状态：{choices_doc(Activity.Status)}")
    status_label: str = Field(description="状态名称")
    registration_opens_at: datetime = Field(description="报名开始")
    registration_closes_at: datetime = Field(description="报名截止")
    cancel_deadline: datetime | None = Field(description="取消报名截止；null 表示活动开始前均可取消")
    open_to_public: bool = Field(description="是否向社会公众开放")
    audience_org: OrgRef | None = Field(description="面向组织（其全部下级的会员可报名）；null 表示主办组织")
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
        return _user_name(obj.created_by)


class ActivityPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[ActivityOut]


class MyStatusOut(Schema):
    """The caller's own registration for an activity, as a list shows it."""

    id: int = Field(description="报名 id")
    status: Registration.Status = Field(description=f"报名状态：{choices_doc(Registration.Status)}")
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
    union: OrgRef = Field(description="所属工会")
    status: Registration.Status = Field(description=f"报名状态：{choices_doc(Registration.Status)}")
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
    status: Activity.Status = Field(description=f"活动状态：{choices_doc(Activity.Status)}")
    status_label: str = Field(description="活动状态名称")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class MyRegistrationOut(Schema):
    """A member's own registration with its ticket."""

    id: int = Field(description="报名 id（同一会员重复报名同一活动时不变）")
    activity: ActivityBrief
    status: Registration.Status = Field(description=f"报名状态：{choices_doc(Registration.Status)}")
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


class FiguresOut(Schema):
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
    owner: OrgRef = Field(description="主办组织")
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
    kind: Partner.Kind = Field(description=f"类型：{choices_doc(Partner.Kind)}")
    kind_label: str = Field(description="类型名称")
    org: OrgRef = Field(description="合作的工会组织")
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
    category: Category = Field(description=f"活动类别：{choices_doc(Category)}")
    category_label: str = Field(description="活动类别名称")
    expected_participants: int = Field(description="预计参与人数")
    status: Proposal.Status = Field(description=f"状态：{choices_doc(Proposal.Status)}")
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
        return _user_name(obj.reviewed_by)

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
    category: Category = Field(description=f"类别：{choices_doc(Category)}")
    description: str = Field("", description="活动介绍")
    starts_at: datetime = Field(description="开始时间（ISO 8601）")
    ends_at: datetime = Field(description="结束时间")
    address: str = Field(max_length=200, description="地点")
    latitude: float | None = Field(None, ge=-90, le=90, description="纬度")
    longitude: float | None = Field(None, ge=-180, le=180, description="经度")
    capacity: int = Field(ge=1, le=1_000_000, description="名额")
    audience_org: str | None = Field(None, description="面向组织的组织代码（主办组织或其下级）；不填为主办组织")
    audience_tags: list[Tag] = Field(default_factory=list, description=f"限定会员标签：{choices_doc(Tag)}")
    open_to_public: bool = Field(False, description="向社会公众开放")
    registration_opens_at: datetime = Field(description="报名开始")
    registration_closes_at: datetime = Field(description="报名截止（不晚于活动开始）")
    mode: Activity.Mode = Field(Activity.Mode.FIRST_COME, description=f"报名方式：{choices_doc(Activity.Mode)}")
    waitlist_enabled: bool = Field(True, description="启用候补")
    cancel_deadline: datetime | None = Field(None, description="取消报名截止（可选）")


class ActivityPatch(StrictInput):
    """Only the fields sent are changed; ``null`` clears an optional field."""

    series: int | None = Field(None, description="活动系列 id；null 表示不属于系列")
    title: str = Field(None, max_length=200, description="活动名称")
    category: Category = Field(None, description="类别")
    description: str | None = Field(None, description="活动介绍")
    starts_at: datetime = Field(None, description="开始时间")
    ends_at: datetime = Field(None, description="结束时间")
    address: str = Field(None, max_length=200, description="地点")
    latitude: float | None = Field(None, ge=-90, le=90, description="纬度")
    longitude: float | None = Field(None, ge=-180, le=180, description="经度")
    capacity: int = Field(None, ge=1, le=1_000_000, description="名额（不能少于已确认人数）")
    audience_org: str | None = Field(None, description="面向组织的组织代码；null 表示主办组织")
    audience_tags: list[Tag] = Field(None, description="限定会员标签（整体替换）")
    open_to_public: bool = Field(None, description="向社会公众开放")
    registration_opens_at: datetime = Field(None, description="报名开始")
    registration_closes_at: datetime = Field(None, description="报名截止")
    mode: Activity.Mode = Field(None, description="报名方式")
    waitlist_enabled: bool = Field(None, description="启用候补")
    cancel_deadline: datetime | None = Field(None, description="取消报名截止；null 表示不限")


class ActivityFilters(Paging):
    q: str | None = Field(None, description="按活动名称搜索")
    status: Activity.Status | None = Field(None, description=f"状态：{choices_doc(Activity.Status)}")
    category: Category | None = Field(None, description=f"类别：{choices_doc(Category)}")
    mode: Activity.Mode | None = Field(None, description=f"报名方式：{choices_doc(Activity.Mode)}")
    series: int | None = Field(None, description="活动系列 id")
    under: str | None = Field(None, description="组织代码：该组织及其全部下级主办的活动")
    starts_from: date | None = Field(None, description="开始日期不早于 YYYY-MM-DD")
    starts_to: date | None = Field(None, description="开始日期不晚于 YYYY-MM-DD")


class MemberActivityFilters(Paging):
    category: Category | None = Field(None, description=f"类别：{choices_doc(Category)}")
    starts_from: date | None = Field(None, description="开始日期不早于 YYYY-MM-DD")
    starts_to: date | None = Field(None, description="开始日期不晚于 YYYY-MM-DD")


class RegistrantFilters(Paging):
    status: Registration.Status | None = Field(None, description=f"报名状态：{choices_doc(Registration.Status)}")


class MyRegistrationFilters(Paging):
    status: Registration.Status | None = Field(None, description=f"报名状态：{choices_doc(Registration.Status)}")


class ReasonIn(StrictInput):
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
    kind: Partner.Kind = Field(description=f"类型：{choices_doc(Partner.Kind)}")
    contact_name: str = Field("", max_length=50, description="联系人")
    contact_phone: str = Field("", max_length=20, description="联系电话")
    accounts: list[AccountIn] = Field(default_factory=list, description="登录账号（可多个）")


class PartnerFilters(Paging):
    q: str | None = Field(None, description="按名称搜索")


class ProposalFilters(Paging):
    status: Proposal.Status | None = Field(None, description=f"状态：{choices_doc(Proposal.Status)}")
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
    category: Category = Field(description=f"活动类别：{choices_doc(Category)}")
    expected_participants: int = Field(0, ge=0, le=1_000_000, description="预计参与人数")


class ProposalIn(ProposalContentIn):
    partner: int = Field(description="合伙人 id（“我的合伙人”接口给出）")
    series: int = Field(description="活动系列 id（“可投稿的活动系列”接口给出）")


# --- Helpers --------------------------------------------------------------------------------------------------


def _not_found(what, *, field: str) -> DomainError:
    """The refusal for an object named in a request body that does not exist or is out of scope."""
    return DomainError("not_found", _("%(w)s不存在或不在您的管理范围内") % {"w": what}, field=field, status=404)


def _empty_page(paging: Paging) -> dict:
    """A page with nothing on it, answered without touching the database."""
    return {"count": 0, "page": paging.page, "page_size": paging.page_size, "items": []}


def _activities(user):
    """Activities inside ``user``'s scope, with what every answer names already joined."""
    return Activity.objects.restrict(user, VIEW).select_related("series", "organiser", "audience_org")


def _get_activity(user, pk: int, permission: str = VIEW) -> Activity:
    """The activity ``pk`` inside the caller's scope for ``permission``, or 404."""
    qs = Activity.objects.restrict(user, permission).select_related("series", "organiser", "audience_org", "created_by")
    return get_object_or_404(qs, pk=pk)


def _scoped_org(user, code: str, *, field: str, what=None) -> Org:
    """An org named in a request body inside the caller's activity scope; otherwise ``not_found``."""
    org = Org.objects.restrict(user, VIEW).filter(code=normalize_code(code)).first()
    if org is None:
        raise _not_found(_("%(w)s“%(c)s”") % {"w": what or _("组织"), "c": code}, field=field)
    return org


def _series_for(user, pk: int, organiser: Org) -> Series:
    """A series an activity of ``organiser`` may belong to: one in the caller's scope, or one run by the organiser
    or an org above it (a grassroots union holds an event in its town's series)."""
    series = Series.objects.select_related("owner").filter(pk=pk).first()
    if series is None or not (organiser.path.startswith(series.owner.path) or can(user, VIEW, series.owner)):
        raise _not_found(_("活动系列"), field="series")
    return series


def _audience_org(user, code: str, organiser: Org) -> Org:
    """The audience org: in the caller's scope, or above the organiser (the service checks the line)."""
    org = Org.objects.filter(code=normalize_code(code)).first()
    if org is None or not (organiser.path.startswith(org.path) or can(user, VIEW, org)):
        raise _not_found(_("面向组织“%(c)s”") % {"c": code}, field="audience_org")
    return org


def _activity_fields(user, data: dict, organiser: Org) -> dict:
    """Request fields as the services take them: codes and ids resolved to objects, enums to values."""
    fields = {k: (v.value if isinstance(v, StrEnum) else v) for k, v in data.items()}
    if "series" in fields:
        fields["series"] = _series_for(user, fields["series"], organiser) if fields["series"] is not None else None
    if "audience_org" in fields:
        code = fields["audience_org"]
        fields["audience_org"] = _audience_org(user, code, organiser) if code else None
    if "audience_tags" in fields:
        fields["audience_tags"] = [getattr(t, "value", t) for t in fields["audience_tags"]]
    if fields.get("description", "") is None:
        fields["description"] = ""
    return fields


def _registrations(activity: Activity):
    """An activity's registrations with the member and union every answer names."""
    return Registration.objects.filter(activity=activity).select_related("member__union")


def _me(request, only: tuple[str, ...] = ()) -> Member:
    """The caller's roster record (its union joined; only the ``only`` fields if given); a token of a user who is
    not a member is refused."""
    qs = Member.objects.select_related("union").filter(user=request.auth)
    member = (qs.only(*only) if only else qs).first()
    if member is None:
        raise DomainError("not_a_member", _("此接口仅供会员使用，请使用会员账号登录"), status=403)
    return member


# What registering reads (visibility, ``services.register``) and answers (``MyRegistrationOut``): on the rush's path
# only these columns are loaded, since composing a select of ~90 columns costs more than the query itself.
REGISTER_MEMBER_FIELDS = ("id", "status", "union", "union__path", "union__name")
REGISTER_ACTIVITY_FIELDS = (
    *("id", "title", "starts_at", "ends_at", "address", "status", "open_to_public", "audience_tags", "mode"),
    *("registration_opens_at", "registration_closes_at", "waitlist_enabled", "capacity", "confirmed"),
    *("organiser", "organiser__path", "organiser__name", "audience_org", "audience_org__path", "audience_org__name"),
)

_MEMBER_VISIBLE = (
    Activity.Status.PUBLISHED,
    Activity.Status.CLOSED,
    Activity.Status.FINISHED,
    Activity.Status.CANCELLED,
)


def _audience_q(member: Member) -> Q:
    """Activities whose audience includes the member's union: open to the public, or aimed at the union or an
    org above it. The union's ancestors are its path prefixes, so this is one indexed ``IN`` and no join."""
    union = member.union
    paths = [union.path[: i * Org.steplen] for i in range(1, union.depth + 1)]
    return (
        Q(open_to_public=True)
        | Q(audience_org__isnull=False, audience_org__path__in=paths)
        | Q(audience_org__isnull=True, organiser__path__in=paths)
    )


def _member_activities(member: Member):
    """Activities a member can see: published or later (never drafts), aimed at them."""
    return (
        Activity.objects.filter(status__in=_MEMBER_VISIBLE)
        .filter(_audience_q(member))
        .select_related("series", "organiser", "audience_org")
    )


def _visible_to(member: Member, activity: Activity) -> bool:
    """``_member_activities`` for one activity already loaded (organiser and audience org joined): the same rule
    in Python, since an org's ancestors-or-self are exactly its path's prefixes."""
    if activity.status not in _MEMBER_VISIBLE:
        return False
    if activity.open_to_public:
        return True
    audience = activity.audience_org or activity.organiser
    return member.union.path.startswith(audience.path)


def _get_member_activity(member: Member, pk: int, only: tuple[str, ...] = ()) -> Activity:
    """An activity visible to ``member`` (only the ``only`` fields if given), or 404. Read by primary key and
    checked in Python: the audience filter in SQL costs more to build than the row costs to fetch."""
    qs = Activity.objects.select_related("organiser", "audience_org")
    qs = qs.only(*only) if only else qs.select_related("series")
    try:
        activity = qs.get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    if not _visible_to(member, activity):
        raise Http404
    return activity


def _attach_my_registrations(member: Member, activities: list[Activity]) -> list[Activity]:
    """Set ``my_registration`` on each activity with one query for the page; cancelled ones count as none."""
    mine = {
        r.activity_id: r
        for r in Registration.objects.filter(member=member, activity__in=activities).exclude(
            status=Registration.Status.CANCELLED
        )
    }
    for a in activities:
        a.my_registration = mine.get(a.pk)
    return activities


def _my_registrations(member: Member):
    return Registration.objects.filter(member=member).select_related("activity")


def _check_in_answer(reg: Registration | None, participation: Participation | None, created: bool) -> dict:
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


def _series(user):
    """Series in the caller's scope with their partner, proposal, conversion and activity counts."""
    return (
        Series.objects.restrict(user, VIEW)
        .select_related("owner")
        .annotate(
            n_partners=Count("proposals__partner", distinct=True),
            n_proposals=Count("proposals", distinct=True),
            n_approved=Count("proposals", filter=Q(proposals__status=Proposal.Status.APPROVED), distinct=True),
            n_activities=Count("activities", distinct=True),
        )
    )


def _partners(user):
    return (
        Partner.objects.restrict(user, VIEW)
        .select_related("org")
        .prefetch_related(Prefetch("users", queryset=User.objects.order_by("username")))
    )


def _proposals_qs():
    return Proposal.objects.select_related("series", "partner", "reviewed_by", "activity")


def _staff_proposals(user):
    return _proposals_qs().restrict(user, VIEW)


def _my_partners(user):
    """The partners ``user`` is an account of."""
    return Partner.objects.filter(users=user).select_related("org")


def _partner_series(partners: list[Partner]):
    """Series a partner may submit to: run by its org, an org above it, or one below it (the service's rule)."""
    conditions = []
    for p in partners:
        above = [p.org.path[: i * Org.steplen] for i in range(1, p.org.depth + 1)]
        conditions.append(Q(owner__path__startswith=p.org.path) | Q(owner__path__in=above))
    if not conditions:
        return Series.objects.none()
    return Series.objects.filter(reduce(or_, conditions)).select_related("owner").distinct()


def _partner_proposals(user):
    return _proposals_qs().filter(partner__users=user)


def _date_range(qs, start: date | None, end: date | None):
    """Activities starting on or after ``start`` and on or before ``end`` (local dates)."""
    if start:
        qs = qs.filter(starts_at__date__gte=start)
    if end:
        qs = qs.filter(starts_at__date__lte=end)
    return qs


# --- Activities: staff ----------------------------------------------------------------------------------------


@activities_router.get(
    "",
    response=with_errors({200: ActivityPage}),
    summary="活动列表",
    description="您管理范围内主办的活动，开始时间晚的在前。`under` 指向您看不到的组织时结果为空。",
)
def list_activities(request, filters: Query[ActivityFilters]):
    """Scoped, filtered, paged activities; four queries whatever the page size (token, scope, count, page)."""
    qs = _activities(request.auth)
    if filters.q and filters.q.strip():
        qs = qs.filter(title__icontains=filters.q.strip())
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.category:
        qs = qs.filter(category=filters.category.value)
    if filters.mode:
        qs = qs.filter(mode=filters.mode.value)
    if filters.series is not None:
        qs = qs.filter(series_id=filters.series)
    if filters.under is not None:
        anchor = Org.objects.restrict(request.auth, VIEW).filter(code=normalize_code(filters.under)).first()
        if anchor is None:
            return _empty_page(filters)
        qs = qs.filter(organiser__path__startswith=anchor.path)
    return paginate(_date_range(qs, filters.starts_from, filters.starts_to), filters)


@activities_router.post(
    "",
    response=with_errors({201: ActivityDetailOut}, 400, 403, 404),
    summary="新建活动",
    description="新建草稿活动，发布后会员才能看到和报名。主办组织、活动系列、面向组织不在管理范围内时返回 404。",
)
def create_activity(request, payload: ActivityIn):
    """Through ``services.create_activity``; answers 201 with the draft."""
    organiser = _scoped_org(request.auth, payload.organiser, field="organiser", what=_("主办组织"))
    fields = _activity_fields(request.auth, payload.model_dump(exclude={"organiser"}), organiser)
    activity = services.create_activity(actor=request.auth, organiser=organiser, **fields)
    return Status(201, _get_activity(request.auth, activity.pk))


@activities_router.get(
    "/{activity_id}",
    response=with_errors({200: ActivityDetailOut}, 404),
    summary="活动详情",
    description="活动的全部信息，含抽签种子（截止报名时公布）。",
)
def get_activity(request, activity_id: int):
    """One activity in the caller's scope."""
    return _get_activity(request.auth, activity_id)


@activities_router.patch(
    "/{activity_id}",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="修改活动",
    description="只修改请求中出现的字段。已结束或已取消的活动不能修改；名额不能少于已确认人数。",
)
def update_activity(request, activity_id: int, payload: ActivityPatch):
    """Partial update through ``services.update_activity``."""
    activity = _get_activity(request.auth, activity_id)
    changes = _activity_fields(request.auth, payload.model_dump(exclude_unset=True), activity.organiser)
    services.update_activity(activity, actor=request.auth, **changes)
    return _get_activity(request.auth, activity.pk)


@activities_router.post(
    "/{activity_id}/publish",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="发布活动",
    description="草稿 → 报名中：会员可以看到并在报名时间内报名。",
)
def publish_activity(request, activity_id: int):
    """Through ``services.publish``."""
    services.publish(_get_activity(request.auth, activity_id), actor=request.auth)
    return _get_activity(request.auth, activity_id)


@activities_router.post(
    "/{activity_id}/close",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="截止报名",
    description="报名中 → 报名截止。抽签活动此时公布抽签种子，之后才能抽签，任何人都可以用种子复核结果。",
)
def close_activity(request, activity_id: int):
    """Through ``services.close_registration``."""
    services.close_registration(_get_activity(request.auth, activity_id), actor=request.auth)
    return _get_activity(request.auth, activity_id)


@activities_router.post(
    "/{activity_id}/finish",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="结束活动",
    description="标记活动已结束，参加者可以评价。",
)
def finish_activity(request, activity_id: int):
    """Through ``services.finish``."""
    services.finish(_get_activity(request.auth, activity_id), actor=request.auth)
    return _get_activity(request.auth, activity_id)


@activities_router.post(
    "/{activity_id}/cancel",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="取消活动",
    description="取消活动并填写原因，所有报名者都会收到通知。",
)
def cancel_activity(request, activity_id: int, payload: ReasonIn):
    """Through ``services.cancel_activity``."""
    services.cancel_activity(_get_activity(request.auth, activity_id), actor=request.auth, reason=payload.reason)
    return _get_activity(request.auth, activity_id)


@activities_router.get(
    "/{activity_id}/registrations",
    response=with_errors({200: RegistrantPage}, 404),
    summary="报名名单",
    description="活动的报名者，按排队顺序（候补按此顺序递补）。手机号遮盖显示。",
)
def list_registrations(request, activity_id: int, filters: Query[RegistrantFilters]):
    """Paged registrants of a visible activity; five queries whatever the page size."""
    activity = _get_activity(request.auth, activity_id)
    qs = _registrations(activity)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return paginate(qs, filters)


@activities_router.post(
    "/{activity_id}/registrations/{registration_id}/review",
    response=with_errors({200: RegistrantOut}, 400, 403, 404, 409),
    summary="审核报名",
    description="审核报名方式的活动：确认名额（名额已满时返回 409 `activity_full`）或不通过。报名者会收到通知。",
)
def review_registration(request, activity_id: int, registration_id: int, payload: ReviewIn):
    """Through ``services.review_registration``."""
    activity = _get_activity(request.auth, activity_id)
    reg = get_object_or_404(_registrations(activity), pk=registration_id)
    services.review_registration(reg, actor=request.auth, approve=payload.approve)
    return get_object_or_404(_registrations(activity), pk=registration_id)


@activities_router.post(
    "/{activity_id}/draw",
    response=with_errors({200: DrawOut}, 400, 403, 404),
    summary="抽签",
    description="截止报名（种子已公布）后对抽签活动开奖，只能进行一次。中签者收到通知；其余申请按抽签顺序候补"
    "（未启用候补时为未中签）。同一系列设有每人每月中签上限时，已达上限的会员不再中签。",
)
def draw(request, activity_id: int):
    """Through ``lottery.draw``."""
    activity = _get_activity(request.auth, activity_id)
    winners = lottery.draw(activity, actor=request.auth)
    activity.refresh_from_db(fields=["drawn_at"])
    return {
        "seed": activity.lottery_seed,
        "drawn_at": activity.drawn_at,
        "applications": activity.registrations.exclude(status=Registration.Status.CANCELLED).count(),
        "winners": [r.pk for r in winners],
        "method": str(DRAW_METHOD),
    }


@activities_router.post(
    "/{activity_id}/check-in",
    response=with_errors({200: CheckInOut}, 400, 403, 404),
    summary="验票签到",
    description="工作人员扫描电子票二维码或输入票码签到。重复扫码无害：返回 `already: true`。"
    "不是本活动的票返回 404 `ticket_not_found`；候补、已取消等未确认的报名不能签到。",
)
def check_in(request, activity_id: int, payload: TicketIn):
    """Through ``checkin.check_in_ticket``; idempotent."""
    activity = _get_activity(request.auth, activity_id)
    reg, created = checkin.check_in_ticket(activity, payload.code, actor=request.auth, method=payload.method)
    return _check_in_answer(reg, None, created)


@activities_router.post(
    "/{activity_id}/walk-ins",
    response=with_errors({200: CheckInOut}, 400, 403, 404),
    summary="现场登记",
    description="现场加入的参与者：会员填写会员证号，非会员填写姓名。同一会员重复登记返回 `already: true`。",
)
def walk_in(request, activity_id: int, payload: WalkInIn):
    """Through ``checkin.walk_in``."""
    activity = _get_activity(request.auth, activity_id)
    member = None
    if payload.card_no and payload.card_no.strip():
        member = Member.objects.filter(card_no=payload.card_no.strip()).first()
        if member is None:
            raise DomainError("card_not_found", _("会员证号“%(c)s”不存在") % {"c": payload.card_no}, field="card_no")
    participation, created = checkin.walk_in(activity, actor=request.auth, member=member, name=payload.name or "")
    reg = None
    if member is not None:
        reg = Registration.objects.select_related("member").filter(activity=activity, member=member).first()
        if reg is not None and reg.status != Registration.Status.CONFIRMED:
            reg = None
    return _check_in_answer(reg, participation, created)


@activities_router.get(
    "/{activity_id}/check-in-code",
    response=with_errors({200: CheckInCodeOut}, 404),
    summary="现场签到码",
    description="现场屏幕显示的自助签到码，每 30 秒更换，前一个签到码在下一个周期内仍有效；转发的截图很快失效。"
    "仅限有签到权限的工作人员。",
)
def check_in_code(request, activity_id: int):
    """The current rotating token for the venue screen."""
    activity = _get_activity(request.auth, activity_id, "activities.checkin")
    now = timezone.now()
    rotation = services.ROTATION_SECONDS
    window_end = (int(now.timestamp()) // rotation + 1) * rotation
    return {
        "code": checkin.rotating_token(activity, now),
        "rotation_seconds": rotation,
        "expires_at": datetime.fromtimestamp(window_end, tz=timezone.get_current_timezone()),
    }


@activities_router.get(
    "/{activity_id}/figures",
    response=with_errors({200: FiguresOut}, 404),
    summary="参与情况统计",
    description="各状态的报名数、参与人次与人数、到场率和平均评分。",
)
def figures(request, activity_id: int):
    """Counts of one activity in four aggregate queries."""
    activity = _get_activity(request.auth, activity_id)
    counts = {s.value: 0 for s in Registration.Status}
    counts.update(
        dict(activity.registrations.values_list("status").annotate(n=Count("id")).order_by().values_list("status", "n"))
    )
    confirmed = activity.registrations.filter(status=Registration.Status.CONFIRMED)
    attended = confirmed.filter(checked_in_at__isnull=False).count()
    parts = activity.participations.aggregate(
        total=Count("id"),
        members=Count("member", distinct=True),
        guests=Count("id", filter=Q(member__isnull=True)),
        walk_ins=Count("id", filter=Q(method=Participation.Method.WALK_IN)),
    )
    ratings = Feedback.objects.filter(activity=activity).aggregate(n=Count("id"), avg=Avg("rating"))
    n_confirmed = counts[Registration.Status.CONFIRMED]
    return {
        "activity_id": activity.pk,
        "capacity": activity.capacity,
        "registrations": counts,
        "participations": parts["total"],
        "members": parts["members"],
        "guests": parts["guests"],
        "walk_ins": parts["walk_ins"],
        "attendance_rate": round(100 * attended / n_confirmed, 1) if n_confirmed else None,
        "ratings": ratings["n"],
        "average_rating": round(ratings["avg"], 1) if ratings["avg"] is not None else None,
    }


# --- Activities: members --------------------------------------------------------------------------------------


@activities_router.post(
    "/{activity_id}/register",
    response=with_errors({200: MyRegistrationOut}, 400, 403, 404, 409),
    summary="报名（会员）",
    description="会员一键报名。幂等：重复提交（如网络重试）返回同一份报名（同一个 id）。先到先得：名额内即确认，"
    "之后进入候补；未启用候补且名额已满时返回 409 `activity_full`。抽签活动为待抽签，审核活动为待审核。"
    "已取消的报名可以重新报名（重新排队）。",
)
def register(request, activity_id: int):
    """Through ``services.register``; the same answer for a retried request. The rush's hot path: five queries for
    a confirmed registration (token, member, activity, row, seat), four once the activity is full (pinned in the
    tests)."""
    member = _me(request, only=REGISTER_MEMBER_FIELDS)
    activity = _get_member_activity(member, activity_id, only=REGISTER_ACTIVITY_FIELDS)
    return services.register(activity, member)


@activities_router.post(
    "/{activity_id}/self-check-in",
    response=with_errors({200: CheckInOut}, 400, 403, 404),
    summary="自助签到（会员）",
    description="会员扫描现场屏幕上的二维码签到。签到码每 30 秒更换，过期或伪造的签到码被拒绝"
    "（`checkin_code_expired`）；只有已确认名额的报名者可以自助签到。重复签到返回 `already: true`。",
)
def self_check_in(request, activity_id: int, payload: SelfCheckInIn):
    """Through ``checkin.self_check_in``."""
    member = _me(request)
    activity = _get_member_activity(member, activity_id)
    participation, created = checkin.self_check_in(activity, member, payload.code)
    reg = Registration.objects.select_related("member").get(activity=activity, member=member)
    return _check_in_answer(reg, participation, created)


@activities_router.post(
    "/{activity_id}/feedback",
    response=with_errors({201: FeedbackOut}, 400, 403, 404),
    summary="评价活动（会员）",
    description="参加过的活动结束后评分（1–5）并可留言，每人一次。",
)
def rate(request, activity_id: int, payload: FeedbackIn):
    """Through ``checkin.rate``."""
    member = _me(request)
    activity = _get_member_activity(member, activity_id)
    return Status(201, checkin.rate(activity, member, rating=payload.rating, comment=payload.comment))


@me_router.get(
    "/activities",
    response=with_errors({200: MemberActivityPage}, 403),
    summary="可报名的活动（会员）",
    description="正在报名、面向您所在工会（或向公众开放）且您符合条件的活动，开始早的在前；附您的报名状态。",
)
def my_open_activities(request, filters: Query[MemberActivityFilters]):
    """Open activities the member may join; six queries whatever the page size (token, member, tags, count,
    page, the page's registrations of this member)."""
    member = _me(request)
    now = timezone.now()
    qs = _member_activities(member).filter(status=Activity.Status.PUBLISHED, registration_closes_at__gte=now)
    # The same audience-tag rule as services.eligibility_problem, in SQL so that paging stays exact: an activity
    # limited to some tags lists only for members holding one of them. Tags are stored as a JSON list of codes.
    tags = list(member.tags.values_list("tag", flat=True))
    tag_q = reduce(or_, (Q(audience_tags__icontains=f'"{t}"') for t in tags), Q(audience_tags=[]))
    qs = qs.filter(tag_q).order_by("starts_at", "id")
    if filters.category:
        qs = qs.filter(category=filters.category.value)
    qs = _date_range(qs, filters.starts_from, filters.starts_to)
    page = paginate(qs, filters)
    _attach_my_registrations(member, page["items"])
    return page


@me_router.get(
    "/activities/{activity_id}",
    response=with_errors({200: MemberActivityDetailOut}, 403, 404),
    summary="活动详情（会员）",
    description="面向您的活动的详情、您的报名状态，以及不能报名时的原因（`problem`）。",
)
def my_activity(request, activity_id: int):
    """One activity visible to the member, with their registration and, if any, why they may not register."""
    member = _me(request)
    activity = _get_member_activity(member, activity_id)
    _attach_my_registrations(member, [activity])
    activity.problem = str(services.eligibility_problem(activity, member) or "") or None
    return activity


@me_router.get(
    "/registrations",
    response=with_errors({200: MyRegistrationPage}, 403),
    summary="我的报名与电子票",
    description="您的全部报名，最近报名的在前；已确认的报名带票码（电子票二维码内容）。",
)
def my_registrations(request, filters: Query[MyRegistrationFilters]):
    """The member's own registrations; four queries whatever the page size (token, member, count, page)."""
    member = _me(request)
    qs = _my_registrations(member).order_by("-created_at", "-id")
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return paginate(qs, filters)


@me_router.get(
    "/registrations/{registration_id}",
    response=with_errors({200: MyRegistrationOut}, 403, 404),
    summary="我的一份报名",
    description="一份报名及其电子票。",
)
def my_registration(request, registration_id: int):
    """One of the member's own registrations; anyone else's is 404."""
    return get_object_or_404(_my_registrations(_me(request)), pk=registration_id)


@me_router.post(
    "/registrations/{registration_id}/cancel",
    response=with_errors({200: MyRegistrationOut}, 400, 403, 404),
    summary="取消报名",
    description="取消自己的报名（已确认的须在取消截止前）；空出的名额自动递补给第一位候补者。重复取消无害。",
)
def cancel_my_registration(request, registration_id: int):
    """Through ``services.cancel_registration``."""
    member = _me(request)
    reg = get_object_or_404(_my_registrations(member), pk=registration_id)
    services.cancel_registration(reg, actor=request.auth)
    return get_object_or_404(_my_registrations(member), pk=registration_id)


# --- Series, partners, proposals: staff -----------------------------------------------------------------------


@series_router.get(
    "",
    response=with_errors({200: SeriesPage}),
    summary="活动系列列表",
    description="您管理范围内的活动系列，附合伙人数、方案数、采纳数和活动数。",
)
def list_series(request, filters: Query[SeriesFilters]):
    """Scoped, paged series with counts; four queries whatever the page size."""
    qs = _series(request.auth)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.under is not None:
        anchor = Org.objects.restrict(request.auth, VIEW).filter(code=normalize_code(filters.under)).first()
        if anchor is None:
            return _empty_page(filters)
        qs = qs.filter(owner__path__startswith=anchor.path)
    return paginate(qs, filters)


@series_router.post(
    "",
    response=with_errors({201: SeriesOut}, 400, 403, 404),
    summary="新建活动系列",
    description="为主办组织新建某一年度的活动系列（如“镇工友缘”），可设每人每月抽签中签上限。",
)
def create_series(request, payload: SeriesIn):
    """Through ``proposals.create_series``."""
    owner = _scoped_org(request.auth, payload.owner, field="owner", what=_("主办组织"))
    series = proposals.create_series(
        actor=request.auth,
        owner=owner,
        name=payload.name,
        year=payload.year,
        description=payload.description,
        monthly_lottery_wins=payload.monthly_lottery_wins,
    )
    return Status(201, get_object_or_404(_series(request.auth), pk=series.pk))


@series_router.get(
    "/partners",
    response=with_errors({200: PartnerPage}),
    summary="合伙人列表",
    description="与您管理范围内的工会合作的合伙人及其登录账号。",
)
def list_partners(request, filters: Query[PartnerFilters]):
    """Scoped, paged partners; five queries whatever the page size (token, scope, count, page, accounts)."""
    qs = _partners(request.auth)
    if filters.q and filters.q.strip():
        qs = qs.filter(name__icontains=filters.q.strip())
    return paginate(qs, filters)


@series_router.post(
    "/partners",
    response=with_errors({201: PartnerOut}, 400, 403, 404),
    summary="新增合伙人",
    description="登记合伙人并开通登录账号：每个账号的登录名为 p+手机号，设置密码的一次性链接以短信发送。"
    "合伙人账号只能看到和提交本单位的创意方案。",
)
def create_partner(request, payload: PartnerIn):
    """Through ``partner_accounts.create_partner_with_accounts``."""
    org = _scoped_org(request.auth, payload.org, field="org")
    partner = partner_accounts.create_partner_with_accounts(
        actor=request.auth,
        org=org,
        name=payload.name,
        kind=payload.kind.value,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        accounts=[a.model_dump() for a in payload.accounts],
    )
    return Status(201, get_object_or_404(_partners(request.auth), pk=partner.pk))


@series_router.get(
    "/proposals",
    response=with_errors({200: ProposalPage}),
    summary="创意方案列表",
    description="提交到您管理范围内活动系列的创意方案，新提交的在前。",
)
def list_proposals(request, filters: Query[ProposalFilters]):
    """Scoped, paged proposals; four queries whatever the page size (token, scope, count, page)."""
    qs = _staff_proposals(request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.series is not None:
        qs = qs.filter(series_id=filters.series)
    if filters.partner is not None:
        qs = qs.filter(partner_id=filters.partner)
    return paginate(qs, filters)


@series_router.get(
    "/proposals/{proposal_id}",
    response=with_errors({200: ProposalOut}, 404),
    summary="创意方案详情",
    description="一份创意方案及其审核情况。",
)
def get_proposal(request, proposal_id: int):
    """One proposal in the caller's scope."""
    return get_object_or_404(_staff_proposals(request.auth), pk=proposal_id)


@series_router.post(
    "/proposals/{proposal_id}/review",
    response=with_errors({200: ProposalOut}, 400, 403, 404),
    summary="审核创意方案",
    description="采纳（生成草稿活动，待完善后发布）、退回修改或不采纳；退回和不采纳须填写意见。合伙人会收到通知。",
)
def review_proposal(request, proposal_id: int, payload: ProposalReviewIn):
    """Through ``proposals.review_proposal``."""
    proposal = get_object_or_404(_staff_proposals(request.auth), pk=proposal_id)
    proposals.review_proposal(proposal, actor=request.auth, decision=payload.decision.value, comment=payload.comment)
    return get_object_or_404(_staff_proposals(request.auth), pk=proposal_id)


# --- Partners' own work ---------------------------------------------------------------------------------------


@partner_router.get(
    "/partners",
    response=with_errors({200: list[PartnerRef]}),
    summary="我的合伙人单位",
    description="您的账号所属的合伙人单位。",
)
def my_partners(request):
    """The partners the caller is an account of."""
    return list(_my_partners(request.auth))


@partner_router.get(
    "/series",
    response=with_errors({200: list[SeriesOut]}),
    summary="可投稿的活动系列",
    description="您所属合伙人单位可以提交方案的活动系列（合作工会及其上下级主办的）。",
)
def partner_series(request):
    """Series open to the caller's partners, with their counts."""
    ids = _partner_series(list(_my_partners(request.auth))).values("pk")
    return list(
        Series.objects.filter(pk__in=ids)
        .select_related("owner")
        .annotate(
            n_partners=Count("proposals__partner", distinct=True),
            n_proposals=Count("proposals", distinct=True),
            n_approved=Count("proposals", filter=Q(proposals__status=Proposal.Status.APPROVED), distinct=True),
            n_activities=Count("activities", distinct=True),
        )
    )


@partner_router.get(
    "/proposals",
    response=with_errors({200: ProposalPage}),
    summary="我的创意方案",
    description="您所属合伙人单位提交的方案，新提交的在前。",
)
def my_proposals(request, filters: Query[ProposalFilters]):
    """The partner's own proposals; three queries whatever the page size (token, count, page)."""
    qs = _partner_proposals(request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.series is not None:
        qs = qs.filter(series_id=filters.series)
    if filters.partner is not None:
        qs = qs.filter(partner_id=filters.partner)
    return paginate(qs, filters)


@partner_router.post(
    "/proposals",
    response=with_errors({201: ProposalOut}, 400, 403, 404),
    summary="提交创意方案",
    description="以所属合伙人单位的名义向活动系列提交方案，等待工会审核。",
)
def submit_proposal(request, payload: ProposalIn):
    """Through ``proposals.submit_proposal``."""
    partners = list(_my_partners(request.auth))
    partner = next((p for p in partners if p.pk == payload.partner), None)
    if partner is None:
        raise _not_found(_("合伙人单位"), field="partner")
    series = _partner_series([partner]).filter(pk=payload.series).first()
    if series is None:
        raise _not_found(_("活动系列"), field="series")
    proposal = proposals.submit_proposal(
        actor=request.auth,
        partner=partner,
        series=series,
        **payload.model_dump(include={"title", "content", "expected_participants"}),
        category=payload.category.value,
    )
    return Status(201, get_object_or_404(_partner_proposals(request.auth), pk=proposal.pk))


@partner_router.get(
    "/proposals/{proposal_id}",
    response=with_errors({200: ProposalOut}, 404),
    summary="我的一份创意方案",
    description="一份方案及其审核意见。",
)
def my_proposal(request, proposal_id: int):
    """One of the partner's own proposals; anyone else's is 404."""
    return get_object_or_404(_partner_proposals(request.auth), pk=proposal_id)


@partner_router.post(
    "/proposals/{proposal_id}/resubmit",
    response=with_errors({200: ProposalOut}, 400, 403, 404),
    summary="修改后重新提交方案",
    description="被退回修改的方案，按审核意见修改后重新提交。",
)
def resubmit_proposal(request, proposal_id: int, payload: ProposalContentIn):
    """Through ``proposals.submit_proposal`` with the returned proposal."""
    qs = _partner_proposals(request.auth).select_related("partner__org", "series__owner")
    proposal = get_object_or_404(qs, pk=proposal_id)
    proposals.submit_proposal(
        actor=request.auth,
        partner=proposal.partner,
        series=proposal.series,
        proposal=proposal,
        **payload.model_dump(include={"title", "content", "expected_participants"}),
        category=payload.category.value,
    )
    return get_object_or_404(_partner_proposals(request.auth), pk=proposal_id)
