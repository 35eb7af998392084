"""Console pages for staff accounts: scope (404 for accounts and grants outside it, on every URL), 403 for users who
manage no accounts, the sidebar entry, refusals on the form in Chinese with nothing written, the flows, and a
pinned query count for the list."""

import re

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Grant, User
from accounts.roles import ROLE_LABELS, Role
from core import sms
from core.models import AuditEvent
from core.testing import assert_out_of_scope

from .factories import add_grant, create, link_path, next_phone, staff


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()


def text(response) -> str:
    return response.content.decode()


def errors_on(response) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r"(?:invalid-feedback d-block|alert-danger)[^>]*>(.*?)</div>", text(response), re.S)
    ]


def account_urls(account, grant) -> list[str]:
    """Every console URL that names an account (and one of its grants)."""
    return [
        reverse("staff_accounts:detail", args=[account.pk]),
        reverse("staff_accounts:edit", args=[account.pk]),
        reverse("staff_accounts:reset", args=[account.pk]),
        reverse("staff_accounts:disable", args=[account.pk]),
        reverse("staff_accounts:enable", args=[account.pk]),
        reverse("staff_accounts:grant_add", args=[account.pk]),
        reverse("staff_accounts:grant_role", args=[account.pk, grant.pk]),
        reverse("staff_accounts:grant_revoke", args=[account.pk, grant.pk]),
    ]


def state():
    return (
        list(User.objects.order_by("pk").values_list("pk", "is_active", "password", "display_name", "phone")),
        list(Grant.objects.order_by("pk").values_list("pk", "org_id", "role")),
        AuditEvent.objects.exclude(action__startswith="accounts.log").count(),
    )


def test_accounts_and_grants_outside_scope_answer_404_everywhere(tree, users, login):
    other = users.union_b  # 乙镇's union: outside the 甲 town admin's scope
    mine = staff(tree.union_a1, username="mine")
    member = User.objects.create(username="m77", phone=next_phone())
    data = {"display_name": "x", "phone": "13912345678", "org": "UA11", "role": "union_admin", "reason": "x"}
    before = state()
    for actor in (users.town, users.union, users.nobody):
        client = login(actor)
        assert_out_of_scope(client, account_urls(other, other.grants.get()))
        # The detail page only answers GET (405 for POST, before any look-up).
        assert_out_of_scope(client, account_urls(other, other.grants.get())[1:], method="post", data=data)
    # An account in scope with a grant id of another account, or an unknown one: 404 too.
    client = login(users.town)
    foreign_grant = other.grants.get()
    assert_out_of_scope(client, account_urls(mine, foreign_grant)[-2:])
    assert_out_of_scope(client, account_urls(mine, foreign_grant)[-2:], method="post", data=data)
    assert_out_of_scope(client, [reverse("staff_accounts:detail", args=[999999])])
    # Member and partner logins hold no grant: they are no staff accounts.
    assert_out_of_scope(login(users.sysadmin), [reverse("staff_accounts:detail", args=[member.pk])])
    assert state() == before


def test_users_who_manage_no_accounts_get_403_and_no_sidebar_entry(tree, users, login):
    for actor in (users.union, staff(tree.district, Role.PII_OFFICER, username="pii")):
        client = login(actor)
        assert client.get(reverse("staff_accounts:list")).status_code == 403
        assert client.get(reverse("staff_accounts:create")).status_code == 403
        assert "账号管理" not in text(client.get("/console/"))
    for actor in (users.sysadmin, users.district, users.town):
        page = text(login(actor).get("/console/"))
        assert 'href="/console/accounts/"' in page and "账号管理" in page


def test_the_list_shows_the_scope_with_search_filters_and_last_login(tree, users, login):
    staff(tree.union_a1, username="wangxm", display_name="王小明", phone="13911112222")
    both = staff(tree.union_a2, username="both", display_name="李四")
    add_grant(both, tree.union_b1, Role.UNION_ADMIN)
    services.disable_account(both, actor=users.district)
    client = login(users.town)
    page = text(client.get(reverse("staff_accounts:list")))
    for shown in ("wangxm", "both", "town", "union"):
        assert f"<code>{shown}</code>" in page
    for hidden in ("union_b", "district", "sys"):
        assert f"<code>{hidden}</code>" not in page
    assert tree.union_b1.display_name not in page, "a grant outside the scope is not shown"
    assert "从未登录" in page

    def usernames(**params):
        return re.findall(r"<code>([^<]+)</code>", text(client.get(reverse("staff_accounts:list"), params)))

    assert usernames(q="王小") == ["wangxm"]
    assert usernames(q="1111 2222") == ["wangxm"]
    assert usernames(q="WANG") == ["wangxm"]
    assert usernames(org="UA12") == ["both"]
    assert usernames(org="ub11") == [], "an org outside the scope matches nothing"
    assert usernames(role="federation_admin") == ["town"]
    assert usernames(status="disabled") == ["both"]
    assert usernames(status="active") == ["town", "union", "wangxm"]
    client.get(reverse("staff_accounts:list"), {"status": "pending"})
    create(users.town, tree.union_a1, username="newbie")
    assert usernames(status="pending") == ["newbie"]
    # With htmx only the results come back (search as one types).
    partial = text(client.get(reverse("staff_accounts:list"), {"q": "王"}, headers={"HX-Request": "true"}))
    assert "<code>wangxm</code>" in partial and "<form" not in partial


def test_the_list_has_a_pinned_query_count(tree, users, login, django_assert_num_queries):
    client = login(users.district)
    client.get(reverse("staff_accounts:list"))
    with django_assert_num_queries(9):
        assert client.get(reverse("staff_accounts:list")).status_code == 200
    for n in range(30):
        user = staff(tree.union_a2, username=f"clerk{n:02d}")
        add_grant(user, tree.union_a1, Role.PII_OFFICER)
    with django_assert_num_queries(9):
        assert client.get(reverse("staff_accounts:list")).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(reverse("staff_accounts:list"), {"org": "TA01", "page": "2"}).status_code == 200


def test_create_an_account(tree, users, login, django_capture_on_commit_callbacks):
    client = login(users.town)
    form = text(client.get(reverse("staff_accounts:create") + "?org=UA11"))
    assert 'value="UA11"' in form
    roles = re.findall(r'<option value="(\w+)"', form)
    app_roles = [code for code in ROLE_LABELS if code not in Role.values]  # declared by apps (关爱专员 …)
    assert roles == ["federation_admin", "union_admin", "pii_officer", *app_roles], (
        "only roles the town admin may grant"
    )
    data = {
        "username": "wangxm",
        "display_name": "王小明",
        "phone": "139 1111 3333",
        "org": "UA11",
        "role": "union_admin",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff_accounts:create"), data)
    user = User.objects.get(username="wangxm")
    assert response.status_code == 302 and response["Location"] == reverse("staff_accounts:detail", args=[user.pk])
    page = text(client.get(response["Location"]))
    assert "已创建账号“wangxm”，设置密码的链接已以短信发送至 139****3333" in page
    assert "待设置密码" in page and tree.union_a1.name in page and "创建账号" in page
    assert link_path("13911113333").startswith("/accounts/password/")


def test_create_refusals_show_on_the_form_and_write_nothing(tree, users, login):
    client = login(users.town)
    before = state()
    cases = [
        ({"phone": "12345"}, "应为 11 位大陆手机号"),
        ({"username": "m12"}, "会员或合伙人账号使用的格式"),
        ({"org": "UB11"}, "组织“UB11”不存在或不在您的管理范围内"),
        ({"org": "TA01", "role": "federation_admin"}, "本级组织的管理员由上级组织任命"),
        ({"org": "UA11", "role": "federation_admin"}, "总工会管理员只能授予区/市总工会或镇街总工会"),
        ({"role": "pii_officer"}, "授予个人信息查看员须写明原因"),
        ({"role": "sysadmin"}, "选择一个有效的选项"),
    ]
    for change, message in cases:
        data = {"username": "clerk", "display_name": "王", "phone": "13911114444", "org": "UA11", "role": "union_admin"}
        response = client.post(reverse("staff_accounts:create"), {**data, **change})
        assert response.status_code == 200, change
        assert any(message in e for e in errors_on(response)), (change, errors_on(response))
    assert state() == before


def test_the_account_page_offers_only_what_will_be_accepted(tree, users, login):
    clerk = staff(tree.union_a1, username="clerk")
    add_grant(clerk, tree.union_b1, Role.UNION_ADMIN)
    town = text(login(users.town).get(reverse("staff_accounts:detail", args=[clerk.pk])))
    assert "另有 1 项授权不在您的管理范围内" in town and tree.union_b1.name not in town
    assert "只能由上级管理员修改" in town
    for action in ("reset", "disable", "edit"):
        assert reverse(f"staff_accounts:{action}", args=[clerk.pk]) not in town
    grant = clerk.grants.get(org=tree.union_a1)
    assert reverse("staff_accounts:grant_revoke", args=[clerk.pk, grant.pk]) in town
    district = text(login(users.district).get(reverse("staff_accounts:detail", args=[clerk.pk])))
    for action in ("reset", "disable", "edit"):
        assert reverse(f"staff_accounts:{action}", args=[clerk.pk]) in district
    # One's own page: nothing to change but one's own grants beyond the last admin grant.
    own = text(login(users.town).get(reverse("staff_accounts:detail", args=[users.town.pk])))
    assert "这是您本人的账号" in own and reverse("staff_accounts:disable", args=[users.town.pk]) not in own
    assert "添加授权" not in own


def test_reset_disable_enable_and_edit_from_the_console(tree, users, login, django_capture_on_commit_callbacks):
    clerk = staff(tree.union_a1, username="clerk", phone="13911115555")
    client = login(users.town)
    detail = reverse("staff_accounts:detail", args=[clerk.pk])
    confirm = text(client.get(reverse("staff_accounts:reset", args=[clerk.pk])))
    assert "确认重置" in confirm and "139****5555" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff_accounts:reset", args=[clerk.pk]))
    assert response["Location"] == detail and "已重置" in text(client.get(detail))
    assert link_path("13911115555")

    assert "确认停用" in text(client.get(reverse("staff_accounts:disable", args=[clerk.pk])))
    client.post(reverse("staff_accounts:disable", args=[clerk.pk]), {"reason": "离职"})
    clerk.refresh_from_db()
    assert not clerk.is_active
    page = text(client.get(detail))
    assert "已停用账号“clerk”" in page and "离职" in page and reverse("staff_accounts:enable", args=[clerk.pk]) in page
    # A second POST (a stale page) is refused with the reason, nothing changes.
    response = client.post(reverse("staff_accounts:disable", args=[clerk.pk]), {"reason": ""})
    assert "该账号已停用" in " ".join(errors_on(response))
    client.post(reverse("staff_accounts:enable", args=[clerk.pk]))
    clerk.refresh_from_db()
    assert clerk.is_active

    response = client.post(reverse("staff_accounts:edit", args=[clerk.pk]), {"display_name": "王晓明", "phone": "1"})
    assert response.status_code == 200 and any("11 位大陆手机号" in e for e in errors_on(response))
    response = client.post(
        reverse("staff_accounts:edit", args=[clerk.pk]), {"display_name": "王晓明", "phone": "13911116666"}
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert (clerk.display_name, clerk.phone) == ("王晓明", "13911116666")
    trail = text(client.get(detail))
    expected = ("重置密码", "停用账号", "启用账号", "修改账号信息", "原因：离职", "手机号：13911115555 → 13911116666")
    for label in expected:
        assert label in trail


def test_grants_from_the_console(tree, users, login):
    clerk = staff(tree.union_a1, username="clerk")
    client = login(users.town)
    response = client.post(reverse("staff_accounts:grant_add", args=[clerk.pk]), {"org": "UB11", "role": "union_admin"})
    assert "不存在或不在您的管理范围内" in " ".join(errors_on(response))
    response = client.post(reverse("staff_accounts:grant_add", args=[clerk.pk]), {"org": "ua12", "role": "union_admin"})
    assert response.status_code == 302
    grant = clerk.grants.get(org=tree.union_a2)

    form = text(client.get(reverse("staff_accounts:grant_role", args=[clerk.pk, grant.pk])))
    app_roles = [code for code in ROLE_LABELS if code not in Role.values]
    assert re.findall(r'<option value="(\w+)"', form) == ["pii_officer", *app_roles]
    response = client.post(reverse("staff_accounts:grant_role", args=[clerk.pk, grant.pk]), {"role": "pii_officer"})
    assert "须写明原因" in " ".join(errors_on(response))
    client.post(
        reverse("staff_accounts:grant_role", args=[clerk.pk, grant.pk]), {"role": "pii_officer", "reason": "核对"}
    )
    grant.refresh_from_db()
    assert grant.role == Role.PII_OFFICER

    assert "确认撤销" in text(client.get(reverse("staff_accounts:grant_revoke", args=[clerk.pk, grant.pk])))
    response = client.post(reverse("staff_accounts:grant_revoke", args=[clerk.pk, grant.pk]))
    assert response.status_code == 302 and not Grant.objects.filter(pk=grant.pk).exists()
    last = clerk.grants.get()
    response = client.post(reverse("staff_accounts:grant_revoke", args=[clerk.pk, last.pk]), follow=True)
    assert "账号至少保留一项授权" in text(response) and Grant.objects.filter(pk=last.pk).exists()


def test_org_suggestions_come_from_the_scope(tree, users, login):
    client = login(users.town)
    options = text(client.get(reverse("staff_accounts:pick_org"), {"org": "工会"}))
    assert tree.union_a1.name in options and tree.union_b1.name not in options and tree.district.name not in options
