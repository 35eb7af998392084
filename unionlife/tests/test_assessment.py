"""星级 assessment and 1+X (issue 18, acceptance 3): the computed criteria are the platform's own figures for the
union and the year; the 1+X subsidy never passes the cap; the star history is kept year by year."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from activities.tests.factories import open_activity
from core.errors import DomainError
from members.tests.factories import member
from reports import engine
from reports.periods import year

from ..models import Delivery, StarRecord
from ..services import assessment as assess
from ..services import notices, officers
from .factories import task

pytestmark = pytest.mark.django_db

DECLARED = {
    "home": {"points": "18", "evidence": "职工之家 200 平方米，制度上墙"},
    "democracy": {"points": "15", "evidence": "职代会 3 月召开"},
}


def at(y, m, d):
    return timezone.make_aware(datetime(y, m, d, 10))


def test_computed_criteria_are_the_platforms_figures_for_the_year(tree, users):
    # The platform counts an enterprise's staff where it is registered: register 甲一机械 under its own union.
    tree.ent_a1.staff_count, tree.ent_a1.org = 20, tree.union_a1
    tree.ent_a1.save()
    with time_machine.travel(at(2026, 6, 1), tick=False):
        for n in range(6):
            member(tree.union_a1, users.union, 700 + n)
        open_activity(tree.union_a1, users.union, title="职工篮球赛")
        open_activity(tree.union_a1, users.union, title="读书分享会")
        open_activity(tree.union_b1, users.union_b, title="别家的活动")
        t = task(users.district, tree.district, orgs=[tree.union_a1, tree.union_b1], due=5)
        notices.report_back(
            Delivery.objects.get(notice=t, org=tree.union_a1),
            actor=users.union,
            answers={"f1": "1", "f2": "2026-05-01", "f3": "是"},
        )
        officers.record_congress(
            tree.union_a1, actor=users.union, held_on=date(2024, 3, 1), officers=[{"role": "chair", "name": "王志强"}]
        )
        a = assess.create_assessment(actor=users.district, org=tree.district, year=2026)
        ua = assess.submit_self_assessment(a, actor=users.union, union=tree.union_a1, declared=DECLARED)
        platform = engine.compute(tree.union_a1, [year(2026)]).totals
    assert ua.computed["activities"] == platform["activities.count"][0] == 2
    assert ua.computed["notices"] == platform["unionlife.report_on_time_rate"][0] == 100.0
    assert ua.computed["join_rate"] == platform["members.join_rate"][0] == 30.0  # 6 members of 20 staff
    assert ua.computed["term"] == 1  # the 2024 term runs to 2029
    # 20 × join rate / 90 (capped) + 20 × 2 / 12 + 10 + 10 + 18 + 15
    expected = Decimal("6.7") + Decimal("3.3") + 10 + 10 + 18 + 15
    assert ua.self_score == expected


def test_review_confirm_star_history_and_1x_subsidy_cap(tree, users):
    from orgs.tests.factories import UserFactory

    town_b = UserFactory(username="assess_town_b", grant=(tree.town_b, "federation_admin"))
    officers.record_congress(
        tree.union_a1, actor=users.union, held_on=date(2025, 3, 1), officers=[{"role": "chair", "name": "王志强"}]
    )
    first = assess.create_assessment(
        actor=users.district, org=tree.district, year=2025, subsidy_rate="50", subsidy_cap="600"
    )
    with pytest.raises(DomainError) as exc:
        assess.create_assessment(actor=users.district, org=tree.district, year=2025)
    assert exc.value.code == "assessment_exists"
    with pytest.raises(DomainError) as exc:
        assess.create_assessment(actor=users.town, org=tree.district, year=2024)
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        assess.submit_self_assessment(
            first,
            actor=users.union,
            union=tree.union_a1,
            declared={"home": {"points": "25"}, "democracy": {"points": "5"}},
        )
    assert {e.code for e in exc.value.errors} == {"invalid_points", "evidence_required"}
    ua = assess.submit_self_assessment(first, actor=users.union, union=tree.union_a1, declared=DECLARED)
    with pytest.raises(DomainError):
        assess.review(ua, actor=users.union, scores={"home": "20", "democracy": "20"})  # a union never scores itself
    with pytest.raises(DomainError):
        assess.review(ua, actor=town_b, scores={"home": "20", "democracy": "20"})  # nor another town
    with pytest.raises(DomainError) as exc:
        assess.confirm(ua, actor=users.district)
    assert exc.value.code == "not_submitted"
    ua = assess.review(ua, actor=users.town, scores={"home": "20", "democracy": "20"})
    record = assess.confirm(ua, actor=users.district, star=4, titles=["市级示范工会"])
    assert (record.year, record.star, record.titles) == (2025, 4, ["市级示范工会"])

    points = assess.record_chair_points(
        ua, actor=users.district, base="10", extras=[{"label": "带头开展集体协商", "points": "3"}]
    )
    assert (points.chair_name, points.points, points.subsidy) == (
        "王志强",
        Decimal("13.0"),
        Decimal("600.00"),
    )  # 650 capped
    points = assess.record_chair_points(ua, actor=users.district, base="5", extras=[])
    assert points.subsidy == Decimal("250.00")  # under the cap: points × rate
    content = assess.export_payments(first, actor=users.district)
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[1][:5] == ("甲一机械有限公司工会", "UA11", "王志强", 4, 5.0) and rows[-1][-1] == 250.0

    # The next year: a lower star; both years stay in the history.
    second = assess.create_assessment(actor=users.district, org=tree.district, year=2026)
    ua2 = assess.submit_self_assessment(second, actor=users.union, union=tree.union_a1, declared=DECLARED)
    ua2 = assess.review(ua2, actor=users.district, scores={"home": "5", "democracy": "5"})
    assess.confirm(ua2, actor=users.district)
    history = list(StarRecord.objects.filter(union=tree.union_a1).values_list("year", "star"))
    assert history[0] == (2026, assess.star_for(second, ua2.score)) and history[1] == (2025, 4)
    assert ua2.score < 60 or history[0][1] >= 2
    # Below three stars there are no 1+X points.
    if history[0][1] < 3:
        with pytest.raises(DomainError) as exc:
            assess.record_chair_points(ua2, actor=users.district, base="10")
        assert exc.value.code == "star_too_low"


def test_star_lines():
    class A:
        star_scores = [60, 70, 80, 90]

    assert [assess.star_for(A, Decimal(s)) for s in ("0", "59.9", "60", "79.9", "80", "90", "100")] == [
        1,
        1,
        2,
        3,
        4,
        5,
        5,
    ]


def test_star_and_subsidy_figures(tree, users):
    a = assess.create_assessment(
        actor=users.district, org=tree.district, year=2025, subsidy_rate="100", subsidy_cap="1000"
    )
    for union, actor, scores, star, titles in (
        (tree.union_a1, users.union, {"home": "20", "democracy": "20"}, 5, ["省模范职工之家", "市级示范工会"]),
        (tree.union_b1, users.union_b, {"home": "20", "democracy": "20"}, 3, []),
    ):
        ua = assess.submit_self_assessment(a, actor=actor, union=union, declared=DECLARED)
        ua = assess.review(ua, actor=users.district, scores=scores)
        assess.confirm(ua, actor=users.district, star=star, titles=titles)
        assess.record_chair_points(ua, actor=users.district, base="12", extras=[], chair_name="主席")
    district = engine.compute(tree.district, [year(2025), year(2024)]).totals
    assert district["unionlife.star_unions"] == [1, 0]
    assert district["unionlife.title_unions"] == [1, 0]  # two titles, one union (家)
    assert district["unionlife.subsidy"] == [Decimal("2000.00"), 0]  # 1000 + 1000 元 (1200 capped each)
    town_b = engine.compute(tree.town_b, [year(2025)]).totals
    assert town_b["unionlife.star_unions"] == [0] and town_b["unionlife.title_unions"] == [0]


def test_the_assessment_workflow_on_the_console(tree, users, login):
    district, town, union = login(users.district), login(users.town), login(users.union)
    assert (
        district.post(
            "/console/unionlife/assessments/new/", {"year": "2025", "subsidy_rate": "100", "subsidy_cap": "800"}
        ).status_code
        == 302
    )
    a = assess.Assessment.objects.get()
    page = union.get(f"/console/unionlife/assessments/{a.pk}/")  # the union sees the district's assessment
    assert page.status_code == 200 and 'id="self-assess"' in page.content.decode()
    r = union.post(
        f"/console/unionlife/assessments/{a.pk}/submit/",
        {"union": "UA11", "home": "18", "ev_home": "职工之家", "democracy": "15", "ev_democracy": "职代会"},
    )
    assert r.status_code == 302
    ua = assess.UnionAssessment.objects.get()
    assert ua.declared["home"]["points"] == "18"
    assert union.post(f"/console/unionlife/union-assessments/{ua.pk}/review/", {"home": "20"}).status_code == 403
    town.post(f"/console/unionlife/union-assessments/{ua.pk}/review/", {"home": "20", "democracy": "20"})
    district.post(f"/console/unionlife/union-assessments/{ua.pk}/confirm/", {"star": "5", "titles": ["市级示范工会"]})
    ua.refresh_from_db()
    assert (ua.status, ua.star, ua.titles) == ("confirmed", 5, ["市级示范工会"])
    district.post(
        f"/console/unionlife/union-assessments/{ua.pk}/points/",
        {"base": "10", "extra_label": ["集体协商"], "extra_points": ["2"]},
    )
    ua.chair_points.refresh_from_db()
    assert ua.chair_points.subsidy == Decimal("800.00")  # 1200 capped at 800
    xlsx = district.get(f"/console/unionlife/assessments/{a.pk}/payments/")
    assert xlsx.status_code == 200
    assert union.get(f"/console/unionlife/assessments/{a.pk}/payments/").status_code == 403
    committee = district.get(f"/console/unionlife/committees/{tree.union_a1.pk}/").content.decode()
    assert "2025 年 5 星" in committee
