"""The contests step of ``seed_demo``: two years of the district's 职工技术比武 (four trades, a theory and a practical
round, a tie in each) and the towns' 劳动竞赛 for their key projects (team events), run through the services from
entry to published ranking, with the top three of each trade proposed for 技术能手; and this year's 技术比武 open for
entries, so the demo member's phone has a contest to enter. The scale follows the district's report (劳动竞赛 80余次
and 技术比武 41 场次 over about five years, 参与职工 7.7 万余人次 district-wide): a sample of entrants per event."""

from datetime import date, timedelta
from decimal import Decimal

from django.test.utils import override_settings
from django.utils import timezone

from core.demo import DemoContext
from honours.models import Title
from members.models import Member, MemberStatus

from . import services
from .models import Contest, Entry, Event

TRADES = ["焊工", "电工", "数控车工", "汽车维修工"]
PROJECTS = ["重点工程“三重一新”劳动竞赛", "安全生产劳动竞赛", "节能降耗劳动竞赛"]


def build_contests(ctx: DemoContext) -> None:
    with override_settings(LOCK_ORDER_CHECK=False):
        _build(ctx)


def _members(ctx):
    qs = (
        Member.objects.filter(status=MemberStatus.ACTIVE, union__path__startswith=ctx.root.path)
        .select_related("union", "user")
        .order_by("pk")
    )
    return list(qs[:2000])


def _run_event(ctx, event, entries, judge, admin, *, tie=True):
    services.assign_judge(event, actor=admin, user=judge)
    theory = services.add_round(event, actor=admin, name="理论知识", max_score=100)
    practice = services.add_round(event, actor=admin, name="实际操作", max_score=100)
    return theory, practice


def _score_all(ctx, event, rounds, judge, tie=True):
    rng = ctx.rng
    entries = list(Entry.objects.filter(event=event).order_by("pk"))
    for n, entry in enumerate(entries):
        for rnd in rounds:
            value = Decimal(rng.randint(60, 98)) + Decimal(rng.choice([0, 5])) / 10
            if tie and n < 2:
                value = Decimal("95.0")  # the first two tie for first place
            services.score(rnd, entry, actor=judge, value=value)


def _build(ctx: DemoContext) -> None:
    rng, admin, district = ctx.rng, ctx.users["district"], ctx.root
    judge = ctx.users["town"]
    members = _members(ctx)
    technician = Title.objects.filter(org=district, category="technician").first()
    today = timezone.localdate()
    towns = ctx.extra["orgs"]["towns"]
    events_held = entries_made = 0
    for year in (today.year - 2, today.year - 1):
        starts = date(year, 9, 10)
        contest = services.create_contest(
            actor=admin, organiser=district, kind=Contest.Kind.SKILLS, title=f"{year}年度职工职业技能竞赛",
            subject="制造业技能工种", year=year, starts_on=starts, ends_on=starts + timedelta(days=30),
        )  # fmt: skip
        events = []
        # Each member competes in one trade of a year's competition.
        pool = rng.sample(members, min(len(members), 24 * len(TRADES)))
        for i, trade in enumerate(TRADES):
            event = services.add_event(contest, actor=admin, name=trade, held_on=starts + timedelta(days=7 * i))
            rounds = _run_event(ctx, event, None, judge, admin)
            for m in pool[i * 24 : i * 24 + rng.randint(14, 24)]:
                services.enter(event, m, actor=admin)
                entries_made += 1
            events.append((event, rounds))
        services.close_entries(contest, actor=admin)
        for event, rounds in events:
            _score_all(ctx, event, rounds, judge)
            services.publish(event, actor=admin)
            events_held += 1
            if technician is not None and year == today.year - 1:
                services.propose_winners(event, actor=admin, title=technician, top=3, level="district")
        # The towns' labour contests for their key projects: team events of their unions.
        for town in towns[:3]:
            project = rng.choice(PROJECTS)
            name = f"{year}年{town.name.removesuffix('总工会')}{project}"
            c = services.create_contest(
                actor=admin, organiser=town, kind=Contest.Kind.LABOUR, title=name, subject=project[:-4], year=year,
                starts_on=date(year, 4, 1), ends_on=date(year, 10, 31),
            )  # fmt: skip
            held = date(year, 6, 15)
            event = services.add_event(c, actor=admin, name="班组赛", mode=Event.Mode.TEAM, held_on=held)
            rounds = _run_event(ctx, event, None, judge, admin)
            local = [m for m in members if m.union.path.startswith(town.path)]
            by_union: dict = {}
            for m in local:
                by_union.setdefault(m.union, []).append(m)
            for union, people in list(by_union.items())[:5]:
                team = services.register_team(
                    event, actor=admin, union=union, name=f"{union.name.removesuffix('工会')}突击队"
                )
                for m in people[:4]:
                    services.enter(event, m, actor=admin, team=team)
                    entries_made += 1
            services.close_entries(c, actor=admin)
            if Entry.objects.filter(event=event).exists():
                _score_all(ctx, event, rounds, judge, tie=False)
                services.publish(event, actor=admin)
            events_held += 1
    # This year's competition, open for entries (the demo member may enter on the phone).
    starts = max(today + timedelta(days=20), date(today.year, 9, 10))
    contest = services.create_contest(
        actor=admin, organiser=district, kind=Contest.Kind.SKILLS, title=f"{starts.year}年度职工职业技能竞赛",
        subject="制造业技能工种", year=starts.year, starts_on=starts, ends_on=starts + timedelta(days=30),
    )  # fmt: skip
    for i, trade in enumerate(TRADES):
        event = services.add_event(contest, actor=admin, name=trade, held_on=starts + timedelta(days=7 * i))
        _run_event(ctx, event, None, judge, admin)
    ctx.counts.append(("竞赛项目", events_held))
    ctx.counts.append(("参赛人次", entries_made))
