"""劳动关系预警: a risk score per enterprise from signals the platform already holds, each signal's weight configurable
(``RiskWeight``) and every score explaining itself (which signals, how many, how many points).

Signals:

- ``wage_appeals``: open wage-arrears appeals (诉求 of category 工资拖欠, not yet resolved) naming the enterprise;
- ``wage_workers``: the different workers behind them;
- ``mediation_cases``: mediation cases about the enterprise accepted in the last 12 months;
- ``collective_cases``: of those, collective disputes (3 workers or more);
- ``open_problems``: supervision problems not yet rectified; ``overdue_problems``: of those, past their deadline;
- ``spring_festival``: the wage signals count more (``spring_festival_factor``) in the 60 days before 春节 (from the
  holiday calendar), when wage arrears peak;
- ``seasonal_history``: in that season, the wage-arrears appeals and wage mediation cases the enterprise had in the
  same 60 days before the previous 春节 (arrears that come back every year);
- ``expired_contracts``: collective contracts of the enterprise that ended in the last 12 months and were not
  renewed (no contract of that kind in force today);
- ``roster_shrink``: the enterprise's own union (its covering 基层工会) holds at least ``roster_shrink_min`` % fewer
  members than 12 months ago (from the membership history: 入会 and 转入 add one, 转出, 除名 and 退会 take one away),
  counted from ``ROSTER_MIN_MEMBERS`` members a year ago; points per 10 percentage points lost.

A worker's name appears in an explanation only when they allowed it (the appeal's 允许向用人单位透露姓名, a party's
``name_visible``); the others are counted, never named."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from appeals.models import OPEN_STATUSES, Appeal, Category, Holiday
from members.metrics import held_delta
from members.models import MembershipEvent
from orgs.models import Enterprise, OrgKind

from .models import (
    CaseStatus,
    CollectiveContract,
    ContractKind,
    DisputeType,
    MediationCase,
    Problem,
    ProblemStatus,
    RiskWeight,
)

DEFAULT_WEIGHTS = {
    "wage_appeals": Decimal("6"),
    "wage_workers": Decimal("2"),
    "mediation_cases": Decimal("4"),
    "collective_cases": Decimal("8"),
    "open_problems": Decimal("3"),
    "overdue_problems": Decimal("5"),
    "spring_festival_factor": Decimal("1.5"),
    "seasonal_history": Decimal("3"),
    "expired_contracts": Decimal("4"),
    "roster_shrink": Decimal("3"),
    "roster_shrink_min": Decimal("20"),
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
    "seasonal_history": "上一个春节前的欠薪诉求和调解",
    "expired_contracts": "集体合同到期未续签",
    "roster_shrink": "工会会员人数 12 个月内减少（每 10 个百分点）",
    "roster_shrink_min": "会员减少百分比的预警线（%）",
    "threshold_high": "高风险分值线",
    "threshold_medium": "中风险分值线",
}
UNITS = {
    "wage_appeals": "件",
    "wage_workers": "人",
    "mediation_cases": "件",
    "collective_cases": "件",
    "seasonal_history": "件",
    "expired_contracts": "份",
    "roster_shrink": "%",
}
SPRING_FESTIVAL_WINDOW = timedelta(days=60)
ROSTER_MIN_MEMBERS = 10  # a smaller roster's swings say little
YEAR = timedelta(days=365)


def weights() -> dict[str, Decimal]:
    """The defaults, overridden by the configured ``RiskWeight`` rows."""
    found = dict(DEFAULT_WEIGHTS)
    found.update(dict(RiskWeight.objects.values_list("key", "weight")))
    return found


def _festival_days():
    return Holiday.objects.filter(name__contains="春节", is_workday=False)


def next_spring_festival(today):
    """The first day of the 春节 holiday within the next 60 days (from the calendar), or None."""
    return (
        _festival_days()
        .filter(day__gt=today, day__lte=today + SPRING_FESTIVAL_WINDOW)
        .order_by("day")
        .values_list("day", flat=True)
        .first()
    )


def before_spring_festival(today) -> bool:
    """Whether a 春节 holiday in the calendar starts within the next 60 days."""
    return next_spring_festival(today) is not None


def previous_season(festival):
    """The 60 days before the 春节 preceding ``festival``: the calendar's first 春节 day 300 to 400 days earlier, or
    ``festival`` less a year when the calendar does not go back that far."""
    before = (
        _festival_days()
        .filter(day__gte=festival - timedelta(days=400), day__lte=festival - timedelta(days=300))
        .order_by("day")
        .values_list("day", flat=True)
        .first()
    ) or festival - YEAR
    return before - SPRING_FESTIVAL_WINDOW, before


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
    festival = next_spring_festival(today)
    season = festival is not None
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
    history = _seasonal_history(ids, festival) if season else {}
    expired = _expired_contracts(ids, today)
    shrink = _roster_shrink(enterprises, today, w["roster_shrink_min"])
    wanted = set(appeals) | set(cases) | set(problems) | set(history) | set(expired) | set(shrink)
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
        if enterprise.pk in history:
            start, end = previous_season(festival)
            add("seasonal_history", history[enterprise.pk], f"（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）")
        ended = expired.get(enterprise.pk)
        if ended:
            detail = "：" + "，".join(f"{label}于 {day:%Y-%m-%d} 到期" for label, day in ended)
            add("expired_contracts", len(ended), detail)
        s = shrink.get(enterprise.pk)
        if s:
            before, now_count, percent = s
            add("roster_shrink", percent, f"（{before} 人减至 {now_count} 人）", Decimal("0.1"))
        risk.level = (
            "high" if risk.score >= w["threshold_high"] else "medium" if risk.score >= w["threshold_medium"] else "low"
        )
        risks.append(risk)
    risks.sort(key=lambda r: (-r.score, r.enterprise.pk))
    return risks


def _seasonal_history(ids, festival) -> dict[int, int]:
    """Per enterprise, its wage-arrears appeals and wage mediation cases in the 60 days before the previous 春节."""
    start, end = previous_season(festival)
    found: dict[int, int] = defaultdict(int)
    for employer_id, n in (
        Appeal.objects.filter(
            employer__in=ids, category=Category.WAGES, submitted_at__date__gte=start, submitted_at__date__lt=end
        )
        .order_by()
        .values("employer_id")
        .annotate(n=Count("pk"))
        .values_list("employer_id", "n")
    ):
        found[employer_id] += n
    for enterprise_id, n in (
        MediationCase.objects.filter(
            enterprise__in=ids,
            dispute_type=DisputeType.WAGES,
            appeal__isnull=True,  # a case from an appeal is the appeal, counted once
            accepted_at__date__gte=start,
            accepted_at__date__lt=end,
        )
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
    ):
        found[enterprise_id] += n
    return dict(found)


def _expired_contracts(ids, today) -> dict[int, list]:
    """Per enterprise, the kinds of collective contract that ended in the last 12 months with none of that kind in
    force today: ``[(label, end date), …]``."""
    rows = CollectiveContract.objects.filter(enterprise__in=ids, ends_on__gte=today - YEAR).values_list(
        "enterprise_id", "kind", "ends_on"
    )
    live, ended = set(), {}
    for enterprise_id, kind, ends_on in rows:
        if ends_on >= today:
            # In force, or signed to follow on (a renewal registered before it starts).
            live.add((enterprise_id, kind))
        else:
            key = (enterprise_id, kind)
            ended[key] = max(ended.get(key, ends_on), ends_on)
    found: dict[int, list] = defaultdict(list)
    for (enterprise_id, kind), day in sorted(ended.items(), key=lambda kv: (kv[0][0], kv[1])):
        if (enterprise_id, kind) not in live:
            found[enterprise_id].append((ContractKind(kind).label, day))
    return dict(found)


def _roster_shrink(enterprises, today, minimum: Decimal) -> dict[int, tuple[int, int, int]]:
    """Per enterprise whose own union (a covering 基层工会) lost at least ``minimum`` % of its members in 12 months:
    ``(members a year ago, members today, percent lost)``. Counted from the membership history, so a member is
    counted where they were at each date."""
    unions = dict(enterprises.filter(covering_union__kind=OrgKind.GRASSROOTS).values_list("covering_union_id", "pk"))
    if not unions:
        return {}
    year_ago = today - YEAR
    rows = (
        MembershipEvent.objects.filter(union_id__in=list(unions), on__lte=today)
        .order_by()
        .values("union_id")
        .annotate(now=held_delta(Q(on__lte=today)), before=held_delta(Q(on__lte=year_ago)))
        .values_list("union_id", "before", "now")
    )
    found = {}
    for union_id, before, now_count in rows:
        before, now_count = before or 0, now_count or 0
        if before < ROSTER_MIN_MEMBERS or now_count >= before:
            continue
        percent = int((Decimal(before - now_count) * 100 / before).to_integral_value(rounding=ROUND_HALF_UP))
        if percent >= minimum:
            found[unions[union_id]] = (before, now_count, percent)
    return found
