"""The console and phone pages of notices and tasks, and their API."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from ..models import Delivery, Notice
from ..services import notices
from .factories import in_days, member_with_account, task, upload

pytestmark = pytest.mark.django_db


def test_district_sends_a_task_from_the_console_and_the_union_reports_back(tree, users, login):
    district, clerk = login(users.district), login(users.union)
    response = district.post(
        "/console/unionlife/notices/new/",
        {
            "sender": "D001",
            "audience": "orgs",
            "category": "notice",
            "title": "关于报送职工书屋建设情况的通知",
            "body": "请于期限前报送。",
            "kinds": ["grassroots"],
            "towns": "TA01",
            "orgs": "",
            "return_kind": "form",
            "due_on": in_days(5).isoformat(),
            "fields_spec": "书屋藏书|数字\n是否开放|选择|是、否\n备注|文字|选填",
            "attachments": [upload("通知.pdf")],
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and response.url == f"/console/unionlife/notices/{notice.pk}/"
    assert [f["type"] for f in notice.fields] == ["number", "choice", "text"] and not notice.fields[2]["required"]
    assert set(notice.deliveries.values_list("org__code", flat=True)) == {"UA11", "UA12"}

    inbox = clerk.get("/console/unionlife/inbox/")
    assert "关于报送职工书屋建设情况的通知" in inbox.content.decode()
    d = Delivery.objects.get(notice=notice, org=tree.union_a1)
    page = clerk.get(f"/console/unionlife/inbox/{d.pk}/")
    assert page.status_code == 200 and "通知.pdf" in page.content.decode()
    d.refresh_from_db()
    assert d.read_by == users.union  # opening it marks it read for the union's staff
    bad = clerk.post(f"/console/unionlife/inbox/{d.pk}/report/", {"f1": "很多", "f2": "是"})
    assert bad.status_code == 400 and "请填写数字" in bad.content.decode()
    ok = clerk.post(f"/console/unionlife/inbox/{d.pk}/report/", {"f1": "1200", "f2": "是"})
    assert ok.status_code == 302

    detail = district.get(f"/console/unionlife/notices/{notice.pk}/").content.decode()
    assert "已报送 1" in detail and "已读 1" in detail
    export = district.get(f"/console/unionlife/notices/{notice.pk}/export/")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    remind = district.post(f"/console/unionlife/notices/{notice.pk}/remind/")
    assert remind.status_code == 302
    assert Delivery.objects.get(notice=notice, org=tree.union_a2).reminders == 1
    # The district opening the union's delivery does not mark anything read.
    d2 = Delivery.objects.get(notice=notice, org=tree.union_a2)
    assert district.get(f"/console/unionlife/inbox/{d2.pk}/").status_code == 200
    d2.refresh_from_db()
    assert d2.read_at is None


def test_lists_and_menu_badge(tree, users, login):
    task(users.district, tree.district, kinds=["grassroots"])
    sent = login(users.district).get("/console/unionlife/")
    assert sent.status_code == 200 and "关于报送" in sent.content.decode()
    assert login(users.nobody).get("/console/unionlife/").status_code == 403
    from unionlife import selectors

    assert selectors.badge(users.union) == 1
    assert selectors.badge(users.town) == 0


def test_member_reads_a_notice_on_the_phone(tree, users, login):
    m = member_with_account(tree.union_a1, users.union, 811)
    notice = notices.send_notice(
        actor=users.district,
        sender=tree.district,
        title="政策宣传：职工医疗互助",
        body="……",
        audience="members",
        category="policy",
        orgs=[tree.town_a],
    )
    phone = login(m.user)
    assert "政策宣传：职工医疗互助" in phone.get("/m/notices/").content.decode()
    page = phone.get(f"/m/notices/{notice.pk}/")
    assert page.status_code == 200 and '<span id="read-count">1</span>' in page.content.decode()
    assert notice.member_reads.count() == 1
    detail = login(users.district).get(f"/console/unionlife/notices/{notice.pk}/").content.decode()
    assert "<strong>1</strong> 名会员阅读" in detail


def test_api_send_read_report_remind(tree, users, bearer, client):
    body = {
        "sender": "D001",
        "title": "报送一季度会员发展数",
        "body": "请报送",
        "kinds": ["grassroots"],
        "return_kind": "figure",
        "figure_label": "新入会人数",
        "due_on": in_days(3).isoformat(),
    }
    made = client.post(
        "/api/v1/unionlife/notices", body, content_type="application/json", headers=bearer(users.district)
    )
    assert made.status_code == 201, made.content
    notice_id = made.json()["id"]
    far = client.post(
        "/api/v1/unionlife/notices",
        {**body, "due_on": "9999-01-01"},
        content_type="application/json",
        headers=bearer(users.district),
    )
    assert far.status_code == 422
    union = bearer(users.union)
    inbox = client.get("/api/v1/unionlife/inbox", headers=union).json()
    assert [d["org"]["code"] for d in inbox] == ["UA11"]
    delivery_id = inbox[0]["id"]
    read = client.post(f"/api/v1/unionlife/deliveries/{delivery_id}/read", headers=union)
    assert read.json()["state"] == "read"
    report = client.post(
        f"/api/v1/unionlife/deliveries/{delivery_id}/report",
        {"figure": "18"},
        content_type="application/json",
        headers=union,
    )
    assert report.status_code == 200 and report.json()["state"] == "reported"
    detail = client.get(f"/api/v1/unionlife/notices/{notice_id}", headers=bearer(users.district)).json()
    assert detail["totals"]["reported"] == 1 and detail["totals"]["total"] == 3
    reminded = client.post(f"/api/v1/unionlife/notices/{notice_id}/remind", headers=bearer(users.district))
    assert reminded.json() == {"reminded": 2}
    # A member's token is refused on the staff endpoints.
    m = member_with_account(tree.union_a1, users.union, 812)
    assert client.get("/api/v1/unionlife/inbox", headers=bearer(m.user)).status_code == 403
    assert client.get("/api/v1/me/notices", headers=bearer(m.user)).json() == []
