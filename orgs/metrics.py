"""The org tree's contribution to the metric registry (``core.metrics``): unions and coverage.

Unions are counted from the tree itself: an org exists from its founding date (or, without one, the day it was
entered) until the day before its dissolution date, so a union dissolved in 2024 still counts at the end of 2023.
Coverage (建会率) comes from the employer register, which keeps no history: it is the figure today, whatever the
period, and it has no previous value. Both are read from the raw tables (the tree and the register are small).
"""

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from core.metrics import Measure, Metric, Watch, rate, register_measure, register_metric, register_watch
from core.metrics.periods import local_start
from core.models import AuditEvent

from .models import COVERING_KINDS, Enterprise, EnterpriseStatus, Org, OrgStatus

TREE_CHANGES = ("orgs.org.moved",)


def existing_at(day) -> Q:
    """Orgs that existed at the end of ``day``: founded (or entered) by then and not yet dissolved."""
    founded = Q(founded_on__lte=day) | Q(founded_on__isnull=True, created_at__lt=local_start(day + timedelta(days=1)))
    return founded & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))


def unions(org, periods, group_len) -> dict:
    """基层工会数 (grassroots, joint, industry and village unions) at the end of each period, per group."""
    aggregates = {f"p{i}": Count("pk", filter=existing_at(p.end)) for i, p in enumerate(periods)}
    rows = (
        Org.objects.filter(path__startswith=org.path, kind__in=list(COVERING_KINDS))
        .order_by()
        .annotate(_g=Substr("path", 1, group_len))
        .values("_g")
        .annotate(**aggregates)
        .values_list("_g", *aggregates)
    )
    return {g: {"orgs.unions_at_end": list(values)} for g, *values in rows}


def coverage_today(org, periods, group_len) -> dict:
    """Active enterprises registered in each group, those covered by an active union, and their staff (today).
    The same definitions as ``orgs.selectors.coverage``."""
    covered = Q(covering_union__isnull=False, covering_union__status=OrgStatus.ACTIVE)
    rows = (
        Enterprise.objects.filter(org__path__startswith=org.path, status=EnterpriseStatus.ACTIVE)
        .order_by()
        .annotate(_g=Substr("org__path", 1, group_len))
        .values("_g")
        .annotate(total=Count("pk"), covered=Count("pk", filter=covered), staff=Sum("staff_count", filter=covered))
        .values_list("_g", "total", "covered", "staff")
    )
    return {
        g: {"orgs.enterprises_now": total, "orgs.enterprises_covered_now": cov, "orgs.staff_covered_now": staff or 0}
        for g, total, cov, staff in rows
    }


def register() -> None:
    """Declare the org metrics (called from ``OrgsConfig.ready``)."""
    register_measure(Measure(keys=("orgs.unions_at_end",), fn=unions, additive=True))
    register_measure(
        Measure(
            keys=("orgs.enterprises_now", "orgs.enterprises_covered_now", "orgs.staff_covered_now"),
            fn=coverage_today,
            current=True,
            additive=True,
        )
    )
    # Moving an org re-parents its records: the sub-tree totals of its old and new ancestors change.
    register_watch(
        Watch(
            key="orgs.tree_moves",
            model=lambda: AuditEvent,
            append=True,
            where=lambda: Q(action__in=TREE_CHANGES),
        )
    )
    # An enterprise's area union, covering union and staff change with its updated_at (read by the snapshotted
    # early-warning figure of rights).
    register_watch(Watch(key="orgs.enterprises", model=lambda: Enterprise, changed="updated_at"))
    section = "基层基础"
    register_metric(
        Metric(
            key="orgs.unions",
            breakdown=True,
            label="基层工会数",
            unit="家",
            section=section,
            order=10,
            definition="期末存续的基层工会、联合工会、行业工会和村/社区工会（小三级）数量。以成立日期（未填写时以录入日期）"
            "起算，撤销日期当天起不再计入；区/镇街总工会本身不计入。",
            inputs=("orgs.unions_at_end",),
        )
    )
    register_metric(
        Metric(
            key="orgs.enterprises_covered",
            label="建会覆盖企业",
            unit="家",
            section=section,
            order=20,
            current=True,
            definition="辖区内存续企业中，已由正常状态的工会（本企业工会或联合工会）覆盖的企业数。企业名录不保留历史，"
            "此项为当前数，不随统计期间变化，也没有上期数。",
            inputs=("orgs.enterprises_covered_now",),
        )
    )
    register_metric(
        Metric(
            key="orgs.union_rate",
            breakdown=True,
            label="建会率",
            unit="%",
            section=section,
            order=30,
            decimals=1,
            current=True,
            definition="建会覆盖企业 ÷ 辖区内存续企业 × 100%。与组织页面的建会率相同，为当前数，没有上期数。",
            inputs=("orgs.enterprises_covered_now", "orgs.enterprises_now"),
            formula=rate("orgs.enterprises_covered_now", "orgs.enterprises_now"),
        )
    )
