"""Every write of the volunteers module: teams and their volunteers, shifts and sign-ups, service records and their
confirmation. Each function is atomic, takes the acting user as ``actor`` and records an audit event. Staff need
``volunteers.manage`` over the team's org; a member acts for themselves (signing up, logging hours); the team
leader (a member with a login) confirms or rejects the team's records and marks attendance on the phone."""

from datetime import timedelta
from decimal import ROUND_FLOOR, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.errors import PERMISSION_DENIED, DomainError, ValidationFailed
from core.scoping import can, require
from members.choices import HOLDING

from . import errors, locking
from .models import RecordStatus, ServiceRecord, Shift, SignUp, Team, TeamStatus, Volunteer

MANAGE = "volunteers.manage"
MAX_QUOTA = 500
HALF = Decimal("0.5")
MAX_HOURS = Decimal(24)
# How far back a service record may be logged.
RECORD_DAYS_BACK = 730

ACTION_LABELS = {
    "volunteers.team.created": _("成立志愿服务队"),
    "volunteers.team.leader_set": _("更换志愿服务队队长"),
    "volunteers.team.disbanded": _("解散志愿服务队"),
    "volunteers.volunteer.added": _("志愿者入队"),
    "volunteers.volunteer.left": _("志愿者退队"),
    "volunteers.shift.created": _("发布志愿岗"),
    "volunteers.signup.created": _("报名志愿岗"),
    "volunteers.signup.cancelled": _("取消志愿岗报名"),
    "volunteers.signup.attended": _("确认志愿岗到岗"),
    "volunteers.record.created": _("登记志愿服务记录"),
    "volunteers.record.confirmed": _("确认志愿服务时长"),
    "volunteers.record.rejected": _("退回志愿服务记录"),
}


def is_leader(team: Team, actor) -> bool:
    """Whether ``actor`` is the logged-in account of the team's leader."""
    pk = getattr(actor, "pk", None)
    return pk is not None and team.leader_id is not None and team.leader.user_id == pk


def is_self(member, actor) -> bool:
    return member.user_id is not None and member.user_id == getattr(actor, "pk", None)


def may_lead(team: Team, actor) -> bool:
    """Whether ``actor`` may confirm the team's records and mark attendance: its leader, or staff who manage it."""
    return is_leader(team, actor) or can(actor, MANAGE, team.org)


def parse_hours(value) -> Decimal:
    """``value`` as hours in half-hour steps, more than 0 and at most 24, or ``INVALID_HOURS``."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise errors.INVALID_HOURS() from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS or (hours * 2) % 1 != 0:
        raise errors.INVALID_HOURS()
    return hours.quantize(Decimal("0.1"))


def _member_in_org(member, org) -> None:
    if not member.union.path.startswith(org.path):
        raise errors.MEMBER_OUT_OF_SCOPE(org=org.name)
    if member.status not in HOLDING:
        raise errors.MEMBER_NOT_HOLDING(name=member.name)


def _active_team(team: Team) -> None:
    if team.status != TeamStatus.ACTIVE:
        raise errors.TEAM_DISBANDED()


def serving(team: Team, member, on=None):
    """The member's open volunteer row in the team (on ``on``: the row covering that day), or None."""
    qs = Volunteer.objects.filter(team=team, member=member)
    if on is None:
        return qs.filter(left_on__isnull=True).first()
    return qs.filter(joined_on__lte=on).exclude(left_on__lt=on).first()


# --- Teams and volunteers -------------------------------------------------------------------------------------------


@transaction.atomic
def create_team(*, actor, org, name: str, description: str = "", leader=None, now=None) -> Team:
    """Found a team of ``org``; a ``leader`` given joins it and leads it."""
    require(actor, MANAGE, org)
    found = []
    name = (name or "").strip()[:100]
    if not name:
        found.append(errors.NAME_REQUIRED())
    if not org.is_active:
        found.append(errors.INVALID_ORG())
    if found:
        raise ValidationFailed(found)
    if leader is not None:
        _member_in_org(leader, org)
    now = now or timezone.now()
    team = Team.objects.create(org=org, name=name, description=(description or "").strip(), created_at=now)
    audit.record("volunteers.team.created", actor=actor, obj=team, data={"name": name})
    if leader is not None:
        add_volunteer(team, leader, actor=actor, joined_on=timezone.localdate(now))
        set_leader(team, leader, actor=actor)
        team.refresh_from_db()
    return team


@transaction.atomic
def set_leader(team: Team, member, *, actor) -> Team:
    """Make ``member`` (serving in the team) its leader."""
    require(actor, MANAGE, team.org)
    team = locking.lock_team(team)
    _active_team(team)
    if serving(team, member) is None:
        raise errors.LEADER_NOT_VOLUNTEER()
    before = team.leader_id
    team.leader = member
    team.save(update_fields=["leader"])
    audit.record("volunteers.team.leader_set", actor=actor, obj=team, changes={"leader": [before, member.pk]})
    return team


@transaction.atomic
def disband_team(team: Team, *, actor) -> Team:
    """Disband the team: no more volunteers, shifts or records; what it served stays counted."""
    require(actor, MANAGE, team.org)
    team = locking.lock_team(team)
    _active_team(team)
    team.status = TeamStatus.DISBANDED
    team.save(update_fields=["status"])
    audit.record("volunteers.team.disbanded", actor=actor, obj=team)
    return team


@transaction.atomic
def add_volunteer(team: Team, member, *, actor, joined_on=None) -> Volunteer:
    """Enrol ``member`` (of the team's org or a union under it) in the team."""
    require(actor, MANAGE, team.org)
    team = locking.lock_team(team)
    _active_team(team)
    _member_in_org(member, team.org)
    if serving(team, member) is not None:
        raise errors.ALREADY_VOLUNTEER(name=member.name)
    try:
        with transaction.atomic():
            row = Volunteer.objects.create(team=team, member=member, joined_on=joined_on or timezone.localdate())
    except IntegrityError:
        raise errors.ALREADY_VOLUNTEER(name=member.name) from None
    audit.record("volunteers.volunteer.added", actor=actor, obj=row, data={"member": member.pk, "team": team.pk})
    return row


@transaction.atomic
def remove_volunteer(volunteer: Volunteer, *, actor, left_on=None) -> Volunteer:
    """The volunteer leaves the team (their records stay)."""
    team = locking.lock_team(volunteer.team)
    require(actor, MANAGE, team.org)
    volunteer = Volunteer.objects.select_related("member").get(pk=volunteer.pk)
    if volunteer.left_on is not None:
        raise errors.ALREADY_LEFT()
    if team.leader_id == volunteer.member_id:
        raise errors.LEADER_CANNOT_LEAVE()
    volunteer.left_on = left_on or timezone.localdate()
    volunteer.save(update_fields=["left_on"])
    audit.record("volunteers.volunteer.left", actor=actor, obj=volunteer, data={"member": volunteer.member_id})
    return volunteer


# --- Shifts and sign-ups --------------------------------------------------------------------------------------------


def _on_line(org, team_org) -> bool:
    """Whether ``org`` is the team's org, under it or above it (a town's place serves the unions below)."""
    return org.path.startswith(team_org.path) or team_org.path.startswith(org.path)


@transaction.atomic
def create_shift(
    team: Team, *, actor, title: str, starts_at, ends_at, quota, place=None, activity=None, now=None
) -> Shift:
    """Publish a shift of the team, at ``place`` and/or for ``activity`` (both of the team org's line)."""
    from places.models import PlaceStatus

    require(actor, MANAGE, team.org)
    _active_team(team)
    found = []
    title = (title or "").strip()[:100]
    if not title:
        found.append(errors.TITLE_REQUIRED())
    if not starts_at or not ends_at or ends_at <= starts_at or ends_at - starts_at > timedelta(hours=24):
        found.append(errors.INVALID_TIMES())
    try:
        quota = int(quota)
    except (TypeError, ValueError):
        quota = 0
    if not 1 <= quota <= MAX_QUOTA:
        found.append(errors.INVALID_QUOTA())
    if place is not None and (place.status != PlaceStatus.OPEN or not _on_line(place.org, team.org)):
        found.append(errors.INVALID_PLACE())
    if activity is not None and not _on_line(activity.organiser, team.org):
        found.append(errors.INVALID_ACTIVITY())
    if found:
        raise ValidationFailed(found)
    shift = Shift.objects.create(
        team=team, title=title, starts_at=starts_at, ends_at=ends_at, quota=quota, place=place, activity=activity,
        created_at=now or timezone.now(),
    )  # fmt: skip
    audit.record(
        "volunteers.shift.created",
        actor=actor,
        obj=shift,
        data={
            "title": title,
            "quota": quota,
            "place": getattr(place, "pk", None),
            "activity": getattr(activity, "pk", None),
        },
    )
    return shift


@transaction.atomic
def sign_up(shift: Shift, member, *, actor, now=None) -> SignUp:
    """Sign ``member`` up for the shift (the member themselves, or staff for them): a volunteer of the team, before
    the shift starts, never above its quota (counted under the shift's lock)."""
    if not is_self(member, actor):
        require(actor, MANAGE, shift.team.org)
    shift = locking.lock_shift(shift)
    _active_team(shift.team)
    now = now or timezone.now()
    if now >= shift.starts_at:
        raise errors.SHIFT_STARTED()
    if serving(shift.team, member) is None:
        raise errors.NOT_VOLUNTEER(name=member.name, team=shift.team.name)
    taken = SignUp.objects.filter(shift=shift, cancelled_at__isnull=True)
    if taken.filter(member=member).exists():
        raise errors.ALREADY_SIGNED_UP()
    if taken.count() >= shift.quota:
        raise errors.SHIFT_FULL()
    try:
        with transaction.atomic():
            signup = SignUp.objects.create(shift=shift, member=member, signed_at=now)
    except IntegrityError:
        raise errors.ALREADY_SIGNED_UP() from None
    audit.record("volunteers.signup.created", actor=actor, obj=signup, data={"member": member.pk, "shift": shift.pk})
    return signup


@transaction.atomic
def cancel_signup(signup: SignUp, *, actor, now=None) -> SignUp:
    """Cancel a sign-up before the shift starts (the member, or staff)."""
    signup = locking.lock_signup(signup)
    if not is_self(signup.member, actor):
        require(actor, MANAGE, signup.shift.team.org)
    if signup.cancelled_at is not None:
        raise errors.SIGNUP_CANCELLED()
    now = now or timezone.now()
    if now >= signup.shift.starts_at:
        raise errors.SHIFT_STARTED()
    signup.cancelled_at = now
    signup.save(update_fields=["cancelled_at"])
    audit.record("volunteers.signup.cancelled", actor=actor, obj=signup, data={"member": signup.member_id})
    return signup


def shift_hours(shift: Shift) -> Decimal:
    """The shift's length in hours, rounded down to the half hour (at least half an hour)."""
    seconds = Decimal(int((shift.ends_at - shift.starts_at).total_seconds()))
    hours = (seconds / 1800).to_integral_value(rounding=ROUND_FLOOR) * HALF
    return min(max(hours, HALF), MAX_HOURS).quantize(Decimal("0.1"))


@transaction.atomic
def mark_attended(signup: SignUp, *, actor, now=None) -> ServiceRecord:
    """The leader (or staff) marks that the volunteer served the shift: a confirmed record of the shift's length."""
    signup = locking.lock_signup(signup)
    shift = signup.shift
    if not may_lead(shift.team, actor):
        raise PERMISSION_DENIED()
    if signup.cancelled_at is not None:
        raise errors.SIGNUP_CANCELLED()
    if signup.attended_at is not None:
        raise errors.ALREADY_ATTENDED()
    now = now or timezone.now()
    if now < shift.starts_at:
        raise errors.SHIFT_NOT_STARTED()
    record = ServiceRecord.objects.create(
        member=signup.member, team=shift.team, served_on=timezone.localdate(shift.starts_at), hours=shift_hours(shift),
        description=shift.title, shift=shift, status=RecordStatus.CONFIRMED, created_by=actor, created_at=now,
        decided_by=actor, decided_at=now,
    )  # fmt: skip
    signup.attended_at, signup.record = now, record
    signup.save(update_fields=["attended_at", "record"])
    audit.record(
        "volunteers.signup.attended",
        actor=actor,
        obj=signup,
        data={"member": signup.member_id, "record": record.pk, "hours": str(record.hours)},
    )
    return record


# --- Service records ------------------------------------------------------------------------------------------------


@transaction.atomic
def log_record(member, team: Team, *, actor, served_on, hours, description: str, shift=None, now=None) -> ServiceRecord:
    """Log hours the member served for the team on ``served_on``: by the member on the phone or by staff; pending
    until the leader (or staff) confirms them."""
    if not is_self(member, actor):
        require(actor, MANAGE, team.org)
    _active_team(team)
    now = now or timezone.now()
    today = timezone.localdate(now)
    found = []
    parsed = None
    try:
        parsed = parse_hours(hours)
    except DomainError as exc:
        found.append(exc)
    if served_on is None or served_on > today or served_on < today - timedelta(days=RECORD_DAYS_BACK):
        found.append(errors.INVALID_DATE())
    description = (description or "").strip()[:500]
    if not description:
        found.append(errors.DESCRIPTION_REQUIRED())
    if shift is not None and shift.team_id != team.pk:
        found.append(errors.INVALID_SHIFT())
    if found:
        raise ValidationFailed(found)
    if serving(team, member, on=served_on) is None:
        raise errors.NOT_VOLUNTEER(name=member.name, team=team.name)
    record = ServiceRecord.objects.create(
        member=member, team=team, served_on=served_on, hours=parsed, description=description, shift=shift,
        created_by=actor, created_at=now,
    )  # fmt: skip
    audit.record(
        "volunteers.record.created",
        actor=actor,
        obj=record,
        data={"member": member.pk, "hours": str(parsed), "served_on": served_on.isoformat()},
    )
    return record


def _decide(record: ServiceRecord, actor, now):
    record = locking.lock_record(record)
    staff = can(actor, MANAGE, record.team.org)
    if not staff:
        if not is_leader(record.team, actor):
            raise PERMISSION_DENIED()
        if record.member_id == record.team.leader_id:
            raise errors.OWN_RECORD()
    if record.status != RecordStatus.PENDING:
        raise errors.NOT_PENDING(status=record.get_status_display())
    record.decided_by, record.decided_at = actor, now or timezone.now()
    return record


@transaction.atomic
def confirm_record(record: ServiceRecord, *, actor, now=None) -> ServiceRecord:
    """The team leader (not for their own record) or staff confirm the hours: from now on they count."""
    record = _decide(record, actor, now)
    record.status = RecordStatus.CONFIRMED
    record.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record("volunteers.record.confirmed", actor=actor, obj=record, data={"hours": str(record.hours)})
    return record


@transaction.atomic
def reject_record(record: ServiceRecord, *, actor, reason: str, now=None) -> ServiceRecord:
    """The team leader or staff reject the record, saying why (the member sees it)."""
    reason = (reason or "").strip()[:200]
    if not reason:
        raise errors.REASON_REQUIRED()
    record = _decide(record, actor, now)
    record.status, record.reject_reason = RecordStatus.REJECTED, reason
    record.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    audit.record("volunteers.record.rejected", actor=actor, obj=record, data={"reason": reason})
    return record
