"""Building the rollups and deciding whether they can be trusted.

``rebuild()`` sums every registered counter per org and month straight from the source tables (``INSERT …
SELECT``: nothing goes through Python, so a province rebuilds in a minute or so), then sums those up the tree, one
level at a time, so each row of ``reports_rollup`` is the total of an org's whole sub-tree: the figures of the root
of a province read its own row and its children's, not one row per union. It records a *watermark* of the sources
taken just before: the highest ids of the append-only tables (membership history, participations, ratings, appeals
and their timeline, which every workflow step adds to), the size and last change of the small tables (activities,
member tags), how many activities have closed their check-in by now (which grows as time passes), and the last
move of an org in the tree (which changes its ancestors' totals), and which keys the registry rolls up (rollups
built before a counter was added or changed shape are not fresh).

Beside the counters' monthly rows, ``rebuild()`` writes the rows of what does not add up: each distinct count
(``registry.Distinct``, different people who took part) per org sub-tree for every calendar year, quarter and month
(key ``<count>@year`` etc., ``month`` the first day of the period; one ``INSERT … SELECT`` per level of the tree and
kind of period), and a snapshot of each snapshotted measure (``Measure.snapshot``: the members holding a membership,
key the measure's, ``month`` the day of the rebuild) per org sub-tree.

The rollups are *fresh* while the watermark of the sources now equals the one recorded: nothing they count has
changed since they were built, so they give exactly the raw figures for every period. Any write through the
services moves the watermark; the 成绩单 then reads the raw tables (and says so) until the next rebuild. Rebuild
regularly (``manage.py rebuild_rollups`` from cron, or the ``rebuild_rollups_task`` background task). Deleting
source rows outside the services (there is no such service) needs a rebuild.
"""

import time

from django.db import connection, transaction
from django.db.models import DateField, DateTimeField, F, Max, Q
from django.db.models.functions import Substr, TruncDate, TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

import core.metrics as registry
from core.tree import get_org_model

from . import bitmaps, days
from .engine import RAW, ROLLUP, date_field, distinct_key
from .models import Rollup, RollupBitmap, RollupDay, RollupState

Org = get_org_model()

# The key of the PostgreSQL advisory lock held while rebuilding.
REBUILD_LOCK = 7_360_001


def _watch_sql(watch: registry.Watch) -> tuple[list[str], list[str], list]:
    """The watermark's parts of one watch: ``(names, SQL expressions, params)``."""
    from core.models import AuditEvent

    q = connection.ops.quote_name
    model = watch.model()
    rows = model._base_manager.order_by()
    if watch.where is not None:
        rows = rows.filter(watch.where())
    columns = {"_id": F("pk")}
    if watch.changed:
        columns["_changed"] = F(watch.changed)
    sql, base = rows.values(**columns).query.sql_with_params()
    names, parts, params = [f"{watch.key}.max_id"], [f"(SELECT MAX(w.{q('_id')}) FROM ({sql}) w)"], list(base)
    if not watch.append:
        names.append(f"{watch.key}.count")
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) w)")
        params += base
    if watch.changed:
        names.append(f"{watch.key}.changed")
        parts.append(f"(SELECT MAX(w.{q('_changed')}) FROM ({sql}) w)")
        params += base
    if watch.audited:
        names.append(f"{watch.key}.audit")
        parts.append(f"(SELECT MAX({q('id')}) FROM {q(AuditEvent._meta.db_table)} WHERE {q('object_type')} = %s)")
        params.append(model._meta.label_lower)
    return names, parts, params


def watermark() -> dict:
    """What the watched rows look like now (``core.metrics.Watch`` declarations): one query for every table's
    maxima and counts, plus each watch's ``value``."""
    names, parts, params = [], [], []
    for key in sorted(registry.WATCHES):
        n, p, a = _watch_sql(registry.WATCHES[key])
        names += n
        parts += p
        params += a
    mark: dict = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            values = cursor.fetchone()
        for name, value in zip(names, values, strict=True):
            mark[name] = value.isoformat() if hasattr(value, "isoformat") else (value or 0)
    for key in sorted(registry.WATCHES):
        watch = registry.WATCHES[key]
        if watch.value is not None:
            mark[f"{key}.value"] = watch.value()
    mark["layout"] = layout()
    return mark


def layout() -> str:
    """The keys the rollups hold, by kind: rollups built for another registry are not fresh."""
    distincts = [distinct_key(k, kind) for k in sorted(registry.DISTINCTS) for kind in registry.PERIOD_KINDS]
    distincts += [distinct_key(k, bitmaps.DAY) for k in sorted(registry.DISTINCTS) if registry.DISTINCTS[k].ids]
    snapshots = sorted({k for m in registry.MEASURES.values() if m.snapshot for k in m.keys})
    day_rows = [days.day_key(k) for k in sorted(registry.COUNTERS)]
    return ";".join(",".join(keys) for keys in (sorted(registry.COUNTERS), distincts, snapshots, day_rows))


TRUNC = {"year": TruncYear, "quarter": TruncQuarter, "month": TruncMonth}


def day_of(declaration):
    """The expression for the local day of a counter's (or distinct count's) date."""
    if isinstance(date_field(declaration.model(), declaration.date), DateTimeField):
        return TruncDate(declaration.date, tzinfo=timezone.get_current_timezone())
    return F(declaration.date)


def period_of(declaration, kind: str = "month"):
    """The expression for the first day of the local year, quarter or month of a counter's (or distinct count's)
    date."""
    return TRUNC[kind](day_of(declaration), output_field=DateField())


def month_of(counter: registry.Counter):
    """The expression for the first day of the local month of a counter's date."""
    return period_of(counter, "month")


# Staging rows (an org's own records) carry this prefix on the counter key until they are summed up the tree.
OWN = "own:"


def _insert(counter: registry.Counter) -> int:
    """``INSERT … SELECT`` the counter's sums of each org's own records per month (into ``reports_rollup``) and per
    day (into ``reports_rollupday``, see ``reports.days``), as staging rows keyed ``own:<counter>`` (and
    ``own:<counter>@day``); returns the rows written."""
    model = counter.model()
    written = 0
    for target, key, when in (
        (Rollup, counter.key, month_of(counter)),
        (RollupDay, days.day_key(counter.key), day_of(counter)),
    ):
        grouped = (
            model._base_manager.filter(counter.where())
            .order_by()
            .values(o=F(f"{counter.org}__id"), m=when)
            .annotate(v=counter.value(Q()))
        )
        sql, params = grouped.query.sql_with_params()
        q = connection.ops.quote_name
        table, column = _table(target)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({q('counter')}, {q('org_id')}, {column}, {q('value')}) "
                f"SELECT %s, sub.{q('o')}, sub.{q('m')}, sub.{q('v')} FROM ({sql}) sub WHERE sub.{q('v')} <> 0",
                [OWN + key, *params],
            )
            written += cursor.rowcount
    return written


def _table(target) -> tuple[str, str]:
    """The quoted table of ``Rollup`` or ``RollupDay`` and its quoted date column."""
    q = connection.ops.quote_name
    return q(target._meta.db_table), q("month" if target is Rollup else "day")


def _sum_up_the_tree(counters: list[registry.Counter]) -> int:
    """Turn the staging rows of ``counters`` into sub-tree totals: for each depth, every org gets the sum of the own
    records of itself and everything below it (one ``INSERT … SELECT`` per level of the tree and table), then the
    staging rows go. Day rows only for the orgs marked to have them (``reports.days``). The staging rows are named
    by their keys (an index look-up), not by a pattern that would scan the tables."""
    q = connection.ops.quote_name
    orgs = q(Org._meta.db_table)
    depth = Org.objects.aggregate(deepest=Max("depth"))["deepest"] or 0
    written = 0
    with connection.cursor() as cursor:
        for target in (Rollup, RollupDay):
            table, column = _table(target)
            staged = [OWN + (c.key if target is Rollup else days.day_key(c.key)) for c in counters]
            if not staged:
                continue
            named = ", ".join(["%s"] * len(staged))
            only_marked, marked_params = "", []
            if target is RollupDay:
                mark = f"m.{q('counter')} = %s AND m.{q('org_id')} = anc.{q('id')}"
                only_marked = f"AND EXISTS (SELECT 1 FROM {table} m WHERE {mark}) "
                marked_params = [days.MARK]
            for level in range(1, depth + 1):
                cursor.execute(
                    f"INSERT INTO {table} ({q('counter')}, {q('org_id')}, {column}, {q('value')}) "
                    f"SELECT SUBSTR(r.{q('counter')}, %s), anc.{q('id')}, r.{column}, SUM(r.{q('value')}) "
                    f"FROM {table} r JOIN {orgs} o ON o.{q('id')} = r.{q('org_id')} "
                    f"JOIN {orgs} anc ON anc.{q('path')} = SUBSTR(o.{q('path')}, 1, %s) "
                    f"WHERE r.{q('counter')} IN ({named}) AND o.{q('depth')} >= %s {only_marked}"
                    f"GROUP BY r.{q('counter')}, anc.{q('id')}, r.{column} HAVING SUM(r.{q('value')}) <> 0",
                    [len(OWN) + 1, level * Org.steplen, *staged, level, *marked_params],
                )
                written += cursor.rowcount
            cursor.execute(f"DELETE FROM {table} WHERE {q('counter')} IN ({named})", staged)
    return written


def _insert_distinct(distinct: registry.Distinct, kind: str, level: int) -> int:
    """``INSERT … SELECT`` a distinct count per sub-tree of the orgs at depth ``level`` and per period of ``kind``:
    the rows of orgs at that depth or below, grouped by their path cut to that depth, joined back to the org."""
    rows = distinct.model()._base_manager.filter(distinct.where()).filter(**{f"{distinct.org}__depth__gte": level})
    grouped = (
        rows.order_by()
        .values(g=Substr(f"{distinct.org}__path", 1, level * Org.steplen), p=period_of(distinct, kind))
        .annotate(v=distinct.value(Q()))
    )
    sql, params = grouped.query.sql_with_params()
    q = connection.ops.quote_name
    table, orgs = q(Rollup._meta.db_table), q(Org._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({q('counter')}, {q('org_id')}, {q('month')}, {q('value')}) "
            f"SELECT %s, anc.{q('id')}, sub.{q('p')}, sub.{q('v')} FROM ({sql}) sub "
            f"JOIN {orgs} anc ON anc.{q('path')} = sub.{q('g')} WHERE sub.{q('v')} <> 0",
            [distinct_key(distinct.key, kind), *params],
        )
        return cursor.rowcount


def _insert_snapshot(measure: registry.Measure, day) -> int:
    """The measure's value today for every org's sub-tree: each org's own value (one call of ``measure.fn`` over
    the whole forest, grouped by full path), summed onto every ancestor."""
    deepest = Org.objects.aggregate(deepest=Max("depth"))["deepest"] or 0
    forest = Org(path="", depth=0)
    own = measure.fn(forest, [], deepest * Org.steplen)
    totals: dict[str, dict[str, int]] = {}
    for path, values in own.items():
        for cut in range(Org.steplen, len(path) + 1, Org.steplen):
            sums = totals.setdefault(path[:cut], {})
            for key, v in values.items():
                sums[key] = sums.get(key, 0) + (v or 0)
    ids = dict(Org.objects.filter(path__in=list(totals)).values_list("path", "pk"))
    rows = [
        Rollup(counter=key, org_id=ids[path], month=day, value=v)
        for path, sums in totals.items()
        if path in ids
        for key, v in sums.items()
        if v
    ]
    Rollup.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _analyze() -> None:
    """Refresh PostgreSQL's statistics of the rollup tables (within the rebuild's transaction, they count its
    rows)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Rollup, RollupDay):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def rebuild() -> RollupState:
    """Rebuild every rollup from the source tables, in one transaction (readers keep the old rollups until it
    commits), then vacuum them (``_vacuum``). The watermark is read first: a write that lands during the rebuild
    leaves the recorded watermark behind the sources, so the rollups are not taken for fresh."""
    started = time.monotonic()
    mark = watermark()
    built_at = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One rebuild at a time (a second one waits, then redoes the work); SQLite's IMMEDIATE transactions
            # already serialise writers.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REBUILD_LOCK])
        Rollup.objects.all().delete()
        RollupDay.objects.all().delete()
        # The orgs whose counters get day rows (reports.days).
        ids = dict(Org.objects.values_list("path", "pk"))
        RollupDay.objects.bulk_create(
            RollupDay(counter=days.MARK, org_id=ids[path], day=days.MARK_DAY, value=1)
            for path in days.marked(list(ids), Org.steplen)
        )
        for counter in registry.COUNTERS.values():
            _insert(counter)
        _analyze()  # the staging rows: else the planner, from the last rebuild's statistics, expects none of them
        rows = _sum_up_the_tree(list(registry.COUNTERS.values()))
        depth = Org.objects.aggregate(deepest=Max("depth"))["deepest"] or 0
        RollupBitmap.objects.all().delete()
        for distinct in registry.DISTINCTS.values():
            for kind in registry.PERIOD_KINDS:
                for level in range(1, depth + 1):
                    rows += _insert_distinct(distinct, kind, level)
            if distinct.ids:
                rows += bitmaps.build(distinct)
        for measure in {id(m): m for m in registry.MEASURES.values() if m.snapshot}.values():
            rows += _insert_snapshot(measure, timezone.localdate(built_at))
        # The table was just rewritten: without fresh statistics the planner may read a breakdown's rows through
        # the (counter, month) index instead of org by org (a second instead of tens of milliseconds).
        _analyze()
        RollupState.objects.all().delete()
        state = RollupState.objects.create(
            built_at=built_at, watermark=mark, rows=rows, seconds=round(time.monotonic() - started, 3)
        )
    _vacuum()
    return state


def _vacuum() -> None:
    """On PostgreSQL, outside a transaction: reclaim the rows the rebuild replaced (every row of the rollup tables)
    and refresh their statistics at once, whether or not autovacuum runs. Left dead, they are index entries every
    read of the rollups steps over: twice as slow a 成绩单 after a few rebuilds."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (Rollup, RollupDay, RollupBitmap):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")


def state() -> RollupState | None:
    return RollupState.objects.order_by("-built_at").first()


def choose_source(prefer: str = "auto") -> tuple[str, RollupState | None]:
    """``("rollup", state)`` when rollups exist and are fresh (or ``prefer="rollup"`` forces them, for the
    benchmark), else ``("raw", state)``. ``prefer="raw"`` always reads the raw tables."""
    current = state()
    if prefer == RAW or current is None:
        return RAW, current
    if prefer == ROLLUP or current.watermark == watermark():
        return ROLLUP, current
    return RAW, current


def build_demo_rollups(ctx) -> None:
    """Demo step ``reports`` (``manage.py seed_demo``): rollups of the freshly built district."""
    built = rebuild()
    ctx.counts.append(("统计汇总数据", f"{built.rows} 行"))
