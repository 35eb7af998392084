"""Acceptance: redemption floods on real threads, each with its own connection (SQLite and PostgreSQL). A voucher
is used once; an offer never goes above its quota; a draw re-checks from its seed."""

import pytest

from core.testing import run_at_once
from members import cards

from .. import services
from ..models import Entry, Offer, Redemption, Voucher
from .factories import cashier, draw, member_with_account, merchant, offer

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_voucher_scanned_at_many_counters_is_used_once(tree, users):
    shop = merchant(tree.town_a, users.town)
    worker = member_with_account(tree.union_a1, users.union, 1)
    voucher = services.claim_voucher(offer(shop, users.town, kind="voucher"), member=worker, actor=worker.user)
    till = cashier(shop)
    token = cards.card_token(worker)

    def scan():
        member = services.member_from_card(token)
        return services.redeem_voucher(Voucher.objects.get(pk=voucher.pk), actor=till, member=member).pk

    results, errors = run_at_once([scan] * 16, workers=8)
    assert len([r for r in results if r]) == 1
    assert set(errors) <= {"voucher_used", "busy"} and errors.count("voucher_used") >= 1
    assert Redemption.objects.filter(voucher=voucher).count() == 1


def test_discount_flood_never_goes_above_quota(tree, users):
    shop = merchant(tree.town_a, users.town)
    o = offer(shop, users.town, quota=5, per_member=1)
    workers = [member_with_account(tree.union_a1, users.union, n) for n in range(1, 13)]
    till = cashier(shop)
    calls = [lambda w=w: services.redeem_offer(Offer.objects.get(pk=o.pk), member=w, actor=till).pk for w in workers]
    results, errors = run_at_once(calls, workers=8)
    done = [r for r in results if r]
    o.refresh_from_db()
    assert len(done) == o.taken == Redemption.objects.filter(offer=o).count()
    assert o.taken == 5, errors  # exactly the quota: not one more, and not one less
    assert set(errors) <= {"quota_full", "busy"}


def test_claim_flood_one_member_gets_per_member_and_all_get_at_most_quota(tree, users):
    shop = merchant(tree.town_a, users.town)
    o = offer(shop, users.town, kind="voucher", quota=4, per_member=2)
    a = member_with_account(tree.union_a1, users.union, 1)
    others = [member_with_account(tree.union_a1, users.union, n) for n in range(2, 8)]
    calls = [lambda: services.claim_voucher(Offer.objects.get(pk=o.pk), member=a, actor=a.user).pk] * 6
    calls += [lambda w=w: services.claim_voucher(Offer.objects.get(pk=o.pk), member=w, actor=w.user).pk for w in others]
    results, errors = run_at_once(calls, workers=8)
    o.refresh_from_db()
    assert Voucher.objects.filter(offer=o, member=a).count() <= 2
    assert o.taken == Voucher.objects.filter(offer=o).count() == 4
    assert set(errors) <= {"quota_full", "per_member_reached", "busy"}


def test_entry_flood_and_draw_rechecks_from_its_seed(tree, users):
    d = draw(tree.town_a, users.town, prizes=(("电饭煲", 2), ("保温杯", 3)))
    workers = [member_with_account(tree.union_a1, users.union, n) for n in range(1, 11)]
    calls = [lambda w=w: services.enter_draw(d, member=w, actor=w.user).pk for w in workers]
    calls += [lambda: services.enter_draw(d, member=workers[0], actor=workers[0].user).pk] * 4
    results, errors = run_at_once(calls, workers=8)
    assert Entry.objects.filter(draw=d).count() == 10
    assert set(errors) <= {"already_entered", "busy"}
    services.close_draw(d, actor=users.town)
    d.refresh_from_db()
    services.run_draw(d, actor=users.town)
    d.refresh_from_db()
    assert Entry.objects.filter(draw=d, prize__isnull=False).count() == 5
    # Anyone holding the seed, the entry numbers and the pool recomputes the same winners.
    entry_ids = list(Entry.objects.filter(draw=d).values_list("pk", flat=True))
    pool = list(d.prizes.order_by("rank").values_list("pk", "quantity"))
    stored = dict(Entry.objects.filter(draw=d, prize__isnull=False).values_list("pk", "prize_id"))
    assert services.allocate(d.seed, entry_ids, pool) == stored
    assert services.recheck(d)
