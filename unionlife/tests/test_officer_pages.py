"""The console pages, API and figures of officers and terms."""

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from reports import engine
from reports.periods import year

from ..models import Officer, Term
from ..services import officers

pytestmark = pytest.mark.django_db


def at(y, m, d):
    return timezone.make_aware(datetime(y, m, d, 9))


def test_record_a_congress_on_the_console_and_see_the_overdue_list(tree, users, login):
    with time_machine.travel(at(2020, 3, 1), tick=False):
        officers.record_congress(
            tree.union_a2,
            actor=users.town,
            held_on=date(2020, 3, 1),
            officers=[{"role": "chair", "name": "甲"}],
            length_years=5,
        )
    town = login(users.town)
    overdue = town.get("/console/unionlife/committees/?due=overdue").content.decode()
    assert 'data-org="UA12"' in overdue and 'data-org="UA11"' not in overdue
    none = town.get("/console/unionlife/committees/?due=none").content.decode()
    assert 'data-org="UA11"' in none and "乙一" not in none
    url = f"/console/unionlife/committees/{tree.union_a2.pk}/congress/"
    bad = town.post(url, {"held_on": timezone.localdate().isoformat(), "committee": "委员|乙"})
    assert bad.status_code == 200 and "须选出一名主席" in bad.content.decode()
    ok = town.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "delegates": "40",
            "length_years": "5",
            "committee": "主席|赵敏|专职\n副主席|钱伟\n经审委员|孙丽\n女职工委员|李梅",
        },
    )
    assert ok.status_code == 302
    term = Term.objects.get(union=tree.union_a2, closed_on__isnull=True)
    assert term.number == 2 and term.delegates == 40
    assert Officer.objects.get(term=term, role="chair").full_time
    page = town.get(f"/console/unionlife/committees/{tree.union_a2.pk}/").content.decode()
    assert "第 2 届" in page and "赵敏" in page and "换届逾期" not in page
    assert 'data-org="UA12"' not in town.get("/console/unionlife/committees/?due=overdue").content.decode()
    # A town appoints an enterprise chair as its part-time vice-chair from the committee page.
    response = town.post(f"/console/unionlife/committees/{tree.town_a.pk}/vice-chairs/", {"source_union": "UA12"})
    assert response.status_code == 302
    vice = Officer.objects.get(union=tree.town_a)
    assert (vice.name, vice.source_union) == ("赵敏", tree.union_a2)
    assert town.post(f"/console/unionlife/officers/{vice.pk}/end/").status_code == 302
    vice.refresh_from_db()
    assert vice.ends_on == timezone.localdate()


def test_api_committee_congress_and_terms(tree, users, client, bearer):
    headers = bearer(users.union)
    body = {
        "held_on": "2024-05-10",
        "delegates": 30,
        "length_years": 5,
        "officers": [{"role": "chair", "name": "王志强", "full_time": True}, {"role": "women", "name": "刘芳"}],
    }
    made = client.post(
        f"/api/v1/unionlife/committees/{tree.union_a1.pk}/congress",
        body,
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201, made.content
    assert made.json()["due_on"] == "2029-05-10"
    committee = client.get(f"/api/v1/unionlife/committees/{tree.union_a1.pk}", headers=headers).json()
    assert [o["role"] for o in committee["officers"]] == ["chair", "women"]
    far = client.post(
        f"/api/v1/unionlife/committees/{tree.union_a1.pk}/congress",
        {**body, "held_on": "0001-01-01"},
        content_type="application/json",
        headers=headers,
    )
    assert far.status_code == 422
    terms = client.get("/api/v1/unionlife/terms", headers=bearer(users.town)).json()
    assert [t["union"]["code"] for t in terms] == ["UA11"]
    vice = client.post(
        f"/api/v1/unionlife/committees/{tree.town_a.pk}/vice-chairs",
        {"source_union": "UA11"},
        content_type="application/json",
        headers=bearer(users.town),
    )
    assert vice.status_code == 201 and vice.json()["source_union"]["code"] == "UA11"


def test_officer_figures(tree, users):
    with time_machine.travel(at(2019, 3, 1), tick=False):
        officers.record_congress(
            tree.union_a2,
            actor=users.town,
            held_on=date(2019, 3, 1),
            officers=[{"role": "chair", "name": "甲"}],
            length_years=5,
        )
    officers.record_congress(
        tree.union_a1, actor=users.union, held_on=timezone.localdate(), officers=[{"role": "chair", "name": "乙"}]
    )
    officers.record_congress(
        tree.union_b1, actor=users.union_b, held_on=timezone.localdate(), officers=[{"role": "chair", "name": "丙"}]
    )
    officers.appoint_vice_chair(tree.town_a, actor=users.town, source_union=tree.union_a1)
    this_year = year(timezone.localdate().year)
    town_a = engine.compute(tree.town_a, [this_year]).totals
    assert town_a["unionlife.congresses"] == [1]
    assert town_a["unionlife.terms_overdue_now"] == [1]
    assert town_a["unionlife.vice_chairs_now"] == [1]
    district = engine.compute(tree.district, [this_year]).totals
    assert district["unionlife.congresses"] == [2]
    assert district["unionlife.terms_overdue_now"] == [1]
    assert engine.compute(tree.town_b, [this_year]).totals["unionlife.terms_overdue_now"] == [0]
