"""Schemas of the contests API (names prefixed ``Contest`` so they stay unique across the platform's API)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from core.api import ApiDate, StrictInput, choices_doc

from ..models import Contest, Event


class ContestOrgOut(Schema):
    id: int
    code: str
    name: str


class ContestOut(Schema):
    id: int
    organiser: ContestOrgOut
    kind: str = Field(description=f"类别：{choices_doc(Contest.Kind)}")
    title: str
    subject: str
    year: int
    starts_on: date
    ends_on: date
    status: str = Field(description=f"状态：{choices_doc(Contest.Status)}")


class ContestIn(StrictInput):
    organiser: str = Field(max_length=32, description="主办单位的组织代码")
    kind: str = Field(description=f"类别：{choices_doc(Contest.Kind)}")
    title: str = Field(max_length=200)
    subject: str = Field("", max_length=100)
    year: int
    starts_on: ApiDate
    ends_on: ApiDate


class ContestEventOut(Schema):
    id: int
    contest_id: int
    name: str
    mode: str = Field(description=f"形式：{choices_doc(Event.Mode)}")
    held_on: date
    published_at: datetime | None


class ContestEventIn(StrictInput):
    name: str = Field(max_length=100)
    mode: str = Field(Event.Mode.INDIVIDUAL, description=f"形式：{choices_doc(Event.Mode)}")
    held_on: ApiDate


class ContestRoundOut(Schema):
    id: int
    name: str
    number: int
    max_score: Decimal


class ContestRoundIn(StrictInput):
    name: str = Field(max_length=50)
    max_score: Decimal = Field(max_digits=7, decimal_places=2)


class ContestJudgeIn(StrictInput):
    username: str = Field(max_length=150, description="裁判（工作人员）的用户名")


class ContestTeamIn(StrictInput):
    union: str = Field(max_length=32, description="参赛单位的组织代码")
    name: str = Field(max_length=100)


class ContestTeamOut(Schema):
    id: int
    name: str
    union: ContestOrgOut


class ContestEntryIn(StrictInput):
    member_id: int
    team_id: int | None = None


class ContestEntryOut(Schema):
    id: int
    event_id: int
    member_id: int
    name: str = Field(description="选手姓名")
    team_id: int | None
    union: ContestOrgOut
    channel: str

    @staticmethod
    def resolve_name(obj):
        return obj.member.name


class ContestPlaceOut(Schema):
    rank: int
    total: Decimal
    name: str
    entry_id: int | None
    team_id: int | None


class ContestEventDetailOut(ContestEventOut):
    rounds: list[ContestRoundOut]
    published: list[ContestPlaceOut] = Field(description="已公布的名次（并列同名次，下一名次顺延：1、1、3）")


class ContestScoreIn(StrictInput):
    round_id: int
    entry_id: int
    value: Decimal = Field(max_digits=7, decimal_places=2)


class ContestScoreOut(Schema):
    round_id: int
    entry_id: int
    value: Decimal


class ContestProposeIn(StrictInput):
    title_id: int = Field(description="荣誉称号 ID（个人赛用个人称号，团体赛用集体称号）")
    top: int = Field(3, description="推荐前几名（并列同计）")
    level: str = Field(
        "district", max_length=10, description="级别：district=区级；city=市级；province=省级；national=全国"
    )


class ContestProposedOut(Schema):
    nominations: list[int]


class ContestMemberEventOut(ContestEventOut):
    entered: bool
    my_rank: int | None


class ContestMemberOut(ContestOut):
    events: list[ContestMemberEventOut]
