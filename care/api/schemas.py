"""Schemas of the care API (names prefixed ``Care`` so they stay unique across the platform's API)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from core.api import ApiDate, ApiDateTime, StrictInput, api_enum, choices_doc

from ..models import Cause, CheckProgramme, HardshipFile, Level, LoanReferral, Payout, Programme


class CareOrgOut(Schema):
    id: int
    code: str
    name: str


class CareBudgetOut(Schema):
    id: int
    org: CareOrgOut
    amount: Decimal = Field(description="预算（元）")
    approved: Decimal = Field(description="已批准（元）")
    allocated: Decimal = Field(description="已下拨给下级（元）")
    available: Decimal = Field(description="可用（元）")


class CareProgrammeOut(Schema):
    id: int
    title: str
    kind: str = Field(description=f"类别：{choices_doc(Programme.Kind)}")
    org: CareOrgOut
    year: int
    starts_on: date
    ends_on: date
    eligibility: str = Field(description=f"对象：{choices_doc(Programme.Eligibility)}")
    benefit: str = Field(description=f"形式：{choices_doc(Programme.Benefit)}")
    standard_amount: Decimal = Field(description="标准（元/人）")
    gift: str
    status: str = Field(description=f"状态：{choices_doc(Programme.Status)}")


class CareProgrammeDetailOut(CareProgrammeOut):
    budgets: list[CareBudgetOut] = Field(description="您范围内（及上级）的预算")


class CareProgrammeIn(StrictInput):
    org: str = Field(description="主办单位的组织代码")
    kind: Programme.Kind = Field(description=f"类别：{choices_doc(Programme.Kind)}")
    title: str = Field(min_length=1, max_length=100)
    year: int = Field(ge=2000, le=2100)
    starts_on: ApiDate
    ends_on: ApiDate
    eligibility: Programme.Eligibility = Field(description=f"对象：{choices_doc(Programme.Eligibility)}")
    benefit: Programme.Benefit = Field(Programme.Benefit.CASH, description=f"形式：{choices_doc(Programme.Benefit)}")
    standard_amount: Decimal = Field(description="标准（元/人，最多两位小数）")
    gift: str = Field("", max_length=100)
    budget: Decimal | None = Field(None, description="本级预算（元）")


class CareBudgetIn(StrictInput):
    org: str = Field(description="单位的组织代码（主办单位或其下级）")
    amount: Decimal = Field(description="预算（元，最多两位小数）")


class CarePayoutOut(Schema):
    id: int
    programme_id: int
    union: CareOrgOut
    name: str
    id_masked: str = Field(description="身份证号（脱敏）")
    amount: Decimal = Field(description="金额（元）")
    method: str = Field(description=f"发放方式：{choices_doc(Payout.Method)}")
    status: str = Field(description=f"状态：{choices_doc(Payout.Status)}")
    reason: str
    rejected_reason: str
    proposed_at: datetime
    decided_at: datetime | None
    paid_on: date | None


class CarePayoutPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CarePayoutOut]


class CareProposeIn(StrictInput):
    file_id: int | None = Field(None, description="困难档案 id（需关爱专员角色）")
    member_id: int | None = Field(None, description="会员 id（与 file_id 二选一）")
    amount: Decimal | None = Field(None, description="金额（元）；不填按项目标准")
    method: Payout.Method = Field(Payout.Method.TRANSFER, description=f"发放方式：{choices_doc(Payout.Method)}")
    reason: str = Field("", max_length=200)


class CareReasonIn(StrictInput):
    reason: str = Field("", max_length=200, description="原因")


class CarePaidIn(StrictInput):
    paid_on: ApiDate | None = None
    ref: str = Field("", max_length=100, description="凭证号")


class CareFileOut(Schema):
    id: int
    union: CareOrgOut
    name: str
    id_masked: str = Field(description="身份证号（脱敏）")
    cause: str = Field(description=f"致困原因：{choices_doc(Cause)}")
    level: str = Field(description=f"困难类别：{choices_doc(Level)}")
    status: str = Field(description=f"状态：{choices_doc(HardshipFile.Status)}")
    review_due: date | None


class CareFileDetailOut(CareFileOut):
    phone: str
    household_size: int
    household_income: Decimal
    income_per_head: Decimal
    threshold: Decimal | None
    situation: str
    bank_account_masked: str
    verified_at: datetime | None
    returned_reason: str
    closed_reason: str


class CareFilePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CareFileOut]


class CareFileIn(StrictInput):
    union: str = Field(description="建档工会的组织代码")
    name: str = Field(min_length=1, max_length=50)
    id_number: str = Field(description="居民身份证号")
    phone: str = Field("", max_length=11)
    cause: Cause = Field(description=f"致困原因：{choices_doc(Cause)}")
    level: Level = Field(description=f"困难类别：{choices_doc(Level)}")
    household_size: int = Field(ge=1, le=20)
    household_income: Decimal = Field(description="家庭月收入（元）")
    situation: str = ""
    bank_account: str = Field("", max_length=30)
    member_id: int | None = None


class CareMyPayoutOut(Schema):
    id: int
    programme: str
    year: int
    amount: Decimal
    method: str
    status: str
    paid_on: date | None

    @staticmethod
    def resolve_programme(obj) -> str:
        return obj.programme.title

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.programme.year


class CareClaimOut(Schema):
    id: int
    hospital: str
    category: str
    bill_amount: Decimal = Field(description="合规医疗费用（元）")
    status: str = Field(description="状态：submitted=待审核；approved=已核准；refused=不予赔付；paid=已赔付")
    deductible: Decimal = Field(description="扣除起付线（元）")
    computed: Decimal = Field(description="按比例计算（元）")
    payable: Decimal = Field(description="核定赔付（元，受年度封顶限制）")
    capped: bool
    refused_reason: str = Field(description="不予赔付的原因")
    submitted_at: datetime


class CareBookingOut(Schema):
    id: int
    slot_id: int
    programme_id: int
    status: str
    booked_at: datetime


CheckProgrammeKind = api_enum(CheckProgramme.Kind, "CheckProgrammeKind")


class CareChecksIn(StrictInput):
    org: str = Field(description="主办单位的组织代码")
    kind: CheckProgrammeKind = Field(description=f"类别：{choices_doc(CheckProgramme.Kind)}")
    title: str = Field(min_length=1, max_length=100)
    year: int = Field(ge=2000, le=2100)
    by_nomination: bool = Field(False, description="凭工会推荐预约（按工会分配名额）")


class CareSlotOut(Schema):
    id: int
    place: str
    starts_at: datetime
    capacity: int
    booked: int


class CareQuotaOut(Schema):
    id: int
    union: CareOrgOut
    quota: int = Field(description="名额")
    nominated: int = Field(description="已推荐")


class CareChecksOut(Schema):
    id: int
    kind: str = Field(description=f"类别：{choices_doc(CheckProgramme.Kind)}")
    title: str
    org: CareOrgOut
    year: int
    by_nomination: bool


class CareChecksDetailOut(CareChecksOut):
    slots: list[CareSlotOut]
    quotas: list[CareQuotaOut] = Field(description="您范围内（及上级）的名额")


class CareSlotIn(StrictInput):
    place: str = Field(min_length=1, max_length=100, description="医院或线路")
    starts_at: ApiDateTime
    capacity: int = Field(ge=1, le=100000)


class CareQuotaIn(StrictInput):
    union: str = Field(description="工会的组织代码")
    quota: int = Field(ge=0, le=100000)


class CareNominateIn(StrictInput):
    member_id: int


class CareNominationOut(Schema):
    id: int
    programme_id: int
    member_id: int
    status: str = Field(description="状态：nominated=已推荐；withdrawn=已撤回")
    nominated_at: datetime


class CareLoanOut(Schema):
    id: int
    union: CareOrgOut
    name: str
    id_masked: str = Field(description="身份证号（脱敏）")
    amount: Decimal = Field(description="贷款金额（元）")
    purpose: str = Field(description=f"用途：{choices_doc(LoanReferral.Purpose)}")
    bank: str = Field(description="合作银行")
    status: str = Field(description=f"银行反馈状态：{choices_doc(LoanReferral.Status)}")
    status_note: str
    created_at: datetime
    granted_at: datetime | None


class CareLoanPage(Schema):
    items: list[CareLoanOut]
    count: int
    page: int
    page_size: int


LoanPurpose = api_enum(LoanReferral.Purpose, "LoanPurpose")
LoanStatus = api_enum(LoanReferral.Status, "LoanStatus")


class CareLoanIn(StrictInput):
    union: str = Field(description="推荐工会的组织代码")
    name: str = Field(min_length=1, max_length=50)
    id_number: str = Field(max_length=20, description="18 位居民身份证号")
    phone: str = Field("", max_length=11)
    amount: Decimal = Field(description="贷款金额（元，最多两位小数）")
    purpose: LoanPurpose = Field(description=f"用途：{choices_doc(LoanReferral.Purpose)}")
    bank: str = Field(min_length=1, max_length=100, description="合作银行")


class CareLoanStatusIn(StrictInput):
    status: LoanStatus = Field(description=f"银行反馈状态：{choices_doc(LoanReferral.Status)}")
    note: str = Field("", max_length=200)
