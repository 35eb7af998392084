"""The care app's step of ``seed_demo``: two 关爱专员 logins (the demo town's and the demo union's), the district's
income line, hardship files of the demo town's workers in every state, the 四季关爱 programmes of two years with
budgets allocated to the demo town, and payouts in every state (the demo member among those paid), all through the
services. Figures echo the seeds: 冬送温暖 800 元, 金秋助学 1000 元, 夏送清凉 gifts."""

from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Grant
from core.demo import DEMO_PASSWORD, DemoContext
from members.models import Member

from .models import HardshipFile, Payout, Programme
from .services import checks, hardship, insurance, payouts

OFFICERS = (("care_town", "home_town", "陈晓燕"), ("care_union", "home_union", "刘美玲"))
CAUSES = ["illness", "disability", "schooling", "unemployment", "accident", "low_income"]
LEVELS = ["deep", "relative", "relative", "accident"]
SITUATIONS = [
    "本人患尿毒症长期透析，配偶无固定收入",
    "子女考入大学，学费压力较大",
    "家属重病住院，医疗费用自付部分较高",
    "单亲家庭，独自抚养两个孩子",
    "工伤后收入下降，家庭开支困难",
]
PROGRAMMES = [
    ("spring", "春送岗位·就业帮扶", 3, "filed", "cash", "300.00", ""),
    ("summer", "夏送清凉", 7, "open", "gift", "120.00", "防暑降温用品"),
    ("autumn", "金秋助学", 8, "filed", "cash", "1000.00", ""),
    ("winter", "冬送温暖", 12, "filed", "cash", "800.00", ""),
]


def _at(day: date):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def build_care(ctx: DemoContext) -> None:
    """The whole demo runs in one database transaction, so the many service calls here (each its own transaction
    in production) would read to the lock-order check as one transaction locking budgets after payouts and
    enrolments after claims. One thread builds the demo: no deadlock is possible, so the check is off for it."""
    from django.test.utils import override_settings

    with override_settings(LOCK_ORDER_CHECK=False):
        _build(ctx)


def _build(ctx: DemoContext) -> None:
    built = ctx.extra["orgs"]
    town, union, district = built["home_town"], built["home_union"], ctx.root
    User = get_user_model()
    officers = {}
    for username, where, name in OFFICERS:
        user = User(username=username, display_name=name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        Grant.objects.create(user=user, org=built[where], role="care_officer")
        ctx.users[username] = officers[username] = user
    district_admin, town_officer = ctx.users["district"], officers["care_town"]
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        hardship.set_threshold(actor=district_admin, org=district, year=year, amount="1350.00")

    people = list(
        Member.objects.filter(union__path__startswith=town.path, status="active")
        .select_related("union")
        .order_by("pk")[:48]
    )
    demo_pk = ctx.extra.get("members", {}).get("demo_member_pk")
    demo = Member.objects.filter(pk=demo_pk).select_related("union").first()
    if demo is not None and demo not in people:
        people[0] = demo
    files = []
    for i, person in enumerate(people[:30]):
        filer = officers["care_union"] if person.union == union else town_officer
        file = HardshipFile(
            union=person.union,
            member=person,
            name=person.name,
            id_cipher=person.id_cipher,
            id_masked=person.id_masked,
            id_type=person.id_type,
            id_hash=person.id_hash,
            phone=person.phone,
            cause=CAUSES[i % len(CAUSES)],
            level=LEVELS[i % len(LEVELS)] if person != demo else "deep",
            household_size=2 + i % 4,
            household_income=Decimal(1800 + 150 * (i % 9)),
            threshold=Decimal("1350.00"),
            situation=SITUATIONS[i % len(SITUATIONS)],
            created_by=filer,
        )
        file.save()
        files.append(file)
        state = "active" if i % 6 else ["pending", "active", "returned", "closed", "active", "active"][(i // 6) % 6]
        if person == demo:
            state = "active"
        if state in ("active", "closed"):
            file.status, file.verified_by, file.verified_at = (
                "active",
                town_officer,
                _at(date(today.year - 1, 3, 1 + i % 27)),
            )
            file.review_due = date(today.year, 3, 1 + i % 27)
            if state == "closed":
                file.status, file.closed_at, file.closed_reason = (
                    "closed",
                    _at(date(today.year, 5, 10)),
                    "再就业，家庭收入稳定",
                )
        elif state == "returned":
            file.status, file.returned_reason = "returned", "请补充收入证明"
        file.save()

    payout_count = 0
    for year in (today.year - 1, today.year):
        for kind, title, month, eligibility, benefit, amount, gift in PROGRAMMES:
            starts = date(year, month, 1)
            if starts > today:
                continue
            prog = payouts.create_programme(
                actor=district_admin,
                org=district,
                kind=kind,
                title=f"{year}年{title}",
                year=year,
                starts_on=starts,
                ends_on=date(year, month, 28),
                eligibility=eligibility,
                benefit=benefit,
                standard_amount=amount,
                gift=gift,
                budget=Decimal(amount) * 400,
            )
            payouts.set_budget(prog, actor=district_admin, org=town, amount=Decimal(amount) * 30)
            current = year == today.year and month == max(m for _, _, m, *_ in PROGRAMMES if date(year, m, 1) <= today)
            eligible = [f for f in files if f.status == "active"] if eligibility == "filed" else None
            chosen = eligible if eligible is not None else people[:40]
            for j, who in enumerate(chosen[:26]):
                kwargs = {"file": who} if eligible is not None else {"member": who}
                union_of = who.union
                p = payouts.propose_payout(
                    prog,
                    actor=officers["care_union"] if union_of == union else town_officer,
                    union=union_of,
                    method="cash" if j % 5 == 0 else ("goods" if benefit == "gift" else "transfer"),
                    reason_text="困难职工帮扶",
                    **kwargs,
                )
                payout_count += 1
                if current and j % 3 == 0:
                    continue  # left for the town's approval queue
                if j % 11 == 7:
                    payouts.reject_payout(p, actor=ctx.users["town"], reason_text="家庭收入已超过标准")
                    continue
                try:
                    p = payouts.approve_payout(p, actor=ctx.users["town"])
                except Exception:
                    continue
                if not current or j % 2:
                    payouts.mark_paid(p, actor=town_officer, paid_on=date(year, month, 20), ref=f"DF{year}{month:02d}")
                Payout.objects.filter(pk=p.pk).update(decided_at=_at(date(year, month, 15)))
            if not current:
                Programme.objects.filter(pk=prog.pk).update(status="closed")
    enrolments, claims, bookings = _insurance_and_checks(ctx, district, people, officers["care_town"])
    ctx.counts.append(("困难职工档案", len(files)))
    ctx.counts.append(("互助保障参保 / 理赔", f"{enrolments} / {claims}"))
    ctx.counts.append(("体检疗休养预约", bookings))
    ctx.counts.append(("关爱项目发放记录", payout_count))


HOSPITALS = ["宁波市第一医院", "宁波市第二医院", "鄞州区人民医院", "李惠利医院", "宁波大学附属第一医院"]


def _insurance_and_checks(ctx: DemoContext, district, people, town_officer) -> tuple[int, int, int]:
    """Two years of 职工医疗互助保障 (起付线 500 元, 60%, 封顶 3 万元) with claims in every state, and this year's
    free health checks and a 疗休养 batch with bookings."""
    from datetime import timedelta

    admin, today = ctx.users["district"], timezone.localdate()
    enrolled = claimed = 0
    for year in (today.year - 1, today.year):
        plan = insurance.create_plan(
            actor=admin, org=district, name=f"{year}年度职工医疗互助保障", year=year,
            premium="60.00", deductible="500.00", ratio="0.6", cap="30000.00",
        )  # fmt: skip
        for i, person in enumerate(people):
            if i % 4 == 3:
                continue
            enrolment = insurance.enrol(plan, actor=admin, member=person, premium_paid=i % 9 != 5)
            enrolled += 1
            if i % 3:
                continue
            bill = Decimal(ctx.rng.randrange(30000, 4000000)) / 100
            if i % 7 == 0:
                bill = Decimal("420.00")  # within the deductible: refused, with the reason, in every demo
            claim = insurance.submit_claim(
                enrolment, actor=admin, hospital=HOSPITALS[i % len(HOSPITALS)],
                category=["inpatient", "chronic", "accident", "critical"][i % 4], bill_amount=bill,
            )  # fmt: skip
            claimed += 1
            if year == today.year and i % 2:
                continue  # waiting for review
            claim = insurance.review_claim(claim, actor=town_officer)
            if claim.status == "approved" and (year < today.year or i % 5):
                insurance.pay_claim(claim, actor=town_officer)
        if year < today.year:
            plan.open_for_enrolment = False
            plan.save(update_fields=["open_for_enrolment"])
    check = checks.create_programme(
        actor=admin, org=district, kind="health_check", title=f"{today.year}年职工免费体检", year=today.year
    )
    retreat = checks.create_programme(
        actor=admin, org=district, kind="retreat", title=f"{today.year}年优秀职工疗休养", year=today.year
    )
    start = timezone.make_aware(datetime.combine(today + timedelta(days=3), time(8, 0)))
    slots = [
        checks.add_slot(
            check, actor=admin, place="区人民医院体检中心", starts_at=start + timedelta(days=d), capacity=20
        )
        for d in range(5)
    ] + [
        checks.add_slot(
            retreat, actor=admin, place="奉化溪口疗休养基地", starts_at=start + timedelta(days=20), capacity=12
        )
    ]
    booked = 0
    for i, person in enumerate(p for p in people if p.user_id):
        checks.book(slots[i % 5], actor=person.user, member=person)
        booked += 1
    for person in people[:12]:
        checks.book(slots[-1], actor=admin, member=person)
        booked += 1
    return enrolled, claimed, booked
