"""The data of the 驾驶舱 charts for an org and a period, each point with the link to the list behind it.

The charts are declarations (``core.metrics.Chart``, made in the apps' ``metrics.py``): each app draws from its own
records, and this module only gives them a ``ChartContext`` (the org and period, the months, the engine of the
成绩单 bound to the rollups when they are fresh, the user's permissions and the console's URLs). Links point to the
console lists with their filters and are given only to users who may open those lists.
"""

from functools import partial
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

import core.metrics as registry
from core.scoping import EVERYTHING, scope_paths
from core.tree import get_org_model

from . import engine, rollups
from .periods import Period, add_months, month_end, month_start

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


def sources() -> list[dict]:
    """The declared charts in page order: what the page lays out (``key`` names the chart's data)."""
    return [
        {"key": c.key, "title": c.title, "kind": c.kind, "id": c.dom_id, "empty": c.empty, "wide": c.wide}
        for c in registry.charts()
    ]


def charts(org, period: Period, *, user) -> dict:
    """Everything the dashboard page draws, JSON-ready: ``source``, ``sources`` (the charts' layout) and each
    chart's data under its key."""
    source, _state = rollups.choose_source()
    org_model = get_org_model()

    def children():
        return list(
            org_model.objects.filter(path__startswith=org.path, depth=org.depth + 1, status="active").order_by("path")
        )

    def compute(keys, periods, *, breakdown=False):
        return engine.compute(org, periods, keys=keys, breakdown=breakdown, source=source)

    ctx = registry.ChartContext(
        org=org,
        period=period,
        months=months_of(period),
        user=user,
        compute=compute,
        may=partial(_may, user),
        url=_url,
        children=children,
    )
    out = {"source": source, "sources": sources()}
    for chart in registry.charts():
        out[chart.key] = chart.data(ctx)
    return out
