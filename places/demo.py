"""The demo district's places (demo step ``places``): about 60 places of every kind spread over the towns with
coordinates around the district's centre (驿站 most numerous, as in the articles: "共建户外劳动者驿站42家"),
opening hours and amenities, bookable rooms at the 职工之家 and 活动中心 with two months of booking history,
door-QR visits with ratings, and the services catalogue with a year of orders (送文化、送课、送法、心理健康进企业、
理发、义诊) in every state, the delivered ones as finished activities of their town.

Places, resources, bookings and visits are written with bulk inserts (the demo stays fast); orders go through the
services, so each scheduled one has its activity."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from activities.models import Activity
from core.demo import DemoContext
from members.models import Member
from orgs.models import Org, OrgKind, OrgStatus

from .models import (
    Amenity,
    Booking,
    BookingSlot,
    Place,
    PlaceInvestment,
    PlaceKind,
    PlaceStatus,
    Resource,
    ServiceCategory,
    ServiceOrder,
    Visit,
)
from .services import orders as order_services

CENTRE = (29.86, 121.62)
KINDS = [
    (PlaceKind.STATION, 24, "工会驿站"),
    (PlaceKind.HOME, 8, "职工之家"),
    (PlaceKind.MODEL_HOME, 3, "模范职工之家"),
    (PlaceKind.BOOKHOUSE, 5, "职工书屋"),
    (PlaceKind.MENTAL, 3, "心理健康辅导站"),
    (PlaceKind.STUDIO, 3, "劳模创新工作室"),
    (PlaceKind.CRAFT_SCHOOL, 2, "工匠学堂"),
    (PlaceKind.CHAIR_STUDIO, 2, "工会主席工作室"),
    (PlaceKind.SERVICE_POINT, 4, "职工服务点"),
    (PlaceKind.CENTER, 3, "职工活动中心"),
    (PlaceKind.NURSING, 3, "爱心妈咪小屋"),
]
STATION_HOSTS = ["环卫所", "加油站", "银行网点", "供电营业厅", "社区服务中心", "快递网点", "城管中队", "公交首末站"]
HOURS_DAY = {str(d): [["08:00", "20:00"]] for d in range(7)}
HOURS_ALL = {str(d): [["00:00", "24:00"]] for d in range(7)}
HOURS_WORK = {**{str(d): [["08:30", "21:00"]] for d in range(5)}, "5": [["09:00", "17:00"]], "6": [["09:00", "17:00"]]}
SERVICES = [
    ("甬城文艺轻骑兵进企业", ServiceCategory.CULTURE, "区工人文化宫艺术团", "企业提供 200 平方米以上场地", 12, 20),
    ("安全生产送课", ServiceCategory.LECTURE, "区职工学校", "多媒体教室或会议室", 20, 10),
    ("劳动法律送法进企业", ServiceCategory.LAW, "区职工法律援助站", "会议室", 20, 7),
    ("心理健康服务进企业", ServiceCategory.MENTAL, "区职工心理健康辅导中心", "安静的独立房间", 15, 10),
    ("理发服务日", ServiceCategory.HAIRCUT, "工会志愿理发队", "每月固定时间，需水电", 24, 5),
    ("职工义诊", ServiceCategory.CLINIC, "区人民医院工会", "一楼大厅或活动室", 10, 14),
    ("女职工健康体检", ServiceCategory.CHECKUP, "区妇幼保健院", "企业安排体检车停放位置", 8, 21),
]


def _amenities(ctx, kind) -> str:
    base = {
        PlaceKind.STATION: ["water", "charging", "microwave", "toilet", "seats", "first_aid"],
        PlaceKind.NURSING: ["nursing", "fridge", "seats", "aircon"],
        PlaceKind.BOOKHOUSE: ["books", "wifi", "seats", "aircon"],
    }.get(kind, ["water", "wifi", "aircon", "seats", "toilet"])
    keep = [a for a in base if ctx.rng.random() < 0.85] or base[:1]
    return "," + ",".join(a for a in Amenity.values if a in keep) + ","


def build_places(ctx: DemoContext) -> None:
    today = timezone.localdate()
    towns = list(
        Org.objects.filter(kind=OrgKind.TOWN, status=OrgStatus.ACTIVE, path__startswith=ctx.root.path).order_by("path")
    )
    unions = list(
        Org.objects.filter(kind=OrgKind.GRASSROOTS, status=OrgStatus.ACTIVE, path__startswith=ctx.root.path).order_by(
            "path"
        )[:400]
    )
    home_town = ctx.extra["orgs"]["home_town"]
    town_names = {t.pk: t.name.replace("总工会", "").replace("街道", "").replace("镇", "") for t in towns}
    centres = {t.pk: (CENTRE[0] + ctx.rng.uniform(-0.08, 0.08), CENTRE[1] + ctx.rng.uniform(-0.1, 0.1)) for t in towns}
    # The home town sits at the centre, so a phone near the demo's centre finds its 驿站 first.
    centres[home_town.pk] = CENTRE
    places = []
    for kind, n, label in KINDS:
        for i in range(n):
            town = home_town if i % 3 == 0 else ctx.rng.choice(towns)
            owner = town
            if kind in (
                PlaceKind.HOME,
                PlaceKind.MODEL_HOME,
                PlaceKind.STUDIO,
                PlaceKind.CHAIR_STUDIO,
                PlaceKind.NURSING,
            ):
                local = [u for u in unions if u.path.startswith(town.path)]
                owner = ctx.rng.choice(local) if local else town
            lat, lng = centres[town.pk]
            host = ctx.rng.choice(STATION_HOSTS) if kind == PlaceKind.STATION else ""
            name = (
                f"{town_names[town.pk]}{host}工会驿站"
                if kind == PlaceKind.STATION
                else f"{owner.name.replace('工会', '').replace('总', '')}{label}"
            )
            status = PlaceStatus.OPEN
            roll = ctx.rng.random()
            if roll < 0.05:
                status = PlaceStatus.BUILDING
            elif roll < 0.08:
                status = PlaceStatus.PAUSED
            places.append(
                Place(
                    org=owner,
                    name=f"{name}{'' if i < 3 else f'（{i + 1}号）'}"[:100],
                    kind=kind,
                    status=status,
                    address=f"{town_names[town.pk]}{ctx.faker.street_name()}{ctx.rng.randint(1, 399)}号",
                    latitude=Decimal(f"{lat + ctx.rng.uniform(-0.025, 0.025):.6f}"),
                    longitude=Decimal(f"{lng + ctx.rng.uniform(-0.03, 0.03):.6f}"),
                    opening_hours=HOURS_ALL
                    if kind == PlaceKind.STATION and i % 4 == 0
                    else HOURS_DAY
                    if kind == PlaceKind.STATION
                    else HOURS_WORK,
                    hours_exceptions=[],
                    amenities=_amenities(ctx, kind),
                    contact_name=ctx.faker.name(),
                    contact_phone=f"1{ctx.rng.choice('35789')}{ctx.rng.randint(100000000, 999999999)}",
                    level={PlaceKind.MODEL_HOME: "province", PlaceKind.BOOKHOUSE: "city"}.get(kind, ""),
                    stars=ctx.rng.randint(2, 5) if status == PlaceStatus.OPEN else 0,
                    reviewed_on=today - timedelta(days=ctx.rng.randint(20, 500)),
                    description=f"{label}：为户外劳动者和职工提供歇脚、饮水、充电、热饭等服务。"
                    if kind == PlaceKind.STATION
                    else "",
                )
            )
    for p in places:
        p.token = None
        p.save()  # a token each (few dozen rows)
    PlaceInvestment.objects.bulk_create(
        [
            PlaceInvestment(
                place=p, year=today.year - 1, amount=Decimal(ctx.rng.randint(20, 300) * 1000), note="改造升级"
            )
            for p in places
            if p.kind in (PlaceKind.STATION, PlaceKind.HOME, PlaceKind.MODEL_HOME)
        ]
    )
    # Rooms at the 职工之家 and 活动中心; a shared canteen and dorm at a centre.
    resources = []
    for p in places:
        if p.status != PlaceStatus.OPEN:
            continue
        if p.kind in (PlaceKind.HOME, PlaceKind.MODEL_HOME, PlaceKind.CENTER):
            resources.append(
                Resource(place=p, name="多功能活动室", kind=Resource.Kind.ROOM, exclusive=True, capacity=1)
            )
        if p.kind == PlaceKind.CENTER:
            resources.append(
                Resource(
                    place=p,
                    name="篮球场",
                    kind=Resource.Kind.COURT,
                    exclusive=True,
                    capacity=1,
                    slot_minutes=120,
                    audience="public",
                )
            )
            resources.append(
                Resource(
                    place=p,
                    name="共享餐厅",
                    kind=Resource.Kind.CANTEEN,
                    exclusive=False,
                    capacity=40,
                    audience="alliance",
                )
            )
    Resource.objects.bulk_create(resources)
    # Two months of bookings behind and a few ahead, on the hour, within opening hours, never clashing.
    members = list(Member.objects.filter(union__path__startswith=home_town.path).order_by("pk")[:200])
    bookings, slots = [], []
    for r in resources:
        used = set()
        for _ in range(ctx.rng.randint(15, 35)):
            day = today + timedelta(days=ctx.rng.randint(-60, 10))
            hour = ctx.rng.randint(9, 15)
            start = timezone.make_aware(datetime.combine(day, time(hour, 0)))
            n = 1 if r.slot_minutes == 120 else ctx.rng.randint(1, 2)
            span = [start + timedelta(minutes=r.slot_minutes * k) for k in range(n)]
            if any(s in used for s in span) or not members:
                continue
            party = 1 if r.exclusive else ctx.rng.randint(2, 8)
            if not r.exclusive:
                party = min(party, r.capacity)
            past = start < timezone.now()
            status = Booking.Status.CONFIRMED
            if past:
                status = ctx.rng.choices(
                    [Booking.Status.USED, Booking.Status.NO_SHOW, Booking.Status.CANCELLED], [85, 5, 10]
                )[0]
            member = ctx.rng.choice(members)
            b = Booking(
                resource=r,
                starts_at=start,
                ends_at=start + timedelta(minutes=r.slot_minutes * n),
                party_size=party,
                hours=Decimal(r.slot_minutes * n) / 60,
                member=member,
                purpose=ctx.rng.choice(["班组活动", "读书会", "技能培训", "羽毛球", "生日会", "工会会议"]),
                status=status,
                booked_by=member.user,
            )
            b._span = span
            bookings.append(b)
            if status != Booking.Status.CANCELLED and r.exclusive:
                used.update(span)
    Booking.objects.bulk_create(bookings)
    for b in bookings:
        if b.status == Booking.Status.CANCELLED:
            continue
        units = 1 if b.resource.exclusive else b.party_size
        for s in b._span:
            base = (
                0 if b.resource.exclusive else sum(1 for x in slots if x.resource_id == b.resource_id and x.slot == s)
            )
            if base + units > b.resource.units:
                continue
            slots.extend(BookingSlot(booking=b, resource=b.resource, slot=s, unit=base + u) for u in range(units))
    BookingSlot.objects.bulk_create(slots)
    # Door-QR visits at the open places over the last 90 days, about a third rated.
    visits = []
    now = timezone.now()
    for p in places:
        if p.status != PlaceStatus.OPEN:
            continue
        for k in range(ctx.rng.randint(5, 40) if p.kind == PlaceKind.STATION else ctx.rng.randint(0, 12)):
            at = now - timedelta(
                days=ctx.rng.randint(0, 90), hours=ctx.rng.randint(0, 12), minutes=ctx.rng.randint(0, 59)
            )
            rated = ctx.rng.random() < 0.35
            visits.append(
                Visit(
                    place=p,
                    visitor=f"d{p.pk}-{k}",
                    hour=at.replace(minute=0, second=0, microsecond=0),
                    visited_at=at,
                    rating=ctx.rng.choices([5, 4, 3, 2], [60, 25, 10, 5])[0] if rated else None,
                    comment=ctx.rng.choice(["热水很方便", "夏天有空调太好了", "充电宝很实用", "微波炉热饭方便", ""])
                    if rated
                    else "",
                )
            )
    Visit.objects.bulk_create(visits)
    # The catalogue and a year of orders, through the services.
    district = ctx.users["district"]
    items = [
        order_services.create_item(
            actor=district,
            org=ctx.root,
            name=name,
            category=cat,
            provider=provider,
            needs=needs,
            yearly_quota=quota,
            lead_days=lead,
            description=f"{provider}上门提供{name}服务，企业点单、专家上门。",
        )
        for name, cat, provider, needs, quota, lead in SERVICES
    ]
    local = [u for u in unions if u.path.startswith(home_town.path)]
    in_towns = [u for u in unions if u not in local and any(u.path.startswith(t.path) for t in towns)]
    orderers = (local + in_towns)[:25]
    # The district's admin serves every town (the home town's admin only its own).
    town_user = district
    delivered = 0
    orders = []
    # All orders first, then their handling: the demo runs in one transaction, and locks go in rank order
    # (service items before orders, docs/layout.md).
    for k, org in enumerate(orderers):
        item = items[k % len(items)]
        wished = today + timedelta(days=item.lead_days + ctx.rng.randint(1, 40))
        orders.append(
            order_services.place_order(
                item,
                actor=district,
                ordering_org=org,
                wished_date=wished,
                expected_audience=ctx.rng.randint(20, 120),
                address=f"{org.name}会议室",
            )
        )
    for k, (org, order) in enumerate(zip(orderers, orders, strict=True)):
        roll = k % 5
        if roll == 1:
            order_services.accept(order, actor=town_user)
        elif roll == 2:
            order_services.decline(order, actor=town_user, reason="该日期服务队已有安排，请改期后重新点单")
        elif roll in (3, 4):
            order_services.accept(order, actor=town_user)
            start = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(14, 0)))
            order_services.schedule(order, actor=town_user, starts_at=start, ends_at=start + timedelta(hours=2))
            if roll == 4:
                # Delivered: the activity took place yesterday, its audience checked in.
                order.refresh_from_db()
                past = timezone.now() - timedelta(days=ctx.rng.randint(2, 200))
                Activity.objects.filter(pk=order.activity_id).update(
                    starts_at=past,
                    ends_at=past + timedelta(hours=2),
                    registration_opens_at=past - timedelta(days=7),
                    registration_closes_at=past,
                )
                audience = list(Member.objects.filter(union=org).order_by("pk")[: ctx.rng.randint(5, 25)])
                activity = Activity.objects.get(pk=order.activity_id)
                checkin_at = past + timedelta(minutes=10)
                from activities.models import Participation

                Participation.objects.bulk_create(
                    [
                        Participation(
                            activity=activity,
                            member=m,
                            name=m.name,
                            method=Participation.Method.WALK_IN,
                            checked_in_at=checkin_at,
                            recorded_by=town_user,
                        )
                        for m in audience
                    ]
                )
                order_services.deliver(order, actor=town_user)
                if ctx.rng.random() < 0.8:
                    order_services.rate(
                        order, actor=district, rating=ctx.rng.choice([5, 5, 4]), comment="职工反响很好，希望常来"
                    )
                delivered += 1
    # Visits (走访) to enterprises of the home town over the year, a few with a problem still followed.
    from orgs.models import Enterprise

    from .services import field_visits

    firms = list(Enterprise.objects.filter(org__path__startswith=home_town.path).order_by("pk")[:12])
    findings = [
        "职工食堂条件较好，午休场所不足",
        "新建职工书屋，图书需要更新",
        "一线职工希望开展心理健康讲座",
        "外卖骑手缺少歇脚点",
    ]
    demands = ["希望送心理健康讲座", "希望开展理发服务日", "希望送安全生产课", "希望增设户外劳动者驿站"]
    demand_kinds = [["mental"], ["haircut"], ["lecture", "law"], ["other"]]
    for k, firm in enumerate(firms):
        v = field_visits.log_visit(
            actor=district,
            org=home_town,
            enterprise=firm,
            visited_on=today - timedelta(days=10 + 25 * k),
            visitors="李建华",
            findings=findings[k % 4],
            demands=demands[k % 4],
            demand_categories=demand_kinds[k % 4],
            problem="饮水设备损坏，需协调维修" if k % 3 == 0 else "",
        )
        if k % 3 == 0 and k > 3:
            field_visits.close_problem(v, actor=district, note="已协调企业更换饮水设备")
    # 需求清单: the first firms' workers answered their phone survey (each answer a phone).
    from .services import demand

    surveyed = 0
    for k, firm in enumerate(firms[:4]):
        for n in range(ctx.rng.randint(5, 15)):
            wanted = ctx.rng.sample(["mental", "clinic", "checkup", "haircut", "law", "culture"], ctx.rng.randint(1, 3))
            demand.answer_survey(firm, respondent=f"demo-{k}-{n}", categories=wanted)
            surveyed += 1
    ServiceOrder.objects.filter(pk__in=[o.pk for o in orders]).update(
        requested_at=timezone.now() - timedelta(days=ctx.rng.randint(1, 300))
    )
    ctx.counts += [
        ("阵地", len(places)),
        ("其中工会驿站", sum(1 for p in places if p.kind == PlaceKind.STATION)),
        ("可预约资源", len(resources)),
        ("场地预约", len(bookings)),
        ("阵地到访人次", len(visits)),
        ("点单服务", len(items)),
        ("服务点单", len(orders)),
        ("其中已送达", delivered),
        ("走访", len(firms)),
        ("需求问卷答卷", surveyed),
    ]
