"""The demo district's appeals (demo step ``appeals`` of ``manage.py seed_demo``): one seed plans the same year,
every status and every step is there, timelines are ordered and agree with the deadlines and with the state of
each appeal (the periodic escalation finds nothing left to do), and the counts are plausible. Built at
``--scale 0.1`` with the clock stopped."""

from collections import Counter
from datetime import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import Grant, User
from appeals import services
from appeals.demo import DEFAULT_DEADLINES, plan_appeals
from appeals.models import Appeal, AppealEvent, Category, CategoryDeadline, Kind, Satisfaction, Status
from core.demo import DemoContext
from members.demo import DEMO_MEMBER_PHONE
from members.models import Member
from orgs.demo import DEMO_ROOT_CODE
from orgs.models import Enterprise, Org

NOW = datetime(2026, 5, 20, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
E = AppealEvent.Kind


@pytest.fixture
def district(db):
    """The demo district at scale 0.1, built at ``NOW``."""
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", force=True, scale=0.1, stdout=StringIO())


def _context(seed: int) -> DemoContext:
    """What the earlier steps hand to the appeals step, read back from the database."""
    root = Org.objects.get(code=DEMO_ROOT_CODE)
    ctx = DemoContext(seed=seed, scale=0.1)
    ctx.root = root
    ctx.orgs = list(Org.objects.filter(path__startswith=root.path).order_by("pk"))
    by_pk = {o.pk: o for o in ctx.orgs}
    ctx.enterprises = list(Enterprise.objects.filter(org__path__startswith=root.path).order_by("pk"))
    for e in ctx.enterprises:
        e.org, e.covering_union = by_pk[e.org_id], by_pk.get(e.covering_union_id)
    ctx.users = {u.username: u for u in User.objects.filter(username__in=["admin", "district", "town", "union"])}
    grants = {
        g.user.username: by_pk[g.org_id]
        for g in Grant.objects.select_related("user").filter(user__in=ctx.users.values())
    }
    ctx.extra = {
        "orgs": {"home_union": grants["union"], "home_town": grants["town"]},
        "members": {"demo_member_pk": Member.objects.get(phone=DEMO_MEMBER_PHONE).pk},
    }
    ctx.reseed("appeals")
    return ctx


def _fingerprint(appeals) -> list[tuple]:
    return [
        (a.kind, a.category, a.description, a.name, a.phone, a.org.code, a.status, a.submitted_at, a.satisfaction)
        + tuple((e.kind, e.at, e.note) for e in a.events)
        for a in appeals
    ]


def test_one_seed_plans_the_same_year(district):
    first = plan_appeals(_context(2026), now=NOW)
    assert _fingerprint(first) == _fingerprint(plan_appeals(_context(2026), now=NOW))
    assert _fingerprint(first) != _fingerprint(plan_appeals(_context(7), now=NOW))
    # What was written is what the seed plans (the step ran at NOW with the default seed).
    written = Counter(Appeal.objects.values_list("status", "kind", "category"))
    assert written == Counter((a.status, a.kind, a.category) for a in first)


def test_wage_appeals_mostly_name_the_amount_involved(district):
    wages = Appeal.objects.filter(kind=Kind.APPEAL, category="wages")
    named = wages.exclude(amount_involved=None)
    assert named.count() >= wages.count() / 2
    assert all(Decimal("1500") <= a <= Decimal("45000") for a in named.values_list("amount_involved", flat=True))
    assert not Appeal.objects.filter(kind=Kind.SUGGESTION).exclude(amount_involved=None).exists()


def test_every_state_and_step_is_there_and_counts_are_plausible(district):
    appeals = list(Appeal.objects.select_related("org", "recorded_by"))
    assert 150 <= len(appeals) <= 400
    assert {a.status for a in appeals} == set(Status.values)
    assert {a.kind for a in appeals} == set(Kind.values)
    assert {a.category for a in appeals} == set(Category.values)
    assert {a.satisfaction for a in appeals if a.status == Status.CLOSED} == set(Satisfaction.values)
    assert any(a.reopened and a.status == Status.CLOSED for a in appeals)
    assert any(a.escalations for a in appeals) and any(a.adopted for a in appeals)
    assert all(a.kind == Kind.SUGGESTION for a in appeals if a.adopted)
    kinds = Counter(AppealEvent.objects.values_list("kind", flat=True))
    assert {E.HANDED_OVER, E.INFO_PROVIDED, E.MERGED, E.REOPENED, E.ESCALATED} <= set(kinds)
    # 开放日 items are recorded by the demo union's and town's staff, and handled where they were recorded.
    open_days = [a for a in appeals if a.kind == Kind.OPEN_DAY]
    assert {a.recorded_by.username for a in open_days} == {"union", "town"}
    assert all(a.recorded_by_id for a in open_days) and not any(
        a.recorded_by_id for a in appeals if a.kind != Kind.OPEN_DAY
    )
    # The demo member has something in every state a worker meets.
    mine = {a.status for a in appeals if a.phone == DEMO_MEMBER_PHONE and a.member_id}
    assert {Status.SUBMITTED, Status.INFO_REQUESTED, Status.RESOLVED, Status.CLOSED} <= mine
    # Default deadlines where none were set; the descriptions are Chinese and not all alike.
    assert dict(CategoryDeadline.objects.values_list("category", "accept_days")) == {
        c: a for c, (a, _) in DEFAULT_DEADLINES.items()
    }
    assert len({a.description for a in appeals}) > len(appeals) // 3
    # Spread over the unions in proportion to their members: the busiest unions have the most members.
    per_union = Counter(a.member.union_id for a in Appeal.objects.select_related("member").filter(member__isnull=False))
    sizes = Counter(Member.objects.values_list("union_id", flat=True))
    top = [u for u, _ in per_union.most_common(3)]
    assert all(sizes[u] > sorted(sizes.values())[len(sizes) // 2] for u in top)


def test_timelines_are_ordered_and_agree_with_deadlines_and_states(district):
    events = {}
    for e in AppealEvent.objects.order_by("appeal_id", "id"):
        events.setdefault(e.appeal_id, []).append(e)
    appeals = list(Appeal.objects.all())
    numbers = [a.tracking_no for a in appeals]
    assert len(set(numbers)) == len(numbers) and all(n.startswith("SQ") and len(n) == 15 for n in numbers)
    for a in appeals:
        timeline = events[a.pk]
        kinds = [e.kind for e in timeline]
        moments = [e.at for e in timeline]
        assert moments == sorted(moments) and moments[-1] <= NOW, a.tracking_no
        assert (kinds[0], moments[0]) == (E.SUBMITTED, a.submitted_at)
        assert kinds.count(E.ESCALATED) == a.escalations
        if a.escalations == 0 and not a.reopened:
            assert (a.accept_due, a.resolve_due) == services.deadlines_for(a.category, a.submitted_at), a.tracking_no
        if a.accepted_at and E.ACCEPTED in kinds:
            assert a.accepted_at == timeline[kinds.index(E.ACCEPTED)].at
        if a.status in (Status.RESOLVED, Status.CLOSED):
            resolved = [e.at for e in timeline if e.kind == E.RESOLVED]
            assert resolved and a.resolved_at == resolved[-1] and a.reply
        else:
            assert a.resolved_at is None
        expected_last = {
            Status.SUBMITTED: {E.SUBMITTED, E.ESCALATED},
            Status.INFO_REQUESTED: {E.INFO_REQUESTED},
            Status.RESOLVED: {E.RESOLVED},
            Status.CLOSED: {E.RATED},
            Status.MERGED: {E.MERGED},
        }.get(a.status)
        # The internal note of a duplicate folded in may come after an open item's last step.
        significant = [k for k in kinds if k != E.MERGED or a.status == Status.MERGED or a.merged_into_id]
        if expected_last:
            assert significant[-1] in expected_last, (a.tracking_no, a.status, kinds)
        if a.status == Status.MERGED or (a.merged_into_id and E.MERGED in kinds):
            assert a.merged_into_id and E.MERGED in kinds
        if a.status == Status.SUBMITTED:
            assert E.ACCEPTED not in kinds
        if a.reopened:
            assert E.REOPENED in kinds and kinds.index(E.RATED) < kinds.index(E.REOPENED)
    # Nothing is left overdue that the periodic escalation would still move.
    with time_machine.travel(NOW, tick=False):
        assert services.escalate_overdue() == 0
        # A submission today continues the day's numbering.
        before = set(numbers)
        worker = Member.objects.get(phone=DEMO_MEMBER_PHONE)
        new = services.submit(
            kind="appeal", category="other", description="想了解疗休养名额", name="", phone="", member=worker
        )
    assert new.tracking_no not in before
