"""The member-offers services: merchants and their logins, offers and quotas, vouchers claimed and redeemed, card
scanning, draws entered, drawn from the published seed, re-checked, notified and collected."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.lottery import draw_order
from core import notify
from core.errors import DomainError
from core.models import AuditEvent
from members import cards
from members import services as member_services

from .. import services
from ..models import Draw, Entry, Offer, Redemption
from .factories import cashier, draw, in_days, member_with_account, merchant, offer

pytestmark = pytest.mark.django_db


def codes(call) -> str:
    with pytest.raises(DomainError) as exc:
        call()
    return exc.value.code


@pytest.fixture
def shop(tree, users):
    return merchant(tree.town_a, users.town)


def test_merchant_gets_a_partner_login(tree, users, shop):
    assert shop.partner.org == tree.town_a
    till = cashier(shop)
    assert till.username == "p19800007001"
    assert not till.grants.exists()
    assert services.merchants_of(till) == [shop]
    assert AuditEvent.objects.filter(action="benefits.merchant.created", object_id=str(shop.pk)).exists()
    assert codes(lambda: merchant(tree.town_a, users.town, phone="19800007002")) == "merchant_exists"
    assert codes(lambda: merchant(tree.town_b, users.town, name="乙店", phone="19800007003")) == "permission_denied"


def test_offer_rules(tree, users, shop):
    assert codes(lambda: offer(shop, users.town, kind="voucher", face_value=None)) == "face_value_required"
    assert codes(lambda: offer(shop, users.town, ends_on=in_days(-5))) == "invalid_dates"
    assert codes(lambda: offer(shop, users.town, quota=0)) == "invalid_quota"
    o = offer(shop, users.town, kind="voucher", quota=2)
    worker = member_with_account(tree.union_a1, users.union, 1)
    services.claim_voucher(o, member=worker, actor=worker.user)
    assert codes(lambda: services.update_offer(o, actor=users.town, quota=0)) == "invalid_quota"
    services.update_offer(o, actor=users.town, quota=1)
    o.refresh_from_db()
    assert (o.quota, o.taken) == (1, 1)
    services.withdraw_offer(o, actor=users.town)
    assert codes(lambda: services.claim_voucher(o, member=worker, actor=worker.user)) == "offer_not_valid"


def test_claim_and_redeem_a_voucher_once(tree, users, shop):
    o = offer(shop, users.town, kind="voucher", quota=10, per_member=1)
    worker = member_with_account(tree.union_a1, users.union, 1)
    voucher = services.claim_voucher(o, member=worker, actor=worker.user)
    assert codes(lambda: services.claim_voucher(o, member=worker, actor=worker.user)) == "per_member_reached"
    # A voucher is redeemed at the counter, not as a discount.
    assert codes(lambda: services.redeem_offer(o, member=worker, actor=cashier(shop))) == "must_claim"
    assert codes(lambda: services.redeem_voucher(voucher, actor=users.town)) == "permission_denied"
    redemption = services.redeem_voucher(voucher, actor=cashier(shop))
    assert redemption.voucher == voucher and redemption.org == tree.town_a
    assert codes(lambda: services.redeem_voucher(voucher, actor=cashier(shop))) == "voucher_used"
    assert Redemption.objects.count() == 1


def test_discount_at_the_counter(tree, users, shop):
    o = offer(shop, users.town, quota=2, per_member=1)
    a = member_with_account(tree.union_a1, users.union, 1)
    b = member_with_account(tree.union_a2, users.town, 2)
    c = member_with_account(tree.union_a1, users.union, 3)
    outsider = member_with_account(tree.union_b1, users.district, 4)
    assert codes(lambda: services.claim_voucher(o, member=a, actor=a.user)) == "not_claimable"
    services.redeem_offer(o, member=a, actor=cashier(shop))
    assert codes(lambda: services.redeem_offer(o, member=a, actor=cashier(shop))) == "per_member_reached"
    assert codes(lambda: services.redeem_offer(o, member=outsider, actor=cashier(shop))) == "not_for_member"
    services.redeem_offer(o, member=b, actor=cashier(shop))
    assert codes(lambda: services.redeem_offer(o, member=c, actor=cashier(shop))) == "quota_full"
    o.refresh_from_db()
    assert o.taken == 2


def test_card_scanning(tree, users):
    worker = member_with_account(tree.union_a1, users.union, 1)
    token = cards.card_token(worker)
    assert services.member_from_card(token) == worker
    assert services.member_from_card(f"https://gh.example.cn/verify/{token}/") == worker
    assert codes(lambda: services.member_from_card(token[:-2] + "xy")) == "card_invalid"
    member_services.revoke_card(worker, actor=users.union, reason="遗失")
    assert codes(lambda: services.member_from_card(token)) == "card_invalid"


def test_counter_view(tree, users, shop):
    from ..selectors import counter_view

    discount = offer(shop, users.town, per_member=2)
    voucher_offer = offer(shop, users.town, kind="voucher")
    worker = member_with_account(tree.union_a1, users.union, 1)
    voucher = services.claim_voucher(voucher_offer, member=worker, actor=worker.user)
    services.redeem_offer(discount, member=worker, actor=cashier(shop))
    seen = counter_view(shop, worker)
    assert [o.pk for o in seen["offers"]] == [discount.pk] and seen["offers"][0].left_for_member == 1
    assert seen["vouchers"] == [voucher]


def test_draw_from_entry_to_collected(tree, users, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_BACKEND = "locmem"
    notify.outbox.clear()
    d = draw(tree.town_a, users.town, prizes=(("电饭煲", 1), ("保温杯", 2)))
    workers = [member_with_account(tree.union_a1, users.union, n) for n in range(1, 6)]
    outsider = member_with_account(tree.union_b1, users.district, 9)
    entries = [services.enter_draw(d, member=w, actor=w.user) for w in workers]
    assert codes(lambda: services.enter_draw(d, member=workers[0], actor=workers[0].user)) == "already_entered"
    assert codes(lambda: services.enter_draw(d, member=outsider, actor=outsider.user)) == "not_for_member"
    assert codes(lambda: services.run_draw(d, actor=users.town)) == "seed_not_published"
    services.close_draw(d, actor=users.town)
    d.refresh_from_db()
    assert d.status == Draw.Status.CLOSED and len(d.seed) == 32 and d.entries_count == 5
    assert codes(lambda: services.enter_draw(d, member=outsider, actor=outsider.user)) == "draw_not_open"
    with django_capture_on_commit_callbacks(execute=True):
        winners = services.run_draw(d, actor=users.town)
    assert codes(lambda: services.run_draw(d, actor=users.town)) == "already_drawn"
    # The first in draw order gets the first prize, the next two the second.
    order = draw_order(d.seed, [e.pk for e in entries])
    prizes = list(d.prizes.order_by("rank"))
    got = dict(Entry.objects.filter(draw=d, prize__isnull=False).values_list("pk", "prize_id"))
    assert got == {order[0]: prizes[0].pk, order[1]: prizes[1].pk, order[2]: prizes[1].pk}
    assert len(winners) == 3
    d.refresh_from_db()
    assert services.recheck(d)
    assert len([n for n in notify.outbox if n.title == "中奖通知"]) == 3
    loser = Entry.objects.get(pk=order[3])
    assert codes(lambda: services.collect_prize(loser, actor=users.town)) == "not_a_winner"
    services.collect_prize(winners[0], actor=users.town)
    assert codes(lambda: services.collect_prize(winners[0], actor=users.town)) == "already_collected"
    # A tampered result no longer re-checks.
    Entry.objects.filter(pk=order[0]).update(prize=None)
    Entry.objects.filter(pk=order[3]).update(prize=prizes[0])
    assert not services.recheck(d)


def test_draw_validation(tree, users):
    assert codes(lambda: draw(tree.town_a, users.town, prizes=())) == "prizes_required"
    assert codes(lambda: draw(tree.town_a, users.town, prizes=(("", 1),))) == "invalid_prize"
    past = timezone.now() - timedelta(hours=1)
    assert codes(lambda: draw(tree.town_a, users.town, entries_close_at=past)) == "close_in_past"
    assert codes(lambda: draw(tree.town_b, users.town)) == "permission_denied"


def test_offer_quota_check_constraint(tree, users, shop):
    o = offer(shop, users.town, quota=1)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=o.pk).update(taken=2)
