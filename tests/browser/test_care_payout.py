"""A hardship payout in a real browser: the union's care officer proposes a worker on file for 冬送温暖, the town's
admin approves it within the budget (the gauge drops by exactly the amount), and the worker sees it on the phone."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from care.models import Budget, Payout
from care.tests.factories import hardship_file, officer, programme
from members import joining
from members.models import Member
from members.tests.factories import make_id_number, member

from .conftest import log_in

PASSWORD = "Worker@2026"


def test_union_proposes_town_approves_member_sees_it(tree, users, new_page, shoot):
    number = make_id_number(6161)
    worker = member(tree.union_a1, users.union, 6161, name="孙桂芳", id_number=number)
    account = joining.ensure_account(worker)
    account.set_password(PASSWORD)
    account.save()
    worker = Member.objects.get(pk=worker.pk)
    union_officer = officer(tree.union_a1, "care_union")
    town_officer = officer(tree.town_a, "care_town")
    hardship_file(tree.union_a1, union_officer, verify_by=town_officer, id_number=number, name="孙桂芳", member=worker)
    prog = programme(
        tree.town_a, users.town, budget="2000.00", amount="800.00", eligibility="filed", title="2026年冬送温暖"
    )

    # The union's care officer proposes the worker from the archive.
    desk = new_page()
    log_in(desk, union_officer.username)
    desk.locator("#sidebar").get_by_role("link", name="关心关爱").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("关心关爱")
    desk.get_by_role("link", name="2026年冬送温暖").click()
    desk.get_by_role("link", name="申报发放").click()
    desk.get_by_label("困难档案").select_option(label="孙桂芳（甲一机械有限公司工会，深度困难）")
    desk.get_by_label("申报理由").fill("大病住院，家庭困难")
    shoot(desk, "care-01-propose")
    desk.get_by_role("button", name="提交").click()
    expect(desk.get_by_role("alert")).to_contain_text("已申报：孙桂芳 800.00 元")
    payout = Payout.objects.get()
    assert payout.status == "proposed" and payout.union == tree.union_a1

    # The town's admin approves it in the queue, within the budget.
    town = new_page()
    log_in(town, users.town.username)
    town.goto("/console/care/approvals/")
    row = town.get_by_role("row", name=re.compile("孙桂芳"))
    expect(row).to_contain_text("2000.00 元")
    shoot(town, "care-02-queue")
    town.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="批准", exact=True).click()
    expect(town.get_by_role("alert")).to_contain_text("已批准：孙桂芳 800.00 元")
    town.goto(f"/console/care/programmes/{prog.pk}/")
    expect(town.locator("#budgets")).to_contain_text("可用 1200.00 元")
    shoot(town, "care-03-budget")
    assert Budget.objects.get(programme=prog).approved == Decimal("800.00")

    # The worker, on a phone, sees the payout.
    phone = new_page(phone=True)
    phone.goto("/m/login/")
    phone.get_by_label("手机号").fill(worker.phone)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url("**/m/")
    phone.goto("/")  # the member site's home, whose tiles come from the apps' declarations
    phone.get_by_role("link", name=re.compile("关心关爱")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("关心关爱")
    expect(phone.locator("#my-payouts")).to_contain_text("2026年冬送温暖")
    expect(phone.locator("#my-payouts")).to_contain_text("800.00 元")
    expect(phone.locator("#my-payouts")).to_contain_text("已批准")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shoot(phone, "care-04-member")
