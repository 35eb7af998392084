"""Read queries of the appeals module worth naming: what is overdue, a staff search, and the figures of a sub-tree
for a period (``figures``), which the reports module builds its 成绩单 on.

How the figures count
---------------------
- **Where.** An appeal counts for the org that handles it *now* (``Appeal.org``), and so for every org above it.
  Handing over (转办) and escalation move an appeal, and its figures move with it: a grassroots union that let an
  item go overdue does not keep it in its own 办结 figures once the town has taken it over. The escalation itself
  stays visible in ``escalated`` / ``escalations`` of the org now handling it and of everything above.
- **When.** The period selects appeals by ``submitted_at``: ``start`` and ``end`` are inclusive calendar dates in
  the site's time zone (Asia/Shanghai), i.e. from 00:00:00 on ``start`` up to, not including, 00:00 on the day
  after ``end``. Everything else (accepted, resolved, rated) is the state of those appeals now, whenever it
  happened: the figures answer "of what came in during the period, how much was handled and how well".
- **What.**
  ``received``: every item that came in, merged duplicates included (each is a worker's item);
  ``accepted`` / ``accepted_on_time``: accepted at all / by ``accept_due`` (the deadline where it was accepted:
  an escalation restarts it at the parent, which is why escalations are counted separately);
  ``resolved`` / ``resolved_on_time``: has a reply now (status 已办结 or 已评价; an item reopened after 不满意 is
  not resolved until replied to again) / by ``resolve_due``;
  ``avg_handling_hours`` / ``avg_handling_days``: mean time from submission to the (latest) reply, of the
  resolved ones;
  ``escalated``: items escalated at least once; ``escalations``: escalation steps in all;
  ``rated`` / ``satisfied``: items with a rating now (the latest: a 不满意 that reopened an item counts until the
  worker rates again) / rated 满意 or 基本满意; ``satisfaction_rate`` = satisfied / rated;
  ``adopted``: suggestions marked 采纳.
  Rates are percentages with one decimal, ``None`` when there is nothing to divide by; the two on-time rates are
  shares of everything received (an item not yet accepted is not on time either).
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.menus import WorkItem, cached_count
from core.scoping import has_any

from .models import Appeal, AppealEvent, AppealPhoto, Category, Kind, Satisfaction, Status

# The raw counts of one group; rates and averages are derived from them in ``_finish``.
_COUNTS = (
    "received",
    "accepted",
    "accepted_on_time",
    "resolved",
    "resolved_on_time",
    "escalated",
    "escalations",
    "rated",
    "satisfied",
    "adopted",
)


def overdue_q(now: datetime | None = None) -> Q:
    """Items past their current deadline: not accepted by ``accept_due``, or accepted and not resolved by
    ``resolve_due``. Items waiting for the worker's information are not overdue (the same rule as escalation)."""
    now = now or timezone.now()
    return Q(status=Status.SUBMITTED, accept_due__lt=now) | Q(status=Status.ACCEPTED, resolve_due__lt=now)


def search_q(text: str) -> Q:
    """Staff search: a tracking number (exact, or its tail), the worker's name (contains) or phone (exact or the
    last four digits)."""
    text = (text or "").strip()
    q = Q(name__icontains=text)
    upper = text.upper()
    if upper.startswith("SQ"):
        q |= Q(tracking_no=upper)
    elif text.isdigit():
        q |= Q(tracking_no__endswith=text)
        q |= Q(phone=text) if len(text) == 11 else Q(phone__endswith=text)
    return q


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """``[from, until)`` in aware datetimes for the inclusive local dates ``start``..``end``."""
    begin = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return begin, until


def appeals_in(org, start: date, end: date) -> QuerySet:
    """Appeals handled now by ``org`` or an org below it, submitted between ``start`` and ``end`` (inclusive)."""
    begin, until = period_bounds(start, end)
    return Appeal.objects.filter(org__path__startswith=org.path, submitted_at__gte=begin, submitted_at__lt=until)


def _empty() -> dict:
    return dict.fromkeys(_COUNTS, 0) | {"handling": timedelta(0)}


def _add(into: dict, row: dict) -> None:
    for key in _COUNTS:
        into[key] += row[key] or 0
    into["handling"] += row["handling"] or timedelta(0)


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def _finish(group: dict) -> dict:
    """The counts of a group with its rates and average handling time."""
    handling = group.pop("handling")
    hours = round(handling.total_seconds() / 3600 / group["resolved"], 1) if group["resolved"] else None
    return {
        **group,
        "accepted_on_time_rate": _rate(group["accepted_on_time"], group["received"]),
        "resolved_on_time_rate": _rate(group["resolved_on_time"], group["received"]),
        "avg_handling_hours": hours,
        "avg_handling_days": round(hours / 24, 1) if hours is not None else None,
        "satisfaction_rate": _rate(group["satisfied"], group["rated"]),
    }


def figures(org, start: date, end: date) -> dict:
    """The figures of ``org``'s sub-tree for appeals submitted from ``start`` to ``end`` (inclusive local dates):
    ``{"total": {...}, "by_kind": {kind: {...}}, "by_category": {category: {...}}}`` with every kind and category
    present (zeros included). One grouped query, whatever the size of the sub-tree. See the module docstring for
    what each figure counts."""
    resolved = Q(resolved_at__isnull=False)
    rows = (
        appeals_in(org, start, end)
        .order_by()
        .values("kind", "category")
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
            accepted_on_time=Count("pk", filter=Q(accepted_at__isnull=False, accepted_at__lte=F("accept_due"))),
            resolved=Count("pk", filter=resolved),
            resolved_on_time=Count("pk", filter=resolved & Q(resolved_at__lte=F("resolve_due"))),
            handling=Sum(
                ExpressionWrapper(F("resolved_at") - F("submitted_at"), output_field=DurationField()), filter=resolved
            ),
            escalated=Count("pk", filter=Q(escalations__gt=0)),
            escalations=Sum("escalations"),
            rated=Count("pk", filter=~Q(satisfaction="")),
            satisfied=Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.FAIRLY])),
            adopted=Count("pk", filter=Q(kind=Kind.SUGGESTION, adopted=True)),
        )
    )
    total = _empty()
    by_kind = {k: _empty() for k in Kind.values}
    by_category = {c: _empty() for c in Category.values}
    for row in rows:
        for group in (total, by_kind[row["kind"]], by_category[row["category"]]):
            _add(group, row)
    return {
        "total": _finish(total),
        "by_kind": {k: _finish(g) for k, g in by_kind.items()},
        "by_category": {c: _finish(g) for c, g in by_category.items()},
    }


def worker_detail():
    """Appeals with what the worker's view names: the union, the surviving item of a merge, photos, timeline."""
    events = AppealEvent.objects.filter(public=True).select_related("org").order_by("at", "id")
    return Appeal.objects.select_related("org", "merged_into").prefetch_related(
        Prefetch("events", queryset=events),
        Prefetch("photos", queryset=AppealPhoto.objects.select_related("appeal").order_by("pk")),
    )


# --- The staff 工作台 and the side menu -------------------------------------------------------------------------

DUE_SOON = timedelta(hours=24)


def work_counts(user, now: datetime | None = None) -> dict:
    """Open items of ``user``'s handling scope: overdue, due within ``DUE_SOON`` (and not overdue), waiting to be
    accepted, and either (the side menu's badge). One query."""
    now = now or timezone.now()
    soon = now + DUE_SOON
    due_soon = Q(status=Status.SUBMITTED, accept_due__gte=now, accept_due__lt=soon) | Q(
        status=Status.ACCEPTED, resolve_due__gte=now, resolve_due__lt=soon
    )
    return Appeal.objects.restrict(user, "appeals.handle").aggregate(
        overdue=Count("pk", filter=overdue_q(now)),
        due_soon=Count("pk", filter=due_soon),
        waiting=Count("pk", filter=Q(status=Status.SUBMITTED)),
        needing_action=Count("pk", filter=Q(status=Status.SUBMITTED) | overdue_q(now)),
    )


def work_items(user) -> list[WorkItem]:
    """The 工作台's appeal to-dos: overdue first, then due soon, then waiting to be accepted; each opens the queue
    filtered to those items."""
    if not has_any(user, "appeals.handle"):
        return []
    counts = work_counts(user)
    queue = reverse("appeals:queue")
    group = _("诉求与建议")
    return [
        WorkItem(_("已超期，请尽快办理"), counts["overdue"], f"{queue}?scope=org&overdue=1", "danger", group),
        WorkItem(_("24 小时内到期"), counts["due_soon"], f"{queue}?scope=org", "warning", group),
        WorkItem(_("待受理"), counts["waiting"], f"{queue}?scope=org&status=submitted", "info", group),
    ]


def menu_badge(user) -> int:
    """The side menu's number beside 诉求与建议: items waiting to be accepted plus those overdue."""
    if not has_any(user, "appeals.handle"):
        return 0

    return cached_count(user, "appeals", lambda: work_counts(user)["needing_action"])
