"""Read queries of the volunteers module: the teams of a scope, a team's volunteers, shifts and records, hours per
person and per team over a period (confirmed records only, by service date), the ranking of volunteers, and what a
member's phone page shows (their teams, records, total hours, open shifts, the records waiting for them as leader)."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import RecordStatus, ServiceRecord, Shift, SignUp, Team, TeamStatus, Volunteer

ZERO = Decimal("0.0")


def member_by_card(card_no: str | None):
    """The member a card number names (any union: the services say whether they may serve in a team)."""
    from members.models import Member

    code = (card_no or "").strip()
    return Member.objects.select_related("union", "user").filter(card_no=code).first() if code else None


def search_teams(user, *, q: str = "", status: str = ""):
    qs = Team.objects.restrict(user, "volunteers.view").select_related("org", "leader")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(org__name__icontains=q) | Q(leader__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        volunteer_count=Count("volunteers", filter=Q(volunteers__left_on__isnull=True), distinct=True)
    ).order_by("org__path", "name", "pk")


def team_volunteers(team):
    return (
        Volunteer.objects.filter(team=team, left_on__isnull=True).select_related("member").order_by("joined_on", "pk")
    )


def team_shifts(team):
    return (
        Shift.objects.filter(team=team)
        .select_related("place", "activity")
        .annotate(taken=Count("signups", filter=Q(signups__cancelled_at__isnull=True)))
        .order_by("-starts_at", "-pk")
    )


def shift_signups(shift):
    return SignUp.objects.filter(shift=shift).select_related("member", "record").order_by("signed_at", "pk")


def search_records(user, *, q: str = "", status: str = "", team=None):
    qs = ServiceRecord.objects.restrict(user, "volunteers.view").select_related("member", "team")
    if team is not None:
        qs = qs.filter(team=team)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(description__icontains=q) | Q(team__name__icontains=q))
    return qs.order_by("-served_on", "-pk")


def _confirmed(records, start=None, end=None):
    qs = records.filter(status=RecordStatus.CONFIRMED)
    if start is not None:
        qs = qs.filter(served_on__gte=start)
    if end is not None:
        qs = qs.filter(served_on__lte=end)
    return qs


def hours_per_person(records, start=None, end=None) -> list[dict]:
    """Confirmed hours per volunteer over ``records`` (a scoped queryset) between two dates (inclusive), most
    first: ``{"member_id", "name", "hours", "records"}``."""
    rows = (
        _confirmed(records, start, end)
        .order_by()
        .values("member_id", "member__name")
        .annotate(hours=Sum("hours"), records=Count("pk"))
        .order_by("-hours", "member__name", "member_id")
    )
    return [
        {"member_id": r["member_id"], "name": r["member__name"], "hours": r["hours"] or ZERO, "records": r["records"]}
        for r in rows
    ]


def hours_per_team(records, start=None, end=None) -> list[dict]:
    """Confirmed hours per team over ``records`` between two dates, most first: ``{"team_id", "name", "org",
    "hours", "volunteers", "records"}`` (volunteers: different members who served)."""
    rows = (
        _confirmed(records, start, end)
        .order_by()
        .values("team_id", "team__name", "team__org__name")
        .annotate(hours=Sum("hours"), volunteers=Count("member", distinct=True), records=Count("pk"))
        .order_by("-hours", "team__name", "team_id")
    )
    return [
        {
            "team_id": r["team_id"],
            "name": r["team__name"],
            "org": r["team__org__name"],
            "hours": r["hours"] or ZERO,
            "volunteers": r["volunteers"],
            "records": r["records"],
        }
        for r in rows
    ]


def ranking(user, start=None, end=None, limit: int = 20) -> list[dict]:
    """The volunteers of ``user``'s scope with the most confirmed hours in the period."""
    records = ServiceRecord.objects.restrict(user, "volunteers.view")
    return hours_per_person(records, start, end)[:limit]


def member_hours(member, start=None, end=None) -> Decimal:
    total = _confirmed(ServiceRecord.objects.filter(member=member), start, end).aggregate(h=Sum("hours"))["h"]
    return total or ZERO


def member_teams(member):
    """The teams the member serves in now."""
    return (
        Volunteer.objects.filter(member=member, left_on__isnull=True, team__status=TeamStatus.ACTIVE)
        .select_related("team__org", "team__leader")
        .order_by("joined_on", "pk")
    )


def member_records(member):
    return ServiceRecord.objects.filter(member=member).select_related("team", "shift").order_by("-served_on", "-pk")


def member_signups(member, now=None):
    """The member's sign-ups for shifts still to come."""
    now = now or timezone.now()
    return (
        SignUp.objects.filter(member=member, cancelled_at__isnull=True, shift__ends_at__gt=now)
        .select_related("shift__team", "shift__place")
        .order_by("shift__starts_at", "pk")
    )


def open_shifts(member, now=None):
    """Shifts of the member's teams not yet started, with how many places are taken (full ones included, marked)."""
    now = now or timezone.now()
    teams = Volunteer.objects.filter(member=member, left_on__isnull=True).values("team_id")
    return (
        Shift.objects.filter(team__in=teams, team__status=TeamStatus.ACTIVE, starts_at__gt=now)
        .select_related("team", "place", "activity")
        .annotate(taken=Count("signups", filter=Q(signups__cancelled_at__isnull=True)))
        .order_by("starts_at", "pk")
    )


def member_shifts(member):
    """Every shift of the teams the member serves in (what their phone may open)."""
    teams = Volunteer.objects.filter(member=member, left_on__isnull=True).values("team_id")
    return Shift.objects.filter(team__in=teams).select_related("team__org", "team__leader")


def led_teams(member):
    return Team.objects.filter(leader=member, status=TeamStatus.ACTIVE)


def led_records(member):
    """Records of the teams the member leads (what a leader may confirm or reject)."""
    return ServiceRecord.objects.filter(team__leader=member).select_related("member", "team__org", "team__leader")


def pending_for_leader(member):
    return led_records(member).filter(status=RecordStatus.PENDING).exclude(member=member).order_by("served_on", "pk")


def led_signups(member):
    """Sign-ups of the shifts of the teams the member leads (to mark attendance)."""
    return SignUp.objects.filter(shift__team__leader=member).select_related("member", "shift__team__leader")
