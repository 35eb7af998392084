"""Schemas of the volunteers API (names prefixed ``Volunteer`` so they stay unique across the platform's API)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from core.api import ApiDate, ApiDateTime, StrictInput, choices_doc

from ..models import RecordStatus, TeamStatus


class VolunteerOrgOut(Schema):
    id: int
    code: str
    name: str


class VolunteerTeamOut(Schema):
    id: int
    org: VolunteerOrgOut
    name: str
    leader_id: int | None = Field(description="队长（会员编号）")
    leader_name: str | None = Field(None, alias="leader.name")
    description: str
    status: str = Field(description=f"状态：{choices_doc(TeamStatus)}")
    created_at: datetime


class VolunteerTeamPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[VolunteerTeamOut]


class VolunteerTeamIn(StrictInput):
    org: str = Field(max_length=32, description="所属工会的组织代码")
    name: str = Field(max_length=100)
    description: str = Field("", max_length=2000)
    leader: str | None = Field(None, max_length=20, description="队长的会员证号（可不填；须属于该工会或其下级）")


class VolunteerLeaderIn(StrictInput):
    member_id: int = Field(description="在队志愿者的会员编号")


class VolunteerMemberOut(Schema):
    id: int
    member_id: int
    name: str = Field(alias="member.name")
    joined_on: date
    left_on: date | None


class VolunteerMemberIn(StrictInput):
    member: str = Field(max_length=20, description="会员证号")
    joined_on: ApiDate | None = Field(None, description="加入日期，默认今天")


class VolunteerShiftOut(Schema):
    id: int
    team_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place_id: int | None
    activity_id: int | None
    quota: int = Field(description="人数")
    taken: int | None = Field(None, description="已报名人数")


class VolunteerShiftIn(StrictInput):
    title: str = Field(max_length=100)
    starts_at: ApiDateTime
    ends_at: ApiDateTime
    quota: int = Field(ge=1, le=500)
    place_id: int | None = Field(None, description="阵地编号（可不填）")
    activity_id: int | None = Field(None, description="活动编号（可不填）")


class VolunteerSignUpOut(Schema):
    id: int
    shift_id: int
    member_id: int
    name: str = Field(alias="member.name")
    signed_at: datetime
    cancelled_at: datetime | None
    attended_at: datetime | None
    record_id: int | None


class VolunteerRecordOut(Schema):
    id: int
    member_id: int
    member_name: str = Field(alias="member.name")
    team_id: int
    team_name: str = Field(alias="team.name")
    served_on: date
    hours: Decimal = Field(description="时长（小时，半小时为单位）")
    description: str
    shift_id: int | None
    status: str = Field(description=f"状态：{choices_doc(RecordStatus)}")
    reject_reason: str
    created_at: datetime
    decided_at: datetime | None


class VolunteerRecordPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[VolunteerRecordOut]


class VolunteerRecordIn(StrictInput):
    team_id: int
    served_on: ApiDate = Field(description="服务日期（不晚于今天，两年以内）")
    hours: Decimal = Field(
        description="时长（小时）：大于 0、不超过 24，以半小时为单位", max_digits=4, decimal_places=1
    )
    description: str = Field(max_length=500)
    shift_id: int | None = Field(None, description="对应的志愿岗（可不填）")


class VolunteerStaffRecordIn(VolunteerRecordIn):
    member: str = Field(max_length=20, description="志愿者的会员证号")


class VolunteerRejectIn(StrictInput):
    reason: str = Field(max_length=200, description="未通过的原因（会员可见）")


class VolunteerPersonHoursOut(Schema):
    member_id: int
    name: str
    hours: Decimal
    records: int


class VolunteerTeamHoursOut(Schema):
    team_id: int
    name: str
    org: str
    hours: Decimal
    volunteers: int = Field(description="有已确认时长的不同志愿者人数")
    records: int


class VolunteerHoursOut(Schema):
    start: date | None
    end: date | None
    teams: list[VolunteerTeamHoursOut]
    people: list[VolunteerPersonHoursOut]


class VolunteerMyTeamOut(Schema):
    id: int = Field(alias="team.id")
    name: str = Field(alias="team.name")
    org_name: str = Field(alias="team.org.name")
    joined_on: date
    is_leader: bool = False


class VolunteerSummaryOut(Schema):
    hours: Decimal = Field(description="已确认的志愿服务时长合计（小时）")
    pending_hours: Decimal = Field(description="待确认的时长（小时）")
    teams: list[VolunteerMyTeamOut]
