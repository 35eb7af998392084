"""The appeals' contribution to the metric registry (``core.metrics``), with the definitions of
``appeals.selectors.figures``: an item belongs to the period in which it was submitted and to the org handling it
now (a hand-over or escalation moves it, and its figures with it); resolution and rating are its state now."""

from datetime import timedelta

from django.db.models import Count, F, Q

from core.metrics import (
    YUAN,
    Chart,
    Counter,
    Metric,
    Watch,
    fen,
    rate,
    register_chart,
    register_counter,
    register_metric,
    register_watch,
    yuan,
)
from core.metrics.periods import local_start

from .models import Appeal, AppealEvent, Category, Kind, Satisfaction, Status


def count(f: Q):
    return Count("pk", filter=f)


def register() -> None:
    """Declare the appeal counters and metrics (called from ``AppealsConfig.ready``)."""
    common = {"model": lambda: Appeal, "org": "org", "date": "submitted_at", "value": count}
    resolved = Q(resolved_at__isnull=False)
    for key, where, description in [
        ("appeals.received", lambda: Q(), "收到的诉求、建议、随手拍和开放日事项（含被合并的）"),
        ("appeals.suggestions", lambda: Q(kind=Kind.SUGGESTION), "收到的建议（金点子）"),
        ("appeals.resolved", lambda: resolved, "已答复办结"),
        ("appeals.resolved_on_time", lambda: resolved & Q(resolved_at__lte=F("resolve_due")), "在办结期限内办结"),
        ("appeals.rated", lambda: ~Q(satisfaction=""), "职工已评价"),
        (
            "appeals.satisfied",
            lambda: Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.FAIRLY]),
            "满意或基本满意",
        ),
        ("appeals.adopted", lambda: Q(kind=Kind.SUGGESTION, adopted=True), "被采纳的建议"),
    ]:
        register_counter(Counter(key=key, where=where, description=description, **common))
    register_counter(
        Counter(
            key="appeals.amount_involved_fen",
            model=lambda: Appeal,
            org="org",
            date="submitted_at",
            value=fen("amount_involved"),
            where=lambda: Q(amount_involved__isnull=False),
            description="职工填写的涉及金额（分）",
        )
    )
    # Every step of an appeal's workflow adds to its timeline; the count catches merged or deleted items.
    register_watch(Watch(key="appeals.appeals", model=lambda: Appeal))
    register_watch(Watch(key="appeals.timeline", model=lambda: AppealEvent, append=True, covers=(lambda: Appeal,)))
    register_chart(
        Chart(
            key="appeals",
            title="诉求与建议（按类别和状态）",
            kind="stacked",
            data=appeals_chart,
            order=40,
            empty="该期间没有诉求与建议",
        )
    )
    register_chart(
        Chart(
            key="satisfaction", title="满意率趋势（按月）", kind="trend", data=satisfaction_chart, order=50, wide=True
        )
    )
    register_metric(
        Metric(
            key="appeals.suggestions",
            label="收到金点子（合理化建议）",
            unit="条",
            section="建功立业",
            order=50,
            definition="统计期间内职工提交的建议（金点子）条数（含后来被合并的重复件），计在当前承办的工会。",
            inputs=("appeals.suggestions",),
            list_url="appeals",
        )
    )
    section = "维权维稳"
    register_metric(
        Metric(
            key="appeals.received",
            breakdown=True,
            label="收到诉求与建议",
            unit="件",
            section=section,
            order=10,
            definition="统计期间内提交的诉求、建议、随手拍和开放日事项件数（含后来被合并的重复件），计在当前承办的工会。",
            inputs=("appeals.received",),
            list_url="appeals",
        )
    )
    register_metric(
        Metric(
            key="appeals.resolved",
            label="办结",
            unit="件",
            section=section,
            order=20,
            definition="统计期间内提交的事项中，目前已答复办结（已办结或已评价）的件数；因不满意重新办理的，再次答复前不计。",
            inputs=("appeals.resolved",),
            list_url="appeals",
        )
    )
    register_metric(
        Metric(
            key="appeals.resolved_on_time_rate",
            breakdown=True,
            label="按时办结率",
            unit="%",
            section=section,
            order=30,
            decimals=1,
            definition="在办结期限（按工作日计算）内办结的件数 ÷ 统计期间内收到的件数 × 100%；尚未办结的不算按时。",
            inputs=("appeals.resolved_on_time", "appeals.received"),
            formula=rate("appeals.resolved_on_time", "appeals.received"),
        )
    )
    register_metric(
        Metric(
            key="appeals.satisfaction_rate",
            breakdown=True,
            label="满意率",
            unit="%",
            section=section,
            order=40,
            decimals=1,
            definition="评价为满意或基本满意的件数 ÷ 已评价件数 × 100%（以最近一次评价为准）。",
            inputs=("appeals.satisfied", "appeals.rated"),
            formula=rate("appeals.satisfied", "appeals.rated"),
        )
    )
    register_metric(
        Metric(
            key="appeals.amount_involved",
            label="诉求涉及金额",
            unit=YUAN,
            section=section,
            order=45,
            decimals=2,
            definition="统计期间内提交的事项中，职工填写了涉及金额的（如拖欠工资、应得补偿），其金额之和，按分精确累计"
            "（显示为万元），计在当前承办的工会；未填写的不计。",
            inputs=("appeals.amount_involved_fen",),
            formula=yuan("appeals.amount_involved_fen"),
        )
    )
    register_metric(
        Metric(
            key="appeals.adopted_suggestions",
            label="采纳建议",
            unit="件",
            section="建功立业",
            order=50,
            definition="统计期间内提交的建议（金点子）中被采纳的件数。",
            inputs=("appeals.adopted",),
        )
    )


def appeals_chart(ctx) -> dict:
    """Appeals submitted in the period by category (x) and state (stacked series)."""
    org, period = ctx.org, ctx.period
    rows = (
        Appeal.objects.filter(
            org__path__startswith=org.path,
            submitted_at__gte=local_start(period.start),
            submitted_at__lt=local_start(period.end + timedelta(days=1)),
        )
        .order_by()
        .values("category", "status")
        .annotate(n=Count("pk"))
    )
    counts = {(r["category"], r["status"]): r["n"] for r in rows}
    categories = [c for c in Category if any(counts.get((c.value, s.value)) for s in Status)]
    statuses = [s for s in Status if any(counts.get((c.value, s.value)) for c in Category)]
    dates = {"from": f"{period.start:%Y-%m-%d}", "to": f"{period.end:%Y-%m-%d}"}
    may = ctx.may("appeals.view")
    return {
        "categories": [str(c.label) for c in categories],
        "series": [
            {
                "name": str(s.label),
                "values": [counts.get((c.value, s.value), 0) for c in categories],
                "links": [
                    ctx.url("appeals:queue", category=c.value, status=s.value, **dates) if may else None
                    for c in categories
                ],
            }
            for s in statuses
        ],
    }


def satisfaction_chart(ctx) -> dict:
    """满意率 of each month of the period."""
    monthly = ctx.compute(["appeals.satisfaction_rate"], ctx.months).totals
    may = ctx.may("appeals.view")
    return {
        "labels": [f"{m.start:%Y-%m}" for m in ctx.months],
        "values": monthly["appeals.satisfaction_rate"],
        "links": [
            ctx.url("appeals:queue", **{"from": f"{m.start:%Y-%m-%d}", "to": f"{m.end:%Y-%m-%d}"}) if may else None
            for m in ctx.months
        ],
    }
