"""API of the roster: members, transfers and join applications. Every endpoint is scoped through ``restrict``.

Members and applications are found only inside the caller's scope (``members.view`` / ``members.approve``),
transfers from either end, so anything outside it answers 404 exactly like an unknown id. Whether the caller may
change a visible object is the service function's decision (403 ``permission_denied``); endpoints never write
to the ORM themselves. ID numbers and phone numbers are always masked; the full ID number is only returned by
``reveal-id``, which needs ``members.view_pii`` and a reason and is audited.

The three public endpoints under ``/applications`` (consent notice, eligible unions, submitting an application)
need no token: they are what the member site and app call before the worker has an account.
"""

from datetime import date, datetime
from enum import StrEnum

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from core.api import Paging, paginate, with_errors
from core.errors import DomainError
from core.middleware import client_ip
from core.scoping import EVERYTHING, path_q, scope_paths
from core.validators import normalize_code
from orgs.models import Enterprise, Org

from . import cards, joining, selectors, services
from .choices import Education, Employment, GigPlatform, Hukou, IdType, MemberStatus, Political, Tag
from .models import JoinApplication, Member, MembershipEvent, Transfer

members_router = Router(tags=["会员"])
applications_router = Router(tags=["入会申请"])
transfers_router = Router(tags=["转会"])


def _choices_doc(choices) -> str:
    """``value=中文`` pairs for a field description, so API users can read the codes."""
    return "；".join(f"{value}={label}" for value, label in choices.choices)


def _user_name(user) -> str | None:
    """How a staff account is named in answers (its display name), or None when there is none."""
    return str(user) if user is not None else None


# The birth date is not answered: with the first and last four characters a masked 身份证号 shows, it leaves only
# the two area digits to guess, so the number would be masked in name only. The age is what staff need.
_AGE_DOC = "年龄（周岁）；为保护证件号码，不返回出生日期"


def _age(born: date | None) -> int | None:
    """Full years of age today."""
    if born is None:
        return None
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# --- Schemas: output ------------------------------------------------------------------------------------------


class UnionRef(Schema):
    """A union named from a member, event, transfer or application."""

    code: str = Field(description="组织代码")
    name: str = Field(description="全称")


class EmployerRef(Schema):
    """An enterprise from the employer register."""

    id: int
    name: str = Field(description="企业名称")


class TagOut(Schema):
    code: Tag = Field(description=f"标签：{_choices_doc(Tag)}")
    label: str = Field(description="标签名称")

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.tag

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.get_tag_display())


class MemberOut(Schema):
    """One member in a list. The ID number and the phone number are masked; the full ID number is never listed."""

    id: int
    name: str = Field(description="姓名")
    gender: str = Field(description="性别：M=男；F=女")
    gender_label: str = Field(description="性别名称")
    id_type: str = Field(description="证件类型代码")
    id_type_label: str = Field(description="证件类型名称")
    id_masked: str = Field(description="证件号码（遮盖）")
    phone_masked: str = Field(description="手机号（遮盖）")
    union: UnionRef = Field(description="所属工会")
    status: MemberStatus = Field(description=f"会籍状态：{_choices_doc(MemberStatus)}")
    status_label: str = Field(description="会籍状态名称")
    card_no: str = Field(description="会员证号")
    joined_on: date = Field(description="入会日期")
    employer: EmployerRef | None = Field(description="工作单位（企业名录中的企业）；未关联时为 null")
    employer_name: str = Field(description="工作单位名称")
    gig_platform: str = Field(description=f"新就业形态类别（空表示不是）：{_choices_doc(GigPlatform)}")
    tags: list[TagOut] = Field(description="标签")

    @staticmethod
    def resolve_gender_label(obj) -> str:
        return str(obj.get_gender_display())

    @staticmethod
    def resolve_id_type_label(obj) -> str:
        return str(obj.get_id_type_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_tags(obj) -> list:
        # ``.all()`` reads the prefetched rows: one query for the whole page, never one per member.
        return list(obj.tags.all())


class EventOut(Schema):
    """One step in the membership history."""

    kind: MembershipEvent.Kind = Field(description=f"变动类型：{_choices_doc(MembershipEvent.Kind)}")
    kind_label: str = Field(description="变动类型名称")
    on: date = Field(description="日期")
    union: UnionRef = Field(description="发生变动的工会")
    other_union: UnionRef | None = Field(description="转会的对方工会；其他变动为 null")
    reason: str = Field(description="原因")
    actor_name: str | None = Field(description="经办人")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_actor_name(obj) -> str | None:
        return _user_name(obj.actor)


class PendingTransferOut(Schema):
    """A member's transfer still waiting for the receiving union."""

    id: int
    to_union: UnionRef = Field(description="转入工会")
    reason: str = Field(description="转会原因")
    requested_at: datetime = Field(description="发起时间")


class MemberDetailOut(MemberOut):
    """One member with all details (masked), tags, history and pending transfer."""

    age: int | None = Field(description=_AGE_DOC)
    ethnicity: str = Field(description="民族")
    education: str = Field(description="学历代码")
    education_label: str = Field(description="学历")
    political: str = Field(description="政治面貌代码")
    political_label: str = Field(description="政治面貌")
    hukou_type: str = Field(description="户籍类型代码")
    hukou_place: str = Field(description="户籍所在地")
    job_title: str = Field(description="职务/工种")
    employment: str = Field(description="就业状况代码")
    employment_label: str = Field(description="就业状况")
    is_migrant_worker: bool = Field(description="是否农民工")
    has_account: bool = Field(description="是否已开通会员登录账号")
    events: list[EventOut] = Field(description="会籍变动记录，按日期排列")
    pending_transfer: PendingTransferOut | None = Field(description="待接收的转会；没有时为 null")
    created_at: datetime = Field(description="登记时间")
    updated_at: datetime = Field(description="更新时间")

    @staticmethod
    def resolve_age(obj) -> int | None:
        return _age(obj.birth_date)

    @staticmethod
    def resolve_education_label(obj) -> str:
        return str(obj.get_education_display())

    @staticmethod
    def resolve_political_label(obj) -> str:
        return str(obj.get_political_display())

    @staticmethod
    def resolve_employment_label(obj) -> str:
        return str(obj.get_employment_display())

    @staticmethod
    def resolve_has_account(obj) -> bool:
        return obj.user_id is not None

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())


class MemberPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[MemberOut]


class RevealOut(Schema):
    id_number: str = Field(description="完整证件号码（此次查看已记入审计日志）")


class CardStatus(StrEnum):
    VALID = "valid"
    ENDED = "ended"


CARD_STATUS_LABELS = {CardStatus.VALID: _("有效"), CardStatus.ENDED: _("会籍已终止，会员证无效")}


class CardOut(Schema):
    """The member's current e-card: what its QR code carries."""

    card_no: str = Field(description="会员证号")
    status: CardStatus = Field(description="会员证状态：valid=有效；ended=会籍已终止，会员证无效")
    status_label: str = Field(description="会员证状态名称")
    verify_url: str = Field(description="核验链接（二维码内容）")
    token: str = Field(description="签名令牌；作废或补办后旧令牌失效")


class VerifyCode(StrEnum):
    GENUINE = "genuine"
    FORGED = "forged"
    REVOKED = "revoked"
    ENDED = "ended"
    UNKNOWN = "unknown"


VERIFY_MESSAGES = {
    VerifyCode.GENUINE: _("真实有效"),
    VerifyCode.FORGED: _("二维码无法验证，可能被伪造或篡改"),
    VerifyCode.REVOKED: _("该会员证已作废或已补办新证，请出示最新的电子会员证"),
    VerifyCode.ENDED: _("持证人的会籍已终止"),
    VerifyCode.UNKNOWN: _("查无此证"),
}


class VerifyOut(Schema):
    """What a scanned card says. Never carries an ID number or a phone number."""

    genuine: bool = Field(description="是否为真实有效的会员证")
    code: VerifyCode = Field(
        description="核验结果：genuine=真实有效；forged=伪造或篡改；revoked=已作废或已补办；ended=会籍已终止；"
        "unknown=查无此证"
    )
    message: str = Field(description="核验结果说明")
    name: str | None = Field(description="持证人姓名；伪造或查无此证时为 null")
    union: UnionRef | None = Field(description="所属工会；伪造或查无此证时为 null")
    card_no: str | None = Field(description="会员证号；伪造或查无此证时为 null")


class MemberBrief(Schema):
    """The member a transfer moves, as both ends see it (masked)."""

    id: int
    name: str = Field(description="姓名")
    id_masked: str = Field(description="证件号码（遮盖）")
    phone_masked: str = Field(description="手机号（遮盖）")
    card_no: str = Field(description="会员证号")


class TransferOut(Schema):
    """One transfer, seen from either end."""

    id: int
    member: MemberBrief
    from_union: UnionRef = Field(description="转出工会")
    to_union: UnionRef = Field(description="转入工会")
    status: Transfer.Status = Field(description=f"状态：{_choices_doc(Transfer.Status)}")
    status_label: str = Field(description="状态名称")
    reason: str = Field(description="转会原因")
    requested_by: str | None = Field(description="发起人")
    requested_at: datetime = Field(description="发起时间")
    decided_by: str | None = Field(description="处理人")
    decided_at: datetime | None = Field(description="处理时间")
    decision_note: str = Field(description="处理意见")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_requested_by(obj) -> str | None:
        return _user_name(obj.requested_by)

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return _user_name(obj.decided_by)


class TransferPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[TransferOut]


class ApplicationOut(Schema):
    """One join application (masked), as the union's staff review it."""

    id: int
    union: UnionRef = Field(description="申请加入的工会")
    status: JoinApplication.Status = Field(description=f"状态：{_choices_doc(JoinApplication.Status)}")
    status_label: str = Field(description="状态名称")
    name: str = Field(description="姓名")
    gender: str = Field(description="性别：M=男；F=女")
    gender_label: str = Field(description="性别名称")
    age: int | None = Field(description=_AGE_DOC)
    id_type: str = Field(description="证件类型代码")
    id_masked: str = Field(description="证件号码（遮盖）")
    phone_masked: str = Field(description="手机号（遮盖）")
    employer: EmployerRef | None = Field(description="工作单位（企业名录中的企业）")
    employer_name: str = Field(description="工作单位名称")
    gig_platform: str = Field(description=f"新就业形态类别：{_choices_doc(GigPlatform)}")
    consent_version: str = Field(description="同意的《个人信息处理告知书》版本")
    consent_at: datetime = Field(description="同意时间")
    submitted_at: datetime = Field(description="提交时间")
    decided_by: str | None = Field(description="审核人")
    decided_at: datetime | None = Field(description="审核时间")
    reject_reason: str = Field(description="未通过原因")
    member_id: int | None = Field(description="通过后登记的会员 id")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_gender_label(obj) -> str:
        return str(obj.get_gender_display())

    @staticmethod
    def resolve_age(obj) -> int | None:
        return _age(obj.birth_date)

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return _user_name(obj.decided_by)


class ApplicationPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[ApplicationOut]


class ApplicationReceiptOut(Schema):
    """What the applicant is told after submitting: nothing they did not send, and no personal data."""

    id: int
    status: JoinApplication.Status = Field(description="状态：pending=待审核")
    status_label: str = Field(description="状态名称")
    union: UnionRef = Field(description="申请加入的工会")
    submitted_at: datetime = Field(description="提交时间")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class ConsentOut(Schema):
    version: str = Field(description="告知书版本；提交申请时原样传回 consent_version")
    text: str = Field(description="《个人信息处理告知书》全文")


# --- Schemas: input -------------------------------------------------------------------------------------------


class _Input(Schema):
    # An unknown field is refused rather than ignored, so a misspelt field never silently does nothing.
    model_config = ConfigDict(extra="forbid")


_CODE_OR_LABEL = "。可传代码或中文名称"
_LOOSE_DATE = "日期，如 2024-03-01（也接受 2024.3.1、2024年3月1日）"


class PersonFields(_Input):
    """A person's roster fields, cleaned by ``members.validation.clean_person`` (the same rules as the console
    form, the import and the online application): coded fields take a code or its Chinese label, and every
    problem is reported at once."""

    name: str = Field(description="姓名")
    id_type: str = Field("", description=f"证件类型，默认居民身份证：{_choices_doc(IdType)}{_CODE_OR_LABEL}")
    id_number: str = Field(description="证件号码（居民身份证号会校验并推算出生日期和性别）")
    gender: str = Field("", description=f"性别（居民身份证可不填）：M=男；F=女{_CODE_OR_LABEL}")
    birth_date: str | None = Field(None, description=f"出生日期（居民身份证可不填）：{_LOOSE_DATE}")
    ethnicity: str = Field("", description="民族，默认汉族")
    phone: str = Field(description="手机号（11 位）")
    education: str = Field("", description=f"学历：{_choices_doc(Education)}{_CODE_OR_LABEL}")
    political: str = Field("", description=f"政治面貌：{_choices_doc(Political)}{_CODE_OR_LABEL}")
    hukou_type: str = Field("", description=f"户籍类型：{_choices_doc(Hukou)}{_CODE_OR_LABEL}")
    hukou_place: str = Field("", description="户籍所在地")
    employer_name: str = Field("", description="工作单位名称（关联企业时可不填）")
    gig_platform: str = Field("", description=f"新就业形态类别：{_choices_doc(GigPlatform)}{_CODE_OR_LABEL}")
    job_title: str = Field("", description="职务/工种")
    employment: str = Field("", description=f"就业状况，默认在岗：{_choices_doc(Employment)}{_CODE_OR_LABEL}")
    is_migrant_worker: bool | str = Field(False, description="是否农民工：true/false 或 是/否")
    tags: list[str] = Field(default_factory=list, description=f"标签：{_choices_doc(Tag)}{_CODE_OR_LABEL}")
    joined_on: str | None = Field(None, description=f"入会日期，默认今天：{_LOOSE_DATE}")
    card_no: str = Field("", description="会员证号；不填则自动编号")


class MemberIn(PersonFields):
    union: str = Field(description="所属工会的组织代码")
    employer: int | None = Field(None, description="工作单位在企业名录中的 id（可选）")


class MemberPatch(_Input):
    """Only the fields sent are changed; ``null`` clears an optional field. The union and the status change only
    through transfers and status changes."""

    name: str = Field(None, description="姓名")
    id_type: str = Field(None, description="证件类型（代码或中文名称）")
    id_number: str = Field(None, description="证件号码")
    gender: str | None = Field(None, description="性别（代码或中文名称）")
    birth_date: str | None = Field(None, description=f"出生日期：{_LOOSE_DATE}")
    ethnicity: str | None = Field(None, description="民族")
    phone: str = Field(None, description="手机号")
    education: str | None = Field(None, description="学历（代码或中文名称）")
    political: str | None = Field(None, description="政治面貌（代码或中文名称）")
    hukou_type: str | None = Field(None, description="户籍类型（代码或中文名称）")
    hukou_place: str | None = Field(None, description="户籍所在地")
    employer_name: str | None = Field(None, description="工作单位名称")
    gig_platform: str | None = Field(None, description="新就业形态类别（代码或中文名称）")
    job_title: str | None = Field(None, description="职务/工种")
    employment: str | None = Field(None, description="就业状况（代码或中文名称）")
    is_migrant_worker: bool | str = Field(None, description="是否农民工")
    tags: list[str] | None = Field(None, description="标签（整体替换）")
    joined_on: str = Field(None, description=f"入会日期：{_LOOSE_DATE}")
    card_no: str = Field(None, description="会员证号")
    employer: int | None = Field(None, description="工作单位在企业名录中的 id；null 表示清除关联")


class StatusChange(StrEnum):
    RETAIN = "retain"
    REMOVE = "remove"
    QUIT = "quit"
    RESTORE = "restore"


class StatusIn(_Input):
    change: StatusChange = Field(
        description="会籍变动：retain=保留会籍；remove=除名；quit=退会；restore=恢复会籍（仅限保留会籍的会员）"
    )
    on: date | None = Field(None, description="变动日期 YYYY-MM-DD，默认今天，不能晚于今天")
    reason: str = Field(description="原因")


class ReasonIn(_Input):
    reason: str = Field(description="原因")


class MemberFilters(Paging):
    q: str | None = Field(
        None, description="按姓名、拼音全拼或首字母（如 zs 查到张三）、手机号、会员证号或完整证件号码（精确）搜索"
    )
    union: str | None = Field(None, description="组织代码：只列出直接登记在该工会的会员")
    under: str | None = Field(None, description="组织代码：列出该组织及其全部下级工会的会员")
    status: MemberStatus | None = Field(None, description=f"会籍状态：{_choices_doc(MemberStatus)}")
    tag: Tag | None = Field(None, description=f"标签：{_choices_doc(Tag)}")
    employer: int | None = Field(None, description="工作单位（企业名录 id）")
    joined_from: date | None = Field(None, description="入会日期不早于 YYYY-MM-DD")
    joined_to: date | None = Field(None, description="入会日期不晚于 YYYY-MM-DD")
    gig_platform: GigPlatform | None = Field(None, description=f"新就业形态类别：{_choices_doc(GigPlatform)}")


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class TransferFilters(Paging):
    status: Transfer.Status | None = Field(None, description=f"状态：{_choices_doc(Transfer.Status)}")
    direction: Direction | None = Field(
        None, description="incoming=转入您管理范围内工会的；outgoing=从您管理范围内工会转出的；不填则两者都列出"
    )
    member: int | None = Field(None, description="会员 id：只列出该会员的转会")


class TransferIn(_Input):
    member: int = Field(description="会员 id")
    to_union: str = Field(description="转入工会的组织代码（可以不在您的管理范围内，须为可登记会员的正常状态工会）")
    reason: str = Field(description="转会原因")


class AcceptIn(_Input):
    note: str = Field("", description="处理意见")
    on: date | None = Field(None, description="转入日期 YYYY-MM-DD，默认今天")


class NoteIn(_Input):
    note: str = Field(description="处理意见（拒绝原因）")


class ApplicationFilters(Paging):
    status: JoinApplication.Status | None = Field(None, description=f"状态：{_choices_doc(JoinApplication.Status)}")


class ApplicationIn(_Input):
    union: str = Field(description="申请加入的工会的组织代码（由“可申请加入的工会”接口给出）")
    employer: int | None = Field(None, description="工作单位在企业名录中的 id；与 gig_platform 二选一")
    gig_platform: str = Field("", description=f"新就业形态类别：{_choices_doc(GigPlatform)}{_CODE_OR_LABEL}")
    name: str = Field(description="姓名")
    id_type: str = Field("", description="证件类型，默认居民身份证（代码或中文名称）")
    id_number: str = Field(description="证件号码")
    gender: str = Field("", description="性别（居民身份证可不填）")
    birth_date: str | None = Field(None, description=f"出生日期（居民身份证可不填）：{_LOOSE_DATE}")
    phone: str = Field(description="手机号（11 位），审核结果和设置密码的链接发到此号码")
    employer_name: str = Field("", description="工作单位名称（未选企业时填写）")
    consent: bool = Field(description="是否已阅读并同意《个人信息处理告知书》；必须为 true")
    consent_version: str = Field(description="同意的告知书版本，即“个人信息处理告知书”接口返回的 version")


class VerifyQuery(Schema):
    token: str = Field(max_length=500, description="会员证令牌（核验链接的最后一段）")


class EligibleFilters(Schema):
    employer: int | None = Field(None, description="工作单位在企业名录中的 id")
    gig_platform: GigPlatform | None = Field(None, description=f"新就业形态类别：{_choices_doc(GigPlatform)}")


# --- Helpers --------------------------------------------------------------------------------------------------


def _not_found(what, *, field: str) -> DomainError:
    """The refusal for an object named in a request body that does not exist or is out of scope."""
    return DomainError("not_found", _("%(w)s不存在或不在您的管理范围内") % {"w": what}, field=field, status=404)


def _members(user, permission: str = "members.view"):
    """Members inside ``user``'s scope with the union and employer every answer names already joined."""
    return Member.objects.restrict(user, permission).select_related("union", "employer")


def _get_member(user, pk: int) -> Member:
    """The member ``pk`` inside the caller's view scope, or 404."""
    return get_object_or_404(_members(user), pk=pk)


def _member_detail(user, pk: int) -> Member:
    """A member in the caller's view scope with tags, history and pending transfer loaded, or 404."""
    events = MembershipEvent.objects.select_related("union", "other_union", "actor")
    member = get_object_or_404(_members(user).prefetch_related("tags", Prefetch("events", queryset=events)), pk=pk)
    member.pending_transfer = (
        Transfer.objects.filter(member=member, status=Transfer.Status.PENDING).select_related("to_union").first()
    )
    return member


def _member_union(user, code: str) -> Org:
    """The union named in a new member's body: one the caller cannot see is ``not_found`` for that field."""
    union = Org.objects.restrict(user, "members.view").filter(code=normalize_code(code)).first()
    if union is None:
        raise _not_found(_("工会“%(c)s”") % {"c": code}, field="union")
    return union


def _staff_employer(user, pk: int) -> Enterprise:
    """An employer staff name for a member: registered in their enterprise scope, or covered by a union in their
    roster scope (a grassroots admin cannot see the register of the town, but their own firm's members work
    there)."""
    in_register = Enterprise.objects.restrict(user, "enterprises.view").values("pk")
    covered = Org.objects.restrict(user, "members.view").values("pk")
    ent = Enterprise.objects.filter(Q(pk__in=in_register) | Q(covering_union__in=covered), pk=pk).first()
    if ent is None:
        raise _not_found(_("工作单位"), field="employer")
    return ent


def _card(member: Member) -> dict:
    """The card answer for a member."""
    status = CardStatus.VALID if member.is_holding else CardStatus.ENDED
    return {
        "card_no": member.card_no,
        "status": status,
        "status_label": str(CARD_STATUS_LABELS[status]),
        "verify_url": cards.verify_url(member),
        "token": cards.card_token(member),
    }


def _is_staff(user) -> bool:
    """Whether ``user`` holds any staff grant (the grants are read once per request and cached on the user)."""
    return any(scope_paths(user, perm) for perm in ("orgs.view", "members.view"))


def _transfers(user):
    """Transfers visible from either end, with everything the answer names joined in one query."""
    return Transfer.objects.restrict(user, "members.view").select_related(
        "member", "from_union", "to_union", "requested_by", "decided_by"
    )


def _get_transfer(user, pk: int) -> Transfer:
    """The transfer ``pk`` with an end inside the caller's scope, or 404."""
    return get_object_or_404(_transfers(user), pk=pk)


def _receiving_union(code: str) -> Org:
    """The union a member is transferred to. It may lie outside the caller's scope (a town admin sends a member
    to another town's union), so it is looked up unscoped, but only by its exact code, and a refusal names
    nothing about it beyond what the caller typed."""
    union = Org.objects.filter(code=normalize_code(code)).first()
    if union is None:
        raise DomainError("not_found", _("转入工会：组织代码“%(c)s”不存在") % {"c": code}, field="to_union", status=404)
    return union


def _applications(user):
    """Applications the caller may review."""
    return JoinApplication.objects.restrict(user, "members.approve").select_related("union", "employer", "decided_by")


def _get_application(user, pk: int) -> JoinApplication:
    """The application ``pk`` inside the caller's review scope, or 404."""
    return get_object_or_404(_applications(user), pk=pk)


def _public(success: dict, *statuses: int) -> dict:
    """``with_errors`` for an endpoint that needs no token, so its documentation promises no 401."""
    return {status: schema for status, schema in with_errors(success, *statuses).items() if status != 401}


def _empty_page(paging: Paging) -> dict:
    """A page with nothing on it, answered without touching the database."""
    return {"count": 0, "page": paging.page, "page_size": paging.page_size, "items": []}


# --- Members --------------------------------------------------------------------------------------------------


@members_router.get(
    "",
    response=with_errors({200: MemberPage}),
    summary="会员列表",
    description="列出您管理范围内的会员，新登记的在前。证件号码和手机号一律遮盖显示。"
    "`union`、`under` 指向您看不到的组织时结果为空。",
)
def list_members(request, filters: Query[MemberFilters]):
    """Scoped, filtered, paged members; five queries whatever the page size (token, scope, count, page, tags)."""
    qs = _members(request.auth).prefetch_related("tags")
    if filters.q and filters.q.strip():
        qs = qs.filter(selectors.search_q(filters.q))
    if filters.union is not None:
        # Within the scope already applied, so a code outside it simply matches nothing.
        qs = qs.filter(union__code=normalize_code(filters.union))
    if filters.under is not None:
        anchor = Org.objects.restrict(request.auth, "members.view").filter(code=normalize_code(filters.under)).first()
        if anchor is None:
            return _empty_page(filters)
        qs = qs.filter(union__path__startswith=anchor.path)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.tag:
        # One row per (member, tag) at most, so the join never repeats a member.
        qs = qs.filter(tags__tag=filters.tag.value)
    if filters.employer is not None:
        qs = qs.filter(employer_id=filters.employer)
    if filters.joined_from:
        qs = qs.filter(joined_on__gte=filters.joined_from)
    if filters.joined_to:
        qs = qs.filter(joined_on__lte=filters.joined_to)
    if filters.gig_platform:
        qs = qs.filter(gig_platform=filters.gig_platform.value)
    return paginate(qs, filters)


@members_router.post(
    "",
    response=with_errors({201: MemberDetailOut}, 400, 403, 404, 409),
    summary="登记会员",
    description="把一个人登记为所属工会的会员（入会）。字段的校验规则与控制台表单、名册导入相同，"
    "所有问题一次返回（`errors`）。此人已在平台任一工会有有效会籍时返回 `already_member`，请改为办理转会。",
)
def create_member(request, payload: MemberIn):
    """Register through ``services.register_member``; answers 201 with the member's details."""
    union = _member_union(request.auth, payload.union)
    employer = _staff_employer(request.auth, payload.employer) if payload.employer is not None else None
    raw = payload.model_dump(exclude={"union", "employer"})
    member = services.register_member(actor=request.auth, union=union, employer=employer, **raw)
    return Status(201, _member_detail(request.auth, member.pk))


@members_router.get(
    "/verify-card",
    response=with_errors({200: VerifyOut}, 403),
    summary="核验会员证",
    description="核验扫码得到的会员证令牌（`token`，即核验链接最后一段）。需要工作人员令牌；"
    "不需要登录的核验请使用二维码中的核验页面。结果不含证件号码和手机号。",
)
def verify_card(request, params: Query[VerifyQuery]):
    """Any staff member (any grant) may check any card, as at the door of an event; members may not."""
    if not _is_staff(request.auth):
        raise services._denied()
    verdict = cards.verify_card(params.token)
    member = verdict.member
    code = VerifyCode(verdict.code)
    return {
        "genuine": verdict.genuine,
        "code": code,
        "message": str(VERIFY_MESSAGES[code]),
        "name": member.name if member else None,
        "union": member.union if member else None,
        "card_no": member.card_no if member else None,
    }


@members_router.get(
    "/{member_id}",
    response=with_errors({200: MemberDetailOut}, 404),
    summary="会员详情",
    description="会员的全部信息（证件号码、手机号遮盖）、标签、会籍变动记录和待接收的转会。",
)
def get_member(request, member_id: int):
    """One member in the caller's scope, with history."""
    return _member_detail(request.auth, member_id)


@members_router.patch(
    "/{member_id}",
    response=with_errors({200: MemberDetailOut}, 400, 403, 404),
    summary="修改会员信息",
    description="只修改请求中出现的字段，校验规则与登记相同。所属工会通过转会变更，会籍状态通过会籍变动接口变更。",
)
def update_member(request, member_id: int, payload: MemberPatch):
    """Partial update through ``services.update_member``."""
    member = _get_member(request.auth, member_id)
    changes = payload.model_dump(exclude_unset=True)
    if "employer" in changes:
        employer_id = changes.pop("employer")
        changes["employer"] = None if employer_id is None else _staff_employer(request.auth, employer_id)
    services.update_member(member, actor=request.auth, **changes)
    return _member_detail(request.auth, member.pk)


@members_router.post(
    "/{member_id}/status",
    response=with_errors({200: MemberDetailOut}, 400, 403, 404),
    summary="会籍变动",
    description="保留会籍、除名、退会，或为保留会籍的会员恢复会籍；记入会籍变动记录。会籍终止后会员证失效。",
)
def change_status(request, member_id: int, payload: StatusIn):
    """Through ``services.change_status``."""
    member = _get_member(request.auth, member_id)
    services.change_status(
        member,
        payload.change.value,
        actor=request.auth,
        on=payload.on or timezone.localdate(),
        reason=payload.reason,
    )
    return _member_detail(request.auth, member.pk)


@members_router.post(
    "/{member_id}/reveal-id",
    response=with_errors({200: RevealOut}, 400, 403, 404),
    summary="查看完整证件号码",
    description="需要“个人信息查看员”授权（`members.view_pii`）并填写查看原因；每次查看都记入审计日志。",
)
def reveal_id(request, member_id: int, payload: ReasonIn):
    """Through ``services.reveal_id_number`` (permission, reason and audit are its job)."""
    member = _get_member(request.auth, member_id)
    return {"id_number": services.reveal_id_number(member, actor=request.auth, reason=payload.reason)}


@members_router.get(
    "/{member_id}/card",
    response=with_errors({200: CardOut}, 404),
    summary="电子会员证",
    description="会员当前的电子会员证：证号、状态、核验链接（二维码内容）与签名令牌。",
)
def get_card(request, member_id: int):
    """The card of a member in the caller's scope."""
    return _card(_get_member(request.auth, member_id))


@members_router.post(
    "/{member_id}/revoke-card",
    response=with_errors({200: CardOut}, 400, 403, 404),
    summary="作废会员证",
    description="会员证遗失或被冒用时作废：旧二维码立即失效，返回新的会员证（证号不变）。",
)
def revoke_card(request, member_id: int, payload: ReasonIn):
    """Through ``services.revoke_card``; answers with the re-issued card."""
    member = _get_member(request.auth, member_id)
    return _card(services.revoke_card(member, actor=request.auth, reason=payload.reason))


# --- Transfers ------------------------------------------------------------------------------------------------


@transfers_router.get(
    "",
    response=with_errors({200: TransferPage}),
    summary="转会列表",
    description="转出或转入工会在您管理范围内的转会，新发起的在前。`direction` 按您的管理范围区分转入与转出。",
)
def list_transfers(request, filters: Query[TransferFilters]):
    """Scoped, filtered, paged transfers; four queries whatever the page size (token, scope, count, page)."""
    qs = _transfers(request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.direction:
        paths = scope_paths(request.auth, "members.view")
        if paths is not EVERYTHING:
            end = "to_union__path" if filters.direction == Direction.INCOMING else "from_union__path"
            qs = qs.filter(path_q(end, paths))
    if filters.member is not None:
        qs = qs.filter(member_id=filters.member)
    return paginate(qs, filters)


@transfers_router.post(
    "",
    response=with_errors({201: TransferOut}, 400, 403, 404),
    summary="发起转会",
    description="把在册会员转到另一个工会（转出）。转入工会可以不在您的管理范围内（如转到其他镇街的工会），"
    "但须按组织代码准确填写，且能登记会员。转入工会接收后会员才转过去。",
)
def create_transfer(request, payload: TransferIn):
    """Through ``services.request_transfer``; answers 201 with the transfer."""
    member = _get_member(request.auth, payload.member)
    to_union = _receiving_union(payload.to_union)
    try:
        transfer = services.request_transfer(member, to_union, actor=request.auth, reason=payload.reason)
    except DomainError as exc:
        if exc.field != "union":
            raise
        # The service explains why a union cannot hold members (dissolved, its kind); for a union outside the
        # caller's scope that says more than its name, so the refusal stays general.
        raise DomainError(
            "union_cannot_hold_members",
            _("转入工会：“%(n)s”不能接收会员，请确认组织代码") % {"n": to_union.name},
            field="to_union",
        ) from None
    return Status(201, _get_transfer(request.auth, transfer.pk))


@transfers_router.get(
    "/{transfer_id}",
    response=with_errors({200: TransferOut}, 404),
    summary="转会详情",
    description="转出或转入工会在您管理范围内的一笔转会。",
)
def get_transfer(request, transfer_id: int):
    """One transfer visible from either end."""
    return _get_transfer(request.auth, transfer_id)


@transfers_router.post(
    "/{transfer_id}/accept",
    response=with_errors({200: TransferOut}, 400, 403, 404),
    summary="接收转会",
    description="转入工会接收：会员转入本工会，转出与转入都记入会籍变动记录。只有转入端可以接收。",
)
def accept_transfer(request, transfer_id: int, payload: AcceptIn):
    """Through ``services.accept_transfer``."""
    transfer = _get_transfer(request.auth, transfer_id)
    services.accept_transfer(transfer, actor=request.auth, note=payload.note, on=payload.on)
    return _get_transfer(request.auth, transfer.pk)


@transfers_router.post(
    "/{transfer_id}/reject",
    response=with_errors({200: TransferOut}, 400, 403, 404),
    summary="拒绝转会",
    description="转入工会拒绝并说明原因，会员留在原工会。只有转入端可以拒绝。",
)
def reject_transfer(request, transfer_id: int, payload: NoteIn):
    """Through ``services.reject_transfer``."""
    transfer = _get_transfer(request.auth, transfer_id)
    services.reject_transfer(transfer, actor=request.auth, note=payload.note)
    return _get_transfer(request.auth, transfer.pk)


@transfers_router.post(
    "/{transfer_id}/cancel",
    response=with_errors({200: TransferOut}, 400, 403, 404),
    summary="撤回转会",
    description="转出工会撤回尚未处理的转会。只有转出端可以撤回。",
)
def cancel_transfer(request, transfer_id: int):
    """Through ``services.cancel_transfer``."""
    transfer = _get_transfer(request.auth, transfer_id)
    services.cancel_transfer(transfer, actor=request.auth)
    return _get_transfer(request.auth, transfer.pk)


# --- Applications ---------------------------------------------------------------------------------------------


@applications_router.get(
    "/consent",
    auth=None,
    response=_public({200: ConsentOut}),
    summary="个人信息处理告知书",
    description="无需令牌。申请入会前须向申请人展示的告知书全文及其版本。",
)
def get_consent(request):
    """The current notice and its version."""
    return {"version": joining.CONSENT_VERSION, "text": joining.CONSENT_TEXT}


@applications_router.get(
    "/unions",
    auth=None,
    response=_public({200: list[UnionRef]}, 400),
    summary="可申请加入的工会",
    description="无需令牌。按工作单位（企业名录 id）给出覆盖该单位的工会，或按新就业形态类别给出接收该类从业者的"
    "联合工会、行业工会。只返回组织代码和名称。",
)
def eligible_unions(request, filters: Query[EligibleFilters]):
    """``joining.unions_for``; an unknown employer simply has no union to offer."""
    if filters.employer is None and filters.gig_platform is None:
        raise DomainError("employer_required", _("请指定工作单位（employer）或新就业形态类别（gig_platform）"))
    if filters.employer is not None:
        employer = Enterprise.objects.select_related("covering_union").filter(pk=filters.employer).first()
        return joining.unions_for(employer=employer) if employer else []
    return joining.unions_for(gig_platform=filters.gig_platform.value)


@applications_router.post(
    "",
    auth=None,
    response=_public({201: ApplicationReceiptOut}, 400),
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
            raise DomainError("employer_not_found", _("工作单位：所选单位不存在"), field="employer")
    union = Org.objects.filter(code=normalize_code(payload.union)).first()
    if union is None:
        # The same refusal as for an existing union that does not take this worker: nothing about the tree leaks.
        raise DomainError(
            "union_not_eligible", _("申请加入的工会：所选工会不覆盖您的工作单位或从业类别"), field="union"
        )
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


@applications_router.get(
    "",
    response=with_errors({200: ApplicationPage}),
    summary="入会申请列表",
    description="您可以审核的入会申请（所申请的工会在您的管理范围内），新提交的在前。证件号码和手机号遮盖显示。",
)
def list_applications(request, filters: Query[ApplicationFilters]):
    """Scoped, filtered, paged applications; four queries whatever the page size (token, scope, count, page)."""
    qs = _applications(request.auth)
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
    return _get_application(request.auth, application_id)


@applications_router.post(
    "/{application_id}/approve",
    response=with_errors({200: ApplicationOut}, 400, 403, 404, 409),
    summary="通过入会申请",
    description="通过后申请人当天入会、获得会员证和登录账号，并收到设置密码的一次性短信链接。",
)
def approve_application(request, application_id: int):
    """Through ``joining.approve_application``."""
    app = _get_application(request.auth, application_id)
    joining.approve_application(app, actor=request.auth)
    return _get_application(request.auth, app.pk)


@applications_router.post(
    "/{application_id}/reject",
    response=with_errors({200: ApplicationOut}, 400, 403, 404),
    summary="驳回入会申请",
    description="驳回并填写原因，申请人会收到短信通知。",
)
def reject_application(request, application_id: int, payload: ReasonIn):
    """Through ``joining.reject_application``."""
    app = _get_application(request.auth, application_id)
    joining.reject_application(app, actor=request.auth, reason=payload.reason)
    return _get_application(request.auth, app.pk)
