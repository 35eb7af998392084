"""The activities' contribution to the metric registry (``core.metrics``).

The definitions follow ``activities.selectors``: an activity belongs to the period in which it starts (inclusive
local dates) and to its organiser's sub-tree; its participations, registrations and ratings go with it. Two
choices of the 成绩单:

- activities held are published ones (报名中, 报名截止, 已结束): drafts and cancelled activities are not counted;
- the attendance rate counts only activities whose check-in window has closed (two hours after the end), so the
  figure of a period no longer moves once its activities are over (the activity pages show the live rate).
"""

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.metrics import (
    YUAN,
    Chart,
    Counter,
    Distinct,
    Metric,
    Watch,
    average,
    fen,
    rate,
    register_chart,
    register_counter,
    register_distinct,
    register_metric,
    register_watch,
    yuan,
)
from core.metrics.periods import local_start

from .models import Activity, Category, Feedback, Participation, Registration

HELD = [Activity.Status.PUBLISHED, Activity.Status.CLOSED, Activity.Status.FINISHED]
# Check-in stays open until two hours after the end (activities.checkin); after that attendance is final.
CHECKIN_CLOSES_AFTER = timedelta(hours=2)


def checkin_closed_q(prefix: str = "") -> Q:
    """Activities (through ``prefix``) that are not cancelled and whose check-in has closed by now."""
    return ~Q(**{f"{prefix}status": Activity.Status.CANCELLED}) & Q(
        **{f"{prefix}ends_at__lte": timezone.now() - CHECKIN_CLOSES_AFTER}
    )


def count(f: Q):
    return Count("pk", filter=f)


def people(f: Q):
    """Distinct people: different members who took part, plus each walk-in guest (no member record, so each counts
    once)."""
    return Count("member", distinct=True, filter=f) + Count("pk", filter=f & Q(member__isnull=True))


def register() -> None:
    """Declare the activity counters and metrics (called from ``ActivitiesConfig.ready``)."""
    by_start = {"org": "activity__organiser", "date": "activity__starts_at"}
    register_counter(
        Counter(
            key="activities.held",
            model=lambda: Activity,
            org="organiser",
            date="starts_at",
            value=count,
            where=lambda: Q(status__in=HELD),
            description="已发布的活动（按开始日期）",
        )
    )
    register_counter(
        Counter(
            key="activities.participations",
            model=lambda: Participation,
            value=count,
            description="参与记录（签到和现场登记）",
            **by_start,
        )
    )
    register_counter(
        Counter(
            key="activities.confirmed",
            model=lambda: Registration,
            value=count,
            where=lambda: Q(status=Registration.Status.CONFIRMED) & checkin_closed_q("activity__"),
            description="签到已结束的活动的已确认报名",
            **by_start,
        )
    )
    register_counter(
        Counter(
            key="activities.attended",
            model=lambda: Registration,
            value=count,
            where=lambda: (
                Q(status=Registration.Status.CONFIRMED, checked_in_at__isnull=False) & checkin_closed_q("activity__")
            ),
            description="其中已签到的报名",
            **by_start,
        )
    )
    register_counter(
        Counter(
            key="activities.rating_sum",
            model=lambda: Feedback,
            value=lambda f: Sum("rating", filter=f),
            description="评分之和",
            **by_start,
        )
    )
    register_counter(
        Counter(key="activities.ratings", model=lambda: Feedback, value=count, description="评分条数", **by_start)
    )
    register_counter(
        Counter(
            key="activities.guests",
            model=lambda: Participation,
            value=count,
            where=lambda: Q(member__isnull=True),
            description="现场登记的来宾（无会员记录，每条计 1 人）",
            **by_start,
        )
    )
    # Activities the union subsidised (补助), by start date like the activities held; the amount summed in 分.
    subsidised = lambda: Q(status__in=HELD, subsidy_amount__gt=0)  # noqa: E731
    register_counter(
        Counter(
            key="activities.subsidised",
            model=lambda: Activity,
            org="organiser",
            date="starts_at",
            value=count,
            where=subsidised,
            description="有工会补助的已发布活动（按开始日期）",
        )
    )
    register_counter(
        Counter(
            key="activities.subsidy_fen",
            model=lambda: Activity,
            org="organiser",
            date="starts_at",
            value=fen("subsidy_amount"),
            where=subsidised,
            description="已发布活动的工会补助金额，单位：分",
        )
    )
    register_distinct(
        Distinct(
            key="activities.people",
            model=lambda: Participation,
            value=people,
            description="参加活动的不同会员人数加现场登记的来宾人数",
            ids="member",
            also="activities.guests",
            **by_start,
        )
    )
    # An activity changes with its updated_at; it starts counting towards attendance when its check-in closes (the
    # closed count moves with time); its registrations count only then, after which they no longer change.
    register_watch(
        Watch(
            key="activities.activities",
            model=lambda: Activity,
            changed="updated_at",
            covers=(lambda: Registration,),
            value=lambda: Activity.objects.order_by().filter(checkin_closed_q()).count(),
        )
    )
    register_watch(Watch(key="activities.participations", model=lambda: Participation, append=True))
    register_watch(Watch(key="activities.feedback", model=lambda: Feedback, append=True))
    register_chart(
        Chart(
            key="series",
            title="参与人次（按活动系列）",
            kind="ranking",
            data=series_chart,
            order=30,
            empty="该期间没有活动参与记录",
        )
    )
    section = "文化文明"
    # Activities and participations by category (心理健康讲座 场 is a figure), declared from the category choices.
    for n, (category, name) in enumerate(Category.choices):
        register_counter(
            Counter(
                key=f"activities.held.{category}",
                model=lambda: Activity,
                org="organiser",
                date="starts_at",
                value=count,
                where=lambda c=category: Q(status__in=HELD, category=c),
                description=f"已发布的{name}类活动（按开始日期）",
            )
        )
        register_counter(
            Counter(
                key=f"activities.participations.{category}",
                model=lambda: Participation,
                value=count,
                where=lambda c=category: Q(activity__category=c),
                description=f"{name}类活动的参与记录",
                **by_start,
            )
        )
        register_metric(
            Metric(
                key=f"activities.count.{category}",
                label=f"开展{name}活动",
                unit="场",
                section=section,
                order=60 + 2 * n,
                definition=f"统计期间内开始的已发布{name}类活动场次（口径同“开展活动”），计在主办组织。",
                inputs=(f"activities.held.{category}",),
                list_url="activities",
            )
        )
        register_metric(
            Metric(
                key=f"activities.participations.{category}",
                label=f"{name}活动参与人次",
                unit="人次",
                section=section,
                order=61 + 2 * n,
                definition=f"统计期间内开始的{name}类活动的参与人次（口径同“参与人次”）。",
                inputs=(f"activities.participations.{category}",),
            )
        )
    register_metric(
        Metric(
            key="activities.count",
            breakdown=True,
            label="开展活动",
            unit="场",
            section=section,
            order=10,
            definition="统计期间内开始的已发布活动（报名中、报名截止、已结束）场次，计在主办组织；草稿和已取消的活动不计。",
            inputs=("activities.held",),
            list_url="activities",
        )
    )
    register_metric(
        Metric(
            key="activities.participations",
            breakdown=True,
            label="参与人次",
            unit="人次",
            section=section,
            order=20,
            definition="统计期间内开始的活动的参与记录数：每人每场活动签到一次计 1 人次，"
            "现场登记的每位来宾各计 1 人次。",
            inputs=("activities.participations",),
            list_url="activities",
        )
    )
    register_metric(
        Metric(
            key="activities.participants",
            label="参与人数",
            unit="人",
            section=section,
            order=30,
            definition="统计期间内参加过活动的不同会员人数（参加多场只计 1 人），"
            "加上现场登记的来宾（无会员记录，每条计 1 人）。"
            "去重人数不能按组织或月份相加：汇总数据按自然年、季度、月份分别预先去重，"
            "其他期间（如多年、自定义日期范围）按原始记录计算。",
            inputs=("activities.people",),
        )
    )
    register_metric(
        Metric(
            key="activities.attendance_rate",
            label="签到率",
            unit="%",
            section=section,
            order=40,
            decimals=1,
            definition="已确认报名中签到的比例，只计签到已结束（活动结束 2 小时后）且未取消的活动，"
            "所以期间结束后数字不再变化。",
            inputs=("activities.attended", "activities.confirmed"),
            formula=rate("activities.attended", "activities.confirmed"),
        )
    )
    register_metric(
        Metric(
            key="activities.subsidised",
            label="补助场次",
            unit="场",
            section=section,
            order=54,
            definition="统计期间内开始的已发布活动中，工会补助金额大于 0 的场次，计在主办组织。",
            inputs=("activities.subsidised",),
            list_url="activities",
        )
    )
    register_metric(
        Metric(
            key="activities.subsidy",
            label="补助金额",
            unit=YUAN,
            decimals=2,
            section=section,
            order=56,
            definition="统计期间内开始的已发布活动的工会补助金额之和（元，精确到分），计在主办组织；"
            "草稿和已取消的活动不计。",
            inputs=("activities.subsidy_fen",),
            formula=yuan("activities.subsidy_fen"),
        )
    )
    register_metric(
        Metric(
            key="activities.avg_rating",
            label="活动平均评分",
            unit="分",
            section=section,
            order=50,
            decimals=2,
            definition="会员对统计期间内开始的活动所打评分（1–5 分）的平均值，保留两位小数。",
            inputs=("activities.rating_sum", "activities.ratings"),
            formula=average("activities.rating_sum", "activities.ratings"),
        )
    )


def series_chart(ctx) -> dict:
    """人次 per activity series in the period (activities outside any series together), largest first."""
    org, period = ctx.org, ctx.period
    rows = (
        Participation.objects.filter(
            activity__organiser__path__startswith=org.path,
            activity__starts_at__gte=local_start(period.start),
            activity__starts_at__lt=local_start(period.end + timedelta(days=1)),
        )
        .order_by()
        .values("activity__series_id", "activity__series__name", "activity__series__year")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    may = ctx.may("activities.view")
    labels, values, links = [], [], []
    dates = {"under": org.pk, "from": f"{period.start:%Y-%m-%d}", "to": f"{period.end:%Y-%m-%d}"}
    for row in rows[:20]:
        sid = row["activity__series_id"]
        labels.append(f"{row['activity__series__name']}（{row['activity__series__year']}）" if sid else "未归入系列")
        values.append(row["n"])
        links.append(ctx.url("activities:staff_list", series=sid or "", **dates) if may else None)
    return {"labels": labels, "values": values, "links": links, "unit": "人次"}
