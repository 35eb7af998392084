"""The console and phone pages of 志愿服务: teams (search, empty state), a team's page (enrol by card number, an
outsider refused naming the field, confirm and reject), a shift's sign-ups (mark attended), the records list, the
hours report and its xlsx; the member's 我的志愿时长 (teams, records, open shifts, sign-up and cancel, logging hours)
and the leader's confirmation page."""

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from members.tests.factories import member

from .. import services
from ..models import RecordStatus, ServiceRecord, SignUp
from .factories import member_with_account, shift, team, team_with


def test_console_teams_team_page_and_hours(login, tree, users):
    client = login(users.union)
    assert "尚未成立志愿服务队" in client.get("/console/volunteers/").content.decode()
    response = client.post("/console/volunteers/teams/new/", {"org": "UA11", "name": "甲一青年志愿服务队"}, follow=True)
    assert "已成立志愿服务队" in response.content.decode()
    t = team(tree.union_a1, users.union, name="甲一巾帼志愿服务队")
    page = client.get("/console/volunteers/?q=巾帼").content.decode()
    assert "甲一巾帼志愿服务队" in page and "甲一青年志愿服务队" not in page
    outsider = member(tree.union_b1, users.union_b, 5)
    page = client.post(f"/console/volunteers/teams/{t.pk}/members/", {"member": outsider.card_no}).content.decode()
    assert "不属于“甲一机械有限公司工会”及其下级工会" in page
    m = member_with_account(tree.union_a1, users.union, 6)
    response = client.post(f"/console/volunteers/teams/{t.pk}/members/", {"member": m.card_no}, follow=True)
    assert f"{m.name}已加入服务队" in response.content.decode()
    record = services.log_record(m, t, actor=m.user, served_on=_today(), hours="2", description="关爱环卫工")
    page = client.get(f"/console/volunteers/teams/{t.pk}/").content.decode()
    assert "关爱环卫工" in page and 'data-confirm="确认' in page
    response = client.post(f"/console/volunteers/records/{record.pk}/confirm/", follow=True)
    assert "已确认" in response.content.decode()
    assert ServiceRecord.objects.get(pk=record.pk).status == RecordStatus.CONFIRMED
    hours = client.get("/console/volunteers/hours/").content.decode()
    assert m.name in hours and "2.0" in hours
    xlsx = client.get("/console/volunteers/hours/?export=xlsx")
    book = load_workbook(BytesIO(xlsx.content))
    assert book["服务队"]["A2"].value == "甲一巾帼志愿服务队" and book["志愿者"]["D2"].value == 2.0
    assert "没有符合条件的服务记录" in client.get("/console/volunteers/records/?q=不存在").content.decode()
    # Another union's admin sees none of it.
    assert login(users.union_b).get(f"/console/volunteers/teams/{t.pk}/").status_code == 404


def _today():
    from django.utils import timezone

    return timezone.localdate()


def test_console_shift_and_attendance(login, tree, users):
    t, (leader, a, _b) = team_with(tree.union_a1, users.union)
    client = login(users.union)
    response = client.post(
        f"/console/volunteers/teams/{t.pk}/shifts/new/",
        {"title": "文明交通劝导", "starts_at": "2030-05-01T08:00", "ends_at": "2030-05-01T07:00", "quota": "2"},
    )
    assert "应晚于开始时间" in response.content.decode()
    s = shift(t, users.union, quota=2, days=-1)  # yesterday: signed up before it started
    signup = services.sign_up(s, a, actor=a.user, now=s.starts_at - timedelta(hours=1))
    page = client.get(f"/console/volunteers/shifts/{s.pk}/").content.decode()
    assert "确认到岗" in page
    response = client.post(f"/console/volunteers/signups/{signup.pk}/attended/", follow=True)
    assert "记入 3.0 小时" in response.content.decode()
    assert SignUp.objects.get(pk=signup.pk).record.hours == 3


def test_member_my_volunteer_hours(login, tree, users):
    t, (leader, a, _b) = team_with(tree.union_a1, users.union)
    s = shift(t, users.union, quota=1)
    client = login(a.user)
    assert "/m/volunteers/" in client.get("/").content.decode()
    page = client.get("/m/volunteers/").content.decode()
    assert "我的志愿时长" in page and t.name in page and s.title in page and "还没有服务记录" in page
    response = client.post(f"/m/volunteers/shifts/{s.pk}/signup/", follow=True)
    assert "已报名" in response.content.decode()
    signup = SignUp.objects.get(shift=s, member=a)
    response = client.post(f"/m/volunteers/signups/{signup.pk}/cancel/", follow=True)
    assert "已取消报名" in response.content.decode()
    page = client.post(
        "/m/volunteers/records/new/",
        {"team": str(t.pk), "served_on": _today().isoformat(), "hours": "1.3", "description": "x"},
    ).content.decode()
    assert "以半小时为单位" in page
    response = client.post(
        "/m/volunteers/records/new/",
        {"team": str(t.pk), "served_on": _today().isoformat(), "hours": "1.5", "description": "陪伴孤寡老人"},
        follow=True,
    )
    assert "等待队长确认" in response.content.decode() and "待确认" in response.content.decode()
    record = ServiceRecord.objects.get(member=a)
    # Not a leader: no leader page; the leader confirms on theirs.
    assert client.get("/m/volunteers/lead/").status_code == 404
    lead = login(leader.user)
    assert "陪伴孤寡老人" in lead.get("/m/volunteers/lead/").content.decode()
    assert lead.post(f"/m/volunteers/lead/records/{record.pk}/confirm/").status_code == 302
    assert 'id="total-hours">1.5<' in client.get("/m/volunteers/").content.decode()
    # A member of another union cannot confirm it, nor see the shift.
    other = member_with_account(tree.union_b1, users.union_b, 9)
    assert login(other.user).post(f"/m/volunteers/shifts/{s.pk}/signup/").status_code == 404


def test_list_queries_do_not_grow_with_rows(login, tree, users, django_assert_num_queries):
    """The teams, records and hours pages: a fixed number of queries however many rows they show."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(users.union)
    t, (leader, a, b) = team_with(tree.union_a1, users.union)
    services.log_record(a, t, actor=users.union, served_on=_today(), hours="1", description="x")
    urls = ["/console/volunteers/", "/console/volunteers/records/", "/console/volunteers/hours/"]
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        counts[url] = len(one.captured_queries)
    for n in range(4):
        more, people = team_with(tree.union_a1, users.union, first=500 + 10 * n, name=f"服务队{n}")
        for m in people:
            services.confirm_record(
                services.log_record(m, more, actor=users.union, served_on=_today(), hours="2", description="y"),
                actor=users.union,
            )
    for url in urls:
        with django_assert_num_queries(counts[url]):
            client.get(url)


def test_pending_records_on_the_workbench(login, tree, users):
    from core.menus import worklist_for

    t, (leader, a, _b) = team_with(tree.union_a1, users.union)
    services.log_record(a, t, actor=a.user, served_on=_today(), hours="1", description="x")
    items = {i.label: i.count for i in worklist_for(users.union)}
    assert items["待确认的志愿服务记录"] == 1
    assert "待确认的志愿服务记录" not in {i.label for i in worklist_for(users.union_b) if i.count}
