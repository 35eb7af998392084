"""The places app's figures for the 成绩单 (``core.metrics``): places open today by kind (a current measure:
the register keeps no history of statuses), door-QR visits (人次), bookings and the hours booked, services ordered
and delivered (场次) and the units that ordered (家). Visits and bookings count for the org that owns the place;
orders for the ordering org (so a town's figure is the orders of the unions and communities under it)."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from core.metrics import (
    YUAN,
    Counter,
    Distinct,
    Measure,
    Metric,
    Watch,
    register_counter,
    register_distinct,
    register_measure,
    register_metric,
    register_watch,
    yuan,
)

from .models import Booking, FieldVisit, Place, PlaceInvestment, PlaceKind, PlaceStatus, ServiceOrder, Visit

BASE = "基层基础"
CULTURE = "文化文明"
HELD = [Booking.Status.CONFIRMED, Booking.Status.USED, Booking.Status.NO_SHOW]


def places_today(org, periods, group_len) -> dict:
    """Places open today in each group: all kinds, and the 工会驿站 among them."""
    rows = (
        Place.objects.filter(org__path__startswith=org.path, status=PlaceStatus.OPEN)
        .order_by()
        .annotate(_g=Substr("org__path", 1, group_len))
        .values("_g")
        .annotate(total=Count("pk"), stations=Count("pk", filter=Q(kind=PlaceKind.STATION)))
        .values_list("_g", "total", "stations")
    )
    return {g: {"places.open_now": total, "places.stations_now": st} for g, total, st in rows}


def investment(org, periods, group_len) -> dict:
    """Money invested in places (元, exact) in the year each period ends in, per group of the place's org."""
    aggs = {f"p{i}": Sum("amount", filter=Q(year=p.end.year)) for i, p in enumerate(periods)}
    rows = (
        PlaceInvestment.objects.filter(place__org__path__startswith=org.path)
        .order_by()
        .annotate(_g=Substr("place__org__path", 1, group_len))
        .values("_g")
        .annotate(**aggs)
        .values_list("_g", *aggs)
    )
    return {g: {"places.investment_yuan": [v or 0 for v in values]} for g, *values in rows}


def register() -> None:
    # Every change of these records goes through an audited service.
    for name, model in [
        ("places", Place),
        ("visits", Visit),
        ("bookings", Booking),
        ("orders", ServiceOrder),
        ("field_visits", FieldVisit),
    ]:
        register_watch(Watch(key=f"places.{name}", model=lambda m=model: m, audited=True))
    register_measure(
        Measure(keys=("places.open_now", "places.stations_now"), fn=places_today, current=True, additive=True)
    )
    register_measure(Measure(keys=("places.investment_yuan",), fn=investment, additive=True))
    register_metric(
        Metric(
            key="places.investment",
            label="阵地建设投入",
            unit=YUAN,
            decimals=2,
            section=BASE,
            order=205,
            definition="统计期间结束所在年度登记的工会阵地（职工之家、工会驿站等）建设、提升投入金额合计，精确到分，"
            "计在阵地所属工会。",
            inputs=("places.investment_yuan",),
            formula=yuan("places.investment_yuan", scale=1),
        )
    )
    register_counter(
        Counter(
            key="places.visits",
            model=lambda: Visit,
            org="place__org",
            date="visited_at",
            value=lambda f: Count("pk", filter=f),
            description="扫门牌码到访（同一职工同一阵地一小时内只计一次）",
        )
    )
    register_counter(
        Counter(
            key="places.bookings",
            model=lambda: Booking,
            org="resource__place__org",
            date="starts_at",
            value=lambda f: Count("pk", filter=f),
            where=lambda: Q(status__in=HELD),
            description="已确认的场地预约（含已使用、未到场）",
        )
    )
    register_counter(
        Counter(
            key="places.booked_hours",
            model=lambda: Booking,
            org="resource__place__org",
            date="starts_at",
            value=lambda f: Sum("hours", filter=f),
            where=lambda: Q(status__in=HELD),
            description="已确认预约的时长（小时）",
        )
    )
    register_counter(
        Counter(
            key="places.orders",
            model=lambda: ServiceOrder,
            org="ordering_org",
            date="requested_at",
            value=lambda f: Count("pk", filter=f),
            description="收到的服务点单",
        )
    )
    register_counter(
        Counter(
            key="places.orders_delivered",
            model=lambda: ServiceOrder,
            org="ordering_org",
            date="requested_at",
            value=lambda f: Count("pk", filter=f),
            where=lambda: Q(status=ServiceOrder.Status.DELIVERED),
            description="已送达的服务点单",
        )
    )
    register_counter(
        Counter(
            key="places.field_visits",
            model=lambda: FieldVisit,
            org="org",
            date="visited_on",
            value=lambda f: Count("pk", filter=f),
            description="工会工作人员走访企业和阵地",
        )
    )
    register_distinct(
        Distinct(
            key="places.ordering_units",
            model=lambda: ServiceOrder,
            org="ordering_org",
            date="requested_at",
            value=lambda f: Count("ordering_org", distinct=True, filter=f),
            description="点单的单位",
            ids="ordering_org",
        )
    )
    for key, label, unit, section, order, definition, inputs, extra in [
        (
            "places.field_visits",
            "走访",
            "次",
            BASE,
            60,
            "统计期间内工会工作人员走访企业和阵地的次数，计在走访的工会。",
            ("places.field_visits",),
            {},
        ),
        (
            "places.open_now",
            "开放的阵地",
            "个",
            BASE,
            10,
            "目前状态为“开放”的工会阵地（驿站、职工之家、职工书屋等各类）个数，为今天的数字。",
            ("places.open_now",),
            {"current": True},
        ),
        (
            "places.stations_now",
            "开放的工会驿站",
            "家",
            BASE,
            20,
            "目前状态为“开放”的工会驿站（户外劳动者服务站）家数，为今天的数字。",
            ("places.stations_now",),
            {"current": True},
        ),
        (
            "places.visits",
            "阵地到访",
            "人次",
            BASE,
            30,
            "统计期间内扫描阵地门牌码登记的到访人次；同一职工同一阵地一小时内只计一次。",
            ("places.visits",),
            {"breakdown": True},
        ),
        (
            "places.bookings",
            "场地预约",
            "次",
            BASE,
            40,
            "统计期间内开始的已确认场地预约次数（含已使用、未到场，不含取消和驳回）。",
            ("places.bookings",),
            {},
        ),
        (
            "places.booked_hours",
            "预约时长",
            "小时",
            BASE,
            50,
            "统计期间内开始的已确认场地预约的时长合计。",
            ("places.booked_hours",),
            {},
        ),
        (
            "places.orders",
            "收到点单",
            "件",
            CULTURE,
            10,
            "统计期间内下属单位提交的服务点单数（含未受理、撤回的）。",
            ("places.orders",),
            {"breakdown": True},
        ),
        (
            "places.orders_delivered",
            "点单送达",
            "场",
            CULTURE,
            20,
            "统计期间内提交、目前已送达（活动已结束）的服务点单场次。",
            ("places.orders_delivered",),
            {},
        ),
        (
            "places.ordering_units",
            "点单单位",
            "家",
            CULTURE,
            30,
            "统计期间内提交过服务点单的不同单位家数。",
            ("places.ordering_units",),
            {},
        ),
    ]:
        register_metric(
            Metric(
                key=key,
                label=label,
                unit=unit,
                section=section,
                order=order + (200 if section == BASE else 100),
                definition=definition,
                inputs=inputs,
                **extra,
            )
        )
