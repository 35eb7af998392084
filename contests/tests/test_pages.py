"""The contests console, the judges' pages, the phone pages and the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from .. import services
from ..models import Contest, Score
from .factories import contest, event, judge, member_with_account

pytestmark = pytest.mark.django_db


def test_console_list_create_and_validation(tree, users, login, django_assert_max_num_queries):
    client = login(users.district)
    assert "还没有竞赛" in client.get("/console/contests/").content.decode()
    today = timezone.localdate()
    bad = client.post(
        "/console/contests/new/",
        {"organiser": "D001", "kind": "skills", "title": "技能竞赛", "year": today.year,
         "starts_on": today.isoformat(), "ends_on": (today - timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert "不能早于开始日期" in bad.content.decode()
    ok = client.post(
        "/console/contests/new/",
        {"organiser": "D001", "kind": "skills", "title": "职工技能竞赛", "year": today.year,
         "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=9)).isoformat()},
    )  # fmt: skip
    c = Contest.objects.get()
    assert ok.url == f"/console/contests/{c.pk}/"
    outside = client.post(
        f"/console/contests/{c.pk}/events/",
        {"name": "焊工", "mode": "individual", "held_on": (today + timedelta(days=20)).isoformat()},
        follow=True,
    )
    assert "比赛日期：应在竞赛的起止日期之内" in outside.content.decode()
    made = client.post(
        f"/console/contests/{c.pk}/events/", {"name": "焊工", "mode": "individual", "held_on": today.isoformat()}
    )
    ev = c.events.get()
    assert made.url == f"/console/contests/events/{ev.pk}/"
    client.post(f"/console/contests/events/{ev.pk}/rounds/", {"name": "实操", "max_score": "100"})
    worker = member_with_account(tree.union_a1, users.union, 1)
    entered = login(users.union).post(
        f"/console/contests/events/{ev.pk}/entries/", {"member_phone": worker.phone}, follow=True
    )
    assert f"已为{worker.name}报名" in entered.content.decode()
    with django_assert_max_num_queries(15):
        page = client.get("/console/contests/?q=技能")
    assert "职工技能竞赛" in page.content.decode()
    assert "没有符合条件的竞赛" in client.get("/console/contests/?q=无此竞赛").content.decode()
    assert login(users.nobody).get("/console/contests/").status_code == 403


def test_a_judge_sees_and_scores_only_their_own_event(tree, users, login):
    c = contest(users.district, tree.district)
    mine, other = event(users.district, c, name="焊工"), event(users.district, c, name="电工")
    ref = judge(users.district, mine, "judge_page")
    judge(users.district, other, "judge_other")
    a = member_with_account(tree.union_a1, users.union, 2)
    entry = services.enter(mine, a, actor=users.union)
    other_entry = services.enter(other, a, actor=users.union)
    services.close_entries(c, actor=users.district)
    client = login(ref)
    listing = client.get("/console/contests/judging/").content.decode()
    assert "焊工" in listing and "电工" not in listing
    assert client.get(f"/console/contests/judging/{other.pk}/").status_code == 404
    r_other = other.rounds.first()
    assert (
        client.post(
            f"/console/contests/judging/{other.pk}/score/",
            {"round": r_other.pk, "entry": other_entry.pk, "value": "90"},
        ).status_code
        == 404
    )
    rnd = mine.rounds.first()
    # The other event's entry named on this event's sheet is not found there either.
    client.post(
        f"/console/contests/judging/{mine.pk}/score/", {"round": rnd.pk, "entry": other_entry.pk, "value": "90"}
    )
    assert not Score.objects.exists()
    bad = client.post(
        f"/console/contests/judging/{mine.pk}/score/", {"round": rnd.pk, "entry": entry.pk, "value": "abc"}, follow=True
    )
    assert "得分：请填写 0 到 100.00 之间" in bad.content.decode()
    client.post(f"/console/contests/judging/{mine.pk}/score/", {"round": rnd.pk, "entry": entry.pk, "value": "92.5"})
    assert Score.objects.get().value == 92.5
    # API: the same rule.
    from accounts.models import ApiToken
    from core.testing import api_headers

    _, raw = ApiToken.issue(ref)
    h = api_headers(raw)
    assert client.get(f"/api/v1/contests/judging/{other.pk}/entries", headers=h).status_code == 404
    ok = client.post(
        f"/api/v1/contests/judging/{mine.pk}/scores",
        {"round_id": rnd.pk, "entry_id": entry.pk, "value": "93"},
        content_type="application/json",
        headers=h,
    )
    assert ok.status_code == 200 and ok.json()["value"] == "93.00"


def test_member_enters_on_the_phone_and_api(tree, users, login, bearer, client):
    c = contest(users.district, tree.district)
    ev = event(users.district, c)
    team_event = event(users.district, c, name="班组赛", mode="team")
    worker = member_with_account(tree.union_a1, users.union, 3)
    phone = login(worker.user)
    listing = phone.get("/m/contests/").content.decode()
    assert "职工职业技能竞赛" in listing and "还没有报名" in listing
    detail = phone.get(f"/m/contests/{c.pk}/").content.decode()
    assert "团体赛由工会报名" in detail
    done = phone.post(f"/m/contests/events/{ev.pk}/enter/", follow=True).content.decode()
    assert "已报名“焊工”" in done
    again = phone.post(f"/m/contests/events/{ev.pk}/enter/", follow=True).content.decode()
    assert "已报名本项目" in again
    refused = client.post(f"/api/v1/me/contests/events/{team_event.pk}/enter", headers=bearer(worker.user))
    assert refused.status_code == 400 and refused.json()["code"] == "team_required"
    mine = client.get("/api/v1/me/contests", headers=bearer(worker.user)).json()
    assert [e["entered"] for e in mine[0]["events"]] == [True, False]


def test_staff_api_flow(tree, users, client, bearer):
    today = timezone.localdate()
    h = bearer(users.district)
    made = client.post(
        "/api/v1/contests/contests",
        {"organiser": "D001", "kind": "skills", "title": "技能竞赛", "year": today.year,
         "starts_on": today.isoformat(), "ends_on": today.isoformat()},
        content_type="application/json", headers=h,
    )  # fmt: skip
    assert made.status_code == 201
    cid = made.json()["id"]
    ev = client.post(
        f"/api/v1/contests/contests/{cid}/events", {"name": "电工", "held_on": today.isoformat()},
        content_type="application/json", headers=h,
    )  # fmt: skip
    assert ev.status_code == 201
    eid = ev.json()["id"]
    r = client.post(
        f"/api/v1/contests/events/{eid}/rounds", {"name": "实操", "max_score": "100"}, content_type="application/json",
        headers=h,
    )  # fmt: skip
    assert r.status_code == 201
    worker = member_with_account(tree.union_a1, users.union, 4)
    entry = client.post(
        f"/api/v1/contests/events/{eid}/entries", {"member_id": worker.pk}, content_type="application/json",
        headers=bearer(users.union),
    )  # fmt: skip
    assert entry.status_code == 201 and entry.json()["name"] == worker.name
    assert client.post(f"/api/v1/contests/events/{eid}/publish", headers=h).json()["code"] == "not_open_yet"
    detail = client.get(f"/api/v1/contests/events/{eid}", headers=h).json()
    assert detail["rounds"][0]["name"] == "实操" and detail["published"] == []
