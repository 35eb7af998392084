"""The member's volunteer API (``/api/v1/me/volunteers``): their hours and teams, their service records (and logging
one), the open shifts of their teams (signing up, cancelling) and, for a team leader, the records waiting for
confirmation (confirm, reject) and marking a volunteer attended. Shifts, sign-ups and records outside what the
member may see answer 404."""

from django.http import Http404
from django.utils import timezone
from ninja import Router, Status

from core.api import with_errors
from core.errors import PERMISSION_DENIED
from members.models import Member

from .. import errors, selectors, services
from ..models import RecordStatus, ServiceRecord, Shift, SignUp, Team
from .schemas import (
    VolunteerRecordIn,
    VolunteerRecordOut,
    VolunteerRejectIn,
    VolunteerShiftOut,
    VolunteerSignUpOut,
    VolunteerSummaryOut,
)

router = Router(tags=["我的志愿服务"])


def _member(request) -> Member:
    member = Member.objects.select_related("union").filter(user=request.user).first()
    if member is None:
        raise PERMISSION_DENIED()
    return member


def _one(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@router.get("/summary", response=with_errors({200: VolunteerSummaryOut}, 403), summary="我的志愿时长")
def summary(request):
    member = _member(request)
    teams = list(selectors.member_teams(member))
    for v in teams:
        v.is_leader = v.team.leader_id == member.pk
    pending = sum(
        (r.hours for r in selectors.member_records(member).filter(status=RecordStatus.PENDING)),
        start=selectors.ZERO,
    )
    return {"hours": selectors.member_hours(member), "pending_hours": pending, "teams": teams}


@router.get("/records", response=with_errors({200: list[VolunteerRecordOut]}, 403), summary="我的服务记录")
def my_records(request):
    return list(selectors.member_records(_member(request))[:200])


@router.post("/records", response=with_errors({201: VolunteerRecordOut}, 400, 403, 404, 409), summary="登记服务记录")
def log_record(request, payload: VolunteerRecordIn):
    member = _member(request)
    teams = Team.objects.filter(volunteers__member=member).distinct()
    team = _one(teams.select_related("org", "leader"), payload.team_id)
    shift = None
    if payload.shift_id is not None:
        shift = Shift.objects.filter(pk=payload.shift_id, team=team).first()
        if shift is None:
            raise errors.INVALID_SHIFT()
    record = services.log_record(
        member, team, actor=request.user, served_on=payload.served_on, hours=payload.hours,
        description=payload.description, shift=shift,
    )  # fmt: skip
    return Status(201, record)


@router.get("/shifts", response=with_errors({200: list[VolunteerShiftOut]}, 403), summary="可报名的志愿岗")
def open_shifts(request):
    return list(selectors.open_shifts(_member(request))[:100])


@router.post(
    "/shifts/{shift_id}/signup", response=with_errors({201: VolunteerSignUpOut}, 403, 404, 409), summary="报名志愿岗"
)
def sign_up(request, shift_id: int):
    member = _member(request)
    shift = _one(selectors.member_shifts(member), shift_id)
    return Status(201, services.sign_up(shift, member, actor=request.user))


@router.get("/signups", response=with_errors({200: list[VolunteerSignUpOut]}, 403), summary="我报名的志愿岗")
def my_signups(request):
    return list(selectors.member_signups(_member(request), timezone.now()))


@router.post(
    "/signups/{signup_id}/cancel", response=with_errors({200: VolunteerSignUpOut}, 403, 404, 409), summary="取消报名"
)
def cancel_signup(request, signup_id: int):
    member = _member(request)
    signup = _one(SignUp.objects.filter(member=member).select_related("member", "shift__team"), signup_id)
    return services.cancel_signup(signup, actor=request.user)


@router.post(
    "/signups/{signup_id}/attended",
    response=with_errors({200: VolunteerRecordOut}, 403, 404, 409),
    summary="确认到岗（队长）",
)
def lead_mark_attended(request, signup_id: int):
    signup = _one(selectors.led_signups(_member(request)), signup_id)
    return services.mark_attended(signup, actor=request.user)


@router.get("/pending", response=with_errors({200: list[VolunteerRecordOut]}, 403), summary="待我确认的服务记录")
def pending(request):
    return list(selectors.pending_for_leader(_member(request))[:200])


def _led_record(request, record_id: int) -> ServiceRecord:
    return _one(selectors.led_records(_member(request)), record_id)


@router.post(
    "/records/{record_id}/confirm",
    response=with_errors({200: VolunteerRecordOut}, 403, 404, 409),
    summary="确认服务时长（队长）",
)
def lead_confirm_record(request, record_id: int):
    return services.confirm_record(_led_record(request, record_id), actor=request.user)


@router.post(
    "/records/{record_id}/reject",
    response=with_errors({200: VolunteerRecordOut}, 400, 403, 404, 409),
    summary="退回服务记录（队长）",
)
def lead_reject_record(request, record_id: int, payload: VolunteerRejectIn):
    return services.reject_record(_led_record(request, record_id), actor=request.user, reason=payload.reason)
