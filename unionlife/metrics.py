"""The union-life figures of the 成绩单 (section 基层基础), declared in the metric registry: notices sent (counted for
the sending org) and the report-back rate of tasks (counted for the receiving org: a town's rate is how its own
sub-tree answered, whoever asked); congresses held, terms overdue for 换届 and part-time vice-chairs (today);
unions at four or five stars and the 1+X subsidies of the assessment year.

They are measures read from the raw tables, not rolled-up counters: a delivery is reported back long after it was
sent, and the rollups' watermark does not follow these tables, so a rolled-up figure would go stale."""

from datetime import timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from core.metrics import YUAN, Measure, Metric, rate, register_measure, register_metric, yuan
from core.metrics.periods import local_start

from .models import (
    AllianceMember,
    ChairPoints,
    Delivery,
    JointActivity,
    Notice,
    Officer,
    OfficerRole,
    PairingParty,
    StarRecord,
    Term,
)

SECTION = "基层基础"


def _sent_in(prefix: str, period) -> Q:
    return Q(**{f"{prefix}sent_at__gte": local_start(period.start)}) & Q(
        **{f"{prefix}sent_at__lt": local_start(period.end + timedelta(days=1))}
    )


def notices(org, periods, group_len) -> dict:
    """Notices sent in each period by each group's orgs (to orgs and to members)."""
    aggregates = {f"p{i}": Count("pk", filter=_sent_in("", p)) for i, p in enumerate(periods)}
    rows = (
        Notice.objects.filter(sender__path__startswith=org.path)
        .order_by()
        .annotate(_g=Substr("sender__path", 1, group_len))
        .values("_g")
        .annotate(**aggregates)
        .values_list("_g", *aggregates)
    )
    return {g: {"unionlife.notices_sent": list(values)} for g, *values in rows}


def tasks(org, periods, group_len) -> dict:
    """Tasks delivered to each group's orgs in each period (by the notice's sending date), those reported back and
    those reported by the deadline (a return on the deadline day counts, local time)."""
    aggregates = {}
    for i, p in enumerate(periods):
        sent = _sent_in("notice__", p)
        aggregates[f"d{i}"] = Count("pk", filter=sent)
        aggregates[f"r{i}"] = Count("pk", filter=sent & Q(reported_at__isnull=False))
        aggregates[f"t{i}"] = Count("pk", filter=sent & Q(reported_at__date__lte=F("notice__due_on")))
    rows = (
        Delivery.objects.filter(org__path__startswith=org.path, notice__audience=Notice.Audience.ORGS)
        .exclude(notice__return_kind=Notice.ReturnKind.NONE)
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
            "unionlife.task_deliveries": list(values[0::3][:n]),
            "unionlife.tasks_reported": list(values[1::3][:n]),
            "unionlife.tasks_on_time": list(values[2::3][:n]),
        }
    return found


def congresses(org, periods, group_len) -> dict:
    """会员(代表)大会 held in each period (terms opened), by the union that held them."""
    aggregates = {
        f"p{i}": Count("pk", filter=Q(started_on__gte=p.start, started_on__lte=p.end)) for i, p in enumerate(periods)
    }
    rows = (
        Term.objects.filter(union__path__startswith=org.path)
        .order_by()
        .annotate(_g=Substr("union__path", 1, group_len))
        .values("_g")
        .annotate(**aggregates)
        .values_list("_g", *aggregates)
    )
    return {g: {"unionlife.congresses": list(values)} for g, *values in rows}


def officers_today(org, periods, group_len) -> dict:
    """Today: open terms past their 换届 due date, and the towns' part-time vice-chairs in office."""
    today = timezone.localdate()
    found: dict = {}
    overdue = (
        Term.objects.filter(union__path__startswith=org.path, closed_on__isnull=True, due_on__lt=today)
        .order_by()
        .annotate(_g=Substr("union__path", 1, group_len))
        .values("_g")
        .annotate(n=Count("pk"))
        .values_list("_g", "n")
    )
    for g, n in overdue:
        found.setdefault(g, {"unionlife.terms_overdue_now": 0, "unionlife.vice_chairs_now": 0})
        found[g]["unionlife.terms_overdue_now"] = n
    vice = (
        Officer.objects.filter(
            union__path__startswith=org.path,
            role=OfficerRole.VICE_CHAIR,
            source_union__isnull=False,
            ends_on__isnull=True,
        )
        .order_by()
        .annotate(_g=Substr("union__path", 1, group_len))
        .values("_g")
        .annotate(n=Count("pk"))
        .values_list("_g", "n")
    )
    for g, n in vice:
        found.setdefault(g, {"unionlife.terms_overdue_now": 0, "unionlife.vice_chairs_now": 0})
        found[g]["unionlife.vice_chairs_now"] = n
    return found


def stars(org, periods, group_len) -> dict:
    """Per period, the unions confirmed at four or five stars for the assessment year the period ends in, and the 1+X
    subsidies (元) of that year's assessment."""
    found: dict = {}
    n = len(periods)
    star_aggs = {f"p{i}": Count("pk", filter=Q(year=p.end.year, star__gte=4)) for i, p in enumerate(periods)}
    star_aggs.update({f"t{i}": Count("pk", filter=Q(year=p.end.year) & ~Q(titles=[])) for i, p in enumerate(periods)})
    for g, *values in (
        StarRecord.objects.filter(union__path__startswith=org.path)
        .order_by()
        .annotate(_g=Substr("union__path", 1, group_len))
        .values("_g")
        .annotate(**star_aggs)
        .values_list("_g", *star_aggs)
    ):
        found.setdefault(g, {"unionlife.star_unions": [0] * n, "unionlife.subsidy_yuan": [0] * n})
        found[g]["unionlife.star_unions"] = list(values[:n])
        found[g]["unionlife.title_unions"] = list(values[n:])
    money_aggs = {
        f"p{i}": Sum("subsidy", filter=Q(union_assessment__assessment__year=p.end.year)) for i, p in enumerate(periods)
    }
    for g, *values in (
        ChairPoints.objects.filter(union_assessment__union__path__startswith=org.path)
        .order_by()
        .annotate(_g=Substr("union_assessment__union__path", 1, group_len))
        .values("_g")
        .annotate(**money_aggs)
        .values_list("_g", *money_aggs)
    ):
        found.setdefault(
            g,
            {"unionlife.star_unions": [0] * n, "unionlife.title_unions": [0] * n, "unionlife.subsidy_yuan": [0] * n},
        )
        found[g]["unionlife.subsidy_yuan"] = [v or 0 for v in values]
    return found


def _active_on(day, start, end) -> bool:
    """Whether a span from ``start`` to ``end`` (None: still open; the end day no longer counts) holds on ``day``."""
    return start <= day and (end is None or end > day)


def _pairing_end(row_ends_on, closed_on):
    """A pairing holds until its planned end day (inclusive) or the day it was closed, whichever is first."""
    planned = row_ends_on + timedelta(days=1)
    return min(planned, closed_on) if closed_on else planned


def ties(org, periods, group_len) -> dict:
    """On each period's last day: alliances and pairings in force (counted for the org keeping them) and the
    unions taking part in one (counted for the union, once however many it is in); joint activities starting in
    the period (counted for the alliance's keeper, cancelled ones left out). Three queries: an alliance always has
    its lead as a member row and a pairing an org party, so the member and party rows carry their alliance or
    pairing along; the tables are small and read whole for ``org``."""
    n = len(periods)
    keys = ("unionlife.ties_active", "unionlife.tied_unions", "unionlife.joint_activities")
    found: dict = {}

    def bump(path, key, i):
        row = found.setdefault(path[:group_len], {k: [0] * n for k in keys})
        row[key][i] += 1

    ties: dict = {}  # ("a" | "p", pk) -> (keeper path, start, end)
    spans: dict = {}  # union path -> [(start, end)]
    for row in AllianceMember.objects.filter(
        Q(union__path__startswith=org.path) | Q(alliance__owner__path__startswith=org.path)
    ).values_list(
        "union__path",
        "joined_on",
        "left_on",
        "alliance_id",
        "alliance__owner__path",
        "alliance__founded_on",
        "alliance__dissolved_on",
    ):
        path, joined, left, pk, keeper, founded, dissolved = row
        ties[("a", pk)] = (keeper, founded, dissolved)
        if path.startswith(org.path):
            spans.setdefault(path, []).append((joined, left or dissolved))
    for row in PairingParty.objects.filter(
        Q(org__path__startswith=org.path) | Q(pairing__owner__path__startswith=org.path)
    ).values_list(
        "org__path",
        "pairing_id",
        "pairing__owner__path",
        "pairing__starts_on",
        "pairing__ends_on",
        "pairing__closed_on",
    ):
        path, pk, keeper, starts, ends, closed = row
        end = _pairing_end(ends, closed)
        ties[("p", pk)] = (keeper, starts, end)
        if path and path.startswith(org.path):
            spans.setdefault(path, []).append((starts, end))
    for i, p in enumerate(periods):
        for keeper, start, end in ties.values():
            if keeper.startswith(org.path) and _active_on(p.end, start, end):
                bump(keeper, "unionlife.ties_active", i)
        for path, held in spans.items():
            if any(_active_on(p.end, start, end) for start, end in held):
                bump(path, "unionlife.tied_unions", i)
    joint = (
        JointActivity.objects.filter(alliance__owner__path__startswith=org.path)
        .exclude(activity__status="cancelled")
        .values_list("alliance__owner__path", "activity_id", "activity__starts_at")
    )
    seen: set = set()
    for path, activity_id, starts_at in joint:
        day = timezone.localtime(starts_at).date()
        for i, p in enumerate(periods):
            if p.start <= day <= p.end and (path[:group_len], activity_id, i) not in seen:
                seen.add((path[:group_len], activity_id, i))
                bump(path, "unionlife.joint_activities", i)
    return found


def register() -> None:
    register_measure(
        Measure(
            keys=("unionlife.ties_active", "unionlife.tied_unions", "unionlife.joint_activities"),
            fn=ties,
            additive=True,
        )
    )
    register_metric(
        Metric(
            key="unionlife.ties_active",
            label="工会联盟与结对共建",
            unit="个",
            section=SECTION,
            order=390,
            definition="统计期间最后一天仍在运行的工会（阵地）联盟、社区工会联合会和在结对期内、未结束的结对共建个数，"
            "计在登记单位。",
            inputs=("unionlife.ties_active",),
        )
    )
    register_metric(
        Metric(
            key="unionlife.tied_unions",
            label="参加联盟或结对的工会",
            unit="家",
            section=SECTION,
            order=391,
            definition="统计期间最后一天是运行中联盟的成员、或是结对期内结对共建一方的工会家数，"
            "一家工会参加多个只计一次，计在该工会。",
            inputs=("unionlife.tied_unions",),
        )
    )
    register_metric(
        Metric(
            key="unionlife.joint_activities",
            label="联盟联办活动",
            unit="场",
            section=SECTION,
            order=392,
            definition="统计期间内开始的、登记为工会联盟联办的活动场数（已取消的不计），计在联盟的登记单位。",
            inputs=("unionlife.joint_activities",),
        )
    )
    register_measure(Measure(keys=("unionlife.notices_sent",), fn=notices, additive=True))
    register_measure(
        Measure(
            keys=("unionlife.task_deliveries", "unionlife.tasks_reported", "unionlife.tasks_on_time"),
            fn=tasks,
            additive=True,
        )
    )
    register_measure(Measure(keys=("unionlife.congresses",), fn=congresses, additive=True))
    register_measure(
        Measure(
            keys=("unionlife.terms_overdue_now", "unionlife.vice_chairs_now"),
            fn=officers_today,
            current=True,
            additive=True,
        )
    )
    register_measure(
        Measure(
            keys=("unionlife.star_unions", "unionlife.title_unions", "unionlife.subsidy_yuan"), fn=stars, additive=True
        )
    )
    register_metric(
        Metric(
            key="unionlife.title_unions",
            label="获得称号的工会",
            unit="家",
            section=SECTION,
            order=375,
            definition="统计期间结束所在年度的星级工会评定中，经区总工会确认获得模范职工之家、示范工会、"
            "六好示范镇（街道）总工会等称号的工会家数（一家获得多个称号计一家）。",
            inputs=("unionlife.title_unions",),
        )
    )
    register_metric(
        Metric(
            key="unionlife.star_unions",
            label="四星、五星级工会",
            unit="家",
            section=SECTION,
            order=370,
            definition="统计期间结束所在年度的星级工会评定中，经区总工会确认为四星级、五星级的工会家数。",
            inputs=("unionlife.star_unions",),
        )
    )
    register_metric(
        Metric(
            key="unionlife.subsidy",
            label="1+X 工作补贴",
            unit=YUAN,
            section=SECTION,
            order=380,
            decimals=2,
            definition="统计期间结束所在年度的星级评定中，三星级以上工会主席按 1+X 积分核定的工作补贴合计"
            "（每人不超过当年上限），计在主席所在工会。",
            inputs=("unionlife.subsidy_yuan",),
            formula=yuan("unionlife.subsidy_yuan", scale=1),
        )
    )
    register_metric(
        Metric(
            key="unionlife.congresses",
            label="召开会员（代表）大会",
            unit="次",
            section=SECTION,
            order=340,
            definition="统计期间内召开会员（代表）大会、选举产生新一届委员会的次数，计在召开大会的工会。",
            inputs=("unionlife.congresses",),
        )
    )
    register_metric(
        Metric(
            key="unionlife.terms_overdue_now",
            label="换届逾期的工会（当前数）",
            unit="家",
            section=SECTION,
            order=350,
            definition="本届委员会任期已满、尚未召开会员（代表）大会换届的工会家数，为今天的数字。",
            inputs=("unionlife.terms_overdue_now",),
            current=True,
        )
    )
    register_metric(
        Metric(
            key="unionlife.vice_chairs_now",
            label="镇街兼职副主席（当前数）",
            unit="名",
            section=SECTION,
            order=360,
            definition="由下属企业工会主席兼任、目前在任的镇街总工会兼职副主席人数，为今天的数字。",
            inputs=("unionlife.vice_chairs_now",),
            current=True,
        )
    )
    register_metric(
        Metric(
            key="unionlife.notices_sent",
            label="发出通知",
            unit="件",
            section=SECTION,
            order=310,
            definition="统计期间内发出的通知件数（发给下级组织和发给会员的），计在发文单位。",
            inputs=("unionlife.notices_sent",),
            breakdown=True,
        )
    )
    register_metric(
        Metric(
            key="unionlife.report_rate",
            label="通知任务报送率",
            unit="%",
            section=SECTION,
            order=320,
            definition="统计期间内发出的有报送任务的通知中，接收单位已报送的比例"
            "（已报送的接收单位数 ÷ 接收单位数 × 100%），计在接收单位："
            "镇街的数字是发给其本身和全部下级的任务的报送情况。",
            inputs=("unionlife.tasks_reported", "unionlife.task_deliveries"),
            formula=rate("unionlife.tasks_reported", "unionlife.task_deliveries"),
            decimals=1,
        )
    )
    register_metric(
        Metric(
            key="unionlife.report_on_time_rate",
            label="通知任务按时报送率",
            unit="%",
            section=SECTION,
            order=330,
            definition="统计期间内发出的有报送任务的通知中，接收单位在报送期限当天及以前报送的比例，计在接收单位。",
            inputs=("unionlife.tasks_on_time", "unionlife.task_deliveries"),
            formula=rate("unionlife.tasks_on_time", "unionlife.task_deliveries"),
            decimals=1,
        )
    )
