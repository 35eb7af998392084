"""The honours console and phone pages and the API: lists with search and empty states, forms refusing in Chinese
naming the field, a nomination reviewed from the console, the member's honours."""

import pytest
from django.utils import timezone

from core.menus import tiles_for

from .. import services
from ..models import Award, Nomination
from .factories import member_with_account, nominate, title

pytestmark = pytest.mark.django_db


def test_register_list_search_and_empty_states(tree, users, login, django_assert_max_num_queries):
    client = login(users.district)
    page = client.get("/console/honours/")
    assert page.status_code == 200 and "还没有登记的荣誉" in page.content.decode()
    t = title(users.district, tree.district, name="技术能手", category="technician")
    for n in range(3):
        services.record_award(
            t, actor=users.union, union=tree.union_a1, level="district", year=2025, awarding_body="测试区总工会",
            member=member_with_account(tree.union_a1, users.union, 20 + n),
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        page = client.get("/console/honours/?level=district&year=2025")
    assert page.content.decode().count("技术能手") >= 3
    page = client.get("/console/honours/?q=不存在的人")
    assert "没有符合条件的荣誉" in page.content.decode()
    assert "还没有登记的荣誉" in login(users.union_b).get("/console/honours/").content.decode()
    assert login(users.nobody).get("/console/honours/").status_code == 403


def test_nominate_and_review_from_the_console(tree, users, login):
    t = title(users.district, tree.district)
    worker = member_with_account(tree.union_a1, users.union, 30)
    clerk = login(users.union)
    form = clerk.get("/console/honours/nominations/new/")
    assert "区劳动模范" in form.content.decode()
    bad = clerk.post(
        "/console/honours/nominations/new/", {"title": t.pk, "level": "district", "year": "1999", "union": "UA11"}
    )
    body = bad.content.decode()
    assert bad.status_code == 200 and "个人称号请填写会员手机号" not in body and "2000" in body
    bad = clerk.post(
        "/console/honours/nominations/new/",
        {"title": t.pk, "level": "district", "year": "2026", "union": "UA11", "member_phone": "13900000000"},
    )
    assert "推荐单位范围内没有这个手机号的会员" in bad.content.decode()
    ok = clerk.post(
        "/console/honours/nominations/new/",
        {"title": t.pk, "level": "district", "year": "2026", "union": "UA11", "member_phone": worker.phone,
         "reason": "带徒 20 人"},
    )  # fmt: skip
    n = Nomination.objects.get()
    assert ok.status_code == 302 and ok.url == f"/console/honours/nominations/{n.pk}/"
    town = login(users.town)
    assert "待我审核" in town.get("/console/honours/nominations/?waiting=1").content.decode()
    page = town.get(f"/console/honours/nominations/{n.pk}/").content.decode()
    assert "甲街道总工会审核" in page
    refused = town.post(f"/console/honours/nominations/{n.pk}/review/", {"decision": "reject", "note": ""}, follow=True)
    assert "不同意时请写明理由" in refused.content.decode()
    town.post(f"/console/honours/nominations/{n.pk}/review/", {"decision": "approve"})
    login(users.district).post(f"/console/honours/nominations/{n.pk}/review/", {"decision": "approve"})
    assert Award.objects.get().member == worker


def test_record_a_collective_honour_and_titles_page(tree, users, login):
    client = login(users.district)
    created = client.post(
        "/console/honours/titles/", {"org": "D001", "name": "凤麓工匠", "category": "craftsman"}, follow=True
    )
    assert "已设立称号“凤麓工匠”" in created.content.decode()
    again = client.post("/console/honours/titles/", {"org": "D001", "name": "凤麓工匠", "category": "craftsman"})
    assert "本单位已有称号“凤麓工匠”" in again.content.decode()
    pioneer = title(users.district, tree.district, name="工人先锋号", category="pioneer")
    page = client.post(
        "/console/honours/awards/new/",
        {"title": pioneer.pk, "level": "city", "year": "2025", "union": "UA11", "holder_name": "",
         "awarding_body": "宁波市总工会", "awarded_on": "2025-04-28"},
    )  # fmt: skip
    assert "个人称号请选择会员，集体称号请填写集体名称" in page.content.decode()
    done = client.post(
        "/console/honours/awards/new/",
        {"title": pioneer.pk, "level": "city", "year": "2025", "union": "UA11", "holder_name": "甲一装配车间",
         "awarding_body": "宁波市总工会", "awarded_on": "2025-04-28"},
    )  # fmt: skip
    award = Award.objects.get()
    assert done.url == f"/console/honours/awards/{award.pk}/"
    assert "甲一装配车间" in client.get(done.url).content.decode()


def test_member_sees_their_honours_on_the_phone_and_in_the_api(tree, users, login, bearer, rf):
    worker = member_with_account(tree.union_a1, users.union, 40)
    phone = login(worker.user)
    assert "还没有登记的荣誉" in phone.get("/m/honours/").content.decode()
    t = title(users.district, tree.district, name="凤麓工匠", category="craftsman")
    services.record_award(
        t, actor=users.district, union=tree.union_a1, level="district", year=2025, awarding_body="测试区总工会",
        member=worker,
    )  # fmt: skip
    assert "区级凤麓工匠" in phone.get("/m/honours/").content.decode()
    mine = phone.get("/api/v1/me/honours", headers=bearer(worker.user)).json()
    assert [(h["title"], h["level_label"]) for h in mine] == [("凤麓工匠", "区级")]
    request = rf.get("/")
    request.user = worker.user
    assert "honours" in [tile["key"] for tile in tiles_for(request)]


def test_staff_api_nominate_and_review(tree, users, client, bearer):
    t = title(users.district, tree.district)
    worker = member_with_account(tree.union_a1, users.union, 50)
    made = client.post(
        "/api/v1/honours/nominations",
        {"title_id": t.pk, "union": "UA11", "level": "district", "year": timezone.localdate().year,
         "member_id": worker.pk},
        content_type="application/json", headers=bearer(users.union),
    )  # fmt: skip
    assert made.status_code == 201, made.content
    nid = made.json()["id"]
    assert made.json()["at_org"]["code"] == "TA01"
    refused = client.post(
        f"/api/v1/honours/nominations/{nid}/review",
        {"approve": True},
        content_type="application/json",
        headers=bearer(users.union),
    )
    assert refused.status_code == 403
    ok = client.post(
        f"/api/v1/honours/nominations/{nid}/review", {"approve": True}, content_type="application/json",
        headers=bearer(users.town),
    )  # fmt: skip
    assert ok.status_code == 200 and ok.json()["reviews"][0]["decision"] == "forward"
    listed = client.get("/api/v1/honours/nominations?waiting=true", headers=bearer(users.district)).json()
    assert [n["id"] for n in listed] == [nid]
    bad = client.post(
        "/api/v1/honours/titles", {"org": "D001", "name": "", "category": "x"}, content_type="application/json",
        headers=bearer(users.district),
    )  # fmt: skip
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} >= {"name", "category"}
    assert nominate  # the factory is shared with the scope cases
