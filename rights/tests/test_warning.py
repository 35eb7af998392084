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
