"""The console, phone and merchant-portal pages: lists with search and empty states, writing through the forms,
claiming and entering on the phone, scanning a card or typing a voucher code at the counter."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members import cards

from .. import services
from ..models import Draw, Merchant, Offer, Redemption, Voucher
from .factories import cashier, draw, member_with_account, merchant, offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(tree, users):
    return merchant(tree.town_a, users.town)


def test_console_lists_and_empty_states(login, users, tree):
    client = login(users.town)
    for name, empty in [
        ("benefits:merchants", "还没有签约商户"),
        ("benefits:offers", "还没有会员优惠"),
        ("benefits:redemptions", "还没有核销记录"),
        ("benefits:draws", "还没有抽奖或福利派送"),
    ]:
        page = client.get(reverse(name))
        assert page.status_code == 200 and empty in page.content.decode()
    assert "没有符合条件的商户" in client.get(reverse("benefits:merchants"), {"q": "无此商户"}).content.decode()


def test_merchant_list_costs_the_same_for_many(login, users, tree, django_assert_max_num_queries):
    for i in range(6):
        merchant(tree.town_a, users.town, name=f"商户{i}", phone=f"1980000720{i}")
    client = login(users.town)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("benefits:merchants"))
    assert page.content.decode().count("商户") >= 6


def test_sign_a_merchant_publish_an_offer_and_withdraw_it(login, users, tree):
    client = login(users.town)
    page = client.post(
        reverse("benefits:merchant_create"),
        {
            "org": tree.town_a.code,
            "name": "阳光眼镜店",
            "category": "health",
            "address": "中山路 1 号",
            "phone": "0574-88888888",
            "account_phone": "19800007301",
            "account_name": "王收银",
        },
    )
    shop = Merchant.objects.get(name="阳光眼镜店")
    assert page.status_code == 302 and page.url == reverse("benefits:merchant", args=[shop.pk])
    assert cashier(shop).username == "p19800007301"
    page = client.post(
        reverse("benefits:offer_create", args=[shop.pk]),
        {
            "title": "配镜 8 折",
            "kind": "discount",
            "discount": "8折",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "quota": "100",
            "per_member": "1",
        },
    )
    o = Offer.objects.get(title="配镜 8 折")
    assert page.status_code == 302
    detail = client.get(reverse("benefits:offer", args=[o.pk])).content.decode()
    assert "data-confirm" in detail and "已用 0 / 100" in detail
    client.post(reverse("benefits:offer_withdraw", args=[o.pk]))
    o.refresh_from_db()
    assert o.withdrawn_at is not None
    # A voucher without a face value is refused on the form.
    page = client.post(
        reverse("benefits:offer_create", args=[shop.pk]),
        {"title": "券", "kind": "voucher", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "per_member": "1"},
    )
    assert page.status_code == 200 and "代金券和消费券须填写面值" in page.content.decode()


def test_draw_pages_from_creation_to_collection(login, users, tree):
    client = login(users.town)
    close = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        reverse("benefits:draw_create"),
        {"org": tree.town_a.code, "title": "国庆好运抽奖", "kind": "lucky", "entries_close_at": close,
         "prizes": "自行车|1\n雨伞|2"},
    )  # fmt: skip
    d = Draw.objects.get(title="国庆好运抽奖")
    assert page.status_code == 302 and d.prizes.count() == 2
    worker = member_with_account(tree.union_a1, users.union, 1)
    phone = login(worker.user)
    assert "国庆好运抽奖" in phone.get(reverse("benefits:member_draws")).content.decode()
    phone.post(reverse("benefits:member_enter", args=[d.pk]))
    assert "您已参与" in phone.get(reverse("benefits:member_draw", args=[d.pk])).content.decode()
    client.post(reverse("benefits:draw_close", args=[d.pk]))
    client.post(reverse("benefits:draw_run", args=[d.pk]))
    d.refresh_from_db()
    staff_page = client.get(reverse("benefits:draw", args=[d.pk])).content.decode()
    assert d.seed in staff_page and "与种子重算结果一致" in staff_page
    entry = d.entries.get()
    client.post(reverse("benefits:entry_collect", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.collected_at is not None
    prizes = phone.get(reverse("benefits:member_prizes")).content.decode()
    assert "自行车" in prizes and "已领取" in prizes


def test_phone_claims_a_voucher(login, users, tree, shop):
    voucher_offer = offer(shop, users.town, kind="voucher", title="满 200 减 30")
    offer(shop, users.town, title="会员 9 折")
    worker = member_with_account(tree.union_a1, users.union, 1)
    phone = login(worker.user)
    page = phone.get(reverse("benefits:member_offers")).content.decode()
    assert "满 200 减 30" in page and "会员 9 折" in page and "还没有领取优惠券" in page
    phone.post(reverse("benefits:member_claim", args=[voucher_offer.pk]))
    voucher = Voucher.objects.get(member=worker)
    assert voucher.code in phone.get(reverse("benefits:member_offers")).content.decode()
    # A second claim is refused with the reason.
    page = phone.post(reverse("benefits:member_claim", args=[voucher_offer.pk]), follow=True).content.decode()
    assert "每位会员限 1 次" in page


def test_counter_scans_a_card_and_redeems(login, users, tree, shop):
    discount = offer(shop, users.town, title="会员 9 折")
    voucher_offer = offer(shop, users.town, kind="voucher", title="满 200 减 30")
    worker = member_with_account(tree.union_a1, users.union, 1)
    voucher = services.claim_voucher(voucher_offer, member=worker, actor=worker.user)
    till = login(cashier(shop))
    token = cards.card_token(worker)
    page = till.get(reverse("benefits:portal"), {"code": f"https://x/verify/{token}/"}).content.decode()
    assert worker.name in page and "会员 9 折" in page and voucher.code in page
    till.post(reverse("benefits:portal_redeem_offer", args=[discount.pk]), {"card": token})
    till.post(reverse("benefits:portal_redeem_voucher", args=[voucher.pk]), {"card": token})
    assert Redemption.objects.count() == 2
    page = till.get(reverse("benefits:portal"), {"code": token}).content.decode()
    assert "暂无可用的优惠" in page
    page = till.get(reverse("benefits:portal"), {"code": voucher.code.lower()}).content.decode()
    assert "已于" in page
    assert "二维码无法识别" in till.get(reverse("benefits:portal"), {"code": "not-a-card"}).content.decode()
    history = till.get(reverse("benefits:portal_history")).content.decode()
    assert history.count(worker.name) == 2


def test_portal_is_for_merchants_only(login, users, tree):
    worker = member_with_account(tree.union_a1, users.union, 1)
    assert login(worker.user).get(reverse("benefits:portal")).status_code == 404
    assert login(users.town).get(reverse("benefits:portal")).status_code == 404


def test_partner_home_links_the_counter(login, users, shop):
    page = login(cashier(shop)).get(reverse("activities:partner_home")).content.decode()
    assert reverse("benefits:portal") in page


def test_member_home_has_the_tile(login, users, tree):
    worker = member_with_account(tree.union_a1, users.union, 1)
    assert reverse("benefits:member_offers") in login(worker.user).get("/").content.decode()


def test_draw_of_another_town_is_not_shown(login, users, tree):
    other = draw(tree.town_b, users.district)
    worker = member_with_account(tree.union_a1, users.union, 1)
    assert login(worker.user).get(reverse("benefits:member_draw", args=[other.pk])).status_code == 404
