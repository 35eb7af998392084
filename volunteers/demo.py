"""The volunteers step of ``manage.py seed_demo``: about eight volunteer teams at unions of the demo district (spread
over its towns), each with a leader (a member with a login) and a handful of volunteers, two years of service
records (most confirmed by the leader or the district, a few rejected, the last weeks' still pending) and shifts at
the places of the team's line of the tree (volunteers signed up and marked attended, a few shifts still to come).
Through the real services, with the dates passed in."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from members.choices import HOLDING
from members.models import Member
from orgs.models import Org, OrgKind, OrgStatus
from places.models import Place, PlaceStatus

from . import services
from .models import RecordStatus, ServiceRecord, Shift, Team

TEAMS = [
    ("青年志愿服务队", "团员青年为主，参与社区服务和大型活动保障。"),
    ("巾帼志愿服务队", "女职工组成，关爱留守儿童和困难家庭。"),
    ("党员先锋志愿队", "党员职工带头，开展文明创建和应急服务。"),
    ("劳模志愿服务队", "劳模工匠进社区、进企业，传技能、解难题。"),
    ("爱心助老志愿队", "定期走访孤寡老人，陪伴、助餐、代购。"),
    ("文明交通志愿队", "上下班高峰路口文明劝导。"),
    ("环保志愿服务队", "河道巡护、垃圾分类宣传和清洁行动。"),
    ("法律服务志愿队", "法律明白人为职工提供法律咨询。"),
]
TASKS = ["社区助老服务", "文明交通劝导", "职工驿站值守", "环保清洁行动", "爱心义诊协助", "法律咨询进企业", "图书整理"]


def _local(day, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build_volunteers(ctx) -> None:
    actor = ctx.users.get("district")
    if actor is None or ctx.root is None:
        return
    rng = ctx.rng
    unions = list(
        Org.objects.filter(kind=OrgKind.GRASSROOTS, status=OrgStatus.ACTIVE, path__startswith=ctx.root.path).order_by(
            "path"
        )
    )
    if not unions:
        return
    step = max(len(unions) // len(TEAMS), 1)
    picked = unions[::step][: len(TEAMS)]
    now = timezone.now()
    today = timezone.localdate(now)
    started = today - timedelta(days=720)
    teams = []
    for union, (suffix, description) in zip(picked, TEAMS, strict=False):
        people = list(
            Member.objects.filter(union=union, status__in=HOLDING, user__isnull=False).order_by("pk")[:10]
        ) or list(Member.objects.filter(union=union, status__in=HOLDING).order_by("pk")[:10])
        if len(people) < 2:
            continue
        short = union.name.replace("有限公司", "").replace("工会", "")
        team = services.create_team(
            actor=actor, org=union, name=f"{short}{suffix}", description=description, now=_local(started, 9)
        )
        for m in people:
            services.add_volunteer(team, m, actor=actor, joined_on=started)
        leader = next((m for m in people if m.user_id), people[0])
        services.set_leader(team, leader, actor=actor)
        team.refresh_from_db()
        teams.append((team, people))
    places = list(Place.objects.filter(status=PlaceStatus.OPEN, org__path__startswith=ctx.root.path))
    for team, people in teams:
        line = [p for p in places if team.org.path.startswith(p.org.path) or p.org.path.startswith(team.org.path)]
        # Records the volunteers logged: one every one to three weeks over two years.
        day = started + timedelta(days=rng.randint(3, 10))
        while day <= today:
            m = rng.choice(people)
            record = services.log_record(
                m, team, actor=m.user or actor, served_on=day, hours=rng.choice(["1", "1.5", "2", "2.5", "3", "4"]),
                description=rng.choice(TASKS), now=_local(day, 20),
            )  # fmt: skip
            decided = _local(day + timedelta(days=rng.randint(1, 5)), 10)
            if decided < now - timedelta(days=1):
                decider = team.leader.user if team.leader.user and m.pk != team.leader_id else actor
                if rng.random() < 0.06:
                    services.reject_record(
                        record, actor=decider, reason="服务内容与时长不符，请核实后重新登记", now=decided
                    )
                else:
                    services.confirm_record(record, actor=decider, now=decided)
            day += timedelta(days=rng.randint(7, 21))
        # Shifts about monthly: past ones attended, the next two open for sign-up.
        day = started + timedelta(days=rng.randint(10, 30))
        while day <= today + timedelta(days=30):
            starts = _local(day, rng.choice([8, 9, 14]))
            shift = services.create_shift(
                team, actor=actor, title=rng.choice(TASKS), starts_at=starts,
                ends_at=starts + timedelta(hours=rng.choice([2, 3, 4])), quota=rng.randint(3, 6),
                place=rng.choice(line) if line and rng.random() < 0.7 else None, now=starts - timedelta(days=7),
            )  # fmt: skip
            for m in rng.sample(people, min(len(people), rng.randint(1, shift.quota))):
                signup = services.sign_up(
                    shift, m, actor=m.user or actor, now=starts - timedelta(days=rng.randint(1, 6))
                )
                if starts < now - timedelta(hours=6) and rng.random() < 0.9:
                    services.mark_attended(signup, actor=actor, now=starts + timedelta(hours=5))
            day += timedelta(days=rng.randint(25, 40))
    ctx.counts.append(("志愿服务队", Team.objects.count()))
    ctx.counts.append(("志愿岗", Shift.objects.count()))
    ctx.counts.append(("志愿服务记录", ServiceRecord.objects.count()))
    ctx.counts.append(("待确认服务记录", ServiceRecord.objects.filter(status=RecordStatus.PENDING).count()))
