"""The demo activities (demo step ``activities`` of ``manage.py seed_demo``): determinism, the seat rules holding for
every activity, registrations and participations only from members who may come, every status present, the demo
member's tickets and the partner login. The database tests build the district at ``--scale 0.1``."""

import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from activities import checkin, lottery, selectors, services
from activities.demo import DEMO_PARTNER_NAME, DEMO_PARTNER_USER, SERIES, Person, plan_activities
from activities.models import Activity, Feedback, Participation, Partner, Proposal, Registration, Series
from core.demo import DEMO_PASSWORD, DemoContext
from core.models import AuditEvent
from members.choices import MemberStatus, Tag
from members.demo import DEMO_MEMBER_PHONE, plan_members
from members.models import Member, MemberTag
from orgs.demo import DEMO_ROOT_CODE, plan_district
from orgs.models import Org

SMALL = 0.1
TODAY = date(2026, 5, 20)
A, R = Activity.Status, Registration.Status


def _seed(scale: float = SMALL) -> str:
    out = StringIO()
    call_command("seed_demo", force=True, scale=scale, stdout=out)
    return out.getvalue()


def _plan(seed: int, today: date = TODAY):
    """The district, its roster and its activities in memory, as the three steps would build them."""
    ctx = DemoContext(seed=seed, scale=SMALL)
    ctx.reseed("orgs")
    district = plan_district(ctx)
    ctx.root, ctx.orgs, ctx.enterprises = district.root, district.orgs, district.enterprises
    ctx.extra["orgs"] = {"towns": district.towns, "home_town": district.home_town, "home_union": district.home_union}
    ctx.reseed("members")
    roster = plan_members(ctx, today=today)
    people = [
        Person(i, m.name, m.union.path, bool(m.gig_platform))
        for i, m in enumerate(roster.members, start=1)
        if m.status == MemberStatus.ACTIVE and m is not roster.demo_member
    ]
    demo = Person(0, roster.demo_member.name, roster.demo_member.union.path)
    ctx.reseed("activities")
    return plan_activities(ctx, people, demo_member=demo, today=today)


def _fingerprint(plan) -> list[tuple]:
    return [
        (a.title, a.organiser.code, a.series.name if a.series else "", a.starts_at, a.status, a.mode, a.capacity)
        + tuple((r.member.pk, r.status, r.ticket, r.queued_at, r.checked_in_at) for r in a.registrations)
        + tuple((p.member.pk if p.member else p.name, p.method, p.at) for p in a.participations)
        + tuple((m.pk, rating, comment) for m, rating, comment, _ in a.feedback)
        for a in plan.activities
    ] + [(p.title, p.partner.name, p.status, p.submitted_at) for p in plan.proposals]


def test_same_seed_same_activities_other_seed_others():
    first, again, other = _plan(2026), _plan(2026), _plan(7)
    assert _fingerprint(first) == _fingerprint(again)
    assert [a.title for a in first.activities] != [a.title for a in other.activities]


@pytest.mark.parametrize("today", [TODAY, date(2027, 1, 9)])
def test_plan_shape_and_dates(today):
    """Whatever the day (early January too, when most of the past year belongs to last year's series), the dates
    stay within the past year and the coming two months and every state is there."""
    plan = _plan(2026, today)
    now = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    # The ten series this year, a few of them last year too, and some town series.
    this_year = {s.name for s in plan.series if s.year == today.year and s.owner.code == DEMO_ROOT_CODE}
    assert this_year == {name for name, *_ in SERIES}
    assert 0 < sum(1 for s in plan.series if s.year == today.year - 1) < 10
    assert any(s.owner.code != DEMO_ROOT_CODE for s in plan.series)
    assert len(plan.partners) >= 25 and len({p.name for p in plan.partners}) == len(plan.partners)
    assert {p.status for p in plan.proposals} == set(Proposal.Status.values)
    assert {p.status for p in plan.proposals if p.partner is plan.demo_partner} == set(Proposal.Status.values)
    assert {a.status for a in plan.activities} == set(A.values)
    for a in plan.activities:
        assert today - timedelta(days=372) <= a.starts_at.date() <= today + timedelta(days=66)
        assert a.opens_at <= a.closes_at <= a.starts_at <= a.ends_at
        assert 1 <= a.capacity <= 500
        assert (a.status == A.FINISHED) == (a.ends_at < now and a.status not in (A.CANCELLED, A.DRAFT))
        assert all(r.queued_at < now and r.updated_at < now for r in a.registrations)
        assert all(p.at < now for p in a.participations) and all(f[3] < now for f in a.feedback)
        if a.proposal is not None:
            assert a.organiser is a.proposal.series.owner and a.proposal.status == Proposal.Status.APPROVED
    # Tickets are eight characters of the ticket alphabet, never twice.
    tickets = [r.ticket for a in plan.activities for r in a.registrations]
    assert len(set(tickets)) == len(tickets) and all(
        re.fullmatch(f"[{services.TICKET_ALPHABET}]{{8}}", t) for t in tickets
    )
    # Participations grow with the scale: about 1.2万 at scale 1.
    participations = sum(len(a.participations) for a in plan.activities)
    assert 0.8 * 1200 <= participations <= 1.25 * 1200


@pytest.fixture
def demo(db):
    """The demo district at ``--scale 0.1``, with its output."""
    return _seed()


def test_seats_never_oversold_and_confirmed_counts_exact(demo):
    assert re.search(r"参与人次：\d+", demo) and re.search(r"活动系列：\d+", demo) and "演示合伙人：partner" in demo
    rows = Activity.objects.annotate(
        n=Count("registrations", filter=Q(registrations__status=R.CONFIRMED)),
    ).values_list("pk", "confirmed", "capacity", "n")
    assert rows and all(confirmed == n <= capacity for _, confirmed, capacity, n in rows)
    assert not Registration.objects.values("activity", "member").annotate(n=Count("id")).filter(n__gt=1).exists()
    codes = list(Registration.objects.values_list("ticket_code", flat=True))
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(f"[{services.TICKET_ALPHABET}]{{8}}", c) for c in codes)
    # Some full activities have a waitlist; finished ones have none waiting to confirm or to be drawn.
    assert Registration.objects.filter(status=R.WAITLISTED).exists()
    assert not Registration.objects.filter(activity__status=A.FINISHED, status__in=[R.APPLIED, R.PENDING]).exists()
    # The registrations are built in bulk under one event, not one per person; later modules' demo steps write
    # through their services (places' delivered orders become activities that way) and leave their own events.
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("core.demo.seeded") == 1
    assert not [
        a
        for a in actions
        if a.startswith(("activities.registration", "activities.series", "activities.proposal", "members.", "orgs."))
    ]


def test_registrants_and_participants_may_come(demo):
    orgs = {o.pk: o.path for o in Org.objects.all()}
    members = {
        pk: (orgs[union_id], status) for pk, union_id, status in Member.objects.values_list("pk", "union_id", "status")
    }
    gig = set(MemberTag.objects.filter(tag=Tag.NEW_EMPLOYMENT).values_list("member_id", flat=True))
    activities = {a.pk: a for a in Activity.objects.select_related("organiser", "audience_org")}

    def eligible(activity, member_id) -> bool:
        path, status = members[member_id]
        if status != MemberStatus.ACTIVE:
            return False
        if activity.open_to_public:
            return True
        audience = activity.audience_org or activity.organiser
        return path.startswith(audience.path) and (not activity.audience_tags or member_id in gig)

    regs = {}
    for activity_id, member_id, status, checked_in_at in Registration.objects.values_list(
        "activity_id", "member_id", "status", "checked_in_at"
    ):
        assert eligible(activities[activity_id], member_id)
        assert checked_in_at is None or status == R.CONFIRMED
        regs[activity_id, member_id] = (status, checked_in_at)
    assert any(a.audience_tags for a in activities.values()) and any(a.open_to_public for a in activities.values())

    methods = Counter()
    for activity_id, member_id, name, method, at in Participation.objects.values_list(
        "activity_id", "member_id", "name", "method", "checked_in_at"
    ):
        activity = activities[activity_id]
        assert activity.status == A.FINISHED and name
        assert activity.starts_at - timedelta(hours=2) <= at <= activity.ends_at + timedelta(hours=2)
        methods[method] += 1
        if member_id is None:
            assert method == Participation.Method.WALK_IN  # a guest added on the spot
        elif method == Participation.Method.WALK_IN:
            assert eligible(activity, member_id) and (activity_id, member_id) not in regs
        else:
            assert regs[activity_id, member_id] == (R.CONFIRMED, at)
    assert set(methods) == set(Participation.Method.values)
    # Every check-in is a participation.
    checked_in = Registration.objects.filter(checked_in_at__isnull=False).count()
    assert checked_in == Participation.objects.exclude(method=Participation.Method.WALK_IN).count()

    # Ratings: from participants of finished activities, mostly good, some with comments.
    took_part = set(Participation.objects.filter(member__isnull=False).values_list("activity_id", "member_id"))
    ratings = list(Feedback.objects.values_list("activity_id", "member_id", "rating", "comment"))
    assert ratings and all((a, m) in took_part for a, m, _, _ in ratings)
    assert 4.0 <= sum(r for _, _, r, _ in ratings) / len(ratings) < 4.8
    assert any(c for *_, c in ratings) and {r for _, _, r, _ in ratings} >= {3, 4, 5}

    root = Org.objects.get(code=DEMO_ROOT_CODE)
    figures = selectors.org_figures(root)
    assert 70 <= figures.attendance_rate <= 95 and figures.people < figures.participations


def test_every_status_the_draws_and_the_proposals(demo):
    assert set(Activity.objects.values_list("status", flat=True)) == set(A.values)
    assert set(Activity.objects.values_list("mode", flat=True)) == set(Activity.Mode.values)
    assert len(set(Activity.objects.values_list("category", flat=True))) >= 8
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert statuses >= {R.CONFIRMED, R.WAITLISTED, R.APPLIED, R.NOT_DRAWN, R.CANCELLED}
    assert 20 <= Activity.objects.filter(capacity__gte=20).count() and not Activity.objects.filter(capacity__gt=500)

    # Drawn 抽签 activities: the published seed and the applications' ids give the order they were drawn in.
    drawn = Activity.objects.filter(mode=Activity.Mode.LOTTERY, drawn_at__isnull=False)
    assert drawn.exists()
    for activity in drawn:
        assert activity.lottery_seed and activity.lottery_seed_published_at < activity.drawn_at < activity.starts_at
        regs = list(activity.registrations.order_by("queued_at", "id"))
        assert [r.pk for r in regs] == lottery.draw_order(activity.lottery_seed, [r.pk for r in regs])
        assert not any(r.status == R.APPLIED for r in regs)

    # The one waiting for its draw can be drawn by its organiser now.
    waiting = Activity.objects.get(status=A.CLOSED, mode=Activity.Mode.LOTTERY, drawn_at__isnull=True)
    assert waiting.lottery_seed and waiting.lottery_seed_published_at and waiting.starts_at > timezone.now()
    applications = waiting.registrations.count()
    winners = lottery.draw(waiting, actor=User.objects.get(username="district"))
    assert len(winners) == min(waiting.capacity, applications) > 0
    waiting.refresh_from_db()
    assert waiting.confirmed == len(winners)

    # Series: the ten this year, partners, proposals turned into activities.
    year = timezone.localdate().year
    names = set(Series.objects.filter(year=year, owner__code=DEMO_ROOT_CODE).values_list("name", flat=True))
    assert names == {name for name, *_ in SERIES}
    counts = {
        s.name: s for s in selectors.with_series_counts(Series.objects.filter(year=year, owner__code=DEMO_ROOT_CODE))
    }
    assert sum(s.proposal_count for s in counts.values()) >= 40
    assert sum(s.conversion_count for s in counts.values()) >= 10
    assert set(Proposal.objects.values_list("status", flat=True)) == set(Proposal.Status.values)
    for proposal in Proposal.objects.filter(status=Proposal.Status.APPROVED).select_related("activity", "series"):
        assert proposal.activity.organiser_id == proposal.series.owner_id
    for proposal in Proposal.objects.exclude(status=Proposal.Status.SUBMITTED):
        assert proposal.reviewed_at > proposal.submitted_at and proposal.reviewed_by_id
    assert all(p.review_comment for p in Proposal.objects.filter(status__in=["returned", "rejected"]))
    assert Activity.objects.filter(status=A.DRAFT, proposal__isnull=False).exists()
    assert Partner.objects.filter(kind=Partner.Kind.ENTERPRISE).exists()
    assert set(Partner.objects.values_list("kind", flat=True)) >= {"enterprise", "social", "culture", "sports"}


def test_demo_member_has_tickets_and_can_register_and_rate(demo):
    member = Member.objects.select_related("union", "user").get(user__phone=DEMO_MEMBER_PHONE)
    regs = {r.activity.status + ":" + r.status: r for r in member.registrations.select_related("activity")}
    now = timezone.now()
    ticket = regs["published:confirmed"]
    assert ticket.activity.starts_at > now and ticket.checked_in_at is None
    assert "closed:applied" in regs and "published:waitlisted" in regs
    assert selectors.waitlist_position(regs["published:waitlisted"]) >= 1
    finished = member.registrations.filter(activity__status=A.FINISHED, status=R.CONFIRMED)
    assert finished.count() == 2 and all(r.checked_in_at for r in finished)
    rated = set(Feedback.objects.filter(member=member).values_list("activity_id", flat=True))
    unrated = [r.activity for r in finished if r.activity_id not in rated]
    assert len(rated) == 1 and len(unrated) == 1
    feedback = checkin.rate(unrated[0], member, rating=5, comment="很好")
    assert feedback.rating == 5

    # Several open activities the member may still register for.
    registered = set(member.registrations.values_list("activity_id", flat=True))
    open_ones = [
        a
        for a in selectors.for_member(member).filter(
            status=A.PUBLISHED, registration_opens_at__lte=now, registration_closes_at__gte=now
        )
        if a.pk not in registered and services.eligibility_problem(a, member) is None and a.confirmed < a.capacity
    ]
    assert len(open_ones) >= 3
    first_come = next(a for a in open_ones if a.mode == Activity.Mode.FIRST_COME)
    assert services.register(first_come, member).status == R.CONFIRMED

    # The member site shows the ticket.
    client = Client()
    client.force_login(member.user)
    page = client.get(reverse("activities:member_tickets"))
    assert page.status_code == 200 and ticket.ticket_code in page.content.decode()


def test_partner_login_sees_its_own_proposals(demo):
    username, display_name = DEMO_PARTNER_USER
    user = User.objects.get(username=username)
    assert user.display_name == display_name and not user.grants.exists() and user.check_password(DEMO_PASSWORD)
    partner = Partner.objects.get(users=user)
    assert partner.name == DEMO_PARTNER_NAME and partner.org.code == DEMO_ROOT_CODE
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}, REMOTE_ADDR="10.9.0.7"
    )
    assert response.status_code == 302
    page = client.get(reverse("activities:partner_home")).content.decode()
    own = list(partner.proposals.all())
    assert {p.status for p in own} == set(Proposal.Status.values)
    assert all(p.title in page for p in own[:5])
    other = Proposal.objects.exclude(partner=partner).first()
    assert client.get(reverse("activities:partner_detail", args=[other.pk])).status_code == 404
    # Other partners' accounts cannot log in until they set a password from their SMS link.
    accounts = User.objects.filter(partners__isnull=False).exclude(pk=user.pk)
    assert accounts.exists() and not any(u.has_usable_password() for u in accounts)
    assert all(u.username == f"p{u.phone}" for u in accounts)

    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert re.search(rf"^\s+partner\s+{display_name}\s+合伙人\s+{DEMO_PARTNER_NAME}", out.getvalue(), re.M)


def test_clash_with_an_existing_partner_account_writes_nothing(db):
    User.objects.create_user(DEMO_PARTNER_USER[0], password="Other@2026")
    with pytest.raises(CommandError, match=DEMO_PARTNER_USER[0]):
        _seed()
    assert not Org.objects.exists() and not Activity.objects.exists() and User.objects.count() == 1


def test_registrations_spread_over_the_year(demo):
    today = timezone.localdate()
    months = defaultdict(int)
    for starts_at in Activity.objects.filter(status=A.FINISHED).values_list("starts_at", flat=True):
        months[(starts_at.year, starts_at.month)] += 1
        assert today - timedelta(days=372) <= timezone.localdate(starts_at) < today
    assert len(months) >= 8
    upcoming = Activity.objects.filter(starts_at__gt=timezone.now()).exclude(status=A.CANCELLED)
    assert upcoming.filter(status=A.PUBLISHED).count() >= 5
