"""The data of the 驾驶舱 charts for an org and a period, each point with the link to the list behind it.

Series over months come from the same engine as the 成绩单 (so from the rollups when they are fresh); the
breakdowns by series and by category/state are one grouped query each. Links point to the console lists with
their filters (members by sub-tree and joining date, activities by sub-tree, series and dates, appeals by
category, state and submission date) and are given only to users who may open those lists.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from activities.models import Participation
from appeals.models import Appeal, Category, Status
from core.scoping import EVERYTHING, scope_paths
from orgs.models import Org

from . import engine, rollups
from .periods import Period, add_months, local_start, month_end, month_start

MAX_MONTHS = 24


def _may(user, permission: str) -> bool:
    paths = scope_paths(user, permission)
    return paths is EVERYTHING or bool(paths)


def _url(name: str, **params) -> str | None:
    try:
        base = reverse(name)
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def months_of(period: Period) -> list[Period]:
    """The calendar months of the period (the last ``MAX_MONTHS`` of a longer one), cut to the period's edges."""
    first = month_start(period.start)
    months = []
    while first <= period.end:
        months.append(Period(max(first, period.start), min(month_end(first), period.end)))
        first = add_months(first, 1)
    return months[-MAX_MONTHS:]


def charts(org: Org, period: Period, *, user) -> dict:
    """Everything the dashboard page draws, JSON-ready."""
    source, _state = rollups.choose_source()
    may_members, may_activities = _may(user, "members.view"), _may(user, "activities.view")
    may_appeals = _may(user, "appeals.view")
    months = months_of(period)
    monthly = engine.compute(
        org, months, keys=["members.count", "members.joined", "appeals.satisfaction_rate"], source=source
    ).totals
    growth = {
        "labels": [f"{m.start:%Y-%m}" for m in months],
        "members": monthly["members.count"],
        "joined": monthly["members.joined"],
        "links": [
            _url("members:list", under=org.pk, joined_from=f"{m.start:%Y-%m-%d}", joined_to=f"{m.end:%Y-%m-%d}")
            if may_members
            else None
            for m in months
        ],
    }
    satisfaction = {
        "labels": growth["labels"],
        "values": monthly["appeals.satisfaction_rate"],
        "links": [
            _url("appeals:queue", **{"from": f"{m.start:%Y-%m-%d}", "to": f"{m.end:%Y-%m-%d}"}) if may_appeals else None
            for m in months
        ],
    }
    by_child = engine.compute(org, [period], keys=["members.join_rate", "members.count"], breakdown=True, source=source)
    children = list(
        Org.objects.filter(path__startswith=org.path, depth=org.depth + 1, status="active").order_by("path")
    )
    join_rate = {
        "labels": [c.display_name for c in children],
        "values": [by_child.groups.get(c.path, {}).get("members.join_rate", [None])[0] for c in children],
        "links": [_url("members:list", under=c.pk) if may_members else None for c in children],
    }
    return {
        "source": source,
        "growth": growth,
        "join_rate": join_rate,
        "series": _by_series(org, period, may_activities),
        "appeals": _appeals(org, period, may_appeals),
        "satisfaction": satisfaction,
    }


def _by_series(org: Org, period: Period, may: bool) -> dict:
    """人次 per activity series in the period (activities outside any series together)."""
    counter = engine.registry.COUNTERS["activities.participations"]
    rows = (
        Participation.objects.filter(activity__organiser__path__startswith=org.path)
        .filter(engine.day_range_q(counter, period.start, period.end))
        .order_by()
        .values("activity__series_id", "activity__series__name", "activity__series__year")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    labels, values, links = [], [], []
    dates = {"under": org.pk, "from": f"{period.start:%Y-%m-%d}", "to": f"{period.end:%Y-%m-%d}"}
    for row in rows[:20]:
        sid = row["activity__series_id"]
        labels.append(f"{row['activity__series__name']}（{row['activity__series__year']}）" if sid else "未归入系列")
        values.append(row["n"])
        links.append(_url("activities:staff_list", series=sid or "", **dates) if may else None)
    return {"labels": labels, "values": values, "links": links}


def _appeals(org: Org, period: Period, may: bool) -> dict:
    """Appeals submitted in the period by category (x) and state (stacked series)."""
    begin = local_start(period.start)
    until = local_start(period.end + timedelta(days=1))
    rows = (
        Appeal.objects.filter(org__path__startswith=org.path, submitted_at__gte=begin, submitted_at__lt=until)
        .order_by()
        .values("category", "status")
        .annotate(n=Count("pk"))
    )
    counts = {(r["category"], r["status"]): r["n"] for r in rows}
    categories = [c for c in Category if any(counts.get((c.value, s.value)) for s in Status)]
    statuses = [s for s in Status if any(counts.get((c.value, s.value)) for c in Category)]
    dates = {"from": f"{period.start:%Y-%m-%d}", "to": f"{period.end:%Y-%m-%d}"}
    return {
        "categories": [str(c.label) for c in categories],
        "series": [
            {
                "name": str(s.label),
                "values": [counts.get((c.value, s.value), 0) for c in categories],
                "links": [
                    _url("appeals:queue", category=c.value, status=s.value, **dates) if may else None
                    for c in categories
                ],
            }
            for s in statuses
        ],
    }
