"""The 成绩单 of an org for a period: every section that has data, each figure beside the previous period's and the
change, and the key figures of each direct child org. The console page, the print view, the xlsx and the API all
render this one structure."""

from dataclasses import dataclass, field
from datetime import datetime

import core.metrics as registry
from core.tree import get_org_model

from . import engine, rollups
from .periods import Period

Org = get_org_model()


def fmt(value, decimals: int = 0) -> str:
    """``12345`` → ``12,345``; ``96.456`` with 1 decimal → ``96.5``; None → ``—``."""
    if value is None:
        return "—"
    if decimals:
        return f"{value:,.{decimals}f}"
    return f"{int(value):,}"


@dataclass
class Figure:
    """One metric's value for the period and the previous period."""

    metric: registry.Metric
    value: float | int | None
    previous: float | int | None

    @property
    def change(self):
        """The difference (percentage points for rates); None when either side is unknown."""
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, self.metric.decimals)

    @property
    def change_pct(self) -> float | None:
        """Relative change of a count, in per cent (rates and averages have none: their change is in points)."""
        if self.metric.is_rate or self.metric.decimals or self.change is None or not self.previous:
            return None
        return round(self.change * 100 / self.previous, 1)

    @property
    def has_data(self) -> bool:
        return bool(self.value) or bool(self.previous)

    @property
    def display(self) -> str:
        return fmt(self.metric.shown(self.value), self.metric.display_decimals)

    @property
    def previous_display(self) -> str:
        return fmt(self.metric.shown(self.previous), self.metric.display_decimals)

    @property
    def change_display(self) -> str:
        """``+12``, ``-3.5 个百分点``, ``—``."""
        if self.change is None:
            return "—"
        change, decimals = self.metric.shown(self.change), self.metric.display_decimals
        text = f"{change:+,.{decimals}f}" if decimals else f"{int(change):+,}"
        if self.metric.is_rate:
            return f"{text} 个百分点"
        if self.change_pct is not None:
            return f"{text}（{self.change_pct:+.1f}%）"
        return text


@dataclass
class Section:
    name: str
    figures: list[Figure]


@dataclass
class Row:
    """A line of the breakdown: a direct child (or ``org`` itself for its own records, 本级)."""

    org: Org
    own: bool
    values: dict[str, object]

    @property
    def label(self) -> str:
        name = self.org.display_name
        if self.own:
            return f"{name}（本级）"
        return name if self.org.is_active else f"{name}（已撤销）"

    def cells(self, columns: list[registry.Metric]) -> list[str]:
        return [fmt(m.shown(self.values.get(m.key)), m.display_decimals) for m in columns]


@dataclass
class Scorecard:
    org: Org
    period: Period
    previous: Period
    sections: list[Section]
    columns: list[registry.Metric]
    rows: list[Row]
    source: str
    built_at: datetime | None = None
    figures: list[Figure] = field(default_factory=list)

    @property
    def source_label(self) -> str:
        return "汇总数据" if self.source == engine.ROLLUP else "原始记录"


def build(org: Org, period: Period, *, prefer: str = "auto") -> Scorecard:
    """The 成绩单 of ``org``'s sub-tree for ``period``. Reads the rollups when they are fresh (see
    ``reports.rollups``), the raw tables otherwise; ``prefer`` forces one (``"raw"``, ``"rollup"``)."""
    source, state = rollups.choose_source(prefer)
    previous = period.previous()
    columns = [m for m in registry.metrics() if m.breakdown]
    result = engine.compute(
        org, [period, previous], breakdown=True, breakdown_keys=[m.key for m in columns], source=source
    )
    figures = [Figure(m, *result.totals[m.key]) for m in registry.metrics()]
    sections = []
    for name in registry.SECTIONS:
        in_section = [f for f in figures if f.metric.section == name]
        if any(f.has_data for f in in_section):
            sections.append(Section(name, in_section))
    shown = {s.name for s in sections}
    columns = [m for m in columns if m.section in shown]
    return Scorecard(
        org=org,
        period=period,
        previous=previous,
        sections=sections,
        columns=columns,
        rows=_rows(org, result, columns),
        source=source,
        built_at=state.built_at if state else None,
        figures=figures,
    )


def _value(result: engine.Result, group: str, metric: registry.Metric):
    """A group's value for the period; a group without records has zeros (and no rates)."""
    if group in result.groups:
        return result.groups[group][metric.key][0]
    return metric.formula(dict.fromkeys(metric.inputs, 0))


def _rows(org: Org, result: engine.Result, columns: list[registry.Metric]) -> list[Row]:
    """The direct children in tree order (dissolved ones only when they have figures), then 本级 if it has any."""
    rows = []
    for child in Org.objects.filter(path__startswith=org.path, depth=org.depth + 1).order_by("path"):
        values = {m.key: _value(result, child.path, m) for m in columns}
        if child.is_active or any(values.values()):
            rows.append(Row(child, False, values))
    own = result.groups.get(org.path)
    if own and any(own[m.key][0] for m in columns if not m.current):
        rows.append(Row(org, True, {m.key: _value(result, org.path, m) for m in columns}))
    return rows
