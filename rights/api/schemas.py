"""Schemas of the rights API (names prefixed ``Rights`` to stay unique across the whole API). Money is a decimal
string in 元 with two decimals (``"1234.50"``), never a float."""

from datetime import date, datetime

from ninja import Field, Schema

from core.api import ApiDate, StrictInput, choices_doc

from ..models import (
    AidStage,
    AidStatus,
    CaseStatus,
    CommitteeLevel,
    ContractCoverage,
    ContractKind,
    DemoLevel,
    DisputeType,
    MediatorKind,
    Referral,
)

MONEY_DOC = '金额（元），字符串，最多两位小数，如 "1234.50"'


class RightsOrgOut(Schema):
    id: int
    code: str
    name: str


class RightsPartyOut(Schema):
    """A worker who is a party. The ID number is always masked here."""

    id: int
    name: str = Field(description="姓名")
    phone_masked: str = Field(description="手机号（脱敏）")
    id_masked: str = Field(description="证件号（脱敏）")
    member_id: int | None = Field(description="会员 id（非会员为 null）")
    name_visible: bool = Field(description="是否允许向用人单位透露姓名")


class RightsSessionOut(Schema):
    id: int
    held_on: date = Field(description="调解日期")
    place: str
    attendees: str
    notes: str = Field(description="调解情况")


class RightsCaseOut(Schema):
    id: int
    case_no: str = Field(description="案件编号")
    org: RightsOrgOut = Field(description="调解组织所在工会")
    committee_level: str = Field(description=f"调解委员会：{choices_doc(CommitteeLevel)}")
    appeal_tracking_no: str | None = Field(description="来源诉求的受理编号")
    enterprise_id: int | None
    enterprise_name: str
    enterprise_uscc: str
    dispute_type: str = Field(description=f"争议类型：{choices_doc(DisputeType)}")
    amount_claimed: str = Field(description=MONEY_DOC)
    amount_recovered: str = Field(description=MONEY_DOC)
    workers: int = Field(description="涉及职工人数")
    collective: bool = Field(description="是否集体争议（3 人及以上）")
    status: str = Field(description=f"状态：{choices_doc(CaseStatus)}")
    accepted_at: datetime
    due_at: datetime = Field(description="调解期限（工作日计算，节假日顺延）")
    extended: bool
    closed_at: datetime | None
    referral: str = Field(description=f"转介去向：{choices_doc(Referral)}；未转介为空")

    @staticmethod
    def resolve_appeal_tracking_no(obj):
        return obj.appeal.tracking_no if obj.appeal_id else None

    @staticmethod
    def resolve_amount_claimed(obj):
        return f"{obj.amount_claimed:.2f}"

    @staticmethod
    def resolve_amount_recovered(obj):
        return f"{obj.amount_recovered:.2f}"

    @staticmethod
    def resolve_collective(obj):
        return obj.is_collective


class RightsMediatorOut(Schema):
    """A registered mediator. The phone is masked."""

    id: int
    name: str
    kind: str = Field(description=f"类别：{choices_doc(MediatorKind)}")
    specialty: str = Field(description="擅长领域")
    phone_masked: str = Field(description="联系电话（脱敏）")
    active: bool = Field(description="是否在册")
    org: RightsOrgOut = Field(description="服务工会（及其下级工会）")


class RightsStaffMediatorOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj):
        return str(obj)


class RightsCaseDetailOut(RightsCaseOut):
    mediators: list[RightsStaffMediatorOut] = Field(description="工作人员调解员")
    registered_mediators: list[RightsMediatorOut] = Field(description="登记调解员（志愿、合作）")
    volunteer_mediators: str = Field(description="早期案件以文字记录的志愿调解员")
    summary: str
    agreement_text: str
    payment_due_on: date | None
    outcome_note: str
    extension_reason: str
    legal_aid_no: str | None = Field(description="转介法律援助的援助编号")
    parties: list[RightsPartyOut]
    sessions: list[RightsSessionOut]

    @staticmethod
    def resolve_parties(obj):
        return list(obj.parties.all())

    @staticmethod
    def resolve_mediators(obj):
        return list(obj.mediators.all())

    @staticmethod
    def resolve_registered_mediators(obj):
        return list(obj.registered_mediators.select_related("org"))

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())

    @staticmethod
    def resolve_legal_aid_no(obj):
        aid = obj.legal_aid_found
        return aid.aid_no if aid else None


class RightsCasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RightsCaseOut]


class RightsPartyIn(StrictInput):
    name: str = Field(description="姓名")
    phone: str = Field("", description="手机号（可不填）")
    id_number: str = Field("", description="居民身份证号（可不填；加密保存）")
    name_visible: bool = Field(False, description="是否允许向用人单位透露姓名")


class RightsCaseIn(StrictInput):
    org: str = Field(description="调解组织所在工会的代码")
    committee_level: str = Field("", description=f"调解委员会：{choices_doc(CommitteeLevel)}；不填按工会类型")
    enterprise_id: int | None = Field(None, description="企业名录中的企业 id；不在名录中时填名称")
    enterprise_name: str = Field("", description="用人单位名称")
    enterprise_uscc: str = Field("", description="统一社会信用代码")
    dispute_type: str = Field(description=f"争议类型：{choices_doc(DisputeType)}")
    summary: str = Field(description="争议事项")
    amount_claimed: str = Field("0", description=MONEY_DOC)
    parties: list[RightsPartyIn] = Field(description="申请职工，至少一人")


class RightsFromAppealIn(StrictInput):
    dispute_type: str = Field("", description=f"争议类型：{choices_doc(DisputeType)}；不填按诉求类别")
    committee_level: str = Field("", description=f"调解委员会：{choices_doc(CommitteeLevel)}")
    amount_claimed: str = Field("0", description=MONEY_DOC)


class RightsSessionIn(StrictInput):
    held_on: ApiDate = Field(description="调解日期")
    notes: str = Field(description="调解情况")
    place: str = Field("", max_length=100)
    attendees: str = Field("", max_length=300)


class RightsExtendIn(StrictInput):
    reason: str = Field(description="延期理由", max_length=200)


class RightsCloseIn(StrictInput):
    outcome: str = Field(
        description="结果：agreed=调解成功；withdrawn=申请人撤回；failed=调解不成；referred=调解不成并转介"
    )
    agreement_text: str = Field("", description="协议内容（调解成功时必填）")
    amount_recovered: str = Field("0", description=MONEY_DOC)
    payment_due_on: ApiDate | None = Field(None, description="履行期限")
    referral: str = Field("", description=f"转介去向：{choices_doc(Referral)}（转介时必填）")
    note: str = Field("", description="结案说明（未达成协议时必填）")


class RightsLawyerOut(Schema):
    id: int
    name: str
    firm: str


class RightsAidOut(Schema):
    id: int
    aid_no: str = Field(description="援助编号")
    org: RightsOrgOut
    source_case_no: str | None = Field(description="来源调解案件编号")
    enterprise_name: str
    dispute_type: str = Field(description=f"争议类型：{choices_doc(DisputeType)}")
    stage: str = Field(description=f"援助方式：{choices_doc(AidStage)}")
    status: str = Field(description=f"状态：{choices_doc(AidStatus)}")
    lawyer: RightsLawyerOut | None
    amount_claimed: str = Field(description=MONEY_DOC)
    amount_recovered: str = Field(description=MONEY_DOC)
    opened_at: datetime
    closed_at: datetime | None
    parties: list[RightsPartyOut]
    applied_online: bool = Field(description="是否为职工网上申请")
    rating: int | None = Field(description="职工评分（1–5 星，未评价为 null）")
    rating_comment: str = Field(description="职工评价内容")
    rated_at: datetime | None = Field(description="评价时间")

    @staticmethod
    def resolve_source_case_no(obj):
        return obj.source_case.case_no if obj.source_case_id else None

    @staticmethod
    def resolve_amount_claimed(obj):
        return f"{obj.amount_claimed:.2f}"

    @staticmethod
    def resolve_amount_recovered(obj):
        return f"{obj.amount_recovered:.2f}"

    @staticmethod
    def resolve_parties(obj):
        return list(obj.parties.all())


class RightsAidPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RightsAidOut]


class RightsAidAssignIn(StrictInput):
    lawyer_id: int | None = Field(None, description="合作律师 id")
    stage: str = Field("", description=f"援助方式：{choices_doc(AidStage)}")


class RightsAidCloseIn(StrictInput):
    outcome: str = Field(description="结果")
    amount_recovered: str = Field("0", description=MONEY_DOC)


class RightsProblemOut(Schema):
    id: int
    item: str = Field(description="检查项目代码")
    description: str
    due_on: date = Field(description="整改期限")
    status: str = Field(description="状态：open=待整改；rectified=已整改")
    escalated_to: str | None = Field(description="超期后升级至的工会名称")
    rectified_at: datetime | None
    rectification: str

    @staticmethod
    def resolve_escalated_to(obj):
        return obj.escalated_to.name if obj.escalated_to_id else None


class RightsDocumentOut(Schema):
    id: int
    kind: str = Field(description="文书类型：opinion=监督意见书；suggestion=监督建议书")
    number: str = Field(description="文号，每个工会每年从 1 起编号")
    year: int
    serial: int
    issued_at: datetime


class RightsEnterpriseOut(Schema):
    id: int
    name: str
    uscc: str


class RightsInspectionOut(Schema):
    id: int
    org: RightsOrgOut
    enterprise: RightsEnterpriseOut
    inspected_on: date
    inspectors: str
    items: list[str] = Field(description="检查项目代码")
    findings: str
    problems: list[RightsProblemOut]
    documents: list[RightsDocumentOut]

    @staticmethod
    def resolve_problems(obj):
        return list(obj.problems.all())

    @staticmethod
    def resolve_documents(obj):
        return list(obj.documents.all())


class RightsInspectionPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RightsInspectionOut]


class RightsProblemIn(StrictInput):
    item: str = Field(description="检查项目代码（须为本次检查的项目）")
    description: str = Field(description="问题")
    due_on: ApiDate = Field(description="整改期限（晚于检查日期）")


class RightsInspectionIn(StrictInput):
    org: str = Field(description="监督工会的代码")
    enterprise_id: int = Field(description="企业名录中的企业 id")
    inspected_on: ApiDate
    inspectors: str = Field(description="监督员")
    items: list[str] = Field(description="检查项目代码，如 contract、wages、hours、social_insurance、safety、women")
    findings: str = ""
    problems: list[RightsProblemIn] = []


class RightsDocumentIn(StrictInput):
    kind: str = Field(description="opinion=监督意见书；suggestion=监督建议书")
    content: str = Field(description="正文")


class RightsRectifyIn(StrictInput):
    rectification: str = Field(description="整改情况（整改材料请在控制台上传）")


class RightsSignalOut(Schema):
    key: str = Field(description="信号代码")
    label: str
    count: int
    points: str = Field(description="该信号的分值（字符串，一位小数）")
    detail: str = Field(description="说明；未同意透露姓名的职工只计人数")

    @staticmethod
    def resolve_points(obj):
        return str(obj.points)


class RightsRiskOut(Schema):
    enterprise: RightsEnterpriseOut
    score: str = Field(description="总分（字符串，一位小数）")
    level: str = Field(description="high=高风险；medium=中风险；low=低风险")
    explanation: str
    signals: list[RightsSignalOut]

    @staticmethod
    def resolve_score(obj):
        return str(obj.score)


class RightsRiskPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RightsRiskOut]


# --- Collective bargaining ---------------------------------------------------------------------------------------

PERCENT_DOC = '工资增长幅度（%），字符串，0 到 100，最多两位小数，如 "5.50"；未约定为 null'
STATE_DOC = "pending=未生效；in_force=履行中；expiring=即将到期（60 天内）；expired=已到期"


class RightsDemonstrationOut(Schema):
    id: int
    contract_id: int
    year: int = Field(description="年度")
    level: str = Field(description=f"级别：{choices_doc(DemoLevel)}")
    title: str = Field(description="工资集体协商示范企业 或 示范行业")
    enterprise_name: str | None
    industry_name: str
    org: RightsOrgOut

    @staticmethod
    def resolve_enterprise_name(obj):
        return obj.enterprise.name if obj.enterprise_id else None


class RightsContractOut(Schema):
    id: int
    org: RightsOrgOut = Field(description="协商工会")
    coverage: str = Field(description=f"协商范围：{choices_doc(ContractCoverage)}")
    enterprise: RightsEnterpriseOut | None = Field(description="企业（行业性合同为 null）")
    industry_name: str = Field(description="行业名称（行业性合同）")
    kind: str = Field(description=f"合同类型：{choices_doc(ContractKind)}")
    starts_on: date
    ends_on: date
    state: str = Field(description=f"履行状态：{STATE_DOC}")
    wage_increase: str | None = Field(description=PERCENT_DOC)
    workers_covered: int = Field(description="覆盖职工人数")
    filed_on: date | None = Field(description="备案日期；未备案为 null")
    union_party: str = Field(description="职工方首席代表")
    employer_party: str = Field(description="企业方首席代表")
    note: str
    reminded_at: datetime | None = Field(description="到期提醒发出时间")

    @staticmethod
    def resolve_state(obj):
        from django.utils import timezone

        return obj.state(timezone.localdate())

    @staticmethod
    def resolve_wage_increase(obj):
        return None if obj.wage_increase is None else f"{obj.wage_increase:.2f}"


class RightsContractDetailOut(RightsContractOut):
    demonstrations: list[RightsDemonstrationOut]

    @staticmethod
    def resolve_demonstrations(obj):
        return list(obj.demonstrations.select_related("org", "enterprise").order_by("-year", "level"))


class RightsContractPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RightsContractOut]


class RightsDemonstrationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RightsDemonstrationOut]


class RightsContractIn(StrictInput):
    org: str = Field(description="协商工会的代码")
    coverage: str = Field(description=f"协商范围：{choices_doc(ContractCoverage)}")
    enterprise_id: int | None = Field(None, description="企业名录中的企业 id（企业集体合同必填）")
    industry_name: str = Field("", max_length=100, description="行业名称（行业性集体合同必填）")
    kind: str = Field(description=f"合同类型：{choices_doc(ContractKind)}")
    starts_on: ApiDate = Field(description="起始日期")
    ends_on: ApiDate = Field(description="终止日期（晚于起始日期，期限不超过 3 年）")
    wage_increase: str | None = Field(None, description=PERCENT_DOC + "（工资专项必填）")
    workers_covered: int = Field(description="覆盖职工人数")
    filed_on: ApiDate | None = Field(None, description="备案日期（不晚于今天）")
    union_party: str = Field(max_length=100, description="职工方首席代表")
    employer_party: str = Field(max_length=100, description="企业方首席代表")
    note: str = ""


class RightsContractPatchIn(StrictInput):
    """Only the fields given change; the union does not."""

    coverage: str | None = Field(None, description=f"协商范围：{choices_doc(ContractCoverage)}")
    enterprise_id: int | None = Field(None, description="企业名录中的企业 id")
    industry_name: str | None = Field(None, max_length=100)
    kind: str | None = Field(None, description=f"合同类型：{choices_doc(ContractKind)}")
    starts_on: ApiDate | None = None
    ends_on: ApiDate | None = None
    wage_increase: str | None = Field(None, description=PERCENT_DOC)
    workers_covered: int | None = None
    filed_on: ApiDate | None = None
    union_party: str | None = Field(None, max_length=100)
    employer_party: str | None = Field(None, max_length=100)
    note: str | None = None


class RightsDemonstrationIn(StrictInput):
    year: int = Field(description="年度（在合同期限内，不晚于今年）")
    level: str = Field(description=f"级别：{choices_doc(DemoLevel)}")
    note: str = Field("", max_length=200)


# --- Mediators ---------------------------------------------------------------------------------------------------


class RightsMediatorPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RightsMediatorOut]


class RightsMediatorIn(StrictInput):
    org: str = Field(description="服务工会的代码（服务该工会及其下级工会的案件）")
    name: str = Field(max_length=50)
    kind: str = Field(MediatorKind.VOLUNTEER, description=f"类别：{choices_doc(MediatorKind)}")
    phone: str = Field("", max_length=20, description="联系电话（手机号或带区号的固定电话）")
    specialty: str = Field("", max_length=100, description="擅长领域")


class RightsMediatorPatchIn(StrictInput):
    name: str | None = Field(None, max_length=50)
    kind: str | None = Field(None, description=f"类别：{choices_doc(MediatorKind)}")
    phone: str | None = Field(None, max_length=20)
    specialty: str | None = Field(None, max_length=100)
    active: bool | None = Field(None, description="false 即停用（已办案件不受影响）")


class RightsCaseMediatorsIn(StrictInput):
    staff_ids: list[int] = Field([], description="工作人员调解员的账号 id（须有权办理本案调解组织的案件）")
    mediator_ids: list[int] = Field([], description="登记调解员 id（须在册，且服务本案的调解组织）")


# --- The worker's own legal aid and mediation (member and public APIs) --------------------------------------------


class RightsWorkerAidOut(Schema):
    """One of the worker's legal-aid cases, as the worker follows it (no other party, no staff review notes)."""

    aid_no: str = Field(description="援助编号")
    org_name: str = Field(description="承办工会")
    dispute_type: str = Field(description=f"争议类型：{choices_doc(DisputeType)}")
    summary: str = Field(description="援助事项")
    enterprise_name: str = Field(description="用人单位")
    stage: str = Field(description=f"援助方式：{choices_doc(AidStage)}")
    stage_label: str = Field(description="援助方式名称")
    status: str = Field(description=f"状态：{choices_doc(AidStatus)}")
    status_label: str = Field(description="状态名称")
    lawyer: str | None = Field(description="承办律师（姓名和律师事务所；未指派时为 null）")
    applied_online: bool = Field(description="是否为职工网上申请")
    amount_claimed: str = Field(description=MONEY_DOC)
    amount_recovered: str = Field(description=MONEY_DOC)
    opened_at: datetime = Field(description="受理时间")
    closed_at: datetime | None = Field(description="结案时间")
    outcome: str = Field(description="结果（结案后）")
    rating: int | None = Field(description="我的评分（1–5 星，未评价为 null）")
    rating_comment: str = Field(description="我的评价内容")
    can_rate: bool = Field(description="是否可以评价（已结案且未评价）")

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return str(obj.get_stage_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_lawyer(obj) -> str | None:
        return f"{obj.lawyer.name}（{obj.lawyer.firm}）" if obj.lawyer_id else None

    @staticmethod
    def resolve_amount_claimed(obj) -> str:
        return f"{obj.amount_claimed:.2f}"

    @staticmethod
    def resolve_amount_recovered(obj) -> str:
        return f"{obj.amount_recovered:.2f}"

    @staticmethod
    def resolve_outcome(obj) -> str:
        return obj.outcome if obj.status == AidStatus.CLOSED else ""

    @staticmethod
    def resolve_can_rate(obj) -> bool:
        return obj.status == AidStatus.CLOSED and obj.rating is None


class RightsWorkerAidPage(Schema):
    count: int = Field(description="总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[RightsWorkerAidOut]


class RightsWorkerStepOut(Schema):
    """A public step of the worker's mediation case."""

    kind: str = Field(
        description="环节：mediation_accepted=受理；mediation_session=调解会（只有日期）；mediation_outcome=调解结果；"
        "mediation_closed=结案"
    )
    kind_label: str = Field(description="环节名称")
    at: datetime = Field(description="时间")
    date_only: bool = Field(description="是否只显示日期")
    day: date = Field(description="日期（北京时间）")
    note: str = Field(description="说明（案件编号、调解结果）")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.label

    @staticmethod
    def resolve_day(obj) -> date:
        from django.utils import timezone

        return timezone.localtime(obj.at).date()


class RightsWorkerCaseOut(Schema):
    """One of the worker's mediation cases: status, deadline, outcome and its public steps (no session notes, no
    mediators, no other party)."""

    case_no: str = Field(description="案件编号")
    org_name: str = Field(description="调解组织（工会）")
    dispute_type: str = Field(description=f"争议类型：{choices_doc(DisputeType)}")
    status: str = Field(description=f"状态：{choices_doc(CaseStatus)}")
    status_label: str = Field(description="状态名称")
    referral: str = Field(description=f"转介去向（空表示没有）：{choices_doc(Referral)}")
    outcome: str = Field(description="调解结果（结案后，如“调解不成，转介劳动仲裁”）")
    accepted_at: datetime = Field(description="受理时间")
    due_at: datetime = Field(description="调解期限")
    closed_at: datetime | None = Field(description="结案时间")
    steps: list[RightsWorkerStepOut] = Field(description="调解进度，按时间排列")

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_outcome(obj) -> str:
        from ..selectors import outcome_text

        return "" if obj.is_open else outcome_text(obj)

    @staticmethod
    def resolve_steps(obj) -> list:
        from ..selectors import public_case_steps

        return public_case_steps(obj)


class RightsWorkerCasePage(Schema):
    count: int = Field(description="总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[RightsWorkerCaseOut]


class RightsAidApplyIn(StrictInput):
    dispute_type: str = Field(description=f"争议类型：{choices_doc(DisputeType)}")
    summary: str = Field(description="援助事项：您的请求和理由（至少 10 个字）")
    amount_claimed: str = Field("", description=f"请求金额（选填）。{MONEY_DOC}")
    town: str = Field("", description="工作所在镇街的组织代码（会员可不填；非会员必填，由该镇街总工会受理）")


class RightsPublicAidApplyIn(RightsAidApplyIn):
    phone: str = Field(description="手机号")
    code: str = Field("", description="短信验证码（与 access 二选一；先调用 POST /public/appeals/phone-code 获取）")
    access: str = Field("", description="此前成功操作返回的凭证（30 分钟内有效，与 code 二选一）")
    name: str = Field(description="姓名")
    employer_name: str = Field("", description="用人单位名称（选填）")


class RightsAidRateIn(StrictInput):
    rating: int = Field(description="评分：1 到 5 星")
    comment: str = Field("", max_length=500, description="评价内容（选填）")


class RightsPublicAidRateIn(RightsAidRateIn):
    phone: str = Field(description="手机号")
    code: str = Field("", description="短信验证码（与 access 二选一）")
    access: str = Field("", description="凭证（与 code 二选一）")


class RightsPublicLookupIn(StrictInput):
    phone: str = Field(description="手机号")
    code: str = Field("", description="短信验证码（与 access 二选一）")
    access: str = Field("", description="凭证（与 code 二选一）")


class RightsPublicWorkerOut(Schema):
    """Everything a worker without an account follows, by the mobile number they proved."""

    legal_aid: list[RightsWorkerAidOut] = Field(description="我的法律援助，新的在前")
    cases: list[RightsWorkerCaseOut] = Field(description="我的劳动争议调解案件，新的在前")
    access: str = Field(description="手机号验证凭证，30 分钟内可代替验证码（字段 access）")
    access_expires_at: datetime = Field(description="凭证过期时间")


class RightsPublicAidOut(RightsWorkerAidOut):
    access: str = Field(description="手机号验证凭证，30 分钟内可代替验证码（字段 access）")
    access_expires_at: datetime = Field(description="凭证过期时间")
