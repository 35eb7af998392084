"""The metric registry: every figure the platform reports, declared once by the app that owns the records.

An app declares, in its own ``metrics.py`` (registered from its ``AppConfig.ready``):

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
  成绩单, a definition written for staff, the inputs it needs and how it is made from them (a sum, a rate …).

Later modules (rights, care, venues …) only add entries; the 成绩单, the API, the dashboard, ``docs/metrics.md``
and the rollups pick them up.

Period semantics, the same for every metric: a period is a pair of inclusive local dates (Asia/Shanghai). Flows
count records whose date falls within the period; stocks are the value at the end of its last day.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

# The sections of the 成绩单, in print order (seeds/004: 组织建设, 会员, 活动与文化, 诉求与建议; later 维权 …).
SECTIONS: list[str] = ["组织建设", "会员", "活动与文化", "诉求与建议"]


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

    def __post_init__(self):
        if self.snapshot and not (self.current and self.additive):
            raise ValueError("only current, additive measures can be snapshotted with the rollups")


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


COUNTERS: dict[str, Counter] = {}
DISTINCTS: dict[str, Distinct] = {}
MEASURES: dict[str, Measure] = {}
METRICS: dict[str, Metric] = {}


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
        SECTIONS.append(metric.section)
    missing = [k for k in metric.inputs if k not in COUNTERS and k not in DISTINCTS and k not in MEASURES]
    if missing:
        raise ValueError(f"metric {metric.key}: unknown inputs {missing}: register what it reads first")
    METRICS[metric.key] = metric
    return metric


def metrics() -> list[Metric]:
    """Every metric in 成绩单 order: by section, then ``order``, then key."""
    return sorted(METRICS.values(), key=lambda m: (SECTIONS.index(m.section), m.order, m.key))


def get(key: str) -> Metric:
    return METRICS[key]


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
