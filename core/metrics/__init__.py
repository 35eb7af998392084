"""The metric registry: every figure the platform reports, declared once by the app that owns the records.

It lives in ``core`` (below the domain apps) so that ``reports`` reads only declarations and imports no domain
app: a new app adds figures, what the rollups watch and dashboard charts by declaring them in its own
``metrics.py`` (registered from its ``AppConfig.ready``), without editing ``reports``. How to declare:
``docs/declaring-metrics.md``. An app declares:

- **counters**: additive quantities of its records per org and day (``members.held_delta``, ``appeals.received``
  …). A counter names a model, the lookup to the org the record belongs to, the lookup to its date, an aggregate
  and a filter. Because counters add up over orgs and over days, the same declaration computes a figure from
  the raw table and builds the monthly rollups (``reports.rollups``) that answer for a province without scanning
  it. A *stock* counter is a signed delta (+1 on joining, -1 on leaving): its value at a date is the sum of every
  delta up to that date.
- **distinct counts**: how many different things (people) one model's rows name within a sub-tree and a period
  (``activities.people``). They do not add up over orgs or months, so the rollups hold them per org sub-tree for
  each calendar year, quarter and month (``PERIOD_KINDS``); any other period is counted from the raw table.
- **measures**: other inputs that need their own query (the tree, the employer register, the members holding a
  membership today), grouped by sub-tree in one query. A measure of the figure today that the rollups' watermark
  covers may be *snapshotted* with the rollups (``snapshot=True``) and read from them while they are fresh.
- **metrics**: what staff read. A stable key (``members.count``), a Chinese label, a unit, the section of the
  成绩单 (one of ``SECTIONS``), a definition written for staff, the inputs it needs and how it is made from them (a
  sum, a rate …).
- **watches**: how the rollups notice that the rows they count changed (``Watch``). Every model a counter, a
  distinct count or a snapshotted measure reads must be watched (``unwatched()``; a system check and a test fail
  otherwise): the rollups' watermark is built from these declarations.
- **charts**: the 驾驶舱's charts (``Chart``), each a function of a ``ChartContext``.

The 成绩单, the API, the dashboard, ``docs/metrics.md`` and the rollups pick every entry up.

Period semantics, the same for every metric: a period is a pair of inclusive local dates (Asia/Shanghai). Flows
count records whose date falls within the period; stocks are the value at the end of its last day.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, F, Q, Sum
from django.db.models.functions import Cast, Round

# The sections of the yearly 成绩单 unions publish, in print order. Fixed: a metric names one of them.
# 建功立业 (work and skills: suggestions, contests), 维权维稳 (rights: appeals, mediation, supervision), 关心关爱
# (care: relief, mutual insurance), 文化文明 (activities and services), 基层基础 (the tree, the roster, places).
SECTIONS: tuple[str, ...] = ("建功立业", "维权维稳", "关心关爱", "文化文明", "基层基础")


@dataclass(frozen=True)
class Counter:
    """An additive quantity of one model's rows per org and day.

    ``model`` is a callable returning the model (so declarations can be made before the apps' models are imported
    by whoever reads them), ``org`` the lookup to the org the row counts for (``"union"``,
    ``"activity__organiser"``), ``date`` the lookup to a ``DateField`` or ``DateTimeField`` (datetimes are taken
    as local dates), ``value`` a callable taking a filter and returning the aggregate
    (``lambda f: Count("pk", filter=f)``) and ``where`` a callable returning which rows count (a callable, because
    some filters depend on the time of the query).
    """

    key: str
    model: Callable
    org: str
    date: str
    value: Callable
    where: Callable[[], Q] = field(default=lambda: Q())
    stock: bool = False
    description: str = ""


# Money: the unit 元. Values are exact ``Decimal`` 元 with two places (``yuan``); counters of money sum integer 分
# (``fen``), so the rollups, which hold integers, store 分 and a rollup equals the raw sum to the 分. Pages, the print
# view and the xlsx show 万元 with two decimals (``Metric.shown``); the API gives the exact 元 as a decimal string.
YUAN = "元"
WAN_YUAN = "万元"
CENT = Decimal("0.01")


def fen(field: str) -> Callable:
    """A counter's ``value``: the sum of a money field (元, two places) in 分, an integer, exact."""
    return lambda f: Sum(Cast(Round(F(field) * 100), BigIntegerField()), filter=f)


def yuan(key: str, *, scale: int = 100) -> Callable:
    """A money metric's formula: the input (分 by default; ``scale=1`` for an input already in 元) as an exact
    ``Decimal`` of 元 with two places; None when unknown."""

    def formula(inputs: dict):
        value = inputs.get(key)
        if value is None:
            return None
        return (Decimal(value) / scale).quantize(CENT, rounding=ROUND_HALF_UP)

    return formula


# The periods distinct counts are rolled up for: calendar years, quarters and months.
PERIOD_KINDS = ("year", "quarter", "month")


@dataclass(frozen=True)
class Distinct:
    """How many different things one model's rows name, per org sub-tree and period (different people who took
    part). Declared like a ``Counter`` (``model``, ``org``, ``date``, ``where``), with ``value`` a callable taking a
    filter and returning the aggregate (``Count("member", distinct=True, filter=f)``, plus anything else that
    counts once per row). Such a count does not add up over orgs or months: the rollups hold it for each org's
    whole sub-tree and each calendar year, quarter and month; other periods (``2021-2025``, any range of days) and
    an org's own records (本级 of a breakdown) are counted from the raw table."""

    key: str
    model: Callable
    org: str
    date: str
    value: Callable
    where: Callable[[], Q] = field(default=lambda: Q())
    description: str = ""
    # For any other period from the rollups: ``ids`` is the lookup of the integer id whose different values the
    # count counts (``"member"``: rows without one are left out), ``also`` a counter added to it (walk-in guests,
    # who count once per row). The rollups then hold, per org sub-tree and calendar month, quarter and year, a
    # bitmap of those ids (and per day); a period is the union of the bitmaps of its whole months and edge days.
    # ``value`` must equal ``Count(ids, distinct=True)`` plus the ``also`` counter.
    ids: str = ""
    also: str = ""


@dataclass(frozen=True)
class Measure:
    """Inputs computed by a query of their own: ``fn(org, periods, group_len)`` returns
    ``{group: {input_key: [value per period]}}`` where ``group`` is an org path cut to ``group_len`` characters (the
    org itself when ``group_len`` is its own path's length, its direct children one level down). ``current``
    measures have no history: they give the value today and ignore the periods (one value, not a list).

    ``snapshot`` (current, additive measures only): ``rebuild_rollups`` stores the value of every org's sub-tree, and
    the 成绩单 reads it while the rollups are fresh. Only for a measure whose every input change moves the rollups'
    watermark (``reports.rollups.watermark``): the members holding a membership change only with a membership event.
    """

    keys: tuple[str, ...]
    fn: Callable
    current: bool = False
    additive: bool = False  # whether groups add up to the total (then the total costs no second query)
    snapshot: bool = False
    description: str = ""  # for docs/metrics.md, when snapshotted
    # The models a snapshotted measure reads (callables returning them): each must be watched.
    models: tuple[Callable, ...] = ()
    # The queries one call of ``fn`` may take (the 成绩单's query budget, reports/tests/budgets.py, adds them up): one
    # for most; a measure that scores with a whole module (the early-warning score) says how many.
    queries: int = 1

    def __post_init__(self):
        if self.snapshot and not (self.current and self.additive):
            raise ValueError("only current, additive measures can be snapshotted with the rollups")
        if self.snapshot and not self.models:
            raise ValueError("a snapshotted measure names the models it reads (models=…), so they can be watched")


def _single(inputs: dict):
    """The default formula: the metric is its one input."""
    (value,) = inputs.values()
    return value


@dataclass(frozen=True)
class Metric:
    """One figure staff read. ``inputs`` are counter or measure keys; ``formula`` turns ``{input: number}`` into the
    value (None when there is nothing to divide by). ``current`` metrics are as of today whatever the period (the
    register they come from keeps no history), so they have no previous value. ``order`` sorts within a section."""

    key: str
    label: str
    unit: str
    section: str
    definition: str
    inputs: tuple[str, ...]
    formula: Callable = _single
    decimals: int = 0
    current: bool = False
    order: int = 100
    # A column of the 成绩单's breakdown by child org (the key figures; the table cannot hold all of them).
    breakdown: bool = False
    # Which console list shows the records behind the figure (for links from the dashboard); None: no list.
    list_url: str | None = None

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"

    @property
    def is_money(self) -> bool:
        """A money figure: its value is an exact ``Decimal`` of 元, shown as 万元 with two decimals."""
        return self.unit == YUAN

    @property
    def display_unit(self) -> str:
        """The unit pages and the xlsx show: 万元 for money, the unit otherwise."""
        return WAN_YUAN if self.is_money else self.unit

    @property
    def display_decimals(self) -> int:
        return 2 if self.is_money else self.decimals

    def shown(self, value):
        """The value as pages and the xlsx show it: money in 万元 rounded half up to two decimals (a ``Decimal``)."""
        if value is None or not self.is_money:
            return value
        return (Decimal(value) / 10000).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Watch:
    """How the rollups notice that rows of ``model`` they count have changed: part of their watermark, read before
    every 成绩单 (so each part must be cheap). The part is the model's rows' ``COUNT(*)`` and ``MAX(id)`` (rows
    added or deleted), plus:

    - ``append``: the table only ever gains rows (a history, a timeline): ``MAX(id)`` alone, an index look-up;
    - ``changed``: an ``auto_now`` field, whose maximum moves on every save;
    - ``audited``: the highest audit event about a row of the model (``core.audit.record(obj=row)``; every service
      that changes a row records one), for models without ``changed``;
    - ``covers``: other models whose counted rows change only together with a row here (an appeal's state changes
      with a new timeline event; a member's status only with a membership event);
    - ``where``: only these rows (the audit events of tree moves);
    - ``value``: a callable returning anything JSON-able that moves when the counted rows do without a write
      (activities whose check-in window has closed by now).
    """

    key: str
    model: Callable
    append: bool = False
    changed: str = ""
    audited: bool = False
    covers: tuple[Callable, ...] = ()
    where: Callable[[], Q] | None = None
    value: Callable | None = None


@dataclass(frozen=True)
class ChartContext:
    """What a dashboard chart's function gets: the org and period, the months of the period
    (``reports.dashboard.months_of``), the user (links only to lists the user may open: ``may``), ``compute`` (the
    engine of the 成绩单: ``compute(keys, periods, breakdown=False)`` → ``engine.Result``, from the rollups when
    fresh), ``url(name, **params)`` (a console list with its filters, None when the route does not exist), and the
    org's active direct children in tree order."""

    org: object
    period: object
    months: list
    user: object
    compute: Callable
    may: Callable[[str], bool]
    url: Callable[..., str | None]
    children: Callable[[], list]


@dataclass(frozen=True)
class Chart:
    """A chart of the 驾驶舱. ``data(ctx: ChartContext)`` returns the JSON the page embeds under ``key``; ``kind``
    says how ``static/src/dashboard.js`` draws it:

    - ``"growth"``: ``{labels, members, joined, links}`` (bars and a line over months);
    - ``"rate_by_child"``: ``{labels, values, links}``, percentages per child org;
    - ``"ranking"``: ``{labels, values, links, unit}``, horizontal bars, largest first;
    - ``"stacked"``: ``{categories, series: [{name, values, links}]}``;
    - ``"trend"``: ``{labels, values, links}``, a percentage over months.

    ``empty`` is the message shown when there is nothing to draw; ``wide`` takes the full width."""

    key: str
    title: str
    kind: str
    data: Callable
    order: int = 100
    empty: str = "该期间没有数据"
    wide: bool = False

    @property
    def dom_id(self) -> str:
        return "chart-" + self.key.replace("_", "-")


COUNTERS: dict[str, Counter] = {}
DISTINCTS: dict[str, Distinct] = {}
MEASURES: dict[str, Measure] = {}
METRICS: dict[str, Metric] = {}
WATCHES: dict[str, Watch] = {}
CHARTS: dict[str, Chart] = {}


def register_counter(counter: Counter) -> Counter:
    """Declare a counter (idempotent for the same key, so a reloaded app does not fail)."""
    COUNTERS[counter.key] = counter
    return counter


def register_distinct(distinct: Distinct) -> Distinct:
    """Declare a distinct count (idempotent for the same key)."""
    DISTINCTS[distinct.key] = distinct
    return distinct


def register_measure(measure: Measure) -> Measure:
    for key in measure.keys:
        MEASURES[key] = measure
    return measure


def register_metric(metric: Metric) -> Metric:
    if metric.section not in SECTIONS:
        raise ValueError(f"metric {metric.key}: section {metric.section!r} is not one of {SECTIONS}")
    missing = [k for k in metric.inputs if k not in COUNTERS and k not in DISTINCTS and k not in MEASURES]
    if missing:
        raise ValueError(f"metric {metric.key}: unknown inputs {missing}: register what it reads first")
    if metric.is_money and metric.decimals != 2:
        raise ValueError(f"metric {metric.key}: money (元) has two decimals")
    METRICS[metric.key] = metric
    return metric


def metrics() -> list[Metric]:
    """Every metric in 成绩单 order: by section, then ``order``, then key."""
    return sorted(METRICS.values(), key=lambda m: (SECTIONS.index(m.section), m.order, m.key))


def get(key: str) -> Metric:
    return METRICS[key]


def register_watch(watch: Watch) -> Watch:
    """Declare what the rollups' watermark reads for a model (idempotent for the same key)."""
    WATCHES[watch.key] = watch
    return watch


def register_chart(chart: Chart) -> Chart:
    """Declare a dashboard chart (idempotent for the same key)."""
    CHARTS[chart.key] = chart
    return chart


def charts() -> list[Chart]:
    """The dashboard's charts in page order."""
    return sorted(CHARTS.values(), key=lambda c: (c.order, c.key))


def watched_models() -> set:
    """Every model the watermark covers: the watches' models and what they cover."""
    out = set()
    for watch in WATCHES.values():
        out.add(watch.model())
        out.update(m() for m in watch.covers)
    return out


def _column_model(model, lookup: str):
    """The model whose column a ``a__b__c`` lookup reads: the relations it follows are joins on ids, and only the
    column at the end (``starts_at`` of ``activity__starts_at``, the ``member_id`` of ``member``) is read. A
    trailing lookup or transform (``__in``, ``__isnull``) is ignored."""
    parts = lookup.split("__")
    for i, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except Exception:  # not a field: a lookup or transform ends the path
            return model
        last = i == len(parts) - 1
        if last or not field.is_relation or field.related_model is None:
            return model
        following = parts[i + 1]
        target = field.related_model
        try:
            target._meta.get_field(following)
        except Exception:  # ``member__isnull``: the key column of this model
            return model
        model = target
    return model


def _q_lookups(q) -> list[str]:
    out = []
    for child in getattr(q, "children", []):
        if isinstance(child, Q):
            out += _q_lookups(child)
        elif isinstance(child, tuple):
            out.append(child[0])
    return out


def reads(declaration) -> set:
    """Every model whose columns a counter or distinct count reads: its own, and those its org, date, ids and
    filter lookups end on (the org tree's model excepted: a move in the tree is its own watch)."""
    model = declaration.model()
    lookups = [declaration.org, declaration.date, *_q_lookups(declaration.where())]
    if getattr(declaration, "ids", ""):
        lookups.append(declaration.ids)
    out = {model} | {_column_model(model, lookup) for lookup in lookups}
    from core.tree import get_org_model

    out.discard(get_org_model())
    return out


def unwatched() -> list[tuple[str, str]]:
    """``(declaration key, model label)`` for every model a counter, a distinct count (``reads``) or a snapshotted
    measure reads that no watch covers: rollups of those would be taken for fresh after their rows changed."""
    covered = watched_models()
    out = []
    for key, declaration in sorted({**COUNTERS, **DISTINCTS}.items()):
        for model in sorted(reads(declaration), key=lambda m: m._meta.label):
            if model not in covered:
                out.append((key, model._meta.label))
    for measure in {id(m): m for m in MEASURES.values() if m.snapshot}.values():
        for fn in measure.models:
            if fn() not in covered:
                out.append((measure.keys[0], fn()._meta.label))
    return out


@contextmanager
def isolated() -> Iterator[None]:
    """Declarations made inside the block are forgotten after it (tests that declare a metric of their own)."""
    saved = [dict(d) for d in (COUNTERS, DISTINCTS, MEASURES, METRICS, WATCHES, CHARTS)]
    try:
        yield
    finally:
        for registry, before in zip((COUNTERS, DISTINCTS, MEASURES, METRICS, WATCHES, CHARTS), saved, strict=True):
            registry.clear()
            registry.update(before)


# --- Formulas -----------------------------------------------------------------------------------------------------


def rate(part: str, whole: str, *, decimals: int = 1) -> Callable:
    """``part / whole`` as a percentage with one decimal; None when ``whole`` is zero or unknown."""

    def formula(inputs: dict):
        p, w = inputs.get(part), inputs.get(whole)
        if not w or p is None:
            return None
        return float((Decimal(p) * 100 / Decimal(w)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))

    return formula


def average(total: str, count: str, *, decimals: int = 2) -> Callable:
    """``total / count`` rounded half up; None when nothing was counted."""

    def formula(inputs: dict):
        t, n = inputs.get(total), inputs.get(count)
        if not n or t is None:
            return None
        return float((Decimal(t) / Decimal(n)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))

    return formula


def plus(*keys: str) -> Callable:
    """The sum of several inputs."""
    return lambda inputs: sum(inputs.get(k) or 0 for k in keys)
