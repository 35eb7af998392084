"""Schemas of the union-life API (names prefixed ``Life`` so they stay unique across the platform's API)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from core.api import ApiDate, StrictInput, choices_doc
from orgs.models import OrgKind

from ..models import FIELD_TYPES, Notice


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
