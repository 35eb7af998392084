"""The console menu, the member home tiles and the 工作台 are built from the apps' declarations (core.menus)."""

import re

from django.urls import reverse

from core.menus import WorkItem, register_worklist, registered_menu, unregister_worklist
from members import joining
from members.models import Member
from members.tests.factories import member


def menu_labels(html: str) -> list[str]:
    sidebar = html.split('class="nav flex-column sidebar', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a [^>]*>(.*?)</a>", sidebar, re.S)]


def test_the_menu_shows_what_the_user_may_open(tree, users, login):
    union = menu_labels(login(users.union).get(reverse("console_home")).content.decode())
    assert union[0] == "工作台" and {"会员名册", "活动管理", "诉求与建议", "统计报表"} <= set(union)
    assert "审计日志" not in union  # a 基层工会 admin holds no audit.view
    sysadmin = menu_labels(login(users.sysadmin).get(reverse("console_home")).content.decode())
    assert "审计日志" in sysadmin and "会员名册" not in sysadmin  # IT staff do not browse people's records
    assert [i.key for i in registered_menu()][:2] == ["orgs", "enterprises"]


def test_the_active_entry_follows_the_page(tree, users, login):
    html = login(users.town).get(reverse("orgs:enterprise_list")).content.decode()
    active = re.findall(r'class="nav-link[^"]*active[^"]*"[^>]*>(.*?)</a>', html, re.S)
    assert [re.sub(r"<[^>]+>", "", a).strip() for a in active] == ["企业名录"]


def test_home_tiles_for_guests_and_for_members(tree, users, client):
    guest = client.get(reverse("member_home")).content.decode()
    assert "申请入会" in guest and "活动报名" in guest and "工会工作人员登录" in guest
    assert "即将开放" not in guest and "困难帮扶" not in guest
    joining.ensure_account(member(tree.union_a1, users.union, 901))
    client.force_login(Member.objects.get(user__isnull=False).user)
    mine = client.get(reverse("member_home")).content.decode()
    assert "申请入会" not in mine and "电子会员证" in mine and "工会工作人员登录" not in mine


def test_the_worklist_shows_declared_work_with_counts(tree, users, login):
    register_worklist(
        "test", lambda user: [WorkItem("待受理的测试事项", 3, "/x/", "warning"), WorkItem("无", 0, "/y/")]
    )
    try:
        html = login(users.town).get(reverse("console_home")).content.decode()
    finally:
        unregister_worklist("test")
    assert "待受理的测试事项" in html and ">3<" in html and ">无<" not in html
