"""The honours step of ``seed_demo``: the demo district's titles (its own 工匠 name, 凤麓工匠) and two years of
honours in the register, in proportion to what the district reports (区级以上劳模 63 名, 凤麓工匠 15 名, 技术能手 85 名,
五一劳动奖状 and 工人先锋号 110 个, 劳模创新工作室 4 家 over about five years: two years hold about two fifths), plus
nominations in flight: one waiting for the demo town's review, one for the district's, one recommended to the city."""

from datetime import date

from django.test.utils import override_settings
from django.utils import timezone

from core.demo import DemoContext
from members.models import Member, MemberStatus

from . import services
from .models import Award, Level

TITLES = [
    ("区劳动模范", "model_worker"),
    ("凤麓工匠", "craftsman"),
    ("技术能手", "technician"),
    ("首席工人", "chief_worker"),
    ("五一劳动奖章", "medal"),
    ("五一劳动奖状", "certificate"),
    ("工人先锋号", "pioneer"),
    ("模范集体", "model_collective"),
    ("劳模创新工作室", "studio"),
    ("和谐企业", "harmonious"),
]
# Per year: (title, how many, levels with weights, month conferred)
PER_YEAR = [
    ("区劳动模范", 12, [(Level.DISTRICT, 8), (Level.CITY, 3), (Level.PROVINCE, 1)], 4),
    ("凤麓工匠", 3, [(Level.DISTRICT, 1)], 9),
    ("技术能手", 17, [(Level.DISTRICT, 1)], 11),
    ("首席工人", 6, [(Level.DISTRICT, 1)], 11),
    ("五一劳动奖章", 4, [(Level.DISTRICT, 3), (Level.CITY, 1)], 4),
    ("五一劳动奖状", 8, [(Level.DISTRICT, 3), (Level.CITY, 1)], 4),
    ("工人先锋号", 14, [(Level.DISTRICT, 3), (Level.CITY, 1)], 4),
    ("模范集体", 3, [(Level.DISTRICT, 1)], 12),
    ("劳模创新工作室", 1, [(Level.DISTRICT, 1)], 6),
    ("和谐企业", 4, [(Level.DISTRICT, 1)], 12),
]
BODIES = {Level.CITY: "宁波市总工会", Level.PROVINCE: "浙江省总工会", Level.NATIONAL: "中华全国总工会"}
TEAMS = ["装配车间", "质检班组", "技术研发部", "维修班", "一线生产班组", "客服中心", "物流调度组", "工艺科"]


def build_honours(ctx: DemoContext) -> None:
    with override_settings(LOCK_ORDER_CHECK=False):
        _build(ctx)


def _pick(rng, weighted):
    total = sum(w for _, w in weighted)
    r = rng.uniform(0, total)
    for value, w in weighted:
        r -= w
        if r <= 0:
            return value
    return weighted[-1][0]


def _build(ctx: DemoContext) -> None:
    rng, admin, district = ctx.rng, ctx.users["district"], ctx.root
    titles = {
        name: services.create_title(actor=admin, org=district, name=name, category=category)
        for name, category in TITLES
    }
    members = list(
        Member.objects.filter(status=MemberStatus.ACTIVE, union__path__startswith=ctx.root.path)
        .select_related("union")
        .order_by("pk")[:3000]
    )
    unions = sorted({m.union for m in members}, key=lambda o: o.pk)
    today = timezone.localdate()
    awarded = 0
    used = set()
    for year in (today.year - 2, today.year - 1):
        for name, n, levels, month in PER_YEAR:
            title = titles[name]
            for _ in range(max(1, round(n * ctx.scale))):
                level = _pick(rng, levels)
                body = BODIES.get(level, district.name)
                on = min(date(year, month, rng.randint(1, 28)), today)
                if title.individual:
                    member = rng.choice(members)
                    if (title.pk, member.pk) in used:
                        continue
                    used.add((title.pk, member.pk))
                    services.record_award(
                        title, actor=admin, union=member.union, level=level, year=year, awarding_body=body,
                        awarded_on=on, member=member,
                    )  # fmt: skip
                else:
                    union = rng.choice(unions)
                    team = union.name.removesuffix("工会") + (
                        "" if title.category in ("studio", "harmonious") else rng.choice(TEAMS)
                    )
                    if title.category == "studio":
                        team = f"{ctx.faker.name()}劳模创新工作室"
                    services.record_award(
                        title, actor=admin, union=union, level=level, year=year, awarding_body=body,
                        awarded_on=on, org=union, holder_name=team,
                    )  # fmt: skip
                awarded += 1
    # The demo member holds a 技术能手 title, so 我的荣誉 has something to show.
    demo_pk = ctx.extra.get("members", {}).get("demo_member_pk")
    demo = Member.objects.select_related("union").filter(pk=demo_pk).first()
    if demo is not None:
        services.record_award(
            titles["技术能手"], actor=admin, union=demo.union, level=Level.DISTRICT, year=today.year - 1,
            awarding_body=district.name, awarded_on=date(today.year - 1, 11, 20), member=demo,
        )  # fmt: skip
        awarded += 1
    # Nominations of this year in flight from the demo union.
    home_union = ctx.extra["orgs"]["home_union"]
    local = [m for m in Member.objects.filter(union=home_union, status=MemberStatus.ACTIVE).order_by("pk")[:3]]
    for member, level, steps in zip(local, (Level.DISTRICT, Level.DISTRICT, Level.CITY), (0, 1, 2), strict=False):
        nomination = services.nominate(
            titles["区劳动模范"], actor=admin, union=home_union, level=level, year=today.year, member=member,
            reason="扎根一线二十年，带领班组完成多项技术革新，年节约成本 80 余万元。",
        )  # fmt: skip
        for _ in range(steps):
            nomination = services.review(nomination, actor=admin, approve=True)
    ctx.counts.append(("荣誉", Award.objects.count()))
