"""Staff accounts in a real browser: a district admin opens a login for a union clerk, the clerk sets a password from
the texted link (locmem SMS backend), logs in and sees only their union; the admin disables the account and the
clerk is out at once and cannot log in again. And the account pages on a phone."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from accounts.models import User
from core import sms

from .conftest import log_in

PASSWORD = "Clerk@2026x"
PHONE = "13933330001"


def test_district_admin_opens_and_disables_a_union_clerks_account(tree, users, new_page, shoot):
    sms.outbox.clear()
    admin = new_page()
    log_in(admin, users.district.username)
    admin.locator("#sidebar").get_by_role("link", name="账号管理").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("账号管理")
    expect(admin.locator("#account-results")).to_contain_text("town")
    shoot(admin, "accounts-01-list")

    admin.get_by_role("link", name="新建账号").click()
    admin.get_by_label("登录名").fill("lixiao")
    admin.get_by_label("姓名").fill("李晓")
    admin.get_by_label("手机号").fill("139 3333 000")  # a digit short first: the form says what is wrong
    admin.get_by_label("所在组织").fill("UA11")
    admin.get_by_label("角色").select_option(label="基层工会管理员")
    admin.get_by_role("button", name="保存").click()
    expect(admin.locator(".invalid-feedback")).to_contain_text("应为 11 位大陆手机号")
    shoot(admin, "accounts-02-create-error")
    admin.get_by_label("手机号").fill(PHONE)
    admin.get_by_role("button", name="保存").click()
    expect(admin.get_by_role("alert")).to_contain_text("已创建账号“lixiao”，设置密码的链接已以短信发送至 139****0001")
    expect(admin.get_by_role("heading", level=1)).to_contain_text("李晓")
    expect(admin.locator("main")).to_contain_text("待设置密码")
    expect(admin.locator("main")).to_contain_text(tree.union_a1.name)
    shoot(admin, "accounts-03-created")
    account_url = urlsplit(admin.url).path

    # The clerk opens the texted link on their phone and sets a password.
    (message,) = [m for m in sms.outbox if m.phone == PHONE]
    assert "lixiao" in message.text
    link = urlsplit(re.search(r"https?://\S+/accounts/password/\S+/", message.text).group(0)).path
    clerk = new_page(phone=True)
    clerk.goto(link)
    expect(clerk.locator("main")).to_contain_text("设置登录密码")
    expect(clerk.locator("main")).to_contain_text("lixiao")
    clerk.locator("input[name=new_password1]").fill(PASSWORD)
    clerk.locator("input[name=new_password2]").fill(PASSWORD)
    shoot(clerk, "accounts-04-set-password")
    clerk.get_by_role("button", name="确认设置").click()
    clerk.wait_for_url("**/console/")
    expect(clerk.get_by_role("alert")).to_contain_text("密码已设置，您已登录")
    scope = clerk.locator("main .card").filter(has_text="我的管理范围")
    expect(scope).to_contain_text(tree.union_a1.name)
    expect(scope).not_to_contain_text(tree.town_a.name)
    shoot(clerk, "accounts-05-clerk-home")

    # Log out and in again with the login name: the clerk sees their union and nothing of the others.
    clerk.get_by_role("button", name="退出").click()
    log_in(clerk, "lixiao", PASSWORD)
    clerk.goto("/console/orgs/")
    expect(clerk.locator(".tree")).to_contain_text(tree.union_a1.name)
    expect(clerk.locator(".tree")).not_to_contain_text(tree.union_b1.name)
    expect(clerk.locator(".tree")).not_to_contain_text(tree.union_a2.name)
    assert clerk.goto(f"/console/orgs/{tree.union_b1.pk}/").status == 404
    clerk.goto("/console/")
    expect(clerk.locator("#sidebar")).not_to_contain_text("账号管理")
    shoot(clerk, "accounts-06-clerk-scope")

    # The admin sees the last login, then disables the account after confirming.
    admin.goto(account_url)
    expect(admin.locator("main")).to_contain_text("正常")
    expect(admin.locator("main")).not_to_contain_text("从未登录")
    expect(admin.locator("main")).to_contain_text("设置密码")
    admin.get_by_role("link", name="停用").click()
    expect(admin.locator("main")).to_contain_text("停用后该账号不能登录")
    admin.get_by_label("停用原因").fill("调离岗位")
    shoot(admin, "accounts-07-disable-confirm")
    admin.get_by_role("button", name="确认停用").click()
    expect(admin.get_by_role("alert")).to_contain_text("已停用账号“lixiao”")
    expect(admin.locator("main")).to_contain_text("原因：调离岗位")
    shoot(admin, "accounts-08-disabled")
    assert not User.objects.get(username="lixiao").is_active

    # The clerk's open session ends at the next request, and the password no longer opens the console.
    clerk.goto("/console/")
    clerk.wait_for_url("**/accounts/login/**")
    clerk.get_by_label("用户名").fill("lixiao")
    clerk.get_by_label("密码").fill(PASSWORD)
    clerk.get_by_role("button", name="登录").click()
    expect(clerk.locator(".alert-danger")).to_contain_text("用户名或密码不正确")
    shoot(clerk, "accounts-09-clerk-refused")
    assert admin.js_errors == [] and clerk.js_errors == []


def test_account_pages_on_a_phone(tree, users, new_page, shoot):
    page = new_page(phone=True)
    log_in(page, users.town.username)
    page.get_by_role("button", name="菜单").click()
    page.locator("#sidebar").get_by_role("link", name="账号管理").click()
    # Search as one types (htmx): only the results are replaced.
    page.get_by_label("搜索账号").fill("uni")
    expect(page.locator("#account-results tbody tr")).to_have_count(1)
    expect(page.locator("#account-results")).to_contain_text("union")
    shoot(page, "accounts-10-phone-search")
    page.locator("#account-results").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(users.union))
    expect(page.get_by_role("link", name="重置密码")).to_be_visible()
    shoot(page, "accounts-11-phone-detail")
    assert page.js_errors == []
