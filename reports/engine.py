"""Computing metrics for an org's sub-tree and a list of periods, from the raw tables or from the rollups.

Everything is grouped by sub-tree in the same query: a group is an org path cut to ``group_len`` characters, so
with ``group_len`` one level below the org each direct child's sub-tree is a group (and the org's own records are
the group named by its own path). Several periods are answered by one query with one filtered aggregate per
period, and the counters of one model share a query (one filtered aggregate per counter and period; see
``raw_counters`` for the counters that may). So a 成绩单 with its previous period and its breakdown by child costs one
query per model the counters count (raw, or the edge days of a custom span) and one query for all counters' whole
months (rollups), plus one per measure.

Rollups hold whole months. A period that does not start or end on a month edge takes its whole months from the
rollups and the days at its edges from the day rollups of the orgs that have them (``reports.days``: the org and,
for a breakdown, its children), else from the raw tables; a stock at a date is the rollups up to the last whole
month plus the deltas of the days after it.

Distinct counts (``registry.Distinct``: different people) do not add up over months or orgs. The rollups hold them
for each org's sub-tree and each calendar year, quarter and month, so a 成绩单 for a year, a quarter or a month (and
the previous one) reads a few rows; any other period (several years, a range of days) is the union of the bitmaps
of its months and edge days (``reports.bitmaps``) for an org with children and no breakdown of it, else counted from
the raw table, and so is an org's own records (本级) when a breakdown asks for them. Snapshotted measures
(``Measure.snapshot``: the members holding a membership today) are read from the rollups' rows of the org and its
children.

Everything the rollups answer beside the counters (distinct counts and snapshots) comes in one more query.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.db.models import Case, Exists, F, Q, Subquery, Sum, Value, When
from django.db.models.functions import Substr

import core.metrics as registry

from .periods import Period, add_months, local_start, month_end, month_start

RAW, ROLLUP = "raw", "rollup"


def date_field(model, lookup: str) -> models.Field:
    """The model field a ``a__b__c`` lookup ends on."""
    *relations, name = lookup.split("__")
    for rel in relations:
        model = model._meta.get_field(rel).related_model
    return model._meta.get_field(name)


def day_range_q(counter: registry.Counter, start: date | None, end: date) -> Q:
    """Rows of ``counter`` whose date is within ``start``..``end`` (inclusive local dates; None: since ever)."""
    is_datetime = isinstance(date_field(counter.model(), counter.date), models.DateTimeField)
    q = Q()
    if is_datetime:
        if start is not None:
            q &= Q(**{f"{counter.date}__gte": local_start(start)})
        q &= Q(**{f"{counter.date}__lt": local_start(end + timedelta(days=1))})
    else:
        if start is not None:
            q &= Q(**{f"{counter.date}__gte": start})
        q &= Q(**{f"{counter.date}__lte": end})
    return q


def counter_rows(counter: registry.Counter, org_path: str, exclude: tuple[str, ...] = ()):
    """The rows a counter counts within the sub-tree at ``org_path``, less the sub-trees at the ``exclude`` paths."""
    model = counter.model()
    return in_tree(model._base_manager.filter(counter.where()), counter.org, org_path, exclude)


def in_tree(rows, org_lookup: str, org_path: str, exclude: tuple[str, ...] = ()):
    """``rows`` whose org (``org_lookup``) is in the sub-tree at ``org_path`` but in none of those at ``exclude``."""
    rows = rows.filter(**{f"{org_lookup}__path__startswith": org_path})
    if exclude:
        away = Q()
        for path in exclude:
            away |= Q(**{f"{org_lookup}__path__startswith": path})
        rows = rows.exclude(away)
    return rows


def raw_distinct(distinct: registry.Distinct, rows, group_len: int, periods: list[Period]) -> dict[str, list[int]]:
    """``{group: [value per period]}`` of a distinct count from its raw table (``rows``: the rows in scope), in one
    query. Groups whose values are all zero are left out."""
    if not periods:
        return {}
    aggregates = {f"p{i}": distinct.value(day_range_q(distinct, p.start, p.end)) for i, p in enumerate(periods)}
    grouped = (
        rows.filter(day_range_q(distinct, min(p.start for p in periods), max(p.end for p in periods)))
        .order_by()
        .annotate(_g=Substr(f"{distinct.org}__path", 1, group_len))
        .values("_g")
        .annotate(**aggregates)
        .values_list("_g", *aggregates)
    )
    return {g: [v or 0 for v in values] for g, *values in grouped if any(values)}


def distinct_rows(distinct: registry.Distinct, **org_filter):
    """The rows a distinct count counts, ``org_filter`` applied to the org lookup (``path__startswith=…``)."""
    lookups = {f"{distinct.org}__{k}": v for k, v in org_filter.items()}
    return distinct.model()._base_manager.filter(distinct.where()).filter(**lookups)


def distinct_key(key: str, kind: str) -> str:
    """The rollup counter under which a distinct count's ``kind`` (year, quarter, month) rows are stored."""
    return f"{key}@{kind}"


def rollup_extras(org, breakdown: bool, distinct: list[tuple[str, date]], snapshots: list[str]) -> dict:
    """``{(rollup counter, org path, month): value}`` of the org (and, for a breakdown, its direct children) for the
    distinct-count rows ``(counter, period start)`` and every row of the ``snapshots`` keys: one query."""
    from .models import Rollup

    if not distinct and not snapshots:
        return {}
    wanted = Q(counter__in=snapshots)
    for counter, start in distinct:
        wanted |= Q(counter=counter, month=start)
    if breakdown:
        family = type(org).objects.filter(path__startswith=org.path, depth__lte=org.depth + 1).values("pk")
        rows = Rollup.objects.filter(org__in=family)
    else:
        rows = Rollup.objects.filter(org=org)
    return {
        (counter, path, month): value
        for counter, path, month, value in rows.filter(wanted).values_list("counter", "org__path", "month", "value")
    }


def evaluate_distinct(
    key: str,
    org,
    periods: list[Period],
    source: str,
    group_len: int | None,
    extras: dict,
    counter_totals: dict | None = None,
) -> tuple[list[int], dict[str, list[int]]]:
    """A distinct count's total per period and, with ``group_len``, its groups. Calendar years, quarters and months
    come from the rollups (``extras``, see ``rollup_extras``) when ``source`` is the rollups; other periods from the
    raw table, or, for a distinct count declared with ``ids`` and an org with children, from the bitmaps
    (``reports.bitmaps``). The org's own group (本级) of a breakdown is counted raw: only its own records are read."""
    distinct = registry.DISTINCTS[key]
    n = len(periods)
    from . import bitmaps

    rolled = [i for i, p in enumerate(periods) if source == ROLLUP and p.calendar_kind]
    # Any other period of the org's whole sub-tree: the union of the bitmaps of its months (when no group is asked).
    from_bitmaps = []
    if source == ROLLUP and group_len is None and bitmaps.usable(distinct, org):
        from_bitmaps = [i for i in range(n) if i not in rolled]
    raw = [i for i in range(n) if i not in rolled and i not in from_bitmaps]
    total = [0] * n
    groups: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    for i in from_bitmaps:
        also = (counter_totals or {}).get(distinct.also)
        total[i] = bitmaps.count(distinct, org, periods[i], also[i] if also else None)
    if raw:
        in_tree = distinct_rows(distinct, path__startswith=org.path)
        raw_periods = [periods[i] for i in raw]
        whole = raw_distinct(distinct, in_tree, len(org.path), raw_periods).get(org.path, [0] * len(raw))
        for i, v in zip(raw, whole, strict=True):
            total[i] = v
        if group_len is not None:
            for g, values in raw_distinct(distinct, in_tree, group_len, raw_periods).items():
                for i, v in zip(raw, values, strict=True):
                    groups[g][i] = v
    if rolled:
        for i in rolled:
            p = periods[i]
            counter = distinct_key(key, p.calendar_kind)
            total[i] = extras.get((counter, org.path, p.start), 0)
            if group_len is not None:
                for (c, path, month), v in extras.items():
                    if c == counter and month == p.start and path != org.path:
                        groups[path][i] = v
        if group_len is not None:
            own = distinct_rows(distinct, pk=org.pk)
            values = raw_distinct(distinct, own, len(org.path), [periods[i] for i in rolled]).get(org.path)
            for i, v in zip(rolled, values or [0] * len(rolled), strict=True):
                groups[org.path][i] = v
    return total, {g: values for g, values in groups.items() if any(values)}


def raw_counter(
    counter: registry.Counter,
    org_path: str,
    group_len: int,
    ranges: list[tuple[date | None, date]],
    exclude: tuple[str, ...] = (),
) -> dict[str, list[int]]:
    """``{group: [value per range]}`` of one counter from its raw table, in one query (``exclude``: sub-trees left
    out, see ``in_tree``)."""
    if not ranges:
        return {}
    rows = counter_rows(counter, org_path, exclude)
    if all(start is not None for start, _ in ranges):
        # Only the days the ranges cover (the edge days of a custom span, not the years between them), so an index
        # on the date can be used.
        days = Q()
        for s, e in ranges:
            days |= day_range_q(counter, s, e)
        rows = rows.filter(days)
    aggregates = {f"p{i}": counter.value(day_range_q(counter, s, e)) for i, (s, e) in enumerate(ranges)}
    grouped = (
        rows.order_by()
        .annotate(_g=Substr(f"{counter.org}__path", 1, group_len))
        .values("_g")
        .annotate(**aggregates)
        .values_list("_g", *aggregates)
    )
    return {g: [v or 0 for v in values] for g, *values in grouped}


def _single_valued(model, lookup: str) -> bool:
    """Whether the ``a__b__c`` lookup from ``model`` crosses only single-valued relations (foreign keys, one-to-one
    forward): joining it cannot repeat a row."""
    for part in lookup.split("__"):
        try:
            f = model._meta.get_field(part)
        except Exception:  # a transform or lookup name (``path__startswith``, ``date__year``): the end of the walk
            return True
        if not f.is_relation:
            return True
        if f.many_to_many or f.one_to_many:
            return False
        model = f.related_model
    return True


def _lookups(node) -> list[str] | None:
    """The field lookups a ``Q`` or an expression names; None when it holds something this cannot read."""
    out: list[str] = []
    if isinstance(node, Q):
        for child in node.children:
            if isinstance(child, tuple):
                out.append(child[0])
                found = _lookups(child[1]) if hasattr(child[1], "resolve_expression") else []
            else:
                found = _lookups(child)
            if found is None:
                return None
            out += found
        return out
    if isinstance(node, F):
        return [node.name]
    if isinstance(node, Subquery | Exists):
        return []  # correlated or not, a subquery filters rows without joining them into the query
    if not hasattr(node, "get_source_expressions"):
        return [] if not hasattr(node, "resolve_expression") else None
    for expr in node.get_source_expressions():
        if expr is None:
            continue
        found = _lookups(expr)
        if found is None:
            return None
        out += found
    if getattr(node, "filter", None) is not None:
        found = _lookups(node.filter)
        if found is None:
            return None
        out += found
    return out


def shareable(counter: registry.Counter) -> bool:
    """Whether ``counter`` can be counted in one query with the other counters of its model: nothing it reads
    (its org and date lookups, its filter, its aggregate) joins a relation that could repeat a row."""
    model = counter.model()
    lookups = [counter.org, counter.date]
    for node in (counter.where(), counter.value(Q())):
        found = _lookups(node)
        if found is None:
            return False
        lookups += found
    return all(_single_valued(model, lookup) for lookup in lookups if isinstance(lookup, str))


def day_pieces(ranges: list[tuple[date | None, date]]) -> list[tuple[date | None, date]]:
    """Disjoint day ranges (inclusive; a start of None: since ever) such that each of ``ranges`` is exactly the
    union of some of them, in date order. Ranges may overlap (a period and the one before it, a stock since ever)."""
    cuts = sorted({s for s, _ in ranges if s is not None} | {e + timedelta(days=1) for _, e in ranges})
    out = []
    for a, b in zip([None, *cuts], cuts, strict=False):
        last = b - timedelta(days=1)
        if any(_within(a, last, s, e) for s, e in ranges):
            out.append((a, last))
    return out


def _within(a: date | None, b: date, s: date | None, e: date) -> bool:
    """Whether the days ``a``..``b`` lie within ``s``..``e`` (None: since ever)."""
    return (s is None or (a is not None and s <= a)) and b <= e


def raw_counters(
    counters: list[registry.Counter],
    org_path: str,
    group_len: int,
    ranges: dict[str, list[tuple[date | None, date]]],
    exclude: tuple[str, ...] = (),
) -> dict[str, dict[str, list[int]]]:
    """``{counter: {group: [value per range]}}`` of several counters of one model and org lookup, in one query, for
    counters ``shareable`` says may share one. The rows any of them counts on the days the ranges cover (the edge
    days of a custom span) are grouped by sub-tree and by *piece* of those days (``day_pieces``: disjoint, each range
    a union of pieces; one set of pieces per date lookup) with one aggregate per counter, and each range adds up its
    pieces: the date test is made once per row, not once per counter and range."""
    counters = [c for c in counters if ranges.get(c.key)]
    if not counters:
        return {}
    first = counters[0]
    dates = list(dict.fromkeys(c.date for c in counters))
    pieces = {d: day_pieces([r for c in counters if c.date == d for r in ranges[c.key]]) for d in dates}
    scope = Q()
    for d, counter in ((d, next(c for c in counters if c.date == d)) for d in dates):
        if any(a is None for a, _ in pieces[d]):
            scope = Q()  # since ever: every row of the sub-tree
            break
        for a, b in pieces[d]:
            scope |= day_range_q(counter, a, b)
    wheres = [c.where() for c in counters]
    if all(wheres):
        either = Q()
        for where in wheres:
            either |= where
        scope &= either
    marks = {}
    for i, d in enumerate(dates):
        counter = next(c for c in counters if c.date == d)
        marks[f"_r{i}"] = Case(
            *[When(day_range_q(counter, a, b), then=Value(k)) for k, (a, b) in enumerate(pieces[d])],
            default=Value(-1),
            output_field=models.IntegerField(),
        )
    aggregates = {f"c{j}": counter.value(counter.where()) for j, counter in enumerate(counters)}
    grouped = (
        in_tree(first.model()._base_manager.all(), first.org, org_path, exclude)
        .filter(scope)
        .order_by()
        .annotate(_g=Substr(f"{first.org}__path", 1, group_len), **marks)
        .values("_g", *marks)
        .annotate(**aggregates)
        .values_list("_g", *marks, *aggregates)
    )
    # values[counter][group][piece]: the counter's total over the rows of that piece of its own date's days.
    values: dict[str, dict[str, dict[int, int]]] = {c.key: defaultdict(lambda: defaultdict(int)) for c in counters}
    at = {d: i for i, d in enumerate(dates)}
    for g, *rest in grouped:
        marks_of, found = rest[: len(dates)], rest[len(dates) :]
        for counter, v in zip(counters, found, strict=True):
            k = marks_of[at[counter.date]]
            if k >= 0 and v:
                values[counter.key][g][k] += v
    out: dict[str, dict[str, list[int]]] = {}
    for counter in counters:
        mine = pieces[counter.date]
        parts = [[k for k, (a, b) in enumerate(mine) if _within(a, b, s, e)] for s, e in ranges[counter.key]]
        out[counter.key] = {
            g: [sum(by_piece.get(k, 0) for k in ks) for ks in parts] for g, by_piece in values[counter.key].items()
        }
    return out


def rollup_counters(
    keys: list[str], org, group_len: int, ranges: list[tuple[date | None, date]]
) -> dict[str, dict[str, list[int]]]:
    """``{counter: {group: [value per month range]}}`` from the rollups, one query for every counter. A range is
    ``(first month, last month)`` as first-of-month dates; a first month of None means since ever.

    Rollup rows hold the totals of each org's whole sub-tree, so only the org's own rows (and, for a breakdown, its
    direct children's) are read, however large the tree below: its own records are its total less its children's.
    """
    from .models import Rollup

    if not ranges or not keys:
        return {}
    aggregates = {}
    for i, (first, last) in enumerate(ranges):
        q = Q(month__lte=last)
        if first is not None:
            q &= Q(month__gte=first)
        aggregates[f"p{i}"] = Sum("value", filter=q)
    breakdown = group_len > len(org.path)
    if breakdown:
        # The org and its children by id first: the planner then walks the rollup index org by org.
        family = type(org).objects.filter(path__startswith=org.path, depth__lte=org.depth + 1).values("pk")
        rows = Rollup.objects.filter(org__in=family)
    else:
        rows = Rollup.objects.filter(org=org)
    rows = rows.filter(counter__in=keys)
    firsts = [first for first, _ in ranges if first is not None]
    if len(firsts) == len(ranges):
        rows = rows.filter(month__gte=min(firsts))
    elif firsts:
        # Only stocks need the months since ever (their ranges have no first month); flows only their periods', so
        # a breakdown by hundreds of children does not read every month of every flow.
        stocks = [k for k in keys if registry.COUNTERS[k].stock]
        rows = rows.filter(Q(counter__in=stocks) | Q(month__gte=min(firsts)))
    grouped = (
        rows.filter(month__lte=max(last for _, last in ranges))
        .order_by()
        .values("counter", "org__path")
        .annotate(**aggregates)
        .values_list("counter", "org__path", *aggregates)
    )
    out: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for key, path, *values in grouped:
        out[key][path] = [v or 0 for v in values]
    if breakdown:
        for by_path in out.values():
            total = by_path.pop(org.path, [0] * len(ranges))
            children = [sum(col) for col in zip(*by_path.values(), strict=True)] or [0] * len(ranges)
            by_path[org.path] = [t - c for t, c in zip(total, children, strict=True)]
    return out


def pieces(period: Period, *, stock: bool) -> list[tuple[str, date | None, date]]:
    """How to answer one period from rollups: ``("rollup", first month, last month)`` for the whole months and
    ``("raw", first day, last day)`` for the days at the edges. For a stock, everything up to the period's end."""
    s, e = period.start, period.end
    last_whole = e if e == month_end(e) else month_start(e) - timedelta(days=1)
    last_month = month_start(last_whole)
    tail = [(RAW, last_whole + timedelta(days=1), e)] if last_whole < e else []
    if stock:
        return [(ROLLUP, None, last_month), *tail]
    first_month = s if s.day == 1 else add_months(month_start(s), 1)
    if first_month > last_month:
        return [(RAW, s, e)]
    head = [(RAW, s, first_month - timedelta(days=1))] if s < first_month else []
    return [*head, (ROLLUP, first_month, last_month), *tail]


def raw_edges(
    raw_ranges: dict[str, list], org_path: str, group_len: int, exclude: tuple[str, ...] = ()
) -> dict[str, dict[str, list[int]]]:
    """``{counter: {group: [value per range]}}`` from the raw tables: the counters of one model and org lookup in one
    query each (``raw_counters``), the others alone; ``exclude``: sub-trees left out (``in_tree``)."""
    raw: dict[str, dict[str, list[int]]] = {}
    together: dict[tuple, list[registry.Counter]] = defaultdict(list)
    for key in raw_ranges:
        counter = registry.COUNTERS[key]
        if shareable(counter):
            together[(counter.model(), counter.org)].append(counter)
        else:
            raw[key] = raw_counter(counter, org_path, group_len, raw_ranges[key], exclude)
    for counters in together.values():
        if len(counters) == 1:
            raw[counters[0].key] = raw_counter(counters[0], org_path, group_len, raw_ranges[counters[0].key], exclude)
        else:
            raw.update(raw_counters(counters, org_path, group_len, raw_ranges, exclude))
    return raw


def evaluate_counters(
    keys: list[str], org, group_len: int, periods: list[Period], source: str
) -> dict[str, dict[str, list[int]]]:
    """``{counter: {group: [value per period]}}``, from the raw tables or the rollups (with their edge days from the
    day rollups or raw, ``reports.days.edge_counters``)."""
    plans: dict[str, list[list[tuple]]] = {}
    raw_ranges: dict[str, list] = defaultdict(list)
    rollup_ranges: list = []
    for key in keys:
        counter = registry.COUNTERS[key]
        per_period = []
        for period in periods:
            if source == ROLLUP:
                parts = pieces(period, stock=counter.stock)
            else:
                parts = [(RAW, None if counter.stock else period.start, period.end)]
            for kind, a, b in parts:
                bucket = rollup_ranges if kind == ROLLUP else raw_ranges[key]
                if (a, b) not in bucket:
                    bucket.append((a, b))
            per_period.append(parts)
        plans[key] = per_period
    if source == ROLLUP:
        from .days import edge_counters

        raw = edge_counters(raw_ranges, org, group_len)
    else:
        raw = raw_edges(raw_ranges, org.path, group_len)
    rolled = rollup_counters(list(keys), org, group_len, rollup_ranges)
    out: dict[str, dict[str, list[int]]] = {}
    for key, per_period in plans.items():
        groups = set(raw.get(key, {})) | set(rolled.get(key, {}))
        values: dict[str, list[int]] = {}
        for g in groups:
            row = []
            for parts in per_period:
                total = 0
                for kind, a, b in parts:
                    if kind == ROLLUP:
                        total += rolled.get(key, {}).get(g, [0] * len(rollup_ranges))[rollup_ranges.index((a, b))]
                    else:
                        total += raw.get(key, {}).get(g, [0] * len(raw_ranges[key]))[raw_ranges[key].index((a, b))]
                row.append(total)
            # A group whose rows all fall outside the periods is absent, whichever source answered.
            if any(row):
                values[g] = row
        out[key] = values
    return out


@dataclass
class Result:
    """Metric values of an org's sub-tree: ``totals[key]`` is a list with one value per period (current metrics:
    the value today, then None), ``groups[group][key]`` the same per sub-tree group when a breakdown was asked."""

    periods: list[Period]
    totals: dict[str, list] = field(default_factory=dict)
    groups: dict[str, dict[str, list]] = field(default_factory=dict)
    source: str = RAW


def _apply(metric: registry.Metric, inputs_per_period: list[dict]) -> list:
    if metric.current:
        return [metric.formula(inputs_per_period[0])] + [None] * (len(inputs_per_period) - 1)
    return [metric.formula(inputs) for inputs in inputs_per_period]


def compute(
    org,
    periods: list[Period],
    *,
    keys: list[str] | None = None,
    breakdown: bool = False,
    breakdown_keys: list[str] | None = None,
    source: str = RAW,
) -> Result:
    """The metrics ``keys`` (default: all) of ``org``'s sub-tree for each period, from ``source`` (``"raw"`` or
    ``"rollup"``; the caller decides whether the rollups are fresh). With ``breakdown``, also per direct child, for
    ``breakdown_keys`` (default: the same metrics): a measure that does not add up is then computed per child only
    when one of those needs it."""
    chosen = [registry.METRICS[k] for k in keys] if keys else registry.metrics()
    own_len = len(org.path)
    group_len = own_len + org.steplen if breakdown else own_len
    counter_keys = {i for m in chosen for i in m.inputs if i in registry.COUNTERS}
    # The counters distinct counts add (walk-in guests), read with the others for the bitmaps (reports.bitmaps).
    counter_keys |= {
        registry.DISTINCTS[i].also
        for m in chosen
        for i in m.inputs
        if i in registry.DISTINCTS and registry.DISTINCTS[i].also and source == ROLLUP
    }
    counter_keys = sorted(counter_keys)
    measures = {
        id(registry.MEASURES[i]): registry.MEASURES[i] for m in chosen for i in m.inputs if i in registry.MEASURES
    }
    n = len(periods)

    distinct_keys = sorted({i for m in chosen for i in m.inputs if i in registry.DISTINCTS})
    grouped_metrics = [m for m in chosen if breakdown and (breakdown_keys is None or m.key in breakdown_keys)]
    grouped_inputs = {i for m in grouped_metrics for i in m.inputs}
    snapshots = [key for measure in measures.values() if measure.snapshot for key in measure.keys]
    extras = {}
    if source == ROLLUP:
        calendar = [(p.calendar_kind, p.start) for p in periods if p.calendar_kind]
        wanted = [(distinct_key(k, kind), start) for k in distinct_keys for kind, start in calendar]
        extras = rollup_extras(org, breakdown, wanted, snapshots)

    # inputs[group][input key] = [value per period]
    inputs: dict[str, dict[str, list]] = defaultdict(dict)
    totals: dict[str, list] = {}
    for key, by_group in evaluate_counters(counter_keys, org, group_len, periods, source).items():
        total = [0] * n
        for g, values in by_group.items():
            inputs[g][key] = values
            total = [a + b for a, b in zip(total, values, strict=True)]
        totals[key] = total
    for key in distinct_keys:
        # Distinct counts do not add up: the total is its own figure, the groups are read only when shown.
        wanted_len = group_len if breakdown and key in grouped_inputs else None
        totals[key], by_group = evaluate_distinct(key, org, periods, source, wanted_len, extras, totals)
        for g, values in by_group.items():
            inputs[g][key] = values
    for measure in measures.values():
        if measure.snapshot and source == ROLLUP:
            grouped = _snapshot_groups(measure, org, breakdown, extras)
        elif breakdown and not measure.additive and not grouped_inputs.intersection(measure.keys):
            # Nobody reads it per child: one query for the total only.
            whole = measure.fn(org, periods, own_len)
            _set_totals(totals, measure, whole.get(org.path, {}), n)
            continue
        else:
            grouped = measure.fn(org, periods, group_len)
        for g, values in grouped.items():
            for key, v in values.items():
                inputs[g][key] = [v] * n if measure.current else v
        if not breakdown:
            whole = grouped
        elif measure.additive:
            whole = {org.path: _sum_groups(grouped, measure, n)}
        else:
            whole = measure.fn(org, periods, own_len)
        _set_totals(totals, measure, whole.get(org.path, {}), n)
    result = Result(periods=periods, source=source)
    for metric in chosen:
        result.totals[metric.key] = _apply(metric, [{k: totals[k][i] for k in metric.inputs} for i in range(n)])
    if breakdown:
        for g, values in inputs.items():
            result.groups[g] = {
                metric.key: _apply(
                    metric, [{k: (values.get(k) or [0] * n)[i] for k in metric.inputs} for i in range(n)]
                )
                for metric in grouped_metrics
            }
    return result


def _snapshot_groups(measure: registry.Measure, org, breakdown: bool, extras: dict) -> dict:
    """A snapshotted measure's values from the rollups, as ``measure.fn`` would group them: the org's sub-tree, or
    each direct child's sub-tree and the org's own records (its total less its children's)."""
    out: dict[str, dict] = {}
    for key in measure.keys:
        by_path = {path: v for (counter, path, _month), v in extras.items() if counter == key}
        total = by_path.pop(org.path, 0)
        if breakdown:
            by_path[org.path] = total - sum(by_path.values())
        else:
            by_path = {org.path: total}
        for path, v in by_path.items():
            if v:
                out.setdefault(path, {})[key] = v
    return out


def _set_totals(totals: dict, measure: registry.Measure, values: dict, n: int) -> None:
    for key in measure.keys:
        v = values.get(key)
        if measure.current:
            totals[key] = [v if v is not None else 0] * n
        else:
            totals[key] = v if v is not None else [0] * n


def _sum_groups(grouped: dict, measure: registry.Measure, n: int) -> dict:
    out = {}
    for key in measure.keys:
        if measure.current:
            out[key] = sum((values.get(key) or 0) for values in grouped.values())
        else:
            out[key] = [sum(((values.get(key) or [0] * n)[i] or 0) for values in grouped.values()) for i in range(n)]
    return out
