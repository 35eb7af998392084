"""The union-life step of ``seed_demo``: a year of notices from the district and the demo town, sent through the
service (so the recipients follow the real rules), with what the unions did with them written in bulk (reads and
returns spread over the days before each deadline, some late, some never): the live return tables, the 工作台's
to-dos of the demo union and the report-back rate all have something to show. Notices to members (政策宣传, 镇工有宣)
with readers among the demo town's members."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.test.utils import override_settings
from django.utils import timezone

from core.demo import DemoContext
from members.models import Member, MemberStatus

from .models import Delivery, MemberRead, Notice
from .services import notices

# (months ago, sender, title, return kind, fields or figure label, kinds)
TASKS = [
    (
        11,
        "district",
        "关于报送年度工会组建和会员发展计划的通知",
        "form",
        [{"label": "计划新建工会（家）", "type": "number"}, {"label": "计划发展会员（人）", "type": "number"}],
        ["grassroots", "joint"],
    ),
    (10, "district", "关于开展“工会驿站”运行情况自查的通知", "file", None, ["grassroots"]),
    (
        9,
        "district",
        "关于报送一季度职工之家建设情况的通知",
        "form",
        [
            {"label": "职工之家面积（平方米）", "type": "number"},
            {"label": "是否对外开放", "type": "choice", "choices": ["是", "否"]},
            {"label": "开放日期", "type": "date"},
            {"label": "存在问题", "type": "text", "required": False},
        ],
        ["grassroots"],
    ),
    (7, "town", "关于报送“夏送清凉”慰问人数的通知", "figure", "慰问职工人数", []),
    (6, "district", "关于报送上半年困难职工帮扶情况的通知", "figure", "帮扶人次", ["grassroots", "joint"]),
    (
        4,
        "district",
        "关于开展劳动法律监督检查情况报送的通知",
        "form",
        [
            {"label": "检查企业（家）", "type": "number"},
            {"label": "发现问题（个）", "type": "number"},
            {"label": "整改完成", "type": "choice", "choices": ["全部完成", "部分完成", "未完成"]},
        ],
        ["grassroots"],
    ),
    (2, "town", "关于报送工会经费收缴情况的通知", "figure", "已收缴经费（元）", []),
    (0, "district", "关于报送年度工作总结的通知", "file", None, ["grassroots", "joint"]),
]
PLAIN = [
    (8, "district", "关于做好“五一”劳动节期间职工慰问工作的通知"),
    (5, "district", "关于转发《基层工会经费收支管理办法》的通知"),
    (3, "town", "关于召开街道工会工作例会的通知"),
]
MEMBER = [
    (10, "district", "policy", "政策宣传：职工医疗互助保障计划开始参保"),
    (7, "town", "town_series", "镇工有宣：新就业形态劳动者入会“一件事”"),
    (4, "district", "policy", "政策宣传：《劳动合同法》十问十答"),
    (1, "town", "town_series", "镇工有宣：工会驿站冬季开放时间调整"),
]


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


def build_unionlife(ctx: DemoContext) -> None:
    """One thread builds the demo inside one transaction, so the lock-order check (per transaction) is off."""
    with override_settings(LOCK_ORDER_CHECK=False):
        _build(ctx)


def _answers(notice, rng) -> dict:
    out = {}
    for f in notice.fields:
        if f["type"] == "number":
            out[f["key"]] = str(rng.randint(1, 400))
        elif f["type"] == "choice":
            out[f["key"]] = rng.choice(f["choices"])
        elif f["type"] == "date":
            out[f["key"]] = (notice.due_on - timedelta(days=rng.randint(20, 60))).isoformat()
        elif f["type"] == "text" and rng.random() < 0.3:
            out[f["key"]] = "场地偏小，活动器材需更新"
    return out


def _build(ctx: DemoContext) -> None:
    rng = ctx.rng
    built = ctx.extra["orgs"]
    senders = {"district": (ctx.users["district"], ctx.root), "town": (ctx.users["town"], built["home_town"])}
    today = timezone.localdate()
    sent = []
    for months, who, title, kind, spec, kinds in TASKS:
        actor, org = senders[who]
        day = today - timedelta(days=30 * months + 5)
        extra = {"fields": spec} if kind == "form" else ({"figure_label": spec} if kind == "figure" else {})
        notice = notices.send_notice(
            actor=actor,
            sender=org,
            title=title,
            body=f"{title[2:-3]}，请各单位按时报送。",
            kinds=kinds,
            return_kind=kind,
            due_on=day + timedelta(days=14),
            now=_at(day),
            **extra,
        )
        sent.append(notice)
    for months, who, title in PLAIN:
        actor, org = senders[who]
        day = today - timedelta(days=30 * months + 3)
        sent.append(
            notices.send_notice(
                actor=actor,
                sender=org,
                title=title,
                body="请各单位认真贯彻落实。",
                kinds=[] if who == "town" else ["grassroots"],
                now=_at(day),
            )
        )
    # What the unions did: most read within days; of tasks most report before the deadline, some late, some never
    # (the newest task is still open, so the demo union's 工作台 has it waiting).
    union = built["home_union"]
    changed = []
    for notice in sent:
        sent_at = notice.sent_at
        for d in Delivery.objects.filter(notice=notice).select_related("org"):
            if d.org_id == union.pk and notice.due_on and notice.due_on >= today:
                continue
            roll = rng.random()
            if roll < 0.08:
                continue  # never opened
            d.read_at = sent_at + timedelta(hours=rng.randint(1, 96))
            if notice.is_task and roll < 0.9:
                late = roll > 0.8
                days = rng.randint(15, 25) if late else rng.randint(2, 13)
                d.reported_at = sent_at + timedelta(days=days, hours=rng.randint(0, 8))
                if d.reported_at > timezone.now():
                    d.reported_at = None
                    continue
                if notice.return_kind == Notice.ReturnKind.FORM:
                    d.answers = _answers(notice, rng)
                elif notice.return_kind == Notice.ReturnKind.FIGURE:
                    d.figure = Decimal(rng.randint(5, 300) * (100 if "元" in notice.figure_label else 1))
            changed.append(d)
    Delivery.objects.bulk_update(changed, ["read_at", "reported_at", "answers", "figure"], batch_size=500)
    # Notices to members, and readers among the demo town's members.
    members = list(
        Member.objects.filter(union__path__startswith=built["home_town"].path, status=MemberStatus.ACTIVE).values_list(
            "pk", flat=True
        )[:400]
    )
    reads = []
    for months, who, category, title in MEMBER:
        actor, org = senders[who]
        day = today - timedelta(days=30 * months + 1)
        notice = notices.send_notice(
            actor=actor,
            sender=org,
            title=title,
            body="详情请咨询所在工会。",
            audience="members",
            category=category,
            now=_at(day),
        )
        for pk in rng.sample(members, k=min(len(members), rng.randint(len(members) // 4, len(members) // 2 + 1))):
            reads.append(
                MemberRead(notice=notice, member_id=pk, read_at=_at(day) + timedelta(hours=rng.randint(1, 200)))
            )
    MemberRead.objects.bulk_create(reads, batch_size=1000)
    ctx.counts += [
        ("通知", Notice.objects.count()),
        ("通知接收单位", Delivery.objects.filter(notice__audience=Notice.Audience.ORGS).count()),
        ("已报送", Delivery.objects.filter(reported_at__isnull=False).count()),
    ]


# Officers: a committee for every union and town, terms started over the last six years so that some are past due.
ROLES = [("chair", 1), ("vice_chair", 1), ("member", 3), ("audit", 1), ("women", 1)]


def build_officers(ctx: DemoContext) -> None:
    with override_settings(LOCK_ORDER_CHECK=False):
        _build_officers(ctx)


def _build_officers(ctx: DemoContext) -> None:
    from orgs.models import Org, OrgKind, OrgStatus

    from .models import Officer, Term
    from .selectors import COMMITTEE_KINDS
    from .services import officers
    from .services.officers import add_months

    rng, faker = ctx.rng, ctx.faker
    today = timezone.localdate()
    built = ctx.extra["orgs"]
    home_union = built["home_union"]
    orgs = list(
        Org.objects.filter(kind__in=COMMITTEE_KINDS, status=OrgStatus.ACTIVE, path__startswith=ctx.root.path).exclude(
            pk=home_union.pk
        )
    )
    terms = []
    for org in orgs:
        length = 3 if org.kind == OrgKind.VILLAGE else 5
        # One in ten has let its term run out (up to a year overdue); the rest are spread over their term.
        if rng.random() < 0.1:
            started = add_months(today, -12 * length - rng.randint(1, 12))
        else:
            started = add_months(today, -rng.randint(1, 12 * length - 1))
        terms.append(
            Term(
                union=org,
                number=rng.randint(1, 4),
                started_on=started,
                length_years=length,
                due_on=add_months(started, 12 * length),
                delegates=rng.randint(15, 120),
            )
        )
    Term.objects.bulk_create(terms, batch_size=500)
    people = []
    for term in Term.objects.filter(union__in=orgs).select_related("union"):
        chair_name = term.union.chair_name or faker.name()
        for role, count in ROLES:
            for _ in range(count):
                people.append(
                    Officer(
                        union=term.union,
                        term=term,
                        role=role,
                        name=chair_name if role == "chair" else faker.name(),
                        full_time=role == "chair" and term.union.kind == OrgKind.TOWN,
                        starts_on=term.started_on,
                    )
                )
    Officer.objects.bulk_create(people, batch_size=1000)
    # The demo union's two congresses through the service: the second closed the first on time.
    union_user = ctx.users["union"]
    officers.record_congress(
        home_union,
        actor=union_user,
        held_on=add_months(today, -62),
        length_years=5,
        delegates=46,
        officers=[
            {"role": "chair", "name": "王志强", "full_time": True},
            {"role": "vice_chair", "name": "陈丽"},
            {"role": "member", "name": "周斌"},
            {"role": "women", "name": "吴敏"},
        ],
    )
    officers.record_congress(
        home_union,
        actor=union_user,
        held_on=add_months(today, -3),
        length_years=5,
        delegates=52,
        officers=[
            {"role": "chair", "name": "王志强", "full_time": True},
            {"role": "vice_chair", "name": "陈丽"},
            {"role": "member", "name": "周斌"},
            {"role": "member", "name": "郑洁"},
            {"role": "audit", "name": "冯涛"},
            {"role": "women", "name": "吴敏"},
        ],
    )
    # Part-time vice-chairs: two enterprise chairs per town (seeds: 选配15名优秀非公企业工会主席
    # 担任镇级总工会兼职副主席).
    district_user = ctx.users["district"]
    appointed = 0
    for town in Org.objects.filter(kind=OrgKind.TOWN, status=OrgStatus.ACTIVE, path__startswith=ctx.root.path):
        sources = list(
            Org.objects.filter(path__startswith=town.path, kind=OrgKind.GRASSROOTS, status=OrgStatus.ACTIVE)
            .exclude(pk=town.pk)
            .order_by("path")[:2]
        )
        for source in sources:
            officers.appoint_vice_chair(
                town, actor=district_user, source_union=source, starts_on=add_months(today, -rng.randint(1, 30))
            )
            appointed += 1
    ctx.counts += [
        ("工会委员会", Term.objects.filter(closed_on__isnull=True).count()),
        ("换届逾期", Term.objects.filter(closed_on__isnull=True, due_on__lt=today).count()),
        ("兼职副主席", appointed),
    ]


def build_assessment(ctx: DemoContext) -> None:
    """Last year's 星级 assessment, completed: every grassroots union of the demo town self-assessed, the town scored,
    the district confirmed stars and titles, 1+X points for the chairs at three stars or more."""
    with override_settings(LOCK_ORDER_CHECK=False):
        _build_assessment(ctx)


def _build_assessment(ctx: DemoContext) -> None:
    from orgs.models import Org, OrgKind, OrgStatus

    from .services import assessment as assess

    rng = ctx.rng
    built = ctx.extra["orgs"]
    district, town_user = ctx.users["district"], ctx.users["town"]
    last_year = timezone.localdate().year - 1
    a = assess.create_assessment(actor=district, org=ctx.root, year=last_year, subsidy_rate="100", subsidy_cap="6000")
    unions = list(
        Org.objects.filter(
            path__startswith=built["home_town"].path, kind=OrgKind.GRASSROOTS, status=OrgStatus.ACTIVE
        ).order_by("path")[:40]
    )
    confirmed = 0
    for union in unions:
        declared = {
            "home": {"points": str(rng.randint(8, 20)), "evidence": "职工之家场地、制度、活动台账"},
            "democracy": {"points": str(rng.randint(8, 20)), "evidence": "职代会决议、厂务公开栏照片"},
        }
        ua = assess.submit_self_assessment(a, actor=district, union=union, declared=declared)
        scores = {k: str(max(0, int(v["points"]) - rng.randint(0, 4))) for k, v in declared.items()}
        ua = assess.review(ua, actor=town_user, scores=scores)
        # The district confirms the star; in the demo it weighs more than the demo's thin platform data, so the
        # stars spread as in the seeds (most at three or four, a few at five).
        star = rng.choices([2, 3, 4, 5], weights=[2, 4, 3, 1])[0]
        titles = ["市级示范工会"] if rng.random() < 0.1 else []
        record = assess.confirm(ua, actor=district, star=star, titles=titles)
        if record.star >= 3:
            extras = (
                [{"label": "带头开展工资集体协商", "points": str(rng.randint(5, 20))}] if rng.random() < 0.6 else []
            )
            assess.record_chair_points(ua, actor=district, base=str(rng.randint(20, 50)), extras=extras)
        confirmed += 1
    ctx.counts.append(("星级评定工会", confirmed))


def build_officer_training(ctx: DemoContext) -> None:
    """Two 工会干部培训 held by the district (last year and this spring), each attended by chairs of the demo town's
    unions: the chairs are linked to a member of their union (the chair is on the roster), so their committees show
    the trainings. Written like the activities demo's past activities (a finished activity and its check-ins)."""
    from activities.models import Activity, Category, Participation
    from orgs.models import OrgKind

    from .models import Officer, OfficerRole

    rng, today = ctx.rng, timezone.localdate()
    home_town = ctx.extra["orgs"]["home_town"]
    district = ctx.users["district"]
    chairs = list(
        Officer.objects.filter(
            role=OfficerRole.CHAIR,
            ends_on__isnull=True,
            union__path__startswith=home_town.path,
            union__kind=OrgKind.GRASSROOTS,
        ).order_by("union__path")[:40]
    )
    linked = []
    for chair in chairs:
        m = (
            Member.objects.filter(union=chair.union, status=MemberStatus.ACTIVE)
            .exclude(pk__in=[c.member_id for c in linked])
            .order_by("pk")
            .first()
        )
        if m is not None:
            chair.member, chair.name = m, m.name
            linked.append(chair)
    Officer.objects.bulk_update(linked, ["member", "name"])
    held = 0
    for title, day in (
        # Within the past year, like the activities demo's finished activities (activities/tests/test_demo.py).
        (f"{(today - timedelta(days=300)).year} 年基层工会主席履职能力培训班", today - timedelta(days=300)),
        (f"{today.year} 年新任工会干部培训班", today - timedelta(days=40)),
    ):
        starts = timezone.make_aware(datetime.combine(day, time(9)))
        activity = Activity.objects.create(
            title=title,
            organiser=ctx.root,
            category=Category.CADRE_TRAINING,
            description="工会法、工会财务与经审、集体协商实务",
            starts_at=starts,
            ends_at=starts + timedelta(hours=7),
            address="区职工服务中心培训教室",
            capacity=120,
            registration_opens_at=starts - timedelta(days=14),
            registration_closes_at=starts - timedelta(days=2),
            status=Activity.Status.FINISHED,
            created_by=district,
        )
        attended = [c for c in linked if rng.random() < 0.7]
        Participation.objects.bulk_create(
            Participation(
                activity=activity,
                member_id=c.member_id,
                name=c.name,
                method=Participation.Method.WALK_IN,
                checked_in_at=starts + timedelta(minutes=rng.randint(-30, 10)),
                recorded_by=district,
            )
            for c in attended
        )
        held += 1
    ctx.counts.append(("工会干部培训", held))


ALLIANCE_NAMES = [
    ("union", "{town}非公企业工会联盟"),
    ("place", "{town}职工服务阵地联盟"),
    ("community", "{town}社区工会联合会"),
    ("union", "{town}园区工会联盟"),
    ("place", "{town}工会驿站联盟"),
]
PAIRING_PARTIES = [
    ("community", "{town}中心社区", "企业社区结对共建"),
    ("department", "区人力社保局", "劳动关系和谐共建结对"),
    ("enterprise", "区供电公司", "党建带工建结对共建"),
    ("community", "{town}东湖社区", "职工服务进社区结对"),
    ("department", "区总工会机关第二党支部", "机关基层结对共建"),
    ("enterprise", "区人民医院", "职工健康服务结对"),
]


def build_alliances(ctx: DemoContext) -> None:
    """5 alliances (工会联盟, 阵地联盟, 社区工会联合会) of enterprise unions under the towns, one crossing a town line,
    sharing the members' places, with joint activities from the members' own; pairings of unions with communities,
    departments and enterprises, some finished, with progress records."""
    with override_settings(LOCK_ORDER_CHECK=False):
        _build_alliances(ctx)


def _build_alliances(ctx: DemoContext) -> None:
    from activities.models import Activity
    from orgs.models import Org, OrgKind, OrgStatus
    from places.models import Place

    from .services import alliances

    rng = ctx.rng
    today = timezone.localdate()
    district = ctx.users["district"]
    home_town = ctx.extra["orgs"]["home_town"]
    everywhere = [
        home_town,
        *Org.objects.filter(kind=OrgKind.TOWN, status=OrgStatus.ACTIVE, path__startswith=ctx.root.path).exclude(
            pk=home_town.pk
        ),
    ]

    def unions_of(town):
        return list(
            Org.objects.filter(
                path__startswith=town.path, kind__in=(OrgKind.GRASSROOTS, OrgKind.JOINT), status=OrgStatus.ACTIVE
            ).order_by("path")
        )

    # Towns with unions enough to ally (a small demo has a few); the home town first.
    towns = [t for t in everywhere if len(unions_of(t)) >= 2][:5] or [home_town]

    made, joint = [], 0
    for n, (kind, pattern) in enumerate(ALLIANCE_NAMES):
        town = towns[n % len(towns)]
        unions = unions_of(town)
        if len(unions) < 2:
            continue
        picked = rng.sample(unions, min(len(unions), rng.randint(3, 8)))
        lead, members = picked[0], picked[1:]
        if n == 1 and len(towns) > 1:  # one alliance crosses a town line (联盟单位 outside the town)
            members += unions_of(towns[1])[:2]
        places = list(Place.objects.filter(org__path__startswith=town.path, status="open").order_by("pk")[:2])
        founded = today - timedelta(days=rng.randint(200, 900))
        alliance = alliances.create_alliance(
            actor=district,
            owner=town,
            name=pattern.format(town=town.name.replace("总工会", "")),
            kind=kind,
            lead=lead,
            founded_on=founded,
            members=members,
            places=places,
            description="资源共享、阵地共用、活动联办、难题共解。",
        )
        if len(members) > 2 and rng.random() < 0.6:
            leaver = alliance.members.get(union=members[-1])
            alliances.remove_member(leaver, actor=district, left_on=today - timedelta(days=rng.randint(1, 90)))
        current = {u.pk for u in alliances.current_members(alliance)}
        for activity in Activity.objects.filter(organiser_id__in=current).exclude(status="cancelled")[:3]:
            alliances.add_joint_activity(alliance, actor=district, activity=activity)
            joint += 1
        made.append(alliance)
    pairings = 0
    for n, (kind, name, title) in enumerate(PAIRING_PARTIES):
        town = towns[n % len(towns)]
        unions = unions_of(town)
        if not unions:
            continue
        union = rng.choice(unions)
        town_label = town.name.replace("总工会", "")
        starts = today - timedelta(days=rng.randint(60, 700))
        pairing = alliances.create_pairing(
            actor=district,
            owner=town,
            title=f"{union.name.replace('工会', '')}{title}",
            goals="共建职工服务阵地；每季度联合开展一次关爱职工活动；结对帮扶困难职工。",
            starts_on=starts,
            ends_on=starts + timedelta(days=730),
            parties=[{"org": union}, {"kind": kind, "name": name.format(town=town_label)}],
        )
        for k in range(rng.randint(1, 4)):
            day = min(today, starts + timedelta(days=30 + 60 * k))
            text = rng.choice(
                ["联合开展“送清凉”慰问", "共建职工书屋开放", "联合举办职工技能比武", "结对帮扶困难职工家庭"]
            )
            alliances.add_pairing_record(pairing, actor=district, happened_on=day, text=text)
        if n % 3 == 2:
            alliances.close_pairing(pairing, actor=district, status="completed", note="结对目标已完成")
        pairings += 1
    ctx.counts.append(("工会联盟", len(made)))
    ctx.counts.append(("结对共建", pairings))
    ctx.counts.append(("联盟联办活动", joint))
