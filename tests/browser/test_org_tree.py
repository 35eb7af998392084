"""The union tree as staff use it, in a real browser: find a town, set up a union under it, see it listed; and a
grassroots admin who guesses another union's URL gets 404."""

import re

from playwright.sync_api import expect

from orgs.models import Org

from .conftest import log_in


def test_district_creates_a_union_under_a_town(tree, users, new_page, shoot):
    page = new_page()
    log_in(page, users.district.username)
    shoot(page, "01-console-home")

    page.locator("#sidebar").get_by_role("link", name="组织架构").click()
    # The root expands by itself; the towns appear under it.
    expect(page.locator(".tree").get_by_role("link", name=tree.town_a.name)).to_be_visible()
    shoot(page, "02-tree")

    # Find the town by its pinyin initials (甲街道 → jjd).
    page.get_by_label("搜索组织").fill("jjd")
    page.get_by_role("button", name="搜索").click()
    results = page.locator("table tbody")
    expect(results.get_by_role("link", name=tree.town_a.name)).to_be_visible()
    expect(results).not_to_contain_text(tree.town_b.name)
    shoot(page, "03-search")
    results.get_by_role("link", name=tree.town_a.name).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(tree.town_a.name)
    shoot(page, "04-town-page")
    page.get_by_role("link", name="新建下级组织").click()
    page.get_by_label("组织代码").fill("TA99")
    page.get_by_label("全称").fill("甲九智能科技有限公司工会")
    page.get_by_label("类型").select_option(label="基层工会")
    page.get_by_label("统一社会信用代码").fill("123")  # a typo first: the form says what is wrong
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("校验位不正确")
    shoot(page, "05-create-error")
    page.get_by_label("统一社会信用代码").fill("")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("alert")).to_contain_text("已新建“甲九智能科技有限公司工会”")
    expect(page.get_by_role("heading", level=1)).to_contain_text("甲九智能科技有限公司工会")
    shoot(page, "06-created")

    # Listed on the town's page and in the tree.
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name=tree.town_a.display_name).click()
    expect(page.locator("table").get_by_role("link", name="甲九智能科技有限公司工会")).to_be_visible()
    page.locator("#sidebar").get_by_role("link", name="组织架构").click()
    page.get_by_role("button", name=f"展开 {tree.town_a.name}").click()
    expect(page.locator(".tree").get_by_role("link", name="甲九智能科技有限公司工会")).to_be_visible()
    shoot(page, "07-listed-in-tree")
    assert Org.objects.get_parent(Org.objects.get(code="TA99")) == tree.town_a
    assert page.js_errors == []


def test_union_admin_gets_404_on_another_unions_page(tree, users, new_page, shoot):
    page = new_page()
    log_in(page, users.union.username)
    response = page.goto(f"/console/orgs/{tree.union_a1.pk}/")
    assert response.status == 200
    response = page.goto(f"/console/orgs/{tree.union_b1.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("页面不存在"))
    expect(page.locator("body")).not_to_contain_text(tree.union_b1.name)
    shoot(page, "08-union-404")


def test_console_works_on_a_phone(tree, users, new_page, shoot):
    page = new_page(phone=True)
    log_in(page, users.town.username)
    page.get_by_role("button", name="菜单").click()
    page.locator("#sidebar").get_by_role("link", name="组织架构").click()
    expect(page.locator(".tree").get_by_role("link", name=tree.union_a1.name)).to_be_visible()
    shoot(page, "09-phone-tree")
    assert page.js_errors == []
