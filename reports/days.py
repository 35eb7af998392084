"""Day rows of the counters: the days at the edges of a period from the rollups, not from the raw tables.

A period that does not start or end on a month edge (2024-02-15 to 2025-11-20) takes its whole months from the
monthly rollups and its edge days from somewhere else. Read raw, they are a scan of a hundred thousand rows of one
model at a province. So the rebuild also writes, for every org that has children (marked by a ``MARK`` row), each
counter's value of its whole sub-tree on each day that has one (counter ``<key>@day`` in ``reports.RollupDay``).
``edge_counters`` reads the edge days of such an org (for a breakdown: of its children that have day rows) from
them, and only the rest raw: the org's own records and its children without children, few rows.

The refresh keeps the day rows of the marked orgs current (``reports.refresh``). An org that gains its first child
after the rebuild has no mark until the next one, and its edge days are read raw.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Q

from .engine import day_pieces, raw_edges
from .models import RollupDay

SUFFIX = "@day"
MARK = "days@org"  # a RollupDay row per org whose counters have day rows; ``day`` is MARK_DAY, ``value`` 1
MARK_DAY = date(1970, 1, 1)


def day_key(key: str) -> str:
    """The rollup counter under which a counter's day rows are stored."""
    return key + SUFFIX


def marked(paths: list[str], steplen: int) -> list[str]:
    """The orgs (of the tree given by all its ``paths``) whose counters get day rows: those with children, and every
    child of an org with grandchildren, so that a breakdown of such an org by child reads no raw row."""
    parents = {p[:cut] for p in paths for cut in range(steplen, len(p), steplen)}
    grandparents = {p[:-steplen] for p in parents if len(p) > steplen}
    return [p for p in paths if p in parents or p[:-steplen] in grandparents]


def _family(org, breakdown: bool) -> tuple[dict[int, str], dict[int, str]]:
    """``({id: path} of the direct children (for a breakdown), {id: path} of the marked among them and the org)``."""
    from core.tree import get_org_model

    children = {}
    if breakdown:
        children = dict(
            get_org_model().objects.filter(path__startswith=org.path, depth=org.depth + 1).values_list("pk", "path")
        )
    rows = RollupDay.objects.filter(counter=MARK, org_id__in=[org.pk, *children]).values_list("org_id", "org__path")
    return children, dict(rows)


def edge_counters(raw_ranges: dict[str, list], org, group_len: int) -> dict[str, dict[str, list[int]]]:
    """``{counter: {group: [value per range]}}`` for the edge days ``raw_ranges`` (as ``engine.raw_edges`` gives
    them): from the day rows of the org and its children where they have them, the rest raw."""
    if not raw_ranges or any(start is None for ranges in raw_ranges.values() for start, _ in ranges):
        return raw_edges(raw_ranges, org.path, group_len)
    breakdown = group_len > len(org.path)
    children, have = _family(org, breakdown)
    if not breakdown:
        if org.pk not in have:
            return raw_edges(raw_ranges, org.path, group_len)
        return _from_days(raw_ranges, {org.pk: org.path})
    if org.pk in have and all(pk in have for pk in children):
        # Every group from the day rows: the children's, and the org's own records as its total less theirs.
        out = _from_days(raw_ranges, have)
        for key, by_path in out.items():
            own = by_path.pop(org.path, [0] * len(raw_ranges[key]))
            for row in by_path.values():
                own = [t - v for t, v in zip(own, row, strict=True)]
            if any(own):
                by_path[org.path] = own
        return out
    from_days = {pk: path for pk, path in have.items() if pk in children}
    if not from_days:
        return raw_edges(raw_ranges, org.path, group_len)
    out = _from_days(raw_ranges, from_days)
    # The org's own records and its children without day rows (groups apart from the children read above).
    rest = raw_edges(raw_ranges, org.path, group_len, exclude=tuple(from_days.values()))
    for key, groups in rest.items():
        out.setdefault(key, {}).update(groups)
    return out


def _from_days(raw_ranges: dict[str, list], orgs: dict[int, str]) -> dict[str, dict[str, list[int]]]:
    """The values of ``orgs``' sub-trees over each counter's ranges, from their day rows: one query."""
    which = Q()
    for a, b in day_pieces([r for ranges in raw_ranges.values() for r in ranges]):
        which |= Q(day__gte=a, day__lte=b)
    rows = RollupDay.objects.filter(which, org_id__in=list(orgs), counter__in=[day_key(k) for k in raw_ranges])
    out: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for counter, org_id, day, value in rows.values_list("counter", "org_id", "day", "value"):
        key = counter[: -len(SUFFIX)]
        ranges = raw_ranges[key]
        row = out[key].setdefault(orgs[org_id], [0] * len(ranges))
        for i, (s, e) in enumerate(ranges):
            if s <= day <= e:
                row[i] += value
    return out
