"""劳动关系预警: a risk score per enterprise from signals the platform already holds, each signal's weight configurable
(``RiskWeight``) and every score explaining itself (which signals, how many, how many points).

Signals:

- ``wage_appeals``: open wage-arrears appeals (诉求 of category 工资拖欠, not yet resolved) naming the enterprise;
- ``wage_workers``: the different workers behind them;
- ``mediation_cases``: mediation cases about the enterprise accepted in the last 12 months;
- ``collective_cases``: of those, collective disputes (3 workers or more);
- ``open_problems``: supervision problems not yet rectified; ``overdue_problems``: of those, past their deadline;
- ``spring_festival``: the wage signals count more (``spring_festival_factor``) in the 60 days before 春节 (from the
  holiday calendar), when wage arrears peak.

A worker's name appears in an explanation only when they allowed it (the appeal's 允许向用人单位透露姓名, a party's
``name_visible``); the others are counted, never named."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from appeals.models import OPEN_STATUSES, Appeal, Category, Holiday
from orgs.models import Enterprise

from .models import CaseStatus, MediationCase, Problem, ProblemStatus, RiskWeight

DEFAULT_WEIGHTS = {
    "wage_appeals": Decimal("6"),
    "wage_workers": Decimal("2"),
    "mediation_cases": Decimal("4"),
    "collective_cases": Decimal("8"),
    "open_problems": Decimal("3"),
    "overdue_problems": Decimal("5"),
    "spring_festival_factor": Decimal("1.5"),
    "threshold_high": Decimal("30"),
    "threshold_medium": Decimal("12"),
}
LABELS = {
    "wage_appeals": "未办结的欠薪诉求",
    "wage_workers": "欠薪诉求涉及职工",
    "mediation_cases": "近 12 个月劳动争议调解",
    "collective_cases": "近 12 个月集体争议",
    "open_problems": "劳动法律监督问题未整改",
    "overdue_problems": "其中超过整改期限",
    "spring_festival_factor": "春节前欠薪高发期系数",
    "threshold_high": "高风险分值线",
    "threshold_medium": "中风险分值线",
}
UNITS = {"wage_appeals": "件", "wage_workers": "人", "mediation_cases": "件", "collective_cases": "件"}
SPRING_FESTIVAL_WINDOW = timedelta(days=60)


def weights() -> dict[str, Decimal]:
    """The defaults, overridden by the configured ``RiskWeight`` rows."""
    found = dict(DEFAULT_WEIGHTS)
    found.update(dict(RiskWeight.objects.values_list("key", "weight")))
    return found


def before_spring_festival(today) -> bool:
    """Whether a 春节 holiday in the calendar starts within the next 60 days."""
    return Holiday.objects.filter(
        name__contains="春节", is_workday=False, day__gt=today, day__lte=today + SPRING_FESTIVAL_WINDOW
    ).exists()


@dataclass
class Signal:
    key: str
    label: str
    count: int
    points: Decimal
    detail: str = ""


@dataclass
class Risk:
    enterprise: Enterprise
    score: Decimal = Decimal("0")
    level: str = "low"
    signals: list[Signal] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return {"high": "高风险", "medium": "中风险", "low": "低风险"}[self.level]

    @property
    def explanation(self) -> str:
        return "；".join(
            f"{s.label} {s.count} {UNITS.get(s.key, '个')}（+{s.points} 分）{s.detail}" for s in self.signals
        )


def _workers_text(named: list[str], hidden: int) -> str:
    parts = []
    if named:
        parts.append("、".join(sorted(set(named))))
    if hidden:
        parts.append(f"{hidden} 名职工未公开姓名")
    return "：" + "，".join(parts) if parts else ""


def assess(enterprises, *, now=None) -> list[Risk]:
    """The risk of each of ``enterprises`` (a queryset), highest score first; enterprises without a signal are left
    out. A fixed number of queries whatever the number of enterprises."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    w = weights()
    season = before_spring_festival(today)
    factor = w["spring_festival_factor"] if season else Decimal("1")
    ids = enterprises.values("pk")

    appeals = defaultdict(list)
    for employer_id, member_id, phone, name, visible in (
        Appeal.objects.filter(employer__in=ids, category=Category.WAGES, status__in=OPEN_STATUSES)
        .order_by("pk")
        .values_list("employer_id", "member_id", "phone", "name", "name_visible_to_employer")
    ):
        appeals[employer_id].append((member_id or phone, name, visible))
    since = now - timedelta(days=365)
    cases = {
        row["enterprise_id"]: row
        for row in MediationCase.objects.filter(enterprise__in=ids, accepted_at__gte=since)
        .exclude(status=CaseStatus.WITHDRAWN)
        .values("enterprise_id")
        .annotate(n=Count("pk"), collective=Count("pk", filter=Q(workers__gte=3)))
    }
    problems = {
        row["inspection__enterprise_id"]: row
        for row in Problem.objects.filter(inspection__enterprise__in=ids, status=ProblemStatus.OPEN)
        .values("inspection__enterprise_id")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    }
    wanted = set(appeals) | set(cases) | set(problems)
    risks = []
    for enterprise in enterprises.filter(pk__in=wanted).select_related("org"):
        risk = Risk(enterprise)

        def add(key, count, detail="", scale=Decimal("1"), risk=risk):
            if count:
                points = (w[key] * count * scale).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                risk.signals.append(Signal(key, LABELS[key], count, points, detail))
                risk.score += points

        rows = appeals.get(enterprise.pk, [])
        if rows:
            people = {}
            for person, name, visible in rows:
                people[person] = people.get(person, False) or visible, name
            named = [name for visible, name in people.values() if visible]
            hidden = sum(1 for visible, _ in people.values() if not visible)
            note = f"（春节前欠薪高发期 ×{factor.normalize()}）" if season else ""
            add("wage_appeals", len(rows), note, factor)
            add("wage_workers", len(people), _workers_text(named, hidden), factor)
        c = cases.get(enterprise.pk)
        if c:
            add("mediation_cases", c["n"])
            add("collective_cases", c["collective"])
        p = problems.get(enterprise.pk)
        if p:
            add("open_problems", p["n"])
            add("overdue_problems", p["overdue"])
        risk.level = (
            "high" if risk.score >= w["threshold_high"] else "medium" if risk.score >= w["threshold_medium"] else "low"
        )
        risks.append(risk)
    risks.sort(key=lambda r: (-r.score, r.enterprise.pk))
    return risks
