"""The training step of ``manage.py seed_demo``: two years of courses (the seeds: 命名“工匠学堂”4家，组织4000余名职工
参加技能培训、学历提高班). Each open 工匠学堂 runs skill courses, the district runs a 学历提升 class with a college;
members of the organiser's sub-tree enrol, check in at the sessions and finish (most complete and get a certificate,
the union paying its subsidy); this year's last courses are still open for enrolment. All through the real services,
then dated back to when they happened."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from members.choices import HOLDING
from members.models import Member
from places.models import Place, PlaceKind, PlaceStatus

from . import services
from .models import Certificate, Course, Enrolment

SKILLS = [
    "电工技能提升班",
    "焊工实操培训",
    "数控车床操作",
    "叉车司机取证班",
    "育婴员培训",
    "直播电商技能",
    "汽车维修技能",
]
SCHOOLS = ["宁波开放大学", "浙江工商职业技术学院"]


def _course(ctx, actor, org, *, title, kind, start, provider_place=None, provider_name="", fee, subsidy):
    rng = ctx.rng
    members = list(Member.objects.filter(union__path__startswith=org.path, status__in=HOLDING).order_by("pk")[:400])
    capacity = max(5, int(rng.randint(20, 60) * max(ctx.scale, 0.1)))
    course = services.create_course(
        actor=actor,
        org=org,
        title=title,
        kind=kind,
        starts_on=start.date(),
        capacity=capacity,
        provider_place=provider_place,
        provider_name=provider_name,
        fee=fee,
        subsidy=subsidy,
        sessions_required=3,
        description=f"{title}，由工会组织、补贴部分学费。",
    )
    sessions = [
        services.add_session(
            course,
            actor=actor,
            topic=f"第{i + 1}讲",
            starts_at=start + timedelta(days=7 * i),
            ends_at=start + timedelta(days=7 * i, hours=3),
            location=provider_place.name if provider_place else provider_name,
        )
        for i in range(4)
    ]
    chosen = rng.sample(members, min(len(members), capacity - rng.randint(0, 3)))
    enrolments = [services.enrol(course, m, actor=actor) for m in chosen]
    now = timezone.now()
    past = sessions[-1].ends_at < now
    for session in sessions:
        if session.starts_at > now:
            continue
        for e in enrolments:
            if rng.random() < 0.85:
                services.check_in(session, e.member.card_no, actor=actor)
    enrolled_at = start - timedelta(days=rng.randint(5, 20))
    Enrolment.objects.filter(course=course).update(enrolled_at=enrolled_at)
    Course.objects.filter(pk=course.pk).update(created_at=enrolled_at - timedelta(days=3))
    if past:
        services.finish_course(course, actor=actor)
        finished = sessions[-1].ends_at + timedelta(days=2)
        Course.objects.filter(pk=course.pk).update(finished_at=finished)
        Enrolment.objects.filter(course=course, completed_at__isnull=False).update(completed_at=finished)
        Certificate.objects.filter(enrolment__course=course).update(issued_at=finished)
    return course


def build_training(ctx) -> None:
    actor = ctx.users.get("district")
    if actor is None or ctx.root is None:
        return
    rng = ctx.rng
    schools = list(
        Place.objects.filter(
            kind=PlaceKind.CRAFT_SCHOOL, status=PlaceStatus.OPEN, org__path__startswith=ctx.root.path
        ).order_by("pk")
    )
    now = timezone.now()
    courses = 0
    for months_back in (22, 16, 10, 4, 1):
        start = (now - timedelta(days=30 * months_back)).replace(hour=19, minute=0, second=0, microsecond=0)
        for place in schools:
            fee = Decimal(rng.choice([600, 800, 1200, 1500]))
            _course(
                ctx, actor, place.org, title=rng.choice(SKILLS), kind="skill", start=start, provider_place=place,
                fee=fee, subsidy=(fee * Decimal("0.5")).quantize(Decimal("0.01")),
            )  # fmt: skip
            courses += 1
        if months_back in (22, 10):
            _course(
                ctx, actor, ctx.root, title="职工学历提升（大专）班", kind="degree", start=start,
                provider_name=rng.choice(SCHOOLS), fee=Decimal("4800.00"), subsidy=Decimal("2000.00"),
            )  # fmt: skip
            courses += 1
    # Open for enrolment now: starts next month.
    start = (now + timedelta(days=30)).replace(hour=19, minute=0, second=0, microsecond=0)
    for place in schools[:2]:
        _course(
            ctx, actor, place.org, title="新能源汽车维修培训", kind="skill", start=start, provider_place=place,
            fee=Decimal("900.00"), subsidy=Decimal("450.00"),
        )  # fmt: skip
        courses += 1
    ctx.counts.append(("培训课程", courses))
    ctx.counts.append(("培训报名", Enrolment.objects.count()))
    ctx.counts.append(("结业证书", Certificate.objects.count()))
