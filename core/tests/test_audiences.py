"""Pages every audience may reach speak to the one looking: 404 and 403 pages offer the way back that fits (a worker
is never offered 返回工作台), a worker's account reaching /console/ is taken to the member site, and /sysadmin/ is
titled for the platform."""

import re

from django.urls import reverse

from activities import partner_accounts
from members import joining
from members.models import Member
from members.tests.factories import member


def links(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]*">([^<]+)</a>', html.split('class="links"', 1)[1])


def worker(tree, users):
    joining.ensure_account(member(tree.union_a1, users.union, 931))
    return Member.objects.get(user__isnull=False).user


def test_a_workers_account_on_the_console_is_taken_to_the_member_site(tree, users, client):
    client.force_login(worker(tree, users))
    response = client.get(reverse("console_home"), follow=True)
    assert response.redirect_chain == [(reverse("member_home"), 302)]
    assert "工作台是工会工作人员使用的，已为您打开职工之家" in response.content.decode()


def test_not_found_and_forbidden_pages_offer_each_audience_its_own_way_back(tree, users, client, login):
    # A guest: the home page and the member login, never the console.
    html = client.get("/m/no-such-page/").content.decode()
    assert links(html) == ["返回首页", "会员登录"] and "返回工作台" not in html
    # Staff: back to the 工作台; the scope is mentioned.
    staff = login(users.union)
    response = staff.get(reverse("orgs:detail", args=[tree.union_b1.pk]))
    assert response.status_code == 404
    assert links(response.content.decode()) == ["返回工作台"] and "管理范围" in response.content.decode()
    # A worker: the member site, on a 404 and on a console page refused with 403.
    client.force_login(worker(tree, users))
    response = client.get("/m/no-such-page/")
    assert response.status_code == 404 and links(response.content.decode()) == ["返回职工之家", "我的"]
    # Any console page (not only the 工作台) takes a worker to the member site.
    assert client.get(reverse("orgs:tree")).url == reverse("member_home")
    # A 403 elsewhere (a staff-only API-less page refusing a worker) speaks to the worker.
    from django.test import RequestFactory

    from core.views import permission_denied

    request = RequestFactory().get("/verify/x/")
    request.user, request.csp_nonce = Member.objects.get(user__isnull=False).user, "n"
    html = permission_denied(request).content.decode()
    assert "返回工作台" not in html and "会员请在职工之家办理" in html and links(html)[0] == "返回职工之家"


def test_a_partners_error_page_leads_back_to_the_partner_portal(tree, users, client):
    partner = partner_accounts.create_partner_with_accounts(
        actor=users.district,
        org=tree.district,
        name="甲乙文化服务中心",
        kind="culture",
        accounts=[{"phone": "13912340000", "display_name": "周老师"}],
    )
    client.force_login(partner.users.get())
    response = client.get("/m/no-such-page/")
    assert response.status_code == 404 and links(response.content.decode()) == ["返回合伙人门户"]
    assert client.get(reverse("console_home")).url == reverse("activities:partner_home")


def test_sysadmin_is_titled_for_the_platform(tree, users, login):
    html = login(users.sysadmin).get("/sysadmin/login/").content.decode()
    assert "工会服务平台" in html and "Django 管理" not in html and "Django administration" not in html
