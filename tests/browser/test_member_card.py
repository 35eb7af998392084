"""Joining online and the e-member card in a real browser: a worker applies on a phone, the union's admin approves
on a desktop, the worker sets a password from the texted link, logs in by phone and shows the card; staff scan it
and see 真实有效, and a tampered or revoked card is not valid."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from core import sms
from members import services
from members.models import JoinApplication, Member, PlatformUnion
from members.tests.factories import make_id_number
from orgs.tests.factories import OrgFactory

from .conftest import log_in

PASSWORD = "Worker@2026"
PHONE = "13912345678"


def test_worker_joins_and_staff_verify_the_card(tree, users, new_page, shoot):
    sms.outbox.clear()
    phone = new_page(phone=True)
    phone.goto("/")
    phone.get_by_role("link", name=re.compile("申请入会")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("申请入会")
    expect(phone.get_by_label("个人信息处理告知书全文")).to_contain_text("敏感个人信息")

    phone.get_by_label("姓名").fill("陈晓燕")
    phone.get_by_label("证件号码").fill(make_id_number(7, female=True))
    phone.get_by_label("手机号").fill(PHONE)
    expect(phone.get_by_label("性别")).to_be_hidden()  # read from the 居民身份证号
    phone.get_by_label("工作单位").fill("甲一机械")
    results = phone.locator("#employer-results")
    expect(results).to_contain_text(tree.ent_a1.name)
    expect(results).to_contain_text(f"所属工会：{tree.union_a1.name}")
    results.get_by_role("radio").first.check()
    union_choice = phone.locator("#union-options").get_by_role("radio")
    expect(union_choice).to_have_count(1)
    expect(union_choice).to_be_checked()
    expect(phone.locator("#union-options")).to_contain_text(tree.union_a1.name)

    # Consent is its own, explicit step: without it nothing is submitted.
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator(".invalid-feedback")).to_contain_text("请阅读并同意《个人信息处理告知书》后再提交")
    assert not JoinApplication.objects.exists()
    shoot(phone, "member-01-join-needs-consent")
    phone.get_by_label("我已阅读并同意《个人信息处理告知书》").check()
    shoot(phone, "member-02-join-filled")
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("入会申请已提交")
    expect(phone.locator(".next-steps")).to_contain_text("139****5678")
    shoot(phone, "member-03-join-done")

    # The union's admin approves it in the console.
    staff = new_page()
    log_in(staff, users.union.username)
    staff.locator("#sidebar").get_by_role("link", name="入会审核").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("1 条待审核")
    shoot(staff, "member-04-review-queue")
    staff.get_by_role("link", name="陈晓燕").click()
    expect(staff.locator("main")).to_contain_text(JoinApplication.objects.get().id_masked)
    shoot(staff, "member-05-review-detail")
    staff.get_by_role("link", name="通过").click()
    staff.get_by_role("button", name="确认通过").click()
    expect(staff.get_by_role("alert")).to_contain_text("已通过陈晓燕的入会申请")
    shoot(staff, "member-06-approved")

    # The texted one-time link: set a password, land on the card.
    (message,) = [m for m in sms.outbox if m.phone == PHONE]
    link = urlsplit(re.search(r"https?://\S+/m/password/\S+/", message.text).group(0)).path
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("设置登录密码")
    phone.locator("input[name=new_password1]").fill(PASSWORD)
    phone.locator("input[name=new_password2]").fill(PASSWORD)
    shoot(phone, "member-07-set-password")
    phone.get_by_role("button", name="确认设置").click()
    phone.wait_for_url("**/m/card/")

    # Log out, then in again by phone.
    phone.goto("/m/")
    phone.get_by_role("button", name="退出登录").click()
    phone.wait_for_url("**/m/login/")
    phone.get_by_label("手机号").fill("139 1234 5678")
    phone.get_by_label("密码").fill(PASSWORD)
    shoot(phone, "member-08-login")
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url("**/m/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("陈晓燕")
    shoot(phone, "member-09-home")
    phone.get_by_role("link", name="电子会员证").click()
    member = Member.objects.get()
    card = phone.get_by_label("电子会员证")
    expect(card).to_contain_text(member.card_no)
    expect(card).to_contain_text(tree.union_a1.name)
    qr = phone.get_by_role("link", name="会员证核验二维码")
    expect(qr.locator("svg")).to_be_visible()
    shoot(phone, "member-10-card")
    verify_path = urlsplit(qr.get_attribute("data-verify-url")).path

    # Staff scan it: genuine. A tampered token, and the old one after revoking, are not.
    staff.goto(verify_path)
    expect(staff.locator(".verify-result")).to_contain_text("真实有效")
    expect(staff.locator(".verify-result")).to_contain_text(member.card_no)
    expect(staff.locator("body")).not_to_contain_text(member.id_masked)
    shoot(staff, "member-11-verify-genuine")
    token = verify_path.rstrip("/").split("/")[-1]
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    staff.goto(f"/verify/{tampered}/")
    expect(staff.locator(".verify-result")).to_contain_text("不是有效会员证")
    shoot(staff, "member-12-verify-tampered")
    services.revoke_card(member, actor=users.union, reason="遗失补办")
    staff.goto(verify_path)
    expect(staff.locator(".verify-result")).to_contain_text("不是有效会员证")
    expect(staff.locator(".verify-result")).to_contain_text("已作废")
    shoot(staff, "member-13-verify-revoked")
    phone.goto(verify_path)
    shoot(phone, "member-14-verify-revoked-phone")
    assert phone.js_errors == [] and staff.js_errors == []


def test_gig_worker_sees_the_platform_union(tree, new_page, shoot):
    union = OrgFactory(parent=tree.town_a, kind="joint", code="JA01", name="甲街道新就业形态联合工会")
    PlatformUnion.objects.create(org=union, platform="delivery")
    phone = new_page(phone=True)
    phone.goto("/m/join/")
    phone.get_by_label("证件类型").select_option(label="护照")
    expect(phone.get_by_label("性别")).to_be_visible()  # not readable from a passport number
    phone.get_by_label("我是新就业形态劳动者").check()
    expect(phone.get_by_label("工作单位")).to_be_hidden()
    phone.get_by_label("新就业形态类别").select_option(label="外卖配送")
    expect(phone.locator("#union-options").get_by_role("radio")).to_be_checked()
    expect(phone.locator("#union-options")).to_contain_text(union.name)
    phone.get_by_label("新就业形态类别").select_option(label="快递")
    expect(phone.locator("#union-options")).to_contain_text("该类别暂无可网上加入的工会")
    shoot(phone, "member-15-join-gig-no-union")
    assert phone.js_errors == []
