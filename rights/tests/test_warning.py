"""Early warning (acceptance point 3): signals for three enterprises from appeals, mediation cases and supervision
problems; the scores, their explanations, the levels and the configurable weights; the 春节 season; and a worker
who hid their name is never shown (service, page and API)."""

import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from appeals.models import Holiday
from orgs.models import Enterprise
from rights import services, warning
from rights.models import RiskWeight

from .factories import at, case, inspection, wage_appeal

HIDDEN, SHOWN = "隐名工", "公开工"


@pytest.fixture
def three(tree, users):
    """ent_a1: two open wage appeals (one worker hid their name, one allowed it), a collective case; ent_a2: one
    case and an overdue supervision problem; ent_a3: one open supervision problem; ent_b1 (another town): an
    appeal."""
    with time_machine.travel(at(2026, 6, 1), tick=False):
        wage_appeal(tree.union_a1, users.union, 1, employer=tree.ent_a1, name_visible=False, name=HIDDEN)
        wage_appeal(tree.union_a1, users.union, 2, employer=tree.ent_a1, name_visible=True, name=SHOWN)
        wage_appeal(tree.union_b1, users.union_b, 3, employer=tree.ent_b1)
        case(tree.town_a, users.town, workers=4, enterprise=tree.ent_a1)
        case(tree.town_a, users.town, enterprise=tree.ent_a2)
        inspection(tree.union_a2, users.town, tree.ent_a2, inspected_on=date(2026, 4, 1))  # due 1 May: overdue
        inspection(
            tree.town_a,
            users.town,
            tree.ent_a3,
            problems=[{"item": "hours", "description": "加班超时", "due_on": date(2026, 7, 1)}],
        )
    return tree


def _assess(user):
    with time_machine.travel(at(2026, 6, 2), tick=False):
        return warning.assess(Enterprise.objects.restrict(user, "rights.view"))


def test_scores_and_their_explanations(three, users):
    risks = _assess(users.town)
    by_name = {r.enterprise.name: r for r in risks}
    assert list(by_name) == ["甲一机械有限公司", "甲二电子有限公司", "甲三未建会商贸公司"]  # highest first; not 乙
    a1, a2, a3 = (by_name[n] for n in by_name)
    # 2 appeals × 6 + 2 workers × 2 + 1 case × 4 + 1 collective × 8 = 28: medium (≥ 12, < 30)
    assert [(s.key, s.count, s.points) for s in a1.signals] == [
        ("wage_appeals", 2, Decimal("12.0")),
        ("wage_workers", 2, Decimal("4.0")),
        ("mediation_cases", 1, Decimal("4.0")),
        ("collective_cases", 1, Decimal("8.0")),
    ]
    assert (a1.score, a1.level) == (Decimal("28.0"), "medium")
    assert "欠薪诉求涉及职工 2 人（+4.0 分）" in a1.explanation
    workers = next(s for s in a1.signals if s.key == "wage_workers")
    assert SHOWN in workers.detail and "1 名职工未公开姓名" in workers.detail and HIDDEN not in workers.detail
    # 1 case × 4 + 1 open problem × 3 + 1 overdue × 5 = 12: medium
    assert (a2.score, a2.level, [s.key for s in a2.signals]) == (
        Decimal("12.0"),
        "medium",
        ["mediation_cases", "open_problems", "overdue_problems"],
    )
    assert (a3.score, a3.level) == (Decimal("3.0"), "low")
    # The district sees 乙's enterprise too; a union only its own.
    assert "乙一纺织有限公司" in {r.enterprise.name for r in _assess(users.district)}
    assert [r.enterprise.name for r in _assess(users.union)] == ["甲一机械有限公司"]


def test_weights_are_configurable_and_the_spring_festival_counts_more(three, users):
    RiskWeight.objects.create(key="collective_cases", weight=Decimal("20"))
    a1 = _assess(users.town)[0]
    assert (a1.score, a1.level) == (Decimal("40.0"), "high")
    Holiday.objects.create(day=date(2026, 7, 20), name="春节")  # within 60 days of 2 June (a test calendar)
    a1 = _assess(users.town)[0]
    wage = next(s for s in a1.signals if s.key == "wage_appeals")
    assert wage.points == Decimal("18.0") and "春节前" in wage.detail  # 2 × 6 × 1.5
    assert a1.score == Decimal("18.0") + Decimal("6.0") + 4 + 20


def test_rectification_and_closing_lower_the_score(three, users):
    a2 = next(r for r in _assess(users.town) if r.enterprise == three.ent_a2)
    problem = a2.enterprise.inspections.get().problems.get()
    services.rectify(problem, actor=users.town, rectification="已整改")
    a2 = next(r for r in _assess(users.town) if r.enterprise == three.ent_a2)
    assert a2.score == Decimal("4.0")


def test_the_page_and_the_api_never_name_a_hidden_worker(three, users, login, client, bearer):
    with time_machine.travel(at(2026, 6, 2), tick=False):
        page = login(users.town).get(reverse("rights:warning")).content.decode()
        heat = login(users.district).get(reverse("rights:warning")).content.decode()
        api = client.get("/api/v1/rights/warning", headers=bearer(users.town))
    assert "甲一机械有限公司" in page and SHOWN in page and "1 名职工未公开姓名" in page
    text = json.dumps(api.json(), ensure_ascii=False)
    assert HIDDEN not in page and HIDDEN not in heat and HIDDEN not in text
    assert "乙一纺织有限公司" not in page
    body = api.json()
    assert body["items"][0]["enterprise"]["name"] == "甲一机械有限公司" and body["items"][0]["score"] == "28.0"
    assert SHOWN in text
    assert "甲街道总工会" in heat and 'id="heat"' in heat


def test_the_weekly_digest_tells_the_towns_staff_without_hidden_names(three, users, django_capture_on_commit_callbacks):
    from core import notify
    from rights import digest

    notify.outbox.clear()
    RiskWeight.objects.create(key="threshold_medium", weight=Decimal("10"))
    with time_machine.travel(at(2026, 6, 2), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert digest.send_risk_digest() == 1  # town_a only; 乙镇's one appeal stays low
    (notice,) = notify.outbox
    assert notice.user_id == users.town.pk and notice.title == "劳动关系预警周报"
    assert "甲一机械有限公司" in notice.body and "甲二电子有限公司" in notice.body and "甲三" not in notice.body
    assert SHOWN in notice.body and HIDDEN not in notice.body


# --- The signals from collective contracts, the roster and the season before 春节 --------------------------------


@pytest.fixture
def more(three, users):
    """On top of ``three`` (assessed on 2 June 2026): ent_a2's 工资专项 contract ended on 31 March 2026 and was not
    renewed while its 综合 contract was (no signal for that kind); union_a1 (ent_a1's own union) had 22 members a
    year ago (20 and the two appealing workers) and 11 now (50 % fewer); ent_a3 had two wage appeals and a wage case
    in the 60 days before 春节 2026 (17 February), one appeal from a worker who hid their name."""
    from members.services import change_status
    from members.tests.factories import member

    from .factories import contract

    with time_machine.travel(at(2025, 1, 10), tick=False):
        contract(
            three.union_a2, users.town, enterprise=three.ent_a2, starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
        )
        contract(
            three.union_a2,
            users.town,
            enterprise=three.ent_a2,
            kind="general",
            starts_on=date(2024, 4, 1),
            ends_on=date(2026, 3, 31),
        )
        contract(
            three.union_a2,
            users.town,
            enterprise=three.ent_a2,
            kind="general",
            starts_on=date(2026, 4, 1),
            ends_on=date(2027, 3, 31),
        )
        contract(  # ended more than a year before: long forgotten
            three.union_a1, users.union, enterprise=three.ent_a1, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31)
        )
        roster = [member(three.union_a1, users.union, 700 + n, joined_on=date(2025, 1, 5)) for n in range(20)]
    with time_machine.travel(at(2026, 3, 1), tick=False):
        for m in roster[:11]:
            change_status(m, "quit", actor=users.union, on=date(2026, 2, 20), reason="离职")
    Holiday.objects.create(day=date(2026, 2, 17), name="春节")
    Holiday.objects.create(day=date(2027, 2, 6), name="春节")
    with time_machine.travel(at(2026, 1, 5), tick=False):
        wage_appeal(three.union_a2, users.town, 11, employer=three.ent_a3, name_visible=False, name=HIDDEN)
        wage_appeal(three.union_a2, users.town, 12, employer=three.ent_a3, name_visible=True, name=SHOWN)
        case(three.town_a, users.town, enterprise=three.ent_a3, parties=[{"name": HIDDEN}])
    return three


def _assess_on(user, day):
    with time_machine.travel(at(day.year, day.month, day.day), tick=False):
        return {r.enterprise.name: r for r in warning.assess(Enterprise.objects.restrict(user, "rights.view"))}


def test_contract_roster_and_seasonal_signals(more, users):
    risks = _assess_on(users.town, date(2026, 6, 2))  # not before 春节: no seasonal signal
    a1, a2, a3 = risks["甲一机械有限公司"], risks["甲二电子有限公司"], risks["甲三未建会商贸公司"]
    roster = next(s for s in a1.signals if s.key == "roster_shrink")
    # 50 % fewer: 3 points per 10 percentage points.
    assert (roster.count, roster.points, roster.detail) == (50, Decimal("15.0"), "（22 人减至 11 人）")
    assert (a1.score, a1.level) == (Decimal("43.0"), "high")  # 28 + 15
    ended = next(s for s in a2.signals if s.key == "expired_contracts")
    assert (ended.count, ended.points) == (1, Decimal("4.0"))
    assert ended.detail == "：工资专项集体合同于 2026-03-31 到期" and "综合性" not in a2.explanation
    assert a2.score == Decimal("16.0") and "集体合同到期未续签 1 份（+4.0 分）" in a2.explanation
    # ent_a3's wage appeals are still open (not resolved): counted as today's signals, never as seasonal ones here.
    assert "seasonal_history" not in {s.key for s in a3.signals}

    # 20 December 2026: 春节 2027 (6 February) is within 60 days; last season's two appeals and one case count.
    risks = _assess_on(users.town, date(2026, 12, 20))
    a3 = risks["甲三未建会商贸公司"]
    seasonal = next(s for s in a3.signals if s.key == "seasonal_history")
    assert (seasonal.count, seasonal.points) == (3, Decimal("9.0"))
    assert seasonal.detail == "（2025-12-19 至 2026-02-17）"
    wage = next(s for s in a3.signals if s.key == "wage_appeals")
    assert "春节前" in wage.detail
    # The roster signal looks at the last 12 months: the members who left in February still count in December.
    assert next(s for s in risks["甲一机械有限公司"].signals if s.key == "roster_shrink").count == 50
    text = " ".join(r.explanation for r in risks.values())
    assert HIDDEN not in text and SHOWN in text  # only the worker who allowed it is named


def test_the_new_weights_and_the_roster_threshold_are_configurable(more, users):
    RiskWeight.objects.create(key="roster_shrink_min", weight=Decimal("60"))
    RiskWeight.objects.create(key="expired_contracts", weight=Decimal("10"))
    risks = _assess_on(users.town, date(2026, 6, 2))
    assert "roster_shrink" not in {s.key for s in risks["甲一机械有限公司"].signals}  # 50 % is under 60 %
    assert risks["甲二电子有限公司"].score == Decimal("22.0")


def test_the_page_api_and_digest_never_name_the_hidden_worker_with_the_new_signals(
    more, users, login, client, bearer, django_capture_on_commit_callbacks
):
    from core import notify
    from rights import digest

    notify.outbox.clear()
    with time_machine.travel(at(2026, 12, 20), tick=False):
        page = login(users.town).get(reverse("rights:warning")).content.decode()
        api = json.dumps(client.get("/api/v1/rights/warning", headers=bearer(users.town)).json(), ensure_ascii=False)
        with django_capture_on_commit_callbacks(execute=True):
            digest.send_risk_digest()
    bodies = " ".join(n.body for n in notify.outbox)
    for text in (page, api, bodies):
        assert "上一个春节前的欠薪诉求和调解" in text and "工会会员人数 12 个月内减少" in text
        assert HIDDEN not in text


def test_the_high_risk_figure_is_snapshotted_with_the_rollups_and_goes_stale_with_its_inputs(three, users):
    """From fresh rollups the 成绩单 reads the figure without scoring a single enterprise; a new weight (edited in
    place, as the admin does), a changed area union or a new day makes the rollups stale, and the refresh brings the
    new figure."""
    from unittest import mock

    from reports import refresh, rollups, scorecard
    from reports.periods import year

    def figure(org):
        card = scorecard.build(org, year(2026))
        return card.source, {f.metric.key: f.value for f in card.figures}["rights.high_risk_enterprises"]

    # The tree was built at the real time; the day of the test comes after it.
    Enterprise.objects.update(updated_at=at(2026, 1, 1))
    weight = RiskWeight.objects.create(key="collective_cases", weight=Decimal("20"))  # ent_a1 → 40: high
    with time_machine.travel(at(2026, 6, 2, 9), tick=False):
        rollups.rebuild()
        with mock.patch.object(warning, "assess", side_effect=AssertionError("scored live")):
            assert figure(three.town_a) == ("rollup", 1) and figure(three.district) == ("rollup", 1)
        weight.weight = Decimal("1")  # ent_a1 → 21: medium
        weight.save()
        assert figure(three.town_a) == ("raw", 0)
        refresh.refresh()
        assert figure(three.town_a) == ("rollup", 0)
        weight.weight = Decimal("20")
        weight.save()
        refresh.refresh()
        three.ent_a1.org = three.town_b  # the enterprise moves to town B's area
        three.ent_a1.save()
        assert rollups.choose_source()[0] == rollups.RAW
        refresh.refresh()
        assert figure(three.town_a) == ("rollup", 0) and figure(three.town_b) == ("rollup", 1)
    # A year on, the collective case is older than 12 months (ent_a1 → 16: medium): the day alone makes the
    # snapshot stale.
    with time_machine.travel(at(2027, 7, 1, 9), tick=False):
        assert rollups.choose_source()[0] == rollups.RAW
        assert scorecard.build(three.town_b, year(2026), prefer="raw").source == "raw"
        refresh.refresh()
        assert figure(three.town_b) == ("rollup", 0)


def test_the_high_risk_figure_counts_enterprises_over_the_threshold_now(three, users):
    """劳动关系高风险企业: a current figure (no previous period), counted for the enterprise's area union."""
    from reports import engine
    from reports.periods import year

    def high(org):
        with time_machine.travel(at(2026, 6, 2), tick=False):
            return engine.compute(org, [year(2026), year(2025)]).totals["rights.high_risk_enterprises"]

    assert high(three.town_a) == [0, None]  # ent_a1 scores 28: medium
    RiskWeight.objects.create(key="collective_cases", weight=Decimal("20"))  # ent_a1 → 40: high
    assert high(three.town_a) == [1, None] and high(three.district) == [1, None]
    assert high(three.town_b) == [0, None]
    RiskWeight.objects.create(key="threshold_high", weight=Decimal("3"))  # the threshold is configurable
    assert high(three.town_a) == [3, None]
