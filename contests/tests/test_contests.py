"""A contest from entry to published ranking with ties; a judge scores only their own event; winners proposed for a
title in one action become honours nominations; the figures."""

import pytest
from django.utils import timezone

from core.errors import DomainError
from core.models import AuditEvent
from core.testing import run_at_once
from honours import services as honours_services
from honours.models import Nomination
from reports import engine
from reports.periods import year

from .. import services
from ..models import Entry, Event, Result
from ..ranking import competition_ranks
from .factories import contest, event, judge, member_with_account

pytestmark = pytest.mark.django_db


def test_the_tie_rule():
    assert competition_ranks([95, 95, 90, 90, 90, 80]) == [1, 1, 3, 3, 3, 6]
    assert competition_ranks([]) == []


def test_a_contest_from_entry_to_published_ranking_with_ties(tree, users, login):
    c = contest(users.district, tree.district)
    welding = event(users.district, c, name="焊工")
    wiring = event(users.district, c, name="电工")
    alice = judge(users.district, welding, "judge_welding")
    bob = judge(users.district, wiring, "judge_wiring")
    a, b, d = (member_with_account(tree.union_a1, users.union, n) for n in (1, 2, 3))
    e = member_with_account(tree.union_b1, users.union_b, 4)
    # Entered by their union, or on the phone.
    ea = services.enter(welding, a, actor=users.union)
    eb = services.enter(welding, b, actor=users.union)
    ee = services.enter(welding, e, actor=users.union_b)
    ed = services.enter_self(welding, member=d)
    assert ed.channel == "phone" and ea.channel == "staff"
    with pytest.raises(DomainError) as exc:
        services.enter(welding, e, actor=users.union)  # 乙一's member is not in 甲一's scope
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        services.enter_self(welding, member=d)
    assert exc.value.code == "already_entered"
    theory, practice = welding.rounds.all()
    with pytest.raises(DomainError) as exc:
        services.score(theory, ea, actor=alice, value="90")
    assert exc.value.code == "not_open_yet"
    services.close_entries(c, actor=users.district)
    with pytest.raises(DomainError) as exc:
        services.enter_self(wiring, member=d)
    assert exc.value.code == "entries_closed"
    # A judge of another event cannot score this one; nor can an admin who is not its judge.
    for who in (bob, users.district):
        with pytest.raises(DomainError) as exc:
            services.score(theory, ea, actor=who, value="90")
        assert exc.value.code == "not_a_judge"
    with pytest.raises(DomainError) as exc:
        services.score(theory, ea, actor=alice, value="100.5")
    assert exc.value.code == "invalid_score"
    scores = {ea: ("90", "85.5"), eb: ("80", "95.5"), ee: ("70", "80"), ed: ("88", "87.5")}
    for entry, (t, p) in scores.items():
        services.score(theory, entry, actor=alice, value=t)
        if entry is not ed:
            services.score(practice, entry, actor=alice, value=p)
    with pytest.raises(DomainError) as exc:
        services.publish(welding, actor=users.district)
    assert exc.value.code == "scores_missing"
    services.score(practice, ed, actor=alice, value="87.5")
    services.score(practice, ee, actor=alice, value="81")  # a correction before publication
    services.publish(welding, actor=users.district)
    ranking = [(r.entry.member.name, r.total, r.rank) for r in Result.objects.filter(event=welding)]
    assert [(total, rank) for _, total, rank in ranking] == [(175.5, 1), (175.5, 1), (175.5, 1), (151, 4)]
    assert {name for name, _, rank in ranking if rank == 1} == {a.name, b.name, d.name}
    with pytest.raises(DomainError) as exc:
        services.score(theory, ea, actor=alice, value="99")
    assert exc.value.code == "published"
    assert c.events.get(pk=wiring.pk).published_at is None  # the contest goes on for the other event
    assert AuditEvent.objects.filter(action="contests.score.entered").count() == 9
    # The member sees their place on the phone.
    page = login(a.user).get(f"/m/contests/{c.pk}/").content.decode()
    assert "焊工" in page and "175.50 分" in page
    assert "第 1 名" in login(a.user).get("/m/contests/").content.decode()


def test_winners_are_proposed_for_a_title_in_one_action(tree, users):
    title = honours_services.create_title(
        actor=users.district, org=tree.district, name="技术能手", category="technician"
    )
    c = contest(users.district, tree.district)
    ev = event(users.district, c, rounds=(("实操", 100),))
    ref = judge(users.district, ev, "judge_p")
    people = [member_with_account(tree.union_a1, users.union, 10 + n) for n in range(4)]
    entries = [services.enter(ev, p, actor=users.union) for p in people]
    services.close_entries(c, actor=users.district)
    for entry, value in zip(entries, ("90", "95", "95", "80"), strict=True):
        services.score(ev.rounds.get(), entry, actor=ref, value=value)
    with pytest.raises(DomainError) as exc:
        services.propose_winners(ev, actor=users.district, title=title, top=2, level="district")
    assert exc.value.code == "not_published"
    services.publish(ev, actor=users.district)
    made = services.propose_winners(ev, actor=users.district, title=title, top=2, level="district")
    # Ranks 1, 1, 3, 4: the top two places are the two tied at 95.
    assert {n.member for n in made} == {people[1], people[2]}
    n = Nomination.objects.get(member=people[1])
    assert (n.union, n.at_org, n.status) == (tree.district, tree.district, "reviewing")
    assert "第 1 名" in n.reason
    pioneer = honours_services.create_title(
        actor=users.district, org=tree.district, name="工人先锋号", category="pioneer"
    )
    with pytest.raises(DomainError) as exc:
        services.propose_winners(ev, actor=users.district, title=pioneer, top=2, level="district")
    assert exc.value.code == "title_kind"


def test_team_event_ranks_teams(tree, users):
    c = contest(users.town, tree.town_a, kind="labour", title="重点工程劳动竞赛")
    ev = event(users.town, c, name="班组赛", mode=Event.Mode.TEAM, rounds=(("实操", 100),))
    ref = judge(users.town, ev, "judge_t")
    t1 = services.register_team(ev, actor=users.union, union=tree.union_a1, name="甲一突击队")
    t2 = services.register_team(ev, actor=users.town, union=tree.union_a2, name="甲二突击队")
    with pytest.raises(DomainError) as exc:
        services.register_team(ev, actor=users.union_b, union=tree.union_b1, name="乙一队")
    assert exc.value.code == "union_not_below"
    a1 = [member_with_account(tree.union_a1, users.union, 20 + n) for n in range(2)]
    a2 = member_with_account(tree.union_a2, users.town, 30)
    with pytest.raises(DomainError) as exc:
        services.enter(ev, a1[0], actor=users.union)
    assert exc.value.code == "team_required"
    with pytest.raises(DomainError) as exc:
        services.enter(ev, a2, actor=users.town, team=t1)
    assert exc.value.code == "team_union"
    entries = [services.enter(ev, m, actor=users.union, team=t1) for m in a1]
    entries.append(services.enter(ev, a2, actor=users.town, team=t2))
    services.close_entries(c, actor=users.town)
    for entry, value in zip(entries, ("40", "50", "90"), strict=True):
        services.score(ev.rounds.get(), entry, actor=ref, value=value)
    services.publish(ev, actor=users.town)
    assert [(r.team.name, r.total, r.rank) for r in ev.results.all()] == [("甲一突击队", 90, 1), ("甲二突击队", 90, 1)]
    c.refresh_from_db()
    assert c.status == "finished"


@pytest.mark.django_db(transaction=True)
def test_entering_twice_at_once_enters_once(tree, users):
    c = contest(users.district, tree.district)
    ev = event(users.district, c)
    m = member_with_account(tree.union_a1, users.union, 40)
    results, errors = run_at_once([lambda: services.enter_self(Event.objects.get(pk=ev.pk), member=m)] * 4, workers=4)
    assert len(results) == 1 and errors == ["already_entered"] * 3
    assert Entry.objects.filter(event=ev).count() == 1


def test_figures(tree, users):
    c = contest(users.district, tree.district)
    ev = event(users.district, c)
    event(users.district, c, name="电工")
    for n in range(3):
        services.enter(ev, member_with_account(tree.union_a1, users.union, 50 + n), actor=users.union)
    services.enter(ev, member_with_account(tree.union_b1, users.union_b, 60), actor=users.union_b)
    totals = engine.compute(tree.district, [year(timezone.localdate().year)]).totals
    assert (totals["contests.contests"], totals["contests.events"], totals["contests.entries"]) == ([1], [2], [4])
    town_a = engine.compute(tree.town_a, [year(timezone.localdate().year)]).totals
    assert (town_a["contests.contests"], town_a["contests.entries"]) == ([0], [3])
