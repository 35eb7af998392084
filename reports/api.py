"""API of the reports module: the 成绩单 of an org in scope, and the metric registry.

The org is found by its code within the caller's scope for ``reports.view``: an org outside it answers 404 exactly
like an unknown code.
"""

from datetime import date, datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

import core.metrics as registry
from core.api import ApiDate, with_errors
from core.tree import get_org_model
from reports import errors

from . import scorecard
from .periods import EARLIEST, LATEST, Period

Org = get_org_model()

router = Router(tags=["统计报表"])
ROUTERS = [("/reports", router)]  # what config/api.py mounts


class MetricOut(Schema):
    key: str = Field(description="稳定的指标代码，如 members.count")
    label: str = Field(description="中文名称")
    unit: str = Field(description="单位：家、个、人、人次、件、场、分、%、元（金额：value 为元，精确值见 value_exact）")
    section: str = Field(description="成绩单中的栏目")
    definition: str = Field(description="统计口径")
    current: bool = Field(description="是否当前数（不随统计期间变化，没有上期数）")
    decimals: int = Field(description="小数位数")
    display_unit: str = Field(description="成绩单页面、打印件和 xlsx 显示的单位：金额为万元（两位小数），其余同 unit")


class FigureOut(MetricOut):
    value: float | None = Field(description="本期数；无法计算（如分母为 0）时为 null")
    previous: float | None = Field(description="上期数（紧挨着本期、同样长度的期间）；当前数为 null")
    change: float | None = Field(description="增减（比率为百分点）；任一方为 null 时为 null")
    value_exact: str | None = Field(
        default=None,
        description='金额（unit 为元）的本期精确值，元，两位小数的十进制字符串如 "1234.60"；其余指标为 null',
    )
    previous_exact: str | None = Field(default=None, description="金额的上期精确值（元，十进制字符串）；其余为 null")
    change_exact: str | None = Field(default=None, description="金额的增减精确值（元，十进制字符串）；其余为 null")


class PeriodOut(Schema):
    start: date = Field(alias="from", description="开始日期（含）")
    end: date = Field(alias="to", description="结束日期（含）")
    label: str = Field(description="中文名称，如 2024年、2024年第二季度")


class OrgBrief(Schema):
    code: str
    name: str
    status: str = Field(description="active=正常；dissolved=已撤销")


class ChildOut(Schema):
    org: OrgBrief
    own: bool = Field(description="true 表示组织本级（直属）的记录，不含下级")
    figures: dict[str, float | None] = Field(description="本期的主要指标，键为指标代码")
    figures_exact: dict[str, str | None] = Field(
        default_factory=dict, description="其中金额指标（元）的精确值，十进制字符串，键为指标代码"
    )


class ScorecardOut(Schema):
    org: OrgBrief
    period: PeriodOut
    previous_period: PeriodOut
    source: str = Field(description="rollup=汇总数据（汇总后源数据无变化）；raw=按原始记录实时计算")
    rollups_built_at: datetime | None = Field(description="最近一次汇总的时间")
    figures: list[FigureOut] = Field(description="全部指标，按成绩单顺序")
    sections: list[str] = Field(description="有数据的栏目（成绩单页面和打印件只显示这些栏目）")
    children: list[ChildOut] = Field(description="按直接下级组织分列的主要指标（本期）")


class ScorecardQuery(Schema):
    org: str = Field(description="组织代码")
    start: ApiDate = Field(alias="from", description="开始日期 YYYY-MM-DD（含）")
    end: ApiDate = Field(alias="to", description="结束日期 YYYY-MM-DD（含）")


def _metric(m: registry.Metric) -> dict:
    return {
        "key": m.key,
        "label": m.label,
        "unit": m.unit,
        "section": m.section,
        "definition": m.definition,
        "current": m.current,
        "decimals": m.decimals,
        "display_unit": m.display_unit,
    }


def _exact(metric: registry.Metric, value) -> str | None:
    """A money value as an exact decimal string of 元 (``"1234.60"``); None for other metrics."""
    if value is None or not metric.is_money:
        return None
    return str(Decimal(value).quantize(registry.CENT))


def _period(p: Period) -> dict:
    return {"from": p.start, "to": p.end, "label": p.label}


def _org(o: Org) -> dict:
    return {"code": o.code, "name": o.name, "status": o.status}


@router.get("/metrics", response=with_errors({200: list[MetricOut]}), summary="指标列表")
def metric_list(request):
    """Every metric of the registry with its label, unit, section and definition, in 成绩单 order."""
    return [_metric(m) for m in registry.metrics()]


@router.get("/scorecard", response=with_errors({200: ScorecardOut}, 400, 404), summary="成绩单", by_alias=True)
def scorecard_detail(request, query: Query[ScorecardQuery]):
    """The 成绩单 of an org's sub-tree for a period: every figure with the previous period's value and the change,
    and the key figures of each direct child org."""
    org = get_object_or_404(Org.objects.restrict(request.user, "reports.view"), code=query.org.strip().upper())
    if query.end < query.start:
        raise errors.INVALID_PERIOD(field="to")
    if query.start < EARLIEST or query.end > LATEST:
        raise errors.INVALID_PERIOD(message=f"统计期间须在 {EARLIEST.year} 年至 {LATEST.year} 年之间", field="from")
    card = scorecard.build(org, Period(query.start, query.end))
    return {
        "org": _org(org),
        "period": _period(card.period),
        "previous_period": _period(card.previous),
        "source": card.source,
        "rollups_built_at": card.built_at,
        "figures": [
            {
                **_metric(f.metric),
                "value": f.value,
                "previous": f.previous,
                "change": f.change,
                "value_exact": _exact(f.metric, f.value),
                "previous_exact": _exact(f.metric, f.previous),
                "change_exact": _exact(f.metric, f.change),
            }
            for f in card.figures
        ],
        "sections": [s.name for s in card.sections],
        "children": [
            {
                "org": _org(row.org),
                "own": row.own,
                "figures": {k: v for k, v in row.values.items()},
                "figures_exact": {
                    m.key: _exact(m, row.values.get(m.key)) for m in card.columns if m.is_money and m.key in row.values
                },
            }
            for row in card.rows
        ],
    }
