"""The staff 工作台 is the clerk's to-do list: appeals overdue, due soon and waiting to be accepted, applications
and transfers waiting, their own imports finished or failed, activities starting this week; each one click from
its page, counted on the side menu too, and scoped (another union's clerk sees none of it)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from activities.tests.factories import open_activity
from appeals import services as appeal_services
from core.menus import worklist_for
from core.models import Job
from members import services as member_services
from members.tests.factories import member
from members.tests.test_review import apply


@pytest.fixture(autouse=True)
def fresh_badges():
    cache.clear()


def appeal(tree, users, n):
    return appeal_services.submit(
        kind="appeal",
        category="wages",
        description="公司已经两个月没有发工资了",
        name="",
        phone="",
        member=member(tree.union_a1, users.union, 950 + n),
    )


def work(tree, users):
    """Something of every kind waiting for union_a1's clerk (users.union)."""
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        appeal(tree, users, 1)  # long past its 受理 deadline
    appeal(tree, users, 2)  # just submitted: waiting, due within the next working days
    apply(tree.ent_a1, 960)
    leaving = member(tree.union_b1, users.union_b, 961)
    member_services.request_transfer(leaving, tree.union_a1, actor=users.union_b, reason="调动工作")
    Job.objects.create(
        kind="members.import",
        org=tree.union_a1,
        created_by=users.union,
        status=Job.Status.FAILED,
        finished_at=timezone.now() - timedelta(hours=2),
        message="发现 3 处错误",
    )
    now = timezone.now()
    open_activity(
        tree.union_a1,
        users.union,
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=2),
        registration_closes_at=now + timedelta(days=2),
    )
    open_activity(  # next month: not this week's
        tree.union_a1,
        users.union,
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=2),
        registration_closes_at=now + timedelta(days=20),
    )


def todo(html: str) -> list[tuple[str, str, str]]:
    """(label, count, href) of each line of the 待办事项 card."""
    card = html.split("待办事项", 1)[1].split("我的管理范围", 1)[0]
    rows = re.findall(r'<a class="list-group-item[^"]*" href="([^"]+)">(.*?)</a>', card, re.S)
    out = []
    for href, body in rows:
        count = re.findall(r'<span class="badge[^"]*">(\d+)</span>', body)[-1]
        label = re.sub(r"<[^>]+>", " ", body.rsplit('<span class="badge', 1)[0])
        out.append((" ".join(label.split()), count, href.replace("&amp;", "&")))
    return out


def badges(client) -> dict[str, str]:
    """The side menu's badges as the page loads them (htmx, out-of-band swaps into ``badge-<key>``)."""
    html = client.get(reverse("menu_badges")).content.decode()
    return dict(re.findall(r'id="badge-(\w+)" hx-swap-oob="true"[^>]*>(\d+)</span>', html))


def test_the_workbench_lists_what_waits_with_counts_links_and_menu_badges(tree, users, login):
    work(tree, users)
    client = login(users.union)
    html = client.get(reverse("console_home")).content.decode()
    lines = todo(html)
    labels = [label for label, _n, _href in lines]
    assert labels == [
        "诉求与建议 已超期，请尽快办理",
        "诉求与建议 24 小时内到期",
        "诉求与建议 待受理",
        "会员 入会申请待审核",
        "会员 转会待接收",
        "会员 名册导入未成功，请查看错误报告",
        "活动 7 天内开始的活动",
    ] or labels == [
        "诉求与建议 已超期，请尽快办理",
        "诉求与建议 待受理",
        "会员 入会申请待审核",
        "会员 转会待接收",
        "会员 名册导入未成功，请查看错误报告",
        "活动 7 天内开始的活动",
    ]  # the fresh appeal is due within 24 hours only when its deadline falls that close (working days)
    counts = {label: n for label, n, _href in lines}
    assert counts["诉求与建议 已超期，请尽快办理"] == "1" and counts["诉求与建议 待受理"] == "2"
    assert counts["会员 入会申请待审核"] == counts["会员 转会待接收"] == "1"
    assert counts["活动 7 天内开始的活动"] == "1"
    # Each line opens its page, filtered to the items it counts.
    for _label, _n, href in lines:
        assert client.get(href).status_code == 200, href
    hrefs = {label: href for label, _n, href in lines}
    overdue_page = client.get(hrefs["诉求与建议 已超期，请尽快办理"]).content.decode()
    assert overdue_page.count('href="/console/appeals/') >= 1
    assert (
        "job" in hrefs["会员 名册导入未成功，请查看错误报告"]
        or "/import/" in hrefs["会员 名册导入未成功，请查看错误报告"]
    )
    # The side menu counts the same work: 2 appeals to act on (one waiting, one overdue, both unaccepted), one
    # application, one transfer.
    assert badges(client) == {"appeals": "2", "applications": "1", "transfers": "1"}
    # The page itself holds the places and the loader, not the counts.
    assert 'id="badge-appeals"></span>' in html and f'hx-get="{reverse("menu_badges")}"' in html


def test_the_workbench_is_scoped(tree, users, login):
    work(tree, users)
    # union_b1 sent the transfer: it waits for union_a1, not for them; nothing else of union_a1 shows.
    assert worklist_for(users.union_b) == []
    client = login(users.union_b)
    assert "暂无待办事项" in client.get(reverse("console_home")).content.decode() and badges(client) == {}
    # The town admin oversees union_a1: the appeals, the application and the transfer are in its scope too, but
    # the failed import is the clerk's own news.
    labels = [item.label for item in worklist_for(users.town)]
    assert "已超期，请尽快办理" in labels and "入会申请待审核" in labels
    assert "名册导入未成功，请查看错误报告" not in labels
