"""Staff API of 志愿服务 (``/api/v1/volunteers``): teams, their volunteers and shifts, sign-ups (mark attended),
service records (log, confirm, reject) and hours per team and per person. Objects outside the caller's scope answer
404 like unknown ids; in scope without ``volunteers.manage`` answers 403."""

from ninja import Field, Query, Router, Status

from activities.models import Activity
from core.api import ApiDate, Paging, paginate, with_errors
from core.errors import NOT_FOUND, PERMISSION_DENIED
from core.scoping import get_scoped_or_404, has_any
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org
from places.models import Place

from .. import errors, selectors, services
from ..models import ServiceRecord, Shift, SignUp, Team
from .schemas import (
    VolunteerHoursOut,
    VolunteerLeaderIn,
    VolunteerMemberIn,
    VolunteerMemberOut,
    VolunteerRecordOut,
    VolunteerRecordPage,
    VolunteerRejectIn,
    VolunteerShiftIn,
    VolunteerShiftOut,
    VolunteerSignUpOut,
    VolunteerStaffRecordIn,
    VolunteerTeamIn,
    VolunteerTeamOut,
    VolunteerTeamPage,
)

router = Router(tags=["志愿服务"])
VIEW, MANAGE = "volunteers.view", "volunteers.manage"


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PERMISSION_DENIED()


def _team(request, team_id: int) -> Team:
    return get_scoped_or_404(Team.objects.select_related("org", "leader"), request.user, VIEW, pk=team_id)


class VolunteerTeamSearch(Paging):
    q: str = ""
    status: str = Field("", description="active 活跃；disbanded 已解散；空为全部")


class VolunteerRecordFilters(Paging):
    q: str = ""
    status: str = Field("", description="pending 待确认；confirmed 已确认；rejected 未通过；空为全部")
    team_id: int | None = None


class VolunteerPeriod(Paging):
    start: ApiDate | None = Field(None, description="起始服务日期（含）")
    end: ApiDate | None = Field(None, description="截止服务日期（含）")


@router.get("/teams", response=with_errors({200: VolunteerTeamPage}, 403), summary="志愿服务队列表")
def list_teams(request, filters: Query[VolunteerTeamSearch]):
    _gate(request)
    return paginate(selectors.search_teams(request.user, q=filters.q, status=filters.status), filters)


@router.post("/teams", response=with_errors({201: VolunteerTeamOut}, 400, 403, 409), summary="成立志愿服务队")
def create_team(request, payload: VolunteerTeamIn):
    _gate(request, MANAGE)
    org = Org.objects.restrict(request.user, MANAGE).filter(code=normalize_code(payload.org)).first()
    if org is None:
        raise errors.INVALID_ORG()
    leader = None
    if payload.leader:
        leader = selectors.member_by_card(payload.leader)
        if leader is None:
            raise errors.MEMBER_NOT_FOUND()
    team = services.create_team(
        actor=request.user, org=org, name=payload.name, description=payload.description, leader=leader
    )
    return Status(201, team)


@router.get("/teams/{team_id}", response=with_errors({200: VolunteerTeamOut}, 403, 404), summary="志愿服务队详情")
def get_team(request, team_id: int):
    return _team(request, team_id)


@router.post(
    "/teams/{team_id}/leader", response=with_errors({200: VolunteerTeamOut}, 400, 403, 404, 409), summary="更换队长"
)
def set_leader(request, team_id: int, payload: VolunteerLeaderIn):
    team = _team(request, team_id)
    member = Member.objects.filter(pk=payload.member_id).first()
    if member is None:
        raise errors.LEADER_NOT_VOLUNTEER()
    return services.set_leader(team, member, actor=request.user)


@router.post(
    "/teams/{team_id}/disband", response=with_errors({200: VolunteerTeamOut}, 403, 404, 409), summary="解散服务队"
)
def disband_team(request, team_id: int):
    return services.disband_team(_team(request, team_id), actor=request.user)


@router.get(
    "/teams/{team_id}/members", response=with_errors({200: list[VolunteerMemberOut]}, 403, 404), summary="在队志愿者"
)
def team_members(request, team_id: int):
    return list(selectors.team_volunteers(_team(request, team_id))[:1000])


@router.post(
    "/teams/{team_id}/members",
    response=with_errors({201: VolunteerMemberOut}, 400, 403, 404, 409),
    summary="志愿者入队",
)
def add_member(request, team_id: int, payload: VolunteerMemberIn):
    team = _team(request, team_id)
    member = selectors.member_by_card(payload.member)
    if member is None:
        raise errors.MEMBER_NOT_FOUND()
    return Status(201, services.add_volunteer(team, member, actor=request.user, joined_on=payload.joined_on))


@router.post(
    "/teams/{team_id}/members/{member_id}/leave",
    response=with_errors({200: VolunteerMemberOut}, 403, 404, 409),
    summary="志愿者退队",
)
def remove_member(request, team_id: int, member_id: int):
    team = _team(request, team_id)
    volunteer = selectors.team_volunteers(team).filter(member_id=member_id).first()
    if volunteer is None:
        raise NOT_FOUND()
    return services.remove_volunteer(volunteer, actor=request.user)


@router.get(
    "/teams/{team_id}/shifts", response=with_errors({200: list[VolunteerShiftOut]}, 403, 404), summary="服务队的志愿岗"
)
def team_shifts(request, team_id: int):
    return list(selectors.team_shifts(_team(request, team_id))[:500])


@router.post(
    "/teams/{team_id}/shifts", response=with_errors({201: VolunteerShiftOut}, 400, 403, 404, 409), summary="发布志愿岗"
)
def create_shift(request, team_id: int, payload: VolunteerShiftIn):
    team = _team(request, team_id)
    place = activity = None
    if payload.place_id is not None:
        place = Place.objects.restrict(request.user, "places.view").filter(pk=payload.place_id).first()
        if place is None:
            raise errors.INVALID_PLACE()
    if payload.activity_id is not None:
        activity = Activity.objects.restrict(request.user, "activities.view").filter(pk=payload.activity_id).first()
        if activity is None:
            raise errors.INVALID_ACTIVITY()
    shift = services.create_shift(
        team, actor=request.user, title=payload.title, starts_at=payload.starts_at, ends_at=payload.ends_at,
        quota=payload.quota, place=place, activity=activity,
    )  # fmt: skip
    return Status(201, shift)


@router.get(
    "/shifts/{shift_id}/signups", response=with_errors({200: list[VolunteerSignUpOut]}, 403, 404), summary="岗位报名"
)
def shift_signups(request, shift_id: int):
    shift = get_scoped_or_404(Shift.objects.all(), request.user, VIEW, pk=shift_id)
    return list(selectors.shift_signups(shift))


@router.post(
    "/signups/{signup_id}/attended",
    response=with_errors({200: VolunteerRecordOut}, 403, 404, 409),
    summary="确认到岗（记入服务时长）",
)
def mark_attended(request, signup_id: int):
    signup = get_scoped_or_404(SignUp.objects.select_related("shift__team"), request.user, VIEW, pk=signup_id)
    return services.mark_attended(signup, actor=request.user)


@router.get("/records", response=with_errors({200: VolunteerRecordPage}, 403), summary="服务记录")
def list_records(request, filters: Query[VolunteerRecordFilters]):
    _gate(request)
    team = _team(request, filters.team_id) if filters.team_id else None
    qs = selectors.search_records(request.user, q=filters.q, status=filters.status, team=team)
    return paginate(qs, filters)


@router.post("/records", response=with_errors({201: VolunteerRecordOut}, 400, 403, 404, 409), summary="登记服务记录")
def create_record(request, payload: VolunteerStaffRecordIn):
    team = _team(request, payload.team_id)
    member = selectors.member_by_card(payload.member)
    if member is None:
        raise errors.MEMBER_NOT_FOUND()
    shift = Shift.objects.filter(pk=payload.shift_id, team=team).first() if payload.shift_id else None
    if payload.shift_id and shift is None:
        raise errors.INVALID_SHIFT()
    record = services.log_record(
        member, team, actor=request.user, served_on=payload.served_on, hours=payload.hours,
        description=payload.description, shift=shift,
    )  # fmt: skip
    return Status(201, record)


def _record(request, record_id: int) -> ServiceRecord:
    qs = ServiceRecord.objects.select_related("member", "team__org", "team__leader")
    return get_scoped_or_404(qs, request.user, VIEW, pk=record_id)


@router.post(
    "/records/{record_id}/confirm", response=with_errors({200: VolunteerRecordOut}, 403, 404, 409), summary="确认时长"
)
def confirm_record(request, record_id: int):
    return services.confirm_record(_record(request, record_id), actor=request.user)


@router.post(
    "/records/{record_id}/reject",
    response=with_errors({200: VolunteerRecordOut}, 400, 403, 404, 409),
    summary="退回服务记录",
)
def reject_record(request, record_id: int, payload: VolunteerRejectIn):
    return services.reject_record(_record(request, record_id), actor=request.user, reason=payload.reason)


@router.get("/hours", response=with_errors({200: VolunteerHoursOut}, 403), summary="志愿服务时长统计")
def hours(request, period: Query[VolunteerPeriod]):
    """Confirmed hours per team and per volunteer of the caller's scope, by service date (``people``: the first
    page of the ranking, ``page``/``page_size``)."""
    _gate(request)
    records = ServiceRecord.objects.restrict(request.user, VIEW)
    people = selectors.hours_per_person(records, period.start, period.end)
    start = (period.page - 1) * period.page_size
    return {
        "start": period.start,
        "end": period.end,
        "teams": selectors.hours_per_team(records, period.start, period.end),
        "people": people[start : start + period.page_size],
    }
