"""Schemas of the honours API (names prefixed ``Honour`` so they stay unique across the platform's API)."""

from datetime import date, datetime

from ninja import Field, Schema

from core.api import ApiDate, StrictInput, choices_doc

from ..models import Category, Level, Nomination


class HonourOrgOut(Schema):
    id: int
    code: str
    name: str


class HonourTitleOut(Schema):
    id: int
    name: str
    category: str = Field(description=f"类别：{choices_doc(Category)}")
    unit: str = Field(description="计量单位：名、个、家")
    individual: bool
    care_entitled: bool
    active: bool
    org: HonourOrgOut


class HonourTitleIn(StrictInput):
    org: str = Field(max_length=32, description="设立单位（区/市总工会）的组织代码")
    name: str = Field(max_length=50)
    category: str = Field(description=f"类别：{choices_doc(Category)}")
    care_entitled: bool | None = Field(None, description="是否享受劳模关爱待遇（默认：劳动模范类为是）")


class HonourTitleChangeIn(StrictInput):
    name: str | None = Field(None, max_length=50)
    active: bool | None = None


class HonourAwardOut(Schema):
    id: int
    title: HonourTitleOut
    level: str = Field(description=f"级别：{choices_doc(Level)}")
    year: int
    awarded_on: date
    awarding_body: str
    holder_name: str
    member_id: int | None
    union: HonourOrgOut
    nomination_id: int | None


class HonourHolderIn(StrictInput):
    title_id: int
    union: str = Field(max_length=32, description="推荐（所属）单位的组织代码")
    level: str = Field(description=f"级别：{choices_doc(Level)}")
    year: int
    member_id: int | None = Field(None, description="个人称号：会员 ID")
    org: str | None = Field(None, max_length=32, description="集体称号：集体所在组织的组织代码（可选）")
    holder_name: str = Field("", max_length=100, description="集体称号：集体名称")


class HonourAwardIn(HonourHolderIn):
    awarding_body: str = Field(max_length=100)
    awarded_on: ApiDate | None = None


class HonourNominationIn(HonourHolderIn):
    reason: str = ""


class HonourReviewOut(Schema):
    org: HonourOrgOut
    decision: str
    note: str
    at: datetime


class HonourNominationOut(Schema):
    id: int
    title: HonourTitleOut
    level: str
    year: int
    holder_name: str
    member_id: int | None
    union: HonourOrgOut
    status: str = Field(description=f"状态：{choices_doc(Nomination.Status)}")
    at_org: HonourOrgOut | None = Field(description="待审核单位")
    source: str
    created_at: datetime


class HonourNominationDetailOut(HonourNominationOut):
    reason: str
    reviews: list[HonourReviewOut]

    @staticmethod
    def resolve_reviews(obj):
        return list(obj.reviews.select_related("org"))


class HonourReviewIn(StrictInput):
    approve: bool
    note: str = Field("", max_length=200)


class HonourConcludeIn(StrictInput):
    awarded: bool
    awarding_body: str = Field("", max_length=100)
    awarded_on: ApiDate | None = None


class HonourMineOut(Schema):
    id: int
    title: str
    category: str
    level: str
    level_label: str
    year: int
    awarded_on: date
    awarding_body: str
