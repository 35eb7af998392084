"""The console pages and the staff API of pairings and alliances: lists with search and empty states, forms whose
refusals name the field in Chinese, confirmations before ending or removing, and the API's answers and codes."""

import pytest

from activities.tests.factories import open_activity
from places.tests.factories import place

from ..models import Alliance, Pairing
from .factories import alliance, in_days, pairing

pytestmark = pytest.mark.django_db


def test_alliance_pages_list_create_detail_and_confirmations(tree, users, login):
    client = login(users.town)
    empty = client.get("/console/unionlife/alliances/").content.decode()
    assert "还没有登记工会联盟" in empty and "登记联盟" in empty
    venue = place(tree.union_a1, users.town, name="甲一职工之家", kind="home")
    bad = client.post(
        "/console/unionlife/alliances/new/",
        {"owner": "TA01", "name": "", "kind": "union", "lead": "UB11", "founded_on": in_days(0).isoformat()},
    )
    page = bad.content.decode()
    assert bad.status_code == 200 and "这个字段是必填项" in page or "名称" in page
    bad = client.post(
        "/console/unionlife/alliances/new/",
        {"owner": "TA01", "name": "甲街道联盟", "kind": "union", "lead": "UB11", "founded_on": in_days(0).isoformat()},
    )
    assert "应是登记单位（或其下级）的在册基层" in bad.content.decode() and not Alliance.objects.exists()
    bad = client.post(
        "/console/unionlife/alliances/new/",
        {"owner": "TA01", "name": "甲街道联盟", "kind": "union", "lead": "UA11", "founded_on": "2026-13-01"},
    )
    assert "成立日期" in bad.content.decode() and not Alliance.objects.exists()
    ok = client.post(
        "/console/unionlife/alliances/new/",
        {
            "owner": "TA01",
            "name": "甲街道工会联盟",
            "kind": "place",
            "lead": "UA11",
            "founded_on": in_days(-5).isoformat(),
            "members": "UB11\nUA12",
            "places": [venue.pk],
        },
    )
    a = Alliance.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/console/unionlife/alliances/{a.pk}/"
    detail = client.get(ok["Location"]).content.decode()
    assert "乙一纺织有限公司工会" in detail and "甲一职工之家" in detail
    assert 'data-confirm="确认解散' in detail and 'data-confirm="确认 乙一纺织有限公司工会 今天退出联盟？"' in detail
    listed = client.get("/console/unionlife/alliances/?q=甲街道").content.decode()
    assert "甲街道工会联盟" in listed and "3 家" in listed
    assert "没有符合条件的联盟" in client.get("/console/unionlife/alliances/?q=不存在").content.decode()
    act = open_activity(tree.union_a1, users.town)
    client.post(f"/console/unionlife/alliances/{a.pk}/activities/", {"activity": str(act.pk)})
    assert act.co_organisers.count() == 2
    b1 = a.members.get(union=tree.union_b1)
    client.post(f"/console/unionlife/alliance-members/{b1.pk}/leave/")
    b1.refresh_from_db()
    assert b1.left_on == in_days(0)
    refused = client.post(f"/console/unionlife/alliances/{a.pk}/members/", {"union": "TB01"}, follow=True)
    assert "不是在册的基层" in refused.content.decode()
    client.post(f"/console/unionlife/alliances/{a.pk}/dissolve/")
    a.refresh_from_db()
    assert a.status == "dissolved"
    # A member's staff see it; they do not manage it.
    other = login(users.union_b).get(f"/console/unionlife/alliances/{a.pk}/").content.decode()
    assert "甲街道工会联盟" in other and "解散联盟" not in other


def test_pairing_pages_create_record_and_close(tree, users, login):
    client = login(users.town)
    assert "还没有登记结对共建" in client.get("/console/unionlife/pairings/").content.decode()
    form = {
        "owner": "TA01",
        "title": "甲一与东湖社区结对",
        "goals": "共建职工服务站",
        "starts_on": in_days(-3).isoformat(),
        "ends_on": in_days(-4).isoformat(),
        "orgs": "UA11",
        "outside": "",
    }
    bad = client.post("/console/unionlife/pairings/new/", form).content.decode()
    assert "不能早于开始日期" in bad and "至少两方" in bad and not Pairing.objects.exists()
    form.update(ends_on=in_days(300).isoformat(), outside="社区|东湖社区\n部门|区人社局")
    ok = client.post("/console/unionlife/pairings/new/", form)
    p = Pairing.objects.get()
    assert ok["Location"] == f"/console/unionlife/pairings/{p.pk}/"
    assert [x.kind for x in p.parties.all()] == ["org", "community", "department"]
    bad = client.post(
        f"/console/unionlife/pairings/{p.pk}/records/", {"happened_on": in_days(-30).isoformat(), "text": "x"}
    )
    assert bad.status_code == 400 and "应在结对开始之后" in bad.content.decode()
    client.post(
        f"/console/unionlife/pairings/{p.pk}/records/", {"happened_on": in_days(0).isoformat(), "text": "联合慰问"}
    )
    page = client.get(f"/console/unionlife/pairings/{p.pk}/").content.decode()
    assert "联合慰问" in page and 'data-confirm="确认结束本次结对共建' in page
    # The party union records progress but does not end the pairing.
    union_page = login(users.union).get(f"/console/unionlife/pairings/{p.pk}/").content.decode()
    assert "记录进展" in union_page and "结束结对" not in union_page
    assert login(users.union).post(f"/console/unionlife/pairings/{p.pk}/close/", {"status": "ended"}).status_code == 403
    client.post(f"/console/unionlife/pairings/{p.pk}/close/", {"status": "completed", "note": "圆满完成"})
    p.refresh_from_db()
    assert p.status == "completed"
    assert "已完成" in client.get("/console/unionlife/pairings/?status=completed").content.decode()
    assert login(users.union_b).get(f"/console/unionlife/pairings/{p.pk}/").status_code == 404


def test_list_pages_cost_the_same_queries_for_more_rows(tree, users, login, django_assert_max_num_queries):
    client = login(users.town)
    for n in range(2):
        alliance(users.town, tree.town_a, name=f"联盟{n}", members=[tree.union_b1])
        pairing(users.town, tree.town_a, title=f"结对{n}")
    client.get("/console/unionlife/alliances/")
    with django_assert_max_num_queries(20) as few:
        client.get("/console/unionlife/alliances/")
        client.get("/console/unionlife/pairings/")
    for n in range(2, 8):
        alliance(users.town, tree.town_a, name=f"联盟{n}", members=[tree.union_b1])
        pairing(users.town, tree.town_a, title=f"结对{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/console/unionlife/alliances/")
        client.get("/console/unionlife/pairings/")


def test_api_alliances_and_pairings(tree, users, bearer, client):
    h = bearer(users.town)
    venue = place(tree.union_a1, users.town, name="甲一职工之家", kind="home")
    r = client.post(
        "/api/v1/unionlife/alliances",
        {
            "owner": "TA01",
            "name": "甲街道阵地联盟",
            "kind": "place",
            "lead": "UA11",
            "founded_on": in_days(-10).isoformat(),
            "members": ["UB11"],
            "places": [venue.pk],
        },
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert [m["union"]["code"] for m in body["members"]] == ["UA11", "UB11"] and body["places"][0]["id"] == venue.pk
    aid = body["id"]
    r = client.post(
        "/api/v1/unionlife/alliances",
        {"owner": "TA01", "name": "", "kind": "x", "lead": "UA11", "founded_on": in_days(0).isoformat()},
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 400 and r.json()["code"] == "name_required"
    assert [e["field"] for e in r.json()["errors"]] == ["name", "kind"]
    r = client.post(
        f"/api/v1/unionlife/alliances/{aid}/members", {"union": "UA12"}, content_type="application/json", headers=h
    )
    assert r.status_code == 201 and r.json()["left_on"] is None
    r = client.post(
        f"/api/v1/unionlife/alliance-members/{r.json()['id']}/leave", {}, content_type="application/json", headers=h
    )
    assert r.status_code == 200 and r.json()["left_on"] == in_days(0).isoformat()
    act = open_activity(tree.union_a1, users.town)
    r = client.post(
        f"/api/v1/unionlife/alliances/{aid}/activities",
        {"activity_id": act.pk},
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 201 and r.json()["activity_id"] == act.pk
    r = client.put(
        f"/api/v1/unionlife/alliances/{aid}/places", {"places": []}, content_type="application/json", headers=h
    )
    assert r.status_code == 200 and r.json()["places"] == []
    listed = client.get("/api/v1/unionlife/alliances", headers=bearer(users.union_b)).json()
    assert [a["id"] for a in listed] == [aid]
    r = client.post(
        f"/api/v1/unionlife/alliances/{aid}/dissolve",
        {},
        content_type="application/json",
        headers=bearer(users.union_b),
    )
    assert r.status_code == 403
    r = client.post(
        "/api/v1/unionlife/pairings",
        {
            "owner": "TA01",
            "title": "结对",
            "goals": "共建",
            "starts_on": in_days(-1).isoformat(),
            "ends_on": in_days(100).isoformat(),
            "parties": [{"org": "UA11"}, {"kind": "enterprise", "name": "某某企业"}],
        },
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 201 and [p["kind"] for p in r.json()["parties"]] == ["org", "enterprise"]
    pid = r.json()["id"]
    r = client.post(
        f"/api/v1/unionlife/pairings/{pid}/records",
        {"happened_on": in_days(0).isoformat(), "text": "联合开展活动"},
        content_type="application/json",
        headers=bearer(users.union),
    )
    assert r.status_code == 201
    r = client.post(
        f"/api/v1/unionlife/pairings/{pid}/close", {"status": "ended"}, content_type="application/json", headers=h
    )
    assert r.status_code == 200 and r.json()["status"] == "ended" and len(r.json()["records"]) == 1
    assert client.get(f"/api/v1/unionlife/pairings/{pid}", headers=bearer(users.union_b)).status_code == 404
