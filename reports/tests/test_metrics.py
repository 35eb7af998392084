"""Each metric against the hand-counted district of ``fixtures.py``: sub-tree boundaries, the first and last day of
the period, transfers, quits, dissolved unions and cancelled activities; raw and rollup answers agree."""

from datetime import date

import pytest

import core.metrics as registry
from activities import selectors as activity_selectors
from appeals import selectors as appeal_selectors
from orgs.selectors import coverage
from reports import engine, rollups
from reports.periods import Period, year

from . import fixtures

Y2024, Y2023 = year(2024), year(2023)

# town_a, 2024 and 2023, counted by hand from the fixture's docstring. A figure declared by an app the fixture has
# no records of is not listed: `town_a_expected` expects it to be zero (or None, for a rate of nothing), so a new app
# adds figures without editing this table, and a figure that counts records outside its app still fails.
TOWN_A = {
    "orgs.unions": [4, 4],  # a1, a2, village, a5 (founded 2024-04) | a1, a2, village, a4 (dissolved 2024-07)
    "orgs.enterprises_covered": [2, None],
    "orgs.union_rate": [66.7, None],  # 2 of 3 enterprises, today
    "members.count": [5, 4],  # m1 m2 m3 m8 m9 | m2 m6 m8 m9
    "members.joined": [3, 2],  # m1 (1 Jan) m3 (31 Dec) m7 | m2 (31 Dec 2023) m8
    "members.new_employment": [1, 0],  # m7
    "members.join_rate": [6.0, None],  # m1 m2 m3 m4 m8 m9 hold today / 100 covered staff
    "activities.count": [3, 1],  # act1 act2 act6 (dissolved union) | act3
    "activities.participations": [5, 1],  # act1: m1 m2 guest; act2: m1; act6: m9 | act3: m2
    "activities.participants": [4, 1],  # m1 m2 guest m9 | m2
    "activities.attendance_rate": [75.0, 100.0],  # 3 of 4 confirmed seats | 1 of 1
    "activities.avg_rating": [4.5, None],
    "appeals.received": [5, 1],  # ap1 ap2 ap5 ap6 ap7 | ap3
    "appeals.resolved": [3, 1],  # ap1 ap5 ap7 (ap6 reopened) | ap3
    "appeals.resolved_on_time_rate": [40.0, 100.0],  # ap1 ap5 of 5 | ap3
    "appeals.satisfaction_rate": [66.7, 100.0],  # ap1 ap5 of ap1 ap5 ap6 | ap3
    "appeals.adopted_suggestions": [1, 0],  # ap5
    "appeals.amount_involved": [0, 0],  # no appeal of the fixture names an amount (appeals/tests/test_figures.py)
    # The fixture has no care records (care/tests/test_figures.py counts those).
    "care.payout_amount": [0, 0],
    "care.people_helped": [0, 0],
    "care.files_active": [0, 0],
    "care.files_closed": [0, 0],
    "care.enrolled": [0, 0],
    "care.claims_granted": [0, 0],
    "care.claims_amount": [0, 0],
    "care.checks": [0, 0],
    "care.loans": [0, 0],
    "care.loans_amount": [0, 0],
    # Nor places (places/tests/test_figures.py counts those).
    "places.open_now": [0, None],
    "places.stations_now": [0, None],
    "places.visits": [0, 0],
    "places.bookings": [0, 0],
    "places.booked_hours": [0, 0],
    "places.orders": [0, 0],
    "places.orders_delivered": [0, 0],
    "places.ordering_units": [0, 0],
    "places.field_visits": [0, 0],
    # Nor rights records (rights/tests/test_figures.py counts those).
    "rights.cases": [0, 0],
    "rights.case_workers": [0, 0],
    "rights.case_amount": [0, 0],
    "rights.case_recovered": [0, 0],
    "rights.success_rate": [None, None],
    "rights.legal_aid": [0, 0],
    "rights.inspections": [0, 0],
    "rights.documents": [0, 0],
    "rights.problems_rectified": [0, 0],
    "rights.contracts_in_force": [0, 0],
    "rights.contract_workers": [0, 0],
    "rights.high_risk_enterprises": [0, None],  # a current figure: no previous period
    # Nor notices (unionlife/tests/test_figures.py counts those).
    "unionlife.notices_sent": [0, 0],
    "unionlife.report_rate": [None, None],
    "unionlife.report_on_time_rate": [None, None],
    "unionlife.congresses": [0, 0],
    "unionlife.terms_overdue_now": [0, None],
    "unionlife.vice_chairs_now": [0, None],
    "unionlife.star_unions": [0, 0],
    "unionlife.title_unions": [0, 0],
    "unionlife.subsidy": [0.0, 0.0],
    "places.investment": [0, 0],
    # Nor courses (training/tests/test_training.py counts those).
    "training.enrolments": [0, 0],
    "training.completions": [0, 0],
    "training.subsidy": [0, 0],
    # Nor loans (library/tests/test_library.py counts those).
    "library.loans": [0, 0],
    "library.readers": [0, 0],
    # By category: every activity of the fixture is sports (the totals above).
    "activities.count.culture": [0, 0],
    "activities.count.family": [0, 0],
    "activities.count.lecture": [0, 0],
    "activities.count.market": [0, 0],
    "activities.count.mental": [0, 0],
    "activities.count.reading": [0, 0],
    "activities.count.skills": [0, 0],
    "activities.count.social": [0, 0],
    "activities.count.sports": [3, 1],
    "activities.count.volunteer": [0, 0],
    "activities.count.cadre_training": [0, 0],
    "activities.participations.culture": [0, 0],
    "activities.participations.family": [0, 0],
    "activities.participations.lecture": [0, 0],
    "activities.participations.market": [0, 0],
    "activities.participations.mental": [0, 0],
    "activities.participations.reading": [0, 0],
    "activities.participations.skills": [0, 0],
    "activities.participations.social": [0, 0],
    "activities.participations.sports": [5, 1],
    "activities.participations.volunteer": [0, 0],
    "activities.participations.cadre_training": [0, 0],
    "appeals.suggestions": [1, 0],
    # The fixture's activities have no subsidy (activities/tests/test_subsidy.py counts those).
    "activities.subsidised": [0, 0],
    "activities.subsidy": [0, 0],
    # No honours or contests in the fixture (honours/ and contests/ tests count those).
    "honours.model_workers": [0, 0],
    "honours.craftsmen": [0, 0],
    "honours.technicians": [0, 0],
    "honours.chief_workers": [0, 0],
    "honours.medals": [0, 0],
    "honours.collectives": [0, 0],
    "honours.studios": [0, 0],
    "honours.harmonious": [0, 0],
    "honours.high_individual": [0, 0],
    "contests.contests": [0, 0],
    "contests.events": [0, 0],
    "contests.entries": [0, 0],
}


@pytest.fixture
def data(tree, users):
    return fixtures.build(tree, users)


def town_a_expected(got: dict, *, as_tuples: bool = False) -> dict:
    """What town_a's figures must be: ``TOWN_A`` for the figures it lists, nothing for every other declared figure
    (0, 0.0 or None as each figure's type gives it: the fixture holds none of those apps' records)."""
    assert set(got) == set(registry.METRICS), "every declared figure is answered, and no other"
    expected = {}
    for key, value in got.items():
        if key in TOWN_A:
            expected[key] = TOWN_A[key]
        else:
            assert all(not v for v in value), f"{key} counts something in a fixture without its records: {value}"
            expected[key] = list(value)
    return {k: tuple(v) for k, v in expected.items()} if as_tuples else expected


def figures(org, periods, **kwargs):
    return engine.compute(org, periods, **kwargs).totals


def test_every_metric_of_a_town_for_a_year_and_the_year_before(data):
    got = figures(data.tree.town_a, [Y2024, Y2023])
    assert got == town_a_expected(got)


def test_a_siblings_records_never_count(data):
    t = data.tree
    town_b = figures(t.town_b, [Y2024, Y2023])
    assert town_b["members.count"] == [2, 0]  # m5, and m6 transferred in on 2024-06-30
    assert town_b["members.joined"] == [1, 0]
    assert town_b["activities.participations"] == [1, 0]
    assert town_b["appeals.received"] == [1, 0]
    union_a1 = figures(t.union_a1, [Y2024])
    assert union_a1["members.count"] == [4]  # m1 m2 m8 m9: m3 of the sibling union_a2 is not here
    assert union_a1["appeals.received"] == [3]  # ap1 ap2 ap5
    district = figures(t.district, [Y2024, Y2023])
    assert district["members.count"] == [7, 4]
    assert district["members.joined"] == [4, 2]
    assert district["activities.participants"] == [5, 1]
    assert district["appeals.received"] == [6, 1]
    assert district["orgs.unions"] == [5, 5]


def test_the_first_and_last_day_count_and_the_days_around_them_do_not(data):
    t = data.tree
    first = Period(date(2024, 1, 1), date(2024, 1, 1))
    last = Period(date(2024, 12, 31), date(2024, 12, 31))
    before = Period(date(2023, 12, 31), date(2023, 12, 31))
    after = Period(date(2025, 1, 1), date(2025, 1, 1))
    got = figures(t.town_a, [first, last, before, after])
    assert got["members.joined"] == [1, 1, 1, 1]  # m1 | m3 | m2 | m4
    assert got["activities.participations"] == [3, 1, 1, 0]  # act1 at 00:30 | act2 at 23:00 | act3 at 23:30
    assert got["appeals.received"] == [1, 1, 1, 0]  # ap1 at 00:05 | ap2 at 23:55 | ap3 at 23:55


def test_a_transferred_member_counts_where_they_were_at_the_time(data):
    t = data.tree
    june29, june30 = Period(date(2024, 6, 1), date(2024, 6, 29)), Period(date(2024, 6, 30), date(2024, 6, 30))
    assert figures(t.town_a, [june29, june30])["members.count"] == [6, 5]  # m6 leaves town_a on 30 June
    assert figures(t.town_b, [june29, june30])["members.count"] == [1, 2]  # and arrives in town_b
    assert figures(t.village_a2, [Y2023, Y2024])["members.count"] == [1, 0]
    # m7 quit on 1 October: counted on 30 September, not on 1 October.
    sept, octo = Period(date(2024, 9, 30), date(2024, 9, 30)), Period(date(2024, 10, 1), date(2024, 10, 1))
    assert figures(t.union_a1, [sept, octo])["members.count"] == [5, 4]


def test_dissolved_unions_leave_the_union_count_but_keep_their_records(data):
    a4 = data.union_a4
    got = figures(a4, [Y2024, Y2023])
    assert got["orgs.unions"] == [0, 1]  # dissolved on 2024-07-01
    assert got["activities.count"] == [1, 0]  # its reading club of March 2024 still counts
    assert got["activities.participations"] == [1, 0]
    first_half = Period(date(2024, 1, 1), date(2024, 6, 30))
    assert figures(data.tree.town_a, [first_half])["orgs.unions"] == [5]  # a4 still there on 30 June, a5 too


def test_the_figures_agree_with_the_apps_own_selectors(data):
    t = data.tree
    # Rates the 成绩单 shows "today" are the org page's coverage figures.
    cov = coverage(t.town_a)
    got = figures(t.town_a, [Y2024])
    assert got["orgs.union_rate"] == [cov["union_rate"]] and got["members.join_rate"] == [cov["join_rate"]]
    assert got["orgs.enterprises_covered"] == [cov["enterprises_covered"]]
    # Appeals: every count of appeals.selectors.figures.
    total = appeal_selectors.figures(t.town_a, Y2024.start, Y2024.end)["total"]
    assert got["appeals.received"] == [total["received"]]
    assert got["appeals.resolved"] == [total["resolved"]]
    assert got["appeals.resolved_on_time_rate"] == [total["resolved_on_time_rate"]]
    assert got["appeals.satisfaction_rate"] == [total["satisfaction_rate"]]
    assert got["appeals.adopted_suggestions"] == [total["adopted"]]
    # Activities: participations and people as activities.selectors counts them (its activity count includes the
    # cancelled-free set, the same here since no draft exists).
    f = activity_selectors.org_figures(t.town_a, start=Y2024.start, end=Y2024.end)
    assert got["activities.participations"] == [f.participations]
    assert got["activities.participants"] == [f.people]
    assert got["activities.count"] == [f.activities]
    assert got["activities.avg_rating"] == [float(f.average_rating)]


def test_the_breakdown_by_child_adds_up(data):
    t = data.tree
    result = engine.compute(t.town_a, [Y2024, Y2023], breakdown=True)
    a1, a2, a4 = result.groups[t.union_a1.path], result.groups[t.union_a2.path], result.groups[data.union_a4.path]
    assert a1["members.count"] == [4, 3] and a2["members.count"] == [1, 1]  # a2: m3 | m6 in the village
    assert a1["appeals.received"] == [3, 1] and a2["appeals.received"] == [2, 0]
    assert a4["activities.count"] == [1, 0]
    for key in ("members.count", "members.joined", "activities.participations", "appeals.received"):
        assert sum(g[key][0] for g in result.groups.values()) == result.totals[key][0]
    # Distinct people are not additive: each group counts its own, the total counts each person once.
    assert a1["activities.participants"] == [3, 1]


def test_rollups_give_the_raw_figures_for_years_quarters_and_odd_ranges(data):
    t = data.tree
    rollups.rebuild()
    source, state = rollups.choose_source()
    assert source == "rollup" and state.rows > 0
    periods = [Y2024, Y2023, Period(date(2024, 1, 1), date(2024, 3, 31)), Period(date(2023, 12, 31), date(2024, 6, 30))]
    periods += [Period(date(2024, 6, 15), date(2024, 7, 10)), Period(date(2024, 12, 31), date(2025, 1, 1))]
    for org in (t.district, t.town_a, t.union_a1, data.union_a4):
        raw = engine.compute(org, periods, breakdown=True, source="raw")
        rolled = engine.compute(org, periods, breakdown=True, source="rollup")
        assert rolled.totals == raw.totals, org
        assert rolled.groups == raw.groups, org


def test_rollups_go_stale_on_any_write_and_fresh_again_after_a_rebuild(data, users):
    t = data.tree
    rollups.rebuild()
    assert rollups.choose_source()[0] == "rollup"
    from members.tests.factories import member

    member(t.union_a1, users.district, 9100, joined_on=date(2024, 5, 5))
    assert rollups.choose_source()[0] == "raw"
    rollups.rebuild()
    assert rollups.choose_source()[0] == "rollup"
    assert figures(t.town_a, [Y2024], source="rollup")["members.joined"] == [4]
    fixtures._appeal(data.members[1], fixtures.at(2024, 2, 2))
    assert rollups.choose_source()[0] == "raw"
