"""The figures of section 维权维稳 of the 成绩单 (``core.metrics`` declarations). A mediation case counts in the
period in which it was accepted and for the union handling it; a legal-aid case in the period it was opened.
Money (元) is summed in fen (an integer, exact) and shown in 万元."""

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from appeals.models import Appeal
from core.metrics import (
    YUAN,
    Counter,
    Measure,
    Metric,
    Watch,
    fen,
    rate,
    register_counter,
    register_measure,
    register_metric,
    register_watch,
    yuan,
)
from members.models import MembershipEvent
from orgs.models import Enterprise

from .models import (
    CaseStatus,
    CollectiveContract,
    Inspection,
    LegalAidCase,
    MediationCase,
    Problem,
    ProblemStatus,
    RiskWeight,
    SupervisionDocument,
)

SECTION = "维权维稳"


def high_risk_now(org, periods, group_len) -> dict:
    """Enterprises of the sub-tree (by their area union) whose early-warning score is at or above the high-risk
    threshold today (``rights.warning.assess``, a fixed number of queries)."""
    from .warning import assess

    found: dict[str, int] = defaultdict(int)
    for risk in assess(Enterprise.objects.filter(org__path__startswith=org.path)):
        if risk.level == "high":
            found[risk.enterprise.org.path[:group_len]] += 1
    return {g: {"rights.high_risk_now": n} for g, n in found.items()}


def warning_inputs() -> dict:
    """The part of the rollups' watermark that moves the early-warning scores without a watched write: the day (the
    12-month windows, due dates passing, the 春节 season), the configured weights and the 春节 days of the holiday
    calendar (both small tables). A new day, a new weight or a new 春节 date makes the snapshot stale."""
    from appeals.models import Holiday

    from .warning import weights

    return {
        "day": timezone.localdate().isoformat(),
        "weights": {k: str(v) for k, v in sorted(weights().items())},
        "festival": [
            d.isoformat()
            for d in Holiday.objects.filter(name__contains="春节", is_workday=False)
            .order_by("day")
            .values_list("day", flat=True)
        ],
    }


def contracts_in_force(org, periods, group_len) -> dict:
    """Collective contracts in force on the last day of each period (or today, for a period not yet over) and the
    workers they cover, for the union that negotiated them. One query."""
    today = timezone.localdate()
    aggregates = {}
    for i, p in enumerate(periods):
        day = min(p.end, today)
        live = Q(starts_on__lte=day, ends_on__gte=day)
        aggregates[f"n{i}"] = Count("pk", filter=live)
        aggregates[f"w{i}"] = Sum("workers_covered", filter=live)
    rows = (
        CollectiveContract.objects.filter(org__path__startswith=org.path)
        .order_by()
        .annotate(_g=Substr("org__path", 1, group_len))
        .values("_g")
        .annotate(**aggregates)
        .values_list("_g", *aggregates)
    )
    n = len(periods)
    found = {}
    for g, *values in rows:
        found[g] = {
            "rights.contracts_in_force": list(values[:n]),
            "rights.contract_workers": [v or 0 for v in values[n:]],
        }
    return found


def register() -> None:
    """Declare the counters and metrics (called from ``RightsConfig.ready``)."""
    cases = {"model": lambda: MediationCase, "org": "org", "date": "accepted_at"}
    concluded = [CaseStatus.AGREED, CaseStatus.FAILED, CaseStatus.REFERRED]
    for key, value, where, description in [
        ("rights.cases", lambda f: Count("pk", filter=f), lambda: Q(), "受理的劳动争议调解案件"),
        ("rights.cases_agreed", lambda f: Count("pk", filter=f), lambda: Q(status=CaseStatus.AGREED), "调解成功"),
        (
            "rights.cases_concluded",
            lambda f: Count("pk", filter=f),
            lambda: Q(status__in=concluded),
            "调解成功、调解不成或转介的（撤回的不计）",
        ),
        ("rights.case_workers", lambda f: Sum("workers", filter=f), lambda: Q(), "调解案件涉及的职工人数"),
        ("rights.case_amount_fen", fen("amount_claimed"), lambda: Q(), "调解案件的请求金额（分）"),
        ("rights.case_recovered_fen", fen("amount_recovered"), lambda: Q(), "调解追回的金额（分）"),
    ]:
        register_counter(Counter(key=key, value=value, where=where, description=description, **cases))
    register_counter(
        Counter(
            key="rights.legal_aid",
            model=lambda: LegalAidCase,
            org="org",
            date="opened_at",
            value=lambda f: Count("pk", filter=f),
            description="受理的法律援助案件",
        )
    )
    for key, model, org, date, where, description in [
        ("rights.inspections", lambda: Inspection, "org", "inspected_on", lambda: Q(), "劳动法律监督检查"),
        ("rights.documents", lambda: SupervisionDocument, "org", "issued_at", lambda: Q(), "发出的监督意见书、建议书"),
        (
            "rights.problems_rectified",
            lambda: Problem,
            "inspection__org",
            "rectified_at",
            lambda: Q(status=ProblemStatus.RECTIFIED),
            "整改完毕的问题（按整改完成日期）",
        ),
    ]:
        register_counter(
            Counter(
                key=key,
                model=model,
                org=org,
                date=date,
                value=lambda f: Count("pk", filter=f),
                where=where,
                description=description,
            )
        )
    # Every change of these records goes through an audited service.
    for name, model in [
        ("mediation", MediationCase),
        ("legal_aid", LegalAidCase),
        ("inspections", Inspection),
        ("documents", SupervisionDocument),
        ("problems", Problem),
    ]:
        register_watch(Watch(key=f"rights.{name}", model=lambda m=model: m, audited=True))
    register_measure(
        Measure(keys=("rights.contracts_in_force", "rights.contract_workers"), fn=contracts_in_force, additive=True)
    )
    register_watch(Watch(key="rights.contracts", model=lambda: CollectiveContract, changed="updated_at"))
    # What moves the scores without a watched write: the day, the weights (edited in the admin) and the 春节 days.
    register_watch(Watch(key="rights.warning", model=lambda: RiskWeight, value=warning_inputs))
    # The score reads its weights, the 春节 calendar and each signal's records: at most 12 queries, whatever the size.
    # Snapshotted with the rollups, so a 成绩单 from fresh rollups does not score every enterprise of a province.
    register_measure(
        Measure(
            keys=("rights.high_risk_now",),
            fn=high_risk_now,
            current=True,
            additive=True,
            queries=12,
            snapshot=True,
            description="今日劳动关系高风险企业数（预警评分达到高风险分值线）",
            models=(
                lambda: Enterprise,
                lambda: Appeal,
                lambda: MediationCase,
                lambda: Inspection,
                lambda: Problem,
                lambda: CollectiveContract,
                lambda: MembershipEvent,
                lambda: RiskWeight,
            ),
        )
    )
    for order, metric in enumerate(
        [
            Metric(
                key="rights.cases",
                breakdown=True,
                label="调解劳动争议",
                unit="件",
                section=SECTION,
                definition="统计期间内受理的劳动争议调解案件件数（含尚在调解中的），计在承办调解的工会。",
                inputs=("rights.cases",),
                list_url="rights",
            ),
            Metric(
                key="rights.case_workers",
                label="调解涉及职工",
                unit="人",
                section=SECTION,
                definition="统计期间内受理的调解案件的申请职工人数之和（集体争议按实际人数）。",
                inputs=("rights.case_workers",),
            ),
            Metric(
                key="rights.case_amount",
                label="调解涉及金额",
                unit=YUAN,
                section=SECTION,
                decimals=2,
                definition="统计期间内受理的调解案件的请求金额之和，按分精确累计（显示为万元）。",
                inputs=("rights.case_amount_fen",),
                formula=yuan("rights.case_amount_fen"),
            ),
            Metric(
                key="rights.case_recovered",
                label="调解追回金额",
                unit=YUAN,
                section=SECTION,
                decimals=2,
                definition="统计期间内受理的调解案件中，调解协议确定的追回金额之和，精确到分（显示为万元）。",
                inputs=("rights.case_recovered_fen",),
                formula=yuan("rights.case_recovered_fen"),
            ),
            Metric(
                key="rights.success_rate",
                breakdown=True,
                label="调解成功率",
                unit="%",
                section=SECTION,
                decimals=1,
                definition="调解成功的件数 ÷（调解成功 + 调解不成 + 转介）的件数 × 100%；撤回和尚在调解中的不计。",
                inputs=("rights.cases_agreed", "rights.cases_concluded"),
                formula=rate("rights.cases_agreed", "rights.cases_concluded"),
            ),
            Metric(
                key="rights.legal_aid",
                label="法律援助",
                unit="件",
                section=SECTION,
                definition="统计期间内受理的法律援助案件件数（含由调解转介的）。",
                inputs=("rights.legal_aid",),
                list_url="rights",
            ),
            Metric(
                key="rights.high_risk_enterprises",
                breakdown=True,
                label="劳动关系高风险企业",
                unit="家",
                section=SECTION,
                current=True,
                definition="劳动关系预警评分达到高风险分值线（默认 30 分，可配置）的企业数，计在企业的属地工会。预警按"
                "平台当前数据评分，此项为当前数，不随统计期间变化，也没有上期数。",
                inputs=("rights.high_risk_now",),
            ),
            Metric(
                key="rights.inspections",
                label="开展劳动法律监督",
                unit="次",
                section=SECTION,
                definition="统计期间内工会劳动法律监督委员会对企业开展监督检查的次数（按检查日期）。",
                inputs=("rights.inspections",),
            ),
            Metric(
                key="rights.documents",
                label="发出监督意见书、建议书",
                unit="份",
                section=SECTION,
                definition="统计期间内发出的劳动法律监督意见书和建议书份数（按发文日期）。",
                inputs=("rights.documents",),
            ),
            Metric(
                key="rights.problems_rectified",
                label="督促企业整改问题",
                unit="个",
                section=SECTION,
                definition="统计期间内整改完毕的监督检查问题个数（按整改完成日期），计在开展检查的工会。",
                inputs=("rights.problems_rectified",),
            ),
            Metric(
                key="rights.contracts_in_force",
                label="集体合同",
                unit="份",
                section=SECTION,
                definition="统计期末（期末在今天之后的按今天）处于有效期内的集体合同份数（企业和行业性，含专项合同），"
                "计在协商的工会。",
                inputs=("rights.contracts_in_force",),
            ),
            Metric(
                key="rights.contract_workers",
                label="集体合同覆盖职工",
                unit="人",
                section=SECTION,
                definition="统计期末处于有效期内的集体合同覆盖的职工人数之和（一名职工受多份合同覆盖时重复计算）。",
                inputs=("rights.contract_workers",),
            ),
        ],
        start=1,
    ):
        register_metric(Metric(**{**metric.__dict__, "order": 100 + order * 10}))
