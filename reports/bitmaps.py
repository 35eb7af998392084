"""Distinct counts of any period from the rollups: roaring bitmaps of the ids a distinct count counts.

Different people do not add up over months, so until now only a calendar year, quarter or month was rolled up and
any other period (five years, 2024-02-15 to 2025-11-20) was counted from the raw table: seconds at a province.
``build`` stores, for each distinct count declared with ``ids`` (``core.metrics.Distinct``), each org that has
children and each calendar month, quarter and year, and each day, the set of ids its sub-tree's rows name, as a
compressed bitmap (``reports.RollupBitmap``). ``count`` answers a period with the union of the bitmaps that cover
its whole months (years first, then quarters, then months: a few rows) and those of the days at its edges (at most
about sixty), plus the ``also`` counter (walk-in guests) from the counter rollups: one query, no raw rows. Exact:
the same ids the raw count reads.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q
from pyroaring import BitMap

import core.metrics as registry
from core.tree import get_org_model

from .engine import ROLLUP, distinct_key, evaluate_counters
from .models import RollupBitmap
from .periods import Period, add_months, month_end, month_start

DAY = "day"  # bitmaps only (no counted rollup row): the ids of one day, for the days at the edges of a period


def _quarter(day: date) -> date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def build(distinct: registry.Distinct) -> int:
    """Write the bitmaps of one distinct count (the caller has emptied the table); returns the rows written."""
    from .rollups import day_of

    org_model = get_org_model()
    steplen = org_model.steplen
    paths = dict(org_model.objects.values_list("path", "pk"))
    parents = {p[:cut] for p in paths for cut in range(steplen, len(p), steplen)}
    rows = (
        distinct.model()
        ._base_manager.filter(distinct.where())
        .filter(**{f"{distinct.ids}__isnull": False})
        .order_by()
        .annotate(_d=day_of(distinct))
        .values_list(f"{distinct.org}__path", "_d", distinct.ids)
    )
    own: dict[tuple[str, date], list[int]] = defaultdict(list)
    for path, day, ident in rows.iterator(chunk_size=50_000):
        own[(path, day)].append(ident)
    kinds = (*registry.PERIOD_KINDS, DAY)
    by_kind: dict[str, dict[tuple[str, date], BitMap]] = {k: defaultdict(BitMap) for k in kinds}
    for (path, day), ids in own.items():
        bits = BitMap(ids)
        starts = starts_of(day)
        for cut in range(steplen, len(path) + 1, steplen):
            anc = path[:cut]
            if anc in parents:
                for kind, start in starts.items():
                    by_kind[kind][(anc, start)] |= bits
    written = 0
    for kind, bitmaps in by_kind.items():
        batch = [
            RollupBitmap(
                counter=distinct_key(distinct.key, kind), org_id=paths[path], month=start, data=bits.serialize()
            )
            for (path, start), bits in bitmaps.items()
        ]
        RollupBitmap.objects.bulk_create(batch, batch_size=1000)
        written += len(batch)
    return written


def starts_of(day: date) -> dict[str, date]:
    """The first day of each kind of bitmap period that holds ``day``: its year, quarter, month and the day."""
    month = day.replace(day=1)
    return {"year": month.replace(month=1), "quarter": _quarter(month), "month": month, DAY: day}


def cover(first: date, last: date) -> list[tuple[str, date]]:
    """The calendar years, quarters and months (``(kind, first day)``) that exactly cover the whole months from
    ``first`` to ``last`` (first days of months), as few as possible."""
    out, m = [], first
    while m <= last:
        if m.month == 1 and add_months(m, 11) <= last:
            out.append(("year", m))
            m = add_months(m, 12)
        elif m.month in (1, 4, 7, 10) and add_months(m, 2) <= last:
            out.append(("quarter", m))
            m = add_months(m, 3)
        else:
            out.append(("month", m))
            m = add_months(m, 1)
    return out


def usable(distinct: registry.Distinct, org) -> bool:
    """Whether the bitmaps can answer ``distinct`` for ``org``'s sub-tree (kept for orgs with children)."""
    return bool(distinct.ids) and getattr(org, "numchild", 0) > 0


def count(distinct: registry.Distinct, org, period: Period, also: int | None = None) -> int:
    """The distinct count of ``org``'s sub-tree in ``period`` from the bitmaps of its whole months and of its edge
    days, plus the ``also`` counter (fresh rollups assumed; ``also``: its value for the period when the caller has
    it). One query of the bitmaps."""
    s, e = period.start, period.end
    first = s if s.day == 1 else add_months(month_start(s), 1)
    last_whole = e if e == month_end(e) else month_start(e) - timedelta(days=1)
    wanted: set[tuple[str, date]] = set()
    edges: list[tuple[date, date]] = []
    if first > last_whole:
        edges.append((s, e))
    else:
        if s < first:
            edges.append((s, first - timedelta(days=1)))
        if last_whole < e:
            edges.append((last_whole + timedelta(days=1), e))
        pieces = cover(first, month_start(last_whole))
        wanted = {(distinct_key(distinct.key, kind), start) for kind, start in pieces}
    day_key = distinct_key(distinct.key, DAY)
    which = Q()
    if wanted:
        which |= Q(counter__in={c for c, _ in wanted}, month__gte=first, month__lte=last_whole)
    for a, b in edges:
        which |= Q(counter=day_key, month__gte=a, month__lte=b)
    rows = RollupBitmap.objects.filter(which, org=org).values_list("counter", "month", "data")
    found = [BitMap.deserialize(bytes(d)) for c, m, d in rows if c == day_key or (c, m) in wanted]
    total = len(BitMap.union(*found)) if found else 0
    if distinct.also:
        if also is None:
            found_also = evaluate_counters([distinct.also], org, len(org.path), [period], ROLLUP)
            also = found_also.get(distinct.also, {}).get(org.path, [0])[0]
        total += also
    return total
