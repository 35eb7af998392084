"""Property: after any sequence of joins, transfers, status changes, activities with participations and ratings,
and appeals in any states, over random dates and orgs, the rollups give exactly the raw figures for any org and any
period (including periods that cut months in half, where the rollups are topped up with raw days). Calendar years,
quarters and months are probed too: for them the distinct people come from the rollups' precomputed rows, and in
every probe the members holding a membership today (入会率) from the rollups' snapshot.

Membership changes go through the roster services (they write the history the figures read); activities and
appeals are written directly in the states to count, since their workflows are not what is under test here."""

import itertools
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import Activity, Feedback, Participation, Registration
from appeals.models import Appeal
from core.errors import DomainError
from members import services
from members.models import Member
from members.tests.factories import person
from reports import engine, rollups
from reports.periods import Period, month, quarter, year

FIRST, LAST = date(2023, 1, 1), date(2025, 6, 30)
SPAN = (LAST - FIRST).days
_n = itertools.count(50_000)

days = st.integers(min_value=0, max_value=SPAN).map(lambda d: FIRST + timedelta(days=d))
hours = st.integers(min_value=0, max_value=23)
idx = st.integers(min_value=0, max_value=50)

ops = st.one_of(
    st.tuples(st.just("join"), idx, days, st.booleans()),
    st.tuples(st.just("transfer"), idx, idx, days),
    st.tuples(st.sampled_from(["quit", "retain", "remove", "restore"]), idx, days),
    st.tuples(
        st.just("activity"),
        idx,
        days,
        hours,
        st.lists(idx, max_size=4),
        st.integers(min_value=0, max_value=2),
        st.sampled_from(["finished", "published", "cancelled", "draft"]),
    ),
    st.tuples(
        st.just("appeal"),
        idx,
        days,
        hours,
        st.sampled_from(["open", "late", "on_time"]),
        st.sampled_from(["", "satisfied", "fairly", "unsatisfied"]),
        st.booleans(),
    ),
)
probes = st.lists(
    st.one_of(
        st.tuples(idx, st.integers(min_value=-20, max_value=SPAN + 20), st.integers(min_value=0, max_value=500)),
        st.tuples(idx, st.sampled_from(["year", "quarter", "month"]), days),
    ),
    min_size=1,
    max_size=4,
)


def probe_period(a, b) -> Period:
    """A range of days (``offset``, ``length``) or the calendar year, quarter or month of a day."""
    if isinstance(a, int):
        start = FIRST + timedelta(days=a)
        return Period(start, start + timedelta(days=b))
    if a == "year":
        return year(b.year)
    if a == "quarter":
        return quarter(b.year, (b.month - 1) // 3 + 1)
    return month(b.year, b.month)


def local(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def apply(op, tree, actor, members: list[Member]) -> None:
    """Carry out one random operation; ones the services refuse (quitting twice …) are simply skipped."""
    unions = [tree.union_a1, tree.union_a2, tree.village_a2, tree.union_b1]
    orgs = [tree.district, tree.town_a, tree.town_b, *unions]
    kind = op[0]
    try:
        if kind == "join":
            _, u, day, gig = op
            n = next(_n)
            tags = ["new_employment"] if gig else []
            members.append(
                services.register_member(actor=actor, union=unions[u % 4], **person(n, joined_on=day, tags=tags))
            )
        elif kind == "transfer" and members:
            _, m, u, day = op
            member = Member.objects.get(pk=members[m % len(members)].pk)
            transfer = services.request_transfer(member, unions[u % 4], actor=actor, reason="调动")
            services.accept_transfer(transfer, actor=actor, on=day)
        elif kind in ("quit", "retain", "remove", "restore") and members:
            _, m, day = op
            services.change_status(members[m % len(members)], kind, actor=actor, on=day, reason="变动")
        elif kind == "activity":
            _, o, day, hour, who, guests, status = op
            starts = local(day, hour)
            activity = Activity.objects.create(
                title="活动",
                organiser=orgs[o % len(orgs)],
                category="sports",
                address="职工之家",
                capacity=50,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                status=status,
                registration_opens_at=starts - timedelta(days=5),
                registration_closes_at=starts - timedelta(days=1),
            )
            for i, m in enumerate(dict.fromkeys(who)):
                if not members:
                    break
                member = members[m % len(members)]
                if Registration.objects.filter(activity=activity, member=member).exists():
                    continue
                attended = i % 2 == 0
                Registration.objects.create(
                    activity=activity,
                    member=member,
                    status="confirmed",
                    ticket_code=f"T{next(_n)}",
                    queued_at=starts - timedelta(days=2),
                    checked_in_at=starts if attended else None,
                )
                if attended:
                    Participation.objects.create(
                        activity=activity, member=member, name=member.name, method="ticket", checked_in_at=starts
                    )
                    Feedback.objects.create(activity=activity, member=member, rating=1 + m % 5)
            for _ in range(guests):
                Participation.objects.create(activity=activity, name="来宾", method="walk_in", checked_in_at=starts)
        elif kind == "appeal":
            _, o, day, hour, state, rating, suggestion = op
            submitted = local(day, hour)
            resolved = {"open": None, "late": submitted + timedelta(days=40), "on_time": submitted + timedelta(days=3)}
            Appeal.objects.create(
                tracking_no=f"SQ{next(_n)}",
                kind="suggestion" if suggestion else "appeal",
                category="living",
                description="建议",
                name="职工",
                phone="13900000000",
                org=orgs[o % len(orgs)],
                status="submitted" if state == "open" else "closed",
                submitted_at=submitted,
                accept_due=submitted + timedelta(days=2),
                resolve_due=submitted + timedelta(days=21),
                resolved_at=resolved[state],
                satisfaction=rating if state != "open" else "",
                adopted=suggestion and state != "open",
            )
    except DomainError:
        pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(ops, min_size=1, max_size=14), checks=probes)
def test_rollups_equal_raw_figures_after_random_changes(tree, users, operations, checks):
    orgs = [tree.district, tree.town_a, tree.town_b, tree.union_a1, tree.union_a2, tree.village_a2, tree.union_b1]
    savepoint = transaction.savepoint()
    try:
        members: list[Member] = []
        for op in operations:
            apply(op, tree, users.district, members)
        rollups.rebuild()
        assert rollups.choose_source()[0] == "rollup"
        for o, a, b in checks:
            period = probe_period(a, b)
            periods = [period, period.previous()]
            org = orgs[o % len(orgs)]
            raw = engine.compute(org, periods, breakdown=True, source="raw")
            rolled = engine.compute(org, periods, breakdown=True, source="rollup")
            assert rolled.totals == raw.totals, (org.code, period)
            assert rolled.groups == raw.groups, (org.code, period)
            # What the 成绩单 asks: the distinct people and the members holding today for the totals only.
            keys = ["members.count", "members.join_rate", "activities.count"]
            raw = engine.compute(org, periods, breakdown=True, breakdown_keys=keys, source="raw")
            rolled = engine.compute(org, periods, breakdown=True, breakdown_keys=keys, source="rollup")
            assert (rolled.totals, rolled.groups) == (raw.totals, raw.groups), (org.code, period)
            single = engine.compute(org, periods, keys=["activities.participants"], source="rollup")
            assert single.totals["activities.participants"] == raw.totals["activities.participants"]
    finally:
        transaction.savepoint_rollback(savepoint)
