"""Schemas of the union-life API (names prefixed ``Life`` so they stay unique across the platform's API)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from core.api import ApiDate, StrictInput, choices_doc
from orgs.models import OrgKind

from ..models import FIELD_TYPES, Assessment, Criterion, Notice, UnionAssessment


class LifeOrgOut(Schema):
    id: int
    code: str
    name: str


class LifeFieldIn(StrictInput):
    label: str = Field(max_length=100, description="名称")
    type: str = Field(description="类型：" + "；".join(f"{k}={v}" for k, v in FIELD_TYPES.items()))
    required: bool = Field(True, description="是否必填")
    choices: list[str] = Field(default_factory=list, max_length=50, description="选项（选择题）")


class LifeFieldOut(Schema):
    key: str = Field(description="字段代码（报送时作为 answers 的键）")
    label: str
    type: str
    required: bool
    choices: list[str]


class LifeNoticeIn(StrictInput):
    sender: str = Field(max_length=32, description="发文单位的组织代码")
    title: str = Field(max_length=200)
    body: str
    audience: str = Field(Notice.Audience.ORGS, description=f"对象：{choices_doc(Notice.Audience)}")
    category: str = Field(Notice.Category.NOTICE, description=f"类别：{choices_doc(Notice.Category)}")
    kinds: list[str] = Field(default_factory=list, max_length=10, description=f"按组织类型：{choices_doc(OrgKind)}")
    towns: list[str] = Field(default_factory=list, max_length=200, description="限于这些镇街的下级（组织代码）")
    orgs: list[str] = Field(default_factory=list, max_length=2000, description="另发给这些组织（组织代码）")
    return_kind: str = Field(Notice.ReturnKind.NONE, description=f"报送方式：{choices_doc(Notice.ReturnKind)}")
    due_on: ApiDate | None = Field(None, description="报送期限")
    fields: list[LifeFieldIn] = Field(default_factory=list, max_length=30, description="报送表单（报送方式为 form 时）")
    figure_label: str = Field("", max_length=100, description="报送数字名称（报送方式为 figure 时）")


class LifeNoticeOut(Schema):
    id: int
    sender: LifeOrgOut
    audience: str = Field(description=f"对象：{choices_doc(Notice.Audience)}")
    category: str = Field(description=f"类别：{choices_doc(Notice.Category)}")
    title: str
    body: str
    sent_at: datetime
    due_on: date | None
    return_kind: str = Field(description=f"报送方式：{choices_doc(Notice.ReturnKind)}")
    fields: list[LifeFieldOut]
    figure_label: str
    recipients: int = Field(description="接收单位数（发给会员的：可接收的会员人数）")


class LifeTotalsOut(Schema):
    total: int = Field(description="接收单位数")
    read: int
    reported: int
    overdue: int = Field(description="逾期未报送")
    unread: int
    late: int = Field(description="逾期后报送")


class LifeDeliveryRowOut(Schema):
    id: int
    org: LifeOrgOut
    state: str = Field(description="unread=未读；read=已读未报；reported=已报送；overdue=逾期未报")
    read_at: datetime | None
    reported_at: datetime | None
    reminders: int
    answers: dict
    figure: Decimal | None


class LifeNoticeDetailOut(LifeNoticeOut):
    totals: LifeTotalsOut | None = Field(None, description="报送情况（发给下级组织的）")
    deliveries: list[LifeDeliveryRowOut] = Field(default_factory=list)
    member_reads: int | None = Field(None, description="阅读会员人数（发给会员的）")


class LifeDeliveryOut(Schema):
    id: int
    notice: LifeNoticeOut
    org: LifeOrgOut
    state: str = Field(description="unread=未读；read=已读未报；reported=已报送；overdue=逾期未报")
    read_at: datetime | None
    reported_at: datetime | None
    answers: dict
    figure: Decimal | None


class LifeReportIn(StrictInput):
    answers: dict[str, str] = Field(default_factory=dict, description="表单答案：字段代码 → 值（文件字段请在网页上传）")
    figure: Decimal | None = Field(None, description="报送数字（报送方式为 figure 时）")


class LifeRemindOut(Schema):
    reminded: int = Field(description="催报的单位数")


class LifeMemberNoticeOut(Schema):
    id: int
    sender: LifeOrgOut
    category: str = Field(description=f"类别：{choices_doc(Notice.Category)}")
    title: str
    body: str
    sent_at: datetime
    reads: int = Field(description="阅读人数")


class LifeOfficerOut(Schema):
    id: int
    role: str = Field(description="chair=主席；vice_chair=副主席；member=委员；audit=经审委员；women=女职工委员")
    name: str
    member_id: int | None = Field(description="会员记录（能对应到名册时）")
    full_time: bool
    starts_on: date
    ends_on: date | None
    source_union: LifeOrgOut | None = Field(description="兼职副主席来自的企业工会")
    trainings: int | None = Field(None, description="参加工会干部培训的次数（委员会详情中给出；未关联会员的为 0）")


class LifeTermOut(Schema):
    id: int
    union: LifeOrgOut
    number: int = Field(description="届次")
    started_on: date = Field(description="会员（代表）大会日期")
    length_years: int
    due_on: date = Field(description="换届到期日")
    delegates: int | None
    closed_on: date | None


class LifeCommitteeOut(Schema):
    org: LifeOrgOut
    current: LifeTermOut | None
    officers: list[LifeOfficerOut] = Field(description="在任干部（含兼职副主席）")
    past: list[LifeTermOut]


class LifeOfficerIn(StrictInput):
    role: str = Field(description="chair / vice_chair / member / audit / women")
    name: str = Field(max_length=50)
    full_time: bool = False
    member_id: int | None = Field(None, description="会员记录（可选；不填时按姓名在本工会名册中唯一匹配）")


class LifeCongressIn(StrictInput):
    held_on: ApiDate = Field(description="大会日期")
    delegates: int | None = Field(None, ge=1, le=100000)
    length_years: int | None = Field(None, description="任期 3 或 5 年；不填按会员人数")
    officers: list[LifeOfficerIn] = Field(max_length=100, description="当选委员会（一名主席）")


class LifeViceChairIn(StrictInput):
    source_union: str = Field(max_length=32, description="企业工会的组织代码（其主席任兼职副主席）")


class LifeEndOfficerIn(StrictInput):
    ends_on: ApiDate | None = Field(None, description="离任日期，默认今天")


# --- Assessment (星级工会评定, 1+X) ------------------------------------------------------------------------------


class LifeCriterionIn(StrictInput):
    code: str = Field(max_length=20, pattern=r"^[a-z0-9_]+$", description="代码（小写字母、数字、下划线）")
    label: str = Field(max_length=200, description="评定内容")
    points: Decimal = Field(gt=0, le=100, description="分值")
    source: str = Field("", description=f"平台数据（不填为自评项目）：{choices_doc(Criterion.Source)}")
    target: Decimal | None = Field(None, gt=0, le=100000, description="满分标准（平台数据达到即得满分）")


class LifeCriterionOut(Schema):
    code: str
    label: str
    points: Decimal
    source: str = Field(description=f"平台数据（空为自评项目）：{choices_doc(Criterion.Source)}")
    target: Decimal | None


class LifeAssessmentIn(StrictInput):
    org: str = Field(max_length=32, description="评定单位的组织代码（区总工会）")
    year: int = Field(ge=2000, le=2100)
    title: str = Field("", max_length=100)
    subsidy_rate: Decimal = Field(Decimal("100"), description="1+X 每分补贴（元）")
    subsidy_cap: Decimal = Field(Decimal("6000"), description="1+X 补贴上限（元/人）")
    star_scores: list[int] | None = Field(
        None, min_length=4, max_length=4, description="二星、三星、四星、五星的分数线（不填为 60/70/80/90）"
    )
    criteria: list[LifeCriterionIn] | None = Field(
        None, min_length=1, max_length=50, description="评定标准（不填用默认）"
    )


class LifeAssessmentOut(Schema):
    id: int
    org: LifeOrgOut
    year: int
    title: str
    status: str = Field(description=f"状态：{choices_doc(Assessment.Status)}")
    star_scores: list[int] = Field(description="二星至五星的分数线")
    subsidy_rate: Decimal = Field(description="1+X 每分补贴（元）")
    subsidy_cap: Decimal = Field(description="1+X 补贴上限（元/人）")
    criteria: list[LifeCriterionOut]


class LifeEvidenceOut(Schema):
    id: int
    criterion: str = Field(description="评定内容代码")
    name: str
    size: int
    uploaded_at: datetime


class LifeChairPointsOut(Schema):
    chair_name: str
    base: Decimal = Field(description="基础分（1）")
    extras: list[dict] = Field(description="加分项（X）：label, points")
    points: Decimal
    subsidy: Decimal = Field(description="工作补贴（元），不超过上限")


class LifeChairPointsRowOut(LifeChairPointsOut):
    union: LifeOrgOut
    star: int | None


class LifeUnionAssessmentOut(Schema):
    id: int
    assessment_id: int
    union: LifeOrgOut
    status: str = Field(description=f"状态：{choices_doc(UnionAssessment.Status)}")
    computed: dict = Field(description="平台数据：评定内容代码 → 数值")
    declared: dict = Field(description="自评：评定内容代码 → {points, evidence}")
    reviewed: dict = Field(description="镇街评分：评定内容代码 → 分")
    self_score: Decimal
    score: Decimal | None
    star: int | None
    titles: list[str]
    submitted_at: datetime | None
    reviewed_at: datetime | None
    confirmed_at: datetime | None
    evidence: list[LifeEvidenceOut] = Field(default_factory=list, description="佐证材料")
    chair_points: LifeChairPointsOut | None = None


class LifeDeclaredIn(StrictInput):
    points: Decimal = Field(ge=0, le=100)
    evidence: str = Field("", max_length=2000, description="佐证说明（得分大于 0 时须有说明或已上传的佐证材料）")


class LifeSelfAssessmentIn(StrictInput):
    union: str = Field(max_length=32, description="自评工会的组织代码")
    declared: dict[str, LifeDeclaredIn] = Field(default_factory=dict, description="自评项目：代码 → 得分与佐证")


class LifeReviewIn(StrictInput):
    scores: dict[str, Decimal] = Field(default_factory=dict, description="镇街评分：自评项目代码 → 分")


class LifeConfirmIn(StrictInput):
    star: int | None = Field(None, ge=1, le=5, description="星级（不填按得分）")
    titles: list[str] = Field(default_factory=list, max_length=4, description="称号")


class LifeExtraIn(StrictInput):
    label: str = Field(max_length=100)
    points: Decimal = Field(gt=0, le=100)


class LifeChairPointsIn(StrictInput):
    base: Decimal = Field(ge=0, le=100, description="基础分（1）")
    extras: list[LifeExtraIn] = Field(default_factory=list, max_length=20, description="加分项（X）")
    chair_name: str = Field("", max_length=50, description="工会主席（不填取在任主席）")


class LifeStarOut(Schema):
    union: LifeOrgOut
    year: int
    star: int
    titles: list[str]
    confirmed_at: datetime


class LifeTrainingOut(Schema):
    activity_id: int
    title: str = Field(description="培训（活动）名称")
    organiser: LifeOrgOut
    starts_at: datetime
    checked_in_at: datetime = Field(description="签到时间")


# --- Pairings and alliances -----------------------------------------------------------------------------------------


class LifePartyIn(StrictInput):
    org: str | None = Field(None, max_length=32, description="工会组织的组织代码（本平台的组织）")
    kind: str | None = Field(
        None, description="不是本平台组织时的类型：community=社区；department=部门；enterprise=企业；other=其他单位"
    )
    name: str | None = Field(None, max_length=100, description="不是本平台组织时的单位名称")


class LifePartyOut(Schema):
    kind: str = Field(description="org=工会组织；community=社区；department=部门；enterprise=企业；other=其他单位")
    org: LifeOrgOut | None
    name: str


class LifePairingIn(StrictInput):
    owner: str = Field(max_length=32, description="登记单位的组织代码（在本人管理范围内）")
    title: str = Field(max_length=100)
    goals: str = Field(description="共建目标")
    starts_on: ApiDate
    ends_on: ApiDate
    parties: list[LifePartyIn] = Field(max_length=50, description="结对单位，至少两方，至少一方是本平台的工会组织")


class LifePairingOut(Schema):
    id: int
    owner: LifeOrgOut
    title: str
    starts_on: date
    ends_on: date
    status: str = Field(description="active=进行中；completed=已完成；ended=已终止")
    closed_on: date | None


class LifePairingRecordOut(Schema):
    id: int
    happened_on: date
    text: str
    recorded_at: datetime


class LifePairingDetailOut(LifePairingOut):
    goals: str
    closing_note: str
    parties: list[LifePartyOut]
    records: list[LifePairingRecordOut]


class LifePairingRecordIn(StrictInput):
    happened_on: ApiDate
    text: str


class LifeClosePairingIn(StrictInput):
    status: str = Field(description="completed=已完成；ended=已终止")
    closed_on: ApiDate | None = Field(None, description="默认今天")
    note: str = Field("", max_length=300)


class LifeAllianceIn(StrictInput):
    owner: str = Field(max_length=32, description="登记单位的组织代码（在本人管理范围内）")
    name: str = Field(max_length=100)
    kind: str = Field(description="union=工会联盟；place=阵地联盟；community=社区工会联合会")
    lead: str = Field(max_length=32, description="牵头工会的组织代码（登记单位或其下级）")
    founded_on: ApiDate
    members: list[str] = Field(default_factory=list, max_length=200, description="其他成员工会的组织代码")
    places: list[int] = Field(default_factory=list, max_length=100, description="共享阵地的编号")
    description: str = ""


class LifeAllianceMemberOut(Schema):
    id: int
    union: LifeOrgOut
    joined_on: date
    left_on: date | None


class LifeAlliancePlaceOut(Schema):
    id: int
    name: str
    org: LifeOrgOut


class LifeJointActivityOut(Schema):
    activity_id: int
    title: str
    organiser: LifeOrgOut
    starts_at: datetime
    status: str


class LifeAllianceOut(Schema):
    id: int
    owner: LifeOrgOut
    lead: LifeOrgOut
    name: str
    kind: str = Field(description="union=工会联盟；place=阵地联盟；community=社区工会联合会")
    founded_on: date
    status: str = Field(description="active=运行中；dissolved=已解散")
    dissolved_on: date | None


class LifeAllianceDetailOut(LifeAllianceOut):
    description: str
    members: list[LifeAllianceMemberOut] = Field(description="成员（含已退出的）")
    places: list[LifeAlliancePlaceOut]
    joint_activities: list[LifeJointActivityOut]


class LifeAllianceMemberIn(StrictInput):
    union: str = Field(max_length=32, description="加入的工会的组织代码")
    joined_on: ApiDate | None = Field(None, description="默认今天")


class LifeLeaveIn(StrictInput):
    left_on: ApiDate | None = Field(None, description="默认今天")


class LifeAlliancePlacesIn(StrictInput):
    places: list[int] = Field(max_length=100, description="共享阵地的编号（替换原有的）")


class LifeJointActivityIn(StrictInput):
    activity_id: int = Field(description="活动编号（主办应是联盟成员）")
    co_organisers: list[str] | None = Field(
        None, max_length=200, description="联合主办的成员工会组织代码；不填为其他全部在册成员"
    )


class LifeDissolveIn(StrictInput):
    dissolved_on: ApiDate | None = Field(None, description="默认今天")
