"""Schemas of the roster API (members, transfers, applications): what goes in and what comes out."""

from datetime import date, datetime
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from core.api import ApiDate, Paging, StrictInput, api_enum, choices_doc
from members.choices import Education, Employment, GigPlatform, Hukou, IdType, MemberStatus, Political, Tag
from members.models import JoinApplication, MembershipEvent, Transfer
from members.paging import COUNT_CAP

# The model's choices under names of their own in the API's schema (component names are unique).
MembershipEventKind = api_enum(MembershipEvent.Kind, "MembershipEventKind")
TransferStatus = api_enum(Transfer.Status, "TransferStatus")
ApplicationStatus = api_enum(JoinApplication.Status, "ApplicationStatus")


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


class MemberUnionRef(Schema):
    """A union named from a member, event, transfer or application."""

    code: str = Field(description="组织代码")
    name: str = Field(description="全称")


class EmployerRef(Schema):
    """An enterprise from the employer register."""

    id: int
    name: str = Field(description="企业名称")


class TagOut(Schema):
    code: Tag = Field(description=f"标签：{choices_doc(Tag)}")
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
    union: MemberUnionRef = Field(description="所属工会")
    status: MemberStatus = Field(description=f"会籍状态：{choices_doc(MemberStatus)}")
    status_label: str = Field(description="会籍状态名称")
    card_no: str = Field(description="会员证号")
    joined_on: date = Field(description="入会日期")
    employer: EmployerRef | None = Field(description="工作单位（企业名录中的企业）；未关联时为 null")
    employer_name: str = Field(description="工作单位名称")
    gig_platform: str = Field(description=f"新就业形态类别（空表示不是）：{choices_doc(GigPlatform)}")
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


class MemberEventOut(Schema):
    """One step in the membership history."""

    kind: MembershipEventKind = Field(description=f"变动类型：{choices_doc(MembershipEvent.Kind)}")
    kind_label: str = Field(description="变动类型名称")
    on: date = Field(description="日期")
    union: MemberUnionRef = Field(description="发生变动的工会")
    other_union: MemberUnionRef | None = Field(description="转会的对方工会；其他变动为 null")
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
    to_union: MemberUnionRef = Field(description="转入工会")
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
    events: list[MemberEventOut] = Field(description="会籍变动记录，按日期排列")
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
    count: int = Field(
        description=f"符合条件的总数；超过 {COUNT_CAP} 条时只计到 {COUNT_CAP}（此时 count_exact 为 false），"
        "请用 has_next 判断是否还有下一页"
    )
    count_exact: bool = Field(description=f"count 是否为精确总数（超过 {COUNT_CAP} 条时为 false）")
    has_next: bool = Field(description="是否还有下一页")
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
    union: MemberUnionRef | None = Field(description="所属工会；伪造或查无此证时为 null")
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
    from_union: MemberUnionRef = Field(description="转出工会")
    to_union: MemberUnionRef = Field(description="转入工会")
    status: TransferStatus = Field(description=f"状态：{choices_doc(Transfer.Status)}")
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
    union: MemberUnionRef = Field(description="申请加入的工会")
    status: ApplicationStatus = Field(description=f"状态：{choices_doc(JoinApplication.Status)}")
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
    gig_platform: str = Field(description=f"新就业形态类别：{choices_doc(GigPlatform)}")
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
    status: ApplicationStatus = Field(description="状态：pending=待审核")
    status_label: str = Field(description="状态名称")
    union: MemberUnionRef = Field(description="申请加入的工会")
    submitted_at: datetime = Field(description="提交时间")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class ConsentOut(Schema):
    version: str = Field(description="告知书版本；提交申请时原样传回 consent_version")
    text: str = Field(description="《个人信息处理告知书》全文")


# --- Schemas: input -------------------------------------------------------------------------------------------


_CODE_OR_LABEL = "。可传代码或中文名称"
_LOOSE_DATE = "日期，如 2024-03-01（也接受 2024.3.1、2024年3月1日）"


class PersonFields(StrictInput):
    """A person's roster fields, cleaned by ``members.validation.clean_person`` (the same rules as the console
    form, the import and the online application): coded fields take a code or its Chinese label, and every
    problem is reported at once."""

    name: str = Field(description="姓名")
    id_type: str = Field("", description=f"证件类型，默认居民身份证：{choices_doc(IdType)}{_CODE_OR_LABEL}")
    id_number: str = Field(description="证件号码（居民身份证号会校验并推算出生日期和性别）")
    gender: str = Field("", description=f"性别（居民身份证可不填）：M=男；F=女{_CODE_OR_LABEL}")
    birth_date: str | None = Field(None, description=f"出生日期（居民身份证可不填）：{_LOOSE_DATE}")
    ethnicity: str = Field("", description="民族，默认汉族")
    phone: str = Field(description="手机号（11 位）")
    education: str = Field("", description=f"学历：{choices_doc(Education)}{_CODE_OR_LABEL}")
    political: str = Field("", description=f"政治面貌：{choices_doc(Political)}{_CODE_OR_LABEL}")
    hukou_type: str = Field("", description=f"户籍类型：{choices_doc(Hukou)}{_CODE_OR_LABEL}")
    hukou_place: str = Field("", description="户籍所在地")
    employer_name: str = Field("", description="工作单位名称（关联企业时可不填）")
    gig_platform: str = Field("", description=f"新就业形态类别：{choices_doc(GigPlatform)}{_CODE_OR_LABEL}")
    job_title: str = Field("", description="职务/工种")
    employment: str = Field("", description=f"就业状况，默认在岗：{choices_doc(Employment)}{_CODE_OR_LABEL}")
    is_migrant_worker: bool | str = Field(False, description="是否农民工：true/false 或 是/否")
    tags: list[str] = Field(default_factory=list, description=f"标签：{choices_doc(Tag)}{_CODE_OR_LABEL}")
    joined_on: str | None = Field(None, description=f"入会日期，默认今天：{_LOOSE_DATE}")
    card_no: str = Field("", description="会员证号；不填则自动编号")


class MemberIn(PersonFields):
    union: str = Field(description="所属工会的组织代码")
    employer: int | None = Field(None, description="工作单位在企业名录中的 id（可选）")


class MemberPatch(StrictInput):
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


class StatusIn(StrictInput):
    change: StatusChange = Field(
        description="会籍变动：retain=保留会籍；remove=除名；quit=退会；restore=恢复会籍（仅限保留会籍的会员）"
    )
    on: ApiDate | None = Field(None, description="变动日期 YYYY-MM-DD，默认今天，不能晚于今天")
    reason: str = Field(description="原因")


class MemberReasonIn(StrictInput):
    reason: str = Field(description="原因")


class MemberFilters(Paging):
    q: str | None = Field(
        None, description="按姓名、拼音全拼或首字母（如 zs 查到张三）、手机号、会员证号或完整证件号码（精确）搜索"
    )
    union: str | None = Field(None, description="组织代码：只列出直接登记在该工会的会员")
    under: str | None = Field(None, description="组织代码：列出该组织及其全部下级工会的会员")
    status: MemberStatus | None = Field(None, description=f"会籍状态：{choices_doc(MemberStatus)}")
    tag: Tag | None = Field(None, description=f"标签：{choices_doc(Tag)}")
    employer: int | None = Field(None, description="工作单位（企业名录 id）")
    joined_from: ApiDate | None = Field(None, description="入会日期不早于 YYYY-MM-DD")
    joined_to: ApiDate | None = Field(None, description="入会日期不晚于 YYYY-MM-DD")
    gig_platform: GigPlatform | None = Field(None, description=f"新就业形态类别：{choices_doc(GigPlatform)}")


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class TransferFilters(Paging):
    status: TransferStatus | None = Field(None, description=f"状态：{choices_doc(Transfer.Status)}")
    direction: Direction | None = Field(
        None, description="incoming=转入您管理范围内工会的；outgoing=从您管理范围内工会转出的；不填则两者都列出"
    )
    member: int | None = Field(None, description="会员 id：只列出该会员的转会")


class TransferIn(StrictInput):
    member: int = Field(description="会员 id")
    to_union: str = Field(description="转入工会的组织代码（可以不在您的管理范围内，须为可登记会员的正常状态工会）")
    reason: str = Field(description="转会原因")


class AcceptIn(StrictInput):
    note: str = Field("", description="处理意见")
    on: ApiDate | None = Field(None, description="转入日期 YYYY-MM-DD，默认今天")


class MemberNoteIn(StrictInput):
    note: str = Field(description="处理意见（拒绝原因）")


class ApplicationFilters(Paging):
    status: ApplicationStatus | None = Field(None, description=f"状态：{choices_doc(JoinApplication.Status)}")


class ApplicationIn(StrictInput):
    union: str = Field(description="申请加入的工会的组织代码（由“可申请加入的工会”接口给出）")
    employer: int | None = Field(None, description="工作单位在企业名录中的 id；与 gig_platform 二选一")
    gig_platform: str = Field("", description=f"新就业形态类别：{choices_doc(GigPlatform)}{_CODE_OR_LABEL}")
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
    gig_platform: GigPlatform | None = Field(None, description=f"新就业形态类别：{choices_doc(GigPlatform)}")
