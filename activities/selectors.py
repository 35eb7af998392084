"""Read queries worth naming: participation figures (per activity, series, organiser sub-tree and period) that the
console pages show and the reports module calls, counts per series, and what a member may see.

Definitions, the same everywhere:

- 人次 (participations): participation records, one per person per activity (a member checks in once; each
  walk-in guest is a record of their own).
- distinct people: different members who took part, plus walk-in guests (who have no member record and cannot be
  told apart, so each counts once per record).
- attendance rate: confirmed registrations that were checked in ÷ confirmed registrations, over activities that
  are not cancelled and whose check-in has opened (two hours before the start): seats of activities still weeks
  away have had no chance to attend yet and would only drag the rate down.
- average rating: the mean of members' 1–5 ratings.
"""

from calendar import Calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from math import cos, radians, sqrt

from django.db.models import Avg, Count, F, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.menus import WorkItem
from core.scoping import has_any
from members.models import Member
from orgs.models import Org

from .models import Activity, Feedback, Participation, Registration, Series

CHECKIN_OPENS_BEFORE = timedelta(hours=2)
# One degree of latitude in kilometres; good enough to sort activities by distance within a city.
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Figures:
    """Participation figures of a set of activities (see the module docstring for the definitions)."""

    activities: int
    participations: int
    people: int
    confirmed: int
    attended: int
    ratings: int
    average_rating: Decimal | None

    @property
    def attendance_rate(self) -> Decimal | None:
        """Percentage with one decimal (``87.5``), or None when no confirmed seat could have been used yet."""
        if not self.confirmed:
            return None
        return (Decimal(100 * self.attended) / self.confirmed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def as_dict(self) -> dict:
        """JSON-friendly, for the API and reports."""
        return {
            "activities": self.activities,
            "participations": self.participations,
            "people": self.people,
            "confirmed": self.confirmed,
            "attended": self.attended,
            "attendance_rate": float(self.attendance_rate) if self.attendance_rate is not None else None,
            "ratings": self.ratings,
            "average_rating": float(self.average_rating) if self.average_rating is not None else None,
        }


def _aware(day: date, *, end: bool = False) -> datetime:
    """Local midnight of ``day`` (of the next day when ``end``): periods are whole days, end inclusive."""
    if end:
        day = day + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def in_period(activities: QuerySet, start: date | None = None, end: date | None = None) -> QuerySet:
    """Activities starting within ``start``..``end`` (whole local days, both inclusive; None leaves it open)."""
    if start:
        activities = activities.filter(starts_at__gte=_aware(start))
    if end:
        activities = activities.filter(starts_at__lt=_aware(end, end=True))
    return activities


def figures_for(activities: QuerySet) -> Figures:
    """The figures of any set of activities (an Activity queryset, already scoped and filtered). Four queries."""
    ids = activities.values("pk")
    counted = activities.exclude(status=Activity.Status.CANCELLED).count()
    part = Participation.objects.filter(activity__in=ids).aggregate(
        total=Count("id"),
        members=Count("member", distinct=True),
        guests=Count("id", filter=Q(member__isnull=True)),
    )
    opened = activities.exclude(status=Activity.Status.CANCELLED).filter(
        starts_at__lte=timezone.now() + CHECKIN_OPENS_BEFORE
    )
    seats = Registration.objects.filter(
        activity__in=opened.values("pk"), status=Registration.Status.CONFIRMED
    ).aggregate(confirmed=Count("id"), attended=Count("id", filter=Q(checked_in_at__isnull=False)))
    rating = Feedback.objects.filter(activity__in=ids).aggregate(n=Count("id"), avg=Avg("rating"))
    average = None
    if rating["avg"] is not None:
        average = Decimal(str(rating["avg"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Figures(
        activities=counted,
        participations=part["total"],
        people=part["members"] + part["guests"],
        confirmed=seats["confirmed"],
        attended=seats["attended"],
        ratings=rating["n"],
        average_rating=average,
    )


def activity_figures(activity: Activity) -> Figures:
    """One activity's figures."""
    return figures_for(Activity.objects.filter(pk=activity.pk))


def series_figures(series: Series, *, start: date | None = None, end: date | None = None) -> Figures:
    """A series' figures, optionally for the activities starting within a period."""
    return figures_for(in_period(Activity.objects.filter(series=series), start, end))


def org_figures(org, *, start: date | None = None, end: date | None = None) -> Figures:
    """The figures of every activity organised in ``org``'s sub-tree (the org itself included), optionally for a
    period. Distinct people are counted across the whole sub-tree: someone at three activities counts once."""
    return figures_for(in_period(Activity.objects.filter(organiser__path__startswith=org.path), start, end))


def participation_counts(activity_ids) -> dict[int, int]:
    """人次 per activity for a page of activities, in one query."""
    rows = (
        Participation.objects.filter(activity_id__in=list(activity_ids))
        .values("activity_id")
        .annotate(n=Count("id"))
        .values_list("activity_id", "n")
    )
    return dict(rows)


def with_series_counts(series: QuerySet) -> QuerySet:
    """Annotate each series with ``partner_count`` (partners who proposed), ``proposal_count``,
    ``conversion_count`` (proposals that became activities) and ``activity_count``. Subqueries, so the counts do
    not multiply each other."""
    from .models import Proposal

    def sub(qs, expr):
        return Coalesce(Subquery(qs.values("series").annotate(n=expr).values("n")[:1]), Value(0))

    proposals = Proposal.objects.filter(series=OuterRef("pk")).order_by()
    activities = Activity.objects.filter(series=OuterRef("pk")).order_by()
    return series.annotate(
        partner_count=sub(proposals, Count("partner", distinct=True)),
        proposal_count=sub(proposals, Count("id")),
        conversion_count=sub(proposals.filter(activity__isnull=False), Count("id")),
        activity_count=sub(activities, Count("id")),
    )


# --- What a member sees -----------------------------------------------------------------------------------------

MEMBER_VISIBLE = (Activity.Status.PUBLISHED, Activity.Status.CLOSED, Activity.Status.FINISHED)


def path_prefixes(path: str, steplen: int = 4) -> list[str]:
    """Every ancestor path of ``path`` and itself: the orgs whose sub-tree contains it."""
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


def for_member(member) -> QuerySet:
    """Activities shown in a member's list: not drafts or cancelled, and aimed at the member's union (its own
    sub-tree's audience or an ancestor's) or open to the public. Tag limits are explained on the detail page."""
    from orgs.models import Org

    prefixes = path_prefixes(member.union.path, Org.steplen)
    return Activity.objects.filter(status__in=MEMBER_VISIBLE).filter(
        Q(open_to_public=True)
        | Q(audience_org__isnull=True, organiser__path__in=prefixes)
        | Q(audience_org__path__in=prefixes)
    )


def nearest_first(activities: QuerySet, lat: float, lng: float) -> QuerySet:
    """Order by distance from (lat, lng), nearest first, activities without coordinates last. An equirectangular
    approximation in plain arithmetic, so it runs the same on SQLite and PostgreSQL; ``distance2`` is in squared
    degrees of latitude (see ``distance_km``)."""
    k = cos(radians(lat))
    dx = (Cast("longitude", FloatField()) - Value(float(lng))) * Value(k)
    dy = Cast("latitude", FloatField()) - Value(float(lat))
    return activities.annotate(distance2=dx * dx + dy * dy).order_by(
        F("distance2").asc(nulls_last=True), "starts_at", "id"
    )


def distance_km(distance2) -> float | None:
    """Kilometres from ``nearest_first``'s ``distance2`` annotation (None without coordinates)."""
    return None if distance2 is None else round(sqrt(float(distance2)) * KM_PER_DEGREE, 1)


def month_grid(year: int, month: int, activities) -> list[list[tuple[date, list]]]:
    """Weeks (Monday first) of ``(day, activities starting that day)`` for a month calendar."""
    by_day: dict[date, list] = {}
    for a in activities:
        by_day.setdefault(timezone.localtime(a.starts_at).date(), []).append(a)
    return [[(d, by_day.get(d, [])) for d in week] for week in Calendar().monthdatescalendar(year, month)]


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first waitlisted member, and so on; None when not waitlisted."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(activity_id=registration.activity_id, status=Registration.Status.WAITLISTED)
        .filter(Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, id__lt=registration.id))
        .count()
    )
    return ahead + 1


# --- What a member sees through the API (cancelled activities included) -------------------------------------

MEMBER_API_VISIBLE = (
    Activity.Status.PUBLISHED,
    Activity.Status.CLOSED,
    Activity.Status.FINISHED,
    Activity.Status.CANCELLED,
)


def audience_q(member: Member) -> Q:
    """Activities whose audience includes the member's union: open to the public, or aimed at the union or an
    org above it. The union's ancestors are its path prefixes, so this is one indexed ``IN`` and no join."""
    union = member.union
    paths = [union.path[: i * Org.steplen] for i in range(1, union.depth + 1)]
    return (
        Q(open_to_public=True)
        | Q(audience_org__isnull=False, audience_org__path__in=paths)
        | Q(audience_org__isnull=True, organiser__path__in=paths)
    )


def member_activities(member: Member):
    """Activities a member can see: published or later (never drafts), aimed at them."""
    return (
        Activity.objects.filter(status__in=MEMBER_API_VISIBLE)
        .filter(audience_q(member))
        .select_related("series", "organiser", "audience_org")
    )


def visible_to(member: Member, activity: Activity) -> bool:
    """``member_activities`` for one activity already loaded (organiser and audience org joined): the same rule
    in Python, since an org's ancestors-or-self are exactly its path's prefixes."""
    if activity.status not in MEMBER_API_VISIBLE:
        return False
    if activity.open_to_public:
        return True
    audience = activity.audience_org or activity.organiser
    return member.union.path.startswith(audience.path)


def starting_between(qs, start: date | None, end: date | None):
    """Activities starting on or after ``start`` and on or before ``end`` (local dates)."""
    if start:
        qs = qs.filter(starts_at__date__gte=start)
    if end:
        qs = qs.filter(starts_at__date__lte=end)
    return qs


# --- The staff 工作台 ------------------------------------------------------------------------------------------


def work_items(user) -> list[WorkItem]:
    """Activities of ``user``'s scope starting in the coming seven days (today included), not cancelled or drafts:
    the week's events to get ready for, linked to the activity list filtered to those days."""
    if not has_any(user, "activities.view"):
        return []
    today = timezone.localdate()
    last = today + timedelta(days=6)
    coming = in_period(Activity.objects.restrict(user, "activities.view"), today, last).filter(
        status__in=(Activity.Status.PUBLISHED, Activity.Status.CLOSED)
    )
    url = f"{reverse('activities:staff_list')}?from={today.isoformat()}&to={last.isoformat()}"
    return [WorkItem(_("7 天内开始的活动"), coming.count(), url, "info", _("活动"))]
