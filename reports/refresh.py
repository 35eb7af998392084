"""Incremental refresh of the rollups: what changed since the last build, not a rebuild.

The watermark (``rollups.watermark``) is recorded part by part, one group per ``core.metrics.Watch``. Comparing the
recorded parts with today's says which watches moved, hence which models changed. The change journal is then:

- for a model that only gained rows (an ``append`` watch whose ``MAX(id)`` alone moved: the membership history,
  participations, ratings, the appeals' timeline), the rows with ids between the recorded and the current maximum.
  They are grouped by org and month and *added* to the rollups of the org and its ancestors (counters add up), their
  ids OR-ed into the bitmaps of distinct counts, and the distinct counts of the touched orgs and periods recounted
  (from the bitmaps for orgs with children, raw for a leaf's own rows). A day's changes touch a few hundred cells.
- for any other change (a row edited or deleted: an appeal's state, an activity moved to another day), the
  declarations that read the model (through their model, their org or date lookups or their filter) are rebuilt
  one by one, as ``rebuild`` would, leaving the others alone.

A change this cannot place (a watch whose models no declaration reads, such as a move in the tree, which changes
every ancestor's totals) or rollups built for another registry fall back to the full ``rebuild``. The result is the
same rows a rebuild gives (``reports/tests/test_refresh.py`` compares them).
"""

import time
from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from pyroaring import BitMap

import core.metrics as registry
from core.metrics import reads
from core.tree import get_org_model

from . import bitmaps, days, rollups
from .engine import distinct_key, distinct_rows, raw_distinct
from .models import Rollup, RollupBitmap, RollupDay, RollupState
from .periods import Period, add_months


def _parts(mark: dict, key: str) -> dict:
    return {k: v for k, v in mark.items() if k.startswith(key + ".")}


def _moved(old: dict, new: dict) -> dict[str, str]:
    """``{watch key: "append" | "changed"}`` for every watch whose parts moved: ``append`` when only ``MAX(id)`` of
    an append-only model grew."""
    out = {}
    for key, watch in registry.WATCHES.items():
        before, now = _parts(old, key), _parts(new, key)
        if before == now:
            continue
        grew = (
            watch.append
            and set(before) == {f"{key}.max_id"} == set(now)
            and (now[f"{key}.max_id"] or 0) >= (before[f"{key}.max_id"] or 0)
        )
        out[key] = "append" if grew else "changed"
    return out


class FullRebuild(Exception):
    """The change cannot be placed: rebuild everything."""


def refresh() -> RollupState:
    """Bring the rollups up to date with the sources; returns the new state (``rows`` is the number of rollup rows
    written or changed, ``seconds`` the time taken). Falls back to ``rollups.rebuild`` when it must."""
    current = rollups.state()
    if current is None or current.watermark.get("layout") != rollups.layout():
        return rollups.rebuild()
    started = time.monotonic()
    mark = rollups.watermark()
    if mark == current.watermark:
        return current
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [rollups.REBUILD_LOCK])
            touched = _apply(current.watermark, mark)
            RollupState.objects.all().delete()
            return RollupState.objects.create(
                built_at=timezone.now(), watermark=mark, rows=touched, seconds=round(time.monotonic() - started, 3)
            )
    except FullRebuild:
        return rollups.rebuild()


def _apply(old: dict, new: dict) -> int:
    moved = _moved(old, new)
    declarations = [*registry.COUNTERS.values(), *registry.DISTINCTS.values()]
    snapshots = [m for m in {id(m): m for m in registry.MEASURES.values() if m.snapshot}.values()]
    read = {id(d): reads(d) for d in declarations}
    placed = set().union(*read.values(), *({f() for f in m.models} for m in snapshots))
    grown: dict = {}  # model -> (old max id, new max id)
    changed: set = set()
    for key, how in moved.items():
        watch = registry.WATCHES[key]
        models = {watch.model(), *(m() for m in watch.covers)}
        if not models & placed:
            # Nothing reads these rows directly (a move in the tree): every ancestor's totals may change.
            raise FullRebuild
        covered = models - {watch.model()}
        if how == "append" and watch.model() in placed:
            grown[watch.model()] = (old.get(f"{key}.max_id") or 0, new.get(f"{key}.max_id") or 0)
            changed |= covered  # what it covers changed in ways its new rows do not say
        elif how == "append":
            changed |= covered  # a timeline: its new rows mark changes of the rows it covers
        else:
            changed |= models & placed
    org_model = get_org_model()
    paths = dict(org_model.objects.values_list("pk", "path"))
    ids_by_path = {p: pk for pk, p in paths.items()}
    parents = {p[:cut] for p in ids_by_path for cut in range(org_model.steplen, len(p), org_model.steplen)}
    marked = set(RollupDay.objects.filter(counter=days.MARK).values_list("org_id", flat=True))
    touched = 0
    # Counters first: a distinct count's ``also`` counter must be current when the distinct counts are recounted.
    redo = []
    for counter in registry.COUNTERS.values():
        models = read[id(counter)]
        if models & changed or (models & set(grown)) - {counter.model()}:
            redo.append(counter)
        elif counter.model() in grown:
            touched += _add_counter(counter, *grown[counter.model()], paths, ids_by_path, marked)
    if redo:
        touched += _redo_counters(redo)
    for distinct in registry.DISTINCTS.values():
        models = read[id(distinct)]
        if models & changed or (models & set(grown)) - {distinct.model()} or not distinct.ids:
            if models & (changed | set(grown)):
                touched += _redo_distinct(distinct)
        elif distinct.model() in grown:
            touched += _add_distinct(distinct, *grown[distinct.model()], paths, ids_by_path, parents)
    for measure in snapshots:
        if {f() for f in measure.models} & (changed | set(grown)):
            Rollup.objects.filter(counter__in=measure.keys).delete()
            touched += rollups._insert_snapshot(measure, timezone.localdate())
    return touched


def _redo_counters(counters) -> int:
    """Rebuild these counters' rollups as ``rebuild`` does, summed up the tree together (one pass per level)."""
    Rollup.objects.filter(counter__in=[c.key for c in counters]).delete()
    RollupDay.objects.filter(counter__in=[days.day_key(c.key) for c in counters]).delete()
    for counter in counters:
        rollups._insert(counter)
    # As in the rebuild: without statistics that count the staging rows, PostgreSQL plans the sum up the tree for
    # none of them and takes a minute instead of a second.
    rollups._analyze()
    return rollups._sum_up_the_tree(counters)


def _redo_distinct(distinct) -> int:
    keys = [distinct_key(distinct.key, kind) for kind in registry.PERIOD_KINDS]
    Rollup.objects.filter(counter__in=keys).delete()
    RollupBitmap.objects.filter(counter__in=[*keys, distinct_key(distinct.key, bitmaps.DAY)]).delete()
    org_model = get_org_model()
    depth = max(org_model.objects.values_list("depth", flat=True), default=0)
    written = 0
    for kind in registry.PERIOD_KINDS:
        for level in range(1, depth + 1):
            written += rollups._insert_distinct(distinct, kind, level)
    if distinct.ids:
        written += bitmaps.build(distinct)
    return written


def _ancestors(path: str, steplen: int) -> list[str]:
    return [path[:cut] for cut in range(steplen, len(path) + 1, steplen)]


def _add_counter(counter, first: int, last: int, paths: dict, ids_by_path: dict, marked: set) -> int:
    """Add the rows with ids in (first, last] to the counter's rollups of their org and its ancestors, and to the
    day rows of the ancestors that have them (``marked``, see ``reports.days``)."""
    steplen = get_org_model().steplen
    own = (
        counter.model()
        ._base_manager.filter(counter.where())
        .filter(pk__gt=first, pk__lte=last)
        .order_by()
        .values(o=F(f"{counter.org}__id"), d=rollups.day_of(counter))
        .annotate(v=counter.value(Q()))
        .values_list("o", "d", "v")
    )
    deltas: dict[tuple[int, date], int] = defaultdict(int)
    by_day: dict[tuple[int, date], int] = defaultdict(int)
    for org_id, day, value in own:
        if not value or org_id not in paths:
            continue
        for anc in _ancestors(paths[org_id], steplen):
            deltas[(ids_by_path[anc], day.replace(day=1))] += value
            if ids_by_path[anc] in marked:
                by_day[(ids_by_path[anc], day)] += value
    month_rows = _upsert(counter.key, deltas, add=True)
    return month_rows + _upsert(days.day_key(counter.key), by_day, add=True, model=RollupDay)


def _upsert(key: str, values: dict[tuple[int, date], int], *, add: bool, model=Rollup) -> int:
    """Write ``values`` (``{(org id, month or day): value}``) into the rows of ``key`` in ``model`` (``Rollup`` or
    ``RollupDay``): added to what is there (``add``) or replacing it; rows that come to zero go (a rebuild writes
    no zero rows)."""
    if not values:
        return 0
    when = "month" if model is Rollup else "day"
    orgs = {o for o, _ in values}
    dates = {m for _, m in values}
    existing = {
        (r.org_id, getattr(r, when)): r
        for r in model.objects.filter(counter=key, org_id__in=orgs, **{f"{when}__in": dates})
    }
    create, update, delete = [], [], []
    for cell, value in values.items():
        row = existing.get(cell)
        total = (row.value if row and add else 0) + value
        if row is None:
            if total:
                create.append(model(counter=key, org_id=cell[0], value=total, **{when: cell[1]}))
        elif total:
            row.value = total
            update.append(row)
        else:
            delete.append(row.pk)
    model.objects.bulk_create(create, batch_size=1000)
    model.objects.bulk_update(update, ["value"], batch_size=1000)
    model.objects.filter(pk__in=delete).delete()
    return len(create) + len(update) + len(delete)


def _add_distinct(distinct, first: int, last: int, paths: dict, ids_by_path: dict, parents: set) -> int:
    """OR the ids of the rows with ids in (first, last] into the bitmaps of their orgs' ancestors, then recount the
    distinct count of every org and period they touch."""
    steplen = get_org_model().steplen
    rows = (
        distinct.model()
        ._base_manager.filter(distinct.where())
        .filter(pk__gt=first, pk__lte=last)
        .order_by()
        .annotate(_d=rollups.day_of(distinct))
        .values_list(f"{distinct.org}__path", "_d", distinct.ids)
    )
    added: dict[tuple[str, str, date], BitMap] = defaultdict(BitMap)
    cells: set[tuple[str, str, date]] = set()  # (org path, kind, period start) to recount
    for path, day, ident in rows:
        starts = bitmaps.starts_of(day)
        for anc in _ancestors(path, steplen):
            for kind, start in starts.items():
                if kind != bitmaps.DAY:  # days have bitmaps, not counts
                    cells.add((anc, kind, start))
                if ident is not None and anc in parents:
                    added[(anc, kind, start)].add(ident)
    touched = 0
    # The bitmaps of orgs with children.
    for (anc, kind, start), bits in added.items():
        counter = distinct_key(distinct.key, kind)
        row = RollupBitmap.objects.filter(counter=counter, org_id=ids_by_path[anc], month=start).first()
        if row is None:
            RollupBitmap.objects.create(counter=counter, org_id=ids_by_path[anc], month=start, data=bits.serialize())
        else:
            row.data = (BitMap.deserialize(bytes(row.data)) | bits).serialize()
            row.save(update_fields=["data"])
        touched += 1
    # The counts: from the bitmap (and the ``also`` counter) where there is one, else the org's own rows raw.
    values: dict[str, dict[tuple[int, date], int]] = defaultdict(dict)
    for anc, kind, start in cells:
        period = _calendar(kind, start)
        org_id = ids_by_path[anc]
        if anc in parents and distinct.ids:
            row = RollupBitmap.objects.filter(
                counter=distinct_key(distinct.key, kind), org_id=org_id, month=start
            ).first()
            value = len(BitMap.deserialize(bytes(row.data))) if row else 0
            if distinct.also:
                value += sum(
                    Rollup.objects.filter(
                        counter=distinct.also, org_id=org_id, month__gte=period.start, month__lte=period.end
                    ).values_list("value", flat=True)
                )
        else:
            # A leaf: its sub-tree is its own rows, found through the org's key (an index), not a path prefix.
            own = distinct_rows(distinct, pk=org_id)
            value = raw_distinct(distinct, own, len(anc), [period]).get(anc, [0])[0]
        values[distinct_key(distinct.key, kind)][(org_id, start)] = value
    for key, by_cell in values.items():
        touched += _upsert(key, by_cell, add=False)
    return touched


def _calendar(kind: str, start: date) -> Period:
    """The calendar month, quarter or year starting on ``start``."""
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    end = add_months(start, months)
    return Period(start, date.fromordinal(end.toordinal() - 1))
