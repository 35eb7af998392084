"""The member-offers API: staff sign a merchant and publish an offer and a draw; a member claims and enters; the
merchant's login scans the card and redeems; anyone re-checks the drawn draw from its seed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.testing import api_call, assert_api_refused
from members import cards

from ..models import Merchant, Redemption, Voucher
from .factories import cashier, member_with_account

pytestmark = pytest.mark.django_db


def test_the_whole_way_through_the_api(client, tree, users, bearer):
    staff = bearer(users.town)
    made = api_call(client, "post", "/api/v1/benefits/merchants", staff, {
        "org": tree.town_a.code, "name": "老字号汤团店", "category": "food",
        "accounts": [{"phone": "19800007401", "display_name": "收银"}],
    })  # fmt: skip
    assert made.status_code == 201, made.content
    merchant = made.json()
    assert merchant["usernames"] == ["p19800007401"]
    today = timezone.localdate()
    offer_body = {"title": "汤团 9 折", "kind": "discount", "discount": "9折", "quota": 2,
                  "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=9)).isoformat()}  # fmt: skip
    discount = api_call(client, "post", f"/api/v1/benefits/merchants/{merchant['id']}/offers", staff, offer_body)
    assert discount.status_code == 201, discount.content
    voucher_body = {**offer_body, "title": "代金券", "kind": "voucher", "face_value": "20.00"}
    voucher_offer = api_call(client, "post", f"/api/v1/benefits/merchants/{merchant['id']}/offers", staff, voucher_body)
    assert voucher_offer.status_code == 201

    worker = member_with_account(tree.union_a1, users.union, 1)
    me = bearer(worker.user)
    assert {o["title"] for o in api_call(client, "get", "/api/v1/me/benefits/offers", me).json()} == {
        "汤团 9 折",
        "代金券",
    }
    claimed = api_call(client, "post", f"/api/v1/me/benefits/offers/{voucher_offer.json()['id']}/claim", me)
    assert claimed.status_code == 201
    code = claimed.json()["code"]
    assert_api_refused(
        client, me, "post", f"/api/v1/me/benefits/offers/{voucher_offer.json()['id']}/claim",
        status=409, code="per_member_reached", state=lambda: Voucher.objects.count(),
    )  # fmt: skip

    till = bearer(cashier(Merchant.objects.get()))
    card = cards.card_token(worker)
    seen = api_call(client, "post", "/api/v1/partner/benefits/scan", till, {"card": card}).json()
    assert seen["member_name"] == worker.name and [o["title"] for o in seen["offers"]] == ["汤团 9 折"]
    assert [v["code"] for v in seen["vouchers"]] == [code]
    used = api_call(
        client, "post", f"/api/v1/partner/benefits/offers/{discount.json()['id']}/redeem", till, {"card": card}
    )
    assert used.status_code == 201
    assert api_call(client, "post", "/api/v1/partner/benefits/vouchers/redeem", till, {"code": code}).status_code == 201
    assert_api_refused(
        client, till, "post", "/api/v1/partner/benefits/vouchers/redeem", {"code": code},
        status=409, code="voucher_used", state=lambda: Redemption.objects.count(),
    )  # fmt: skip
    # A staff token is no merchant's; a member's token is no staff's.
    assert api_call(client, "post", "/api/v1/partner/benefits/scan", staff, {"card": card}).status_code == 403
    assert api_call(client, "get", "/api/v1/benefits/merchants", me).status_code == 403

    close = (timezone.now() + timedelta(days=1)).isoformat()
    draw = api_call(client, "post", "/api/v1/benefits/draws", staff, {
        "org": tree.town_a.code, "title": "好运抽奖", "kind": "lucky", "entries_close_at": close,
        "prizes": [{"name": "保温杯", "quantity": 1}],
    })  # fmt: skip
    assert draw.status_code == 201, draw.content
    draw_id = draw.json()["id"]
    assert api_call(client, "post", f"/api/v1/me/benefits/draws/{draw_id}/enter", me).status_code == 201
    assert api_call(client, "post", f"/api/v1/benefits/draws/{draw_id}/close", staff).json()["seed"]
    winners = api_call(client, "post", f"/api/v1/benefits/draws/{draw_id}/run", staff).json()
    assert [w["member_id"] for w in winners] == [worker.pk]
    check = client.get(f"/api/v1/benefits/draws/{draw_id}/check").json()
    assert check["verified"] and check["entry_ids"] == [winners[0]["entry_id"]]
    collected = api_call(client, "post", f"/api/v1/benefits/entries/{winners[0]['entry_id']}/collect", staff)
    assert collected.json()["collected_at"]
    assert api_call(client, "get", "/api/v1/me/benefits/prizes", me).json()[0]["prize_name"] == "保温杯"
