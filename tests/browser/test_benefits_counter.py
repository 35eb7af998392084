"""A merchant's counter in a real browser: a member finds the offer on the phone and shows the e-card; the
merchant's cashier logs in with the partner login, opens the counter from the partner portal, pastes what the
scanner read from the card's QR (the camera cannot be driven here: the typed/pasted path), sees the member's
offers and redeems one after confirming. The offer's quota and the member's limit then show it used."""

import re

from playwright.sync_api import expect

from benefits.models import Redemption
from benefits.tests.factories import cashier, member_with_account, merchant, offer

from .test_first_week import as_member

PASSWORD = "Till@2026pass"


def test_a_merchant_scans_a_members_card_and_redeems_an_offer(tree, users, new_page, live_server, shoot):
    shop = merchant(tree.town_a, users.town, name="阳光眼镜店", category="health")
    discount = offer(shop, users.town, title="配镜 8.8 折", quota=10, per_member=1)
    worker = member_with_account(tree.union_a1, users.union, 1)
    till_user = cashier(shop)
    till_user.set_password(PASSWORD)
    till_user.save()

    # The member finds the offer from the home tiles and opens the e-card.
    phone = new_page(phone=True)
    as_member(phone, live_server, worker.user)
    phone.goto("/")
    phone.get_by_role("link", name=re.compile("会员普惠")).click()
    expect(phone.locator("#member-offers")).to_contain_text("配镜 8.8 折")
    expect(phone.locator("#member-offers")).to_contain_text("到店出示电子会员证即可享受")
    shoot(phone, "benefits-01-phone-offers")
    phone.goto("/m/card/")
    verify_url = phone.get_by_role("link", name="会员证核验二维码").get_attribute("data-verify-url")
    assert "/verify/" in verify_url

    # The cashier logs in with the partner login and opens the counter.
    till = new_page()
    till.goto("/accounts/login/")
    till.get_by_label("用户名").fill(till_user.username)
    till.get_by_label("密码").fill(PASSWORD)
    till.get_by_role("button", name="登录").click()
    till.wait_for_url("**/partner/")
    till.get_by_role("link", name="商户扫码核销").click()
    expect(till.get_by_role("heading", level=1)).to_contain_text("阳光眼镜店 · 扫码核销")
    till.get_by_label("会员证二维码或券码").fill(verify_url)
    till.get_by_role("button", name="查询").click()
    expect(till.locator("#scanned-member")).to_contain_text(worker.name)
    expect(till.locator("#scanned-member")).to_contain_text("会员证有效")
    row = till.locator("#counter-offers li", has_text="配镜 8.8 折")
    expect(row).to_contain_text("本人还可使用 1 次")
    shoot(till, "benefits-02-counter-scanned")
    till.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="核销").click()
    expect(till.get_by_role("alert")).to_contain_text(f"核销成功：配镜 8.8 折（{worker.name}）")
    # Used once: the member's limit is reached, the quota shows one taken.
    expect(till.locator("#counter-offers")).to_contain_text("暂无可用的优惠")
    shoot(till, "benefits-03-counter-redeemed")
    assert Redemption.objects.filter(offer=discount, member=worker).count() == 1
    discount.refresh_from_db()
    assert discount.taken == 1

    # A tampered card is refused at the counter.
    till.get_by_label("会员证二维码或券码").fill(verify_url.rstrip("/")[:-2] + "zz/")
    till.get_by_role("button", name="查询").click()
    expect(till.locator("#scan-form")).to_contain_text("电子会员证无效")

    till.get_by_role("link", name="核销记录").click()
    expect(till.locator("#portal-history")).to_contain_text(worker.name)
    assert till.js_errors == [] and phone.js_errors == []
