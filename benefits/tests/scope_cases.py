"""Out-of-scope cases of every benefits route that names an object (run by core/tests/test_route_scope.py).

乙镇 (town_b) signs a merchant with a discount and a voucher offer, runs a draw that a member of 乙一 entered and won;
the town admin of 甲街道 asks for them in the console and the staff API; a member of 甲一 asks to claim 乙镇's offer
and to see and enter its draw (pages and API); the cashier of 甲街道's own merchant asks to redeem 乙镇's offer and
voucher. Each answers 404."""

from core.testing import ScopeTable
from orgs.tests.factories import UserFactory

from .. import services
from .factories import cashier, draw, member_with_account, merchant, offer

table = ScopeTable("benefits")


@table.world
def world(w):
    town_b = UserFactory(username="benefits_town_b", grant=(w.tree.town_b, "federation_admin"))
    w.merchant = merchant(w.tree.town_b, town_b, name="乙镇百货", phone="19800007091")
    w.discount = offer(w.merchant, town_b)
    w.voucher_offer = offer(w.merchant, town_b, kind="voucher")
    winner = member_with_account(w.tree.union_b1, town_b, 91)
    w.voucher = services.claim_voucher(w.voucher_offer, member=winner, actor=winner.user)
    w.draw = draw(w.tree.town_b, town_b, prizes=(("保温杯", 1),))
    w.entry = services.enter_draw(w.draw, member=winner, actor=winner.user)
    w.asker = w.users.town
    w.worker = member_with_account(w.tree.union_a1, w.users.union, 92)
    own = merchant(w.tree.town_a, w.users.town, name="甲街道超市", phone="19800007092")
    w.cashier = cashier(own)


staff_pages = [
    ("benefits:merchant", lambda w: [w.merchant.pk], ("get",)),
    ("benefits:merchant_toggle", lambda w: [w.merchant.pk], ("post",)),
    ("benefits:offer_create", lambda w: [w.merchant.pk], ("get", "post")),
    ("benefits:offer", lambda w: [w.discount.pk], ("get",)),
    ("benefits:offer_withdraw", lambda w: [w.discount.pk], ("post",)),
    ("benefits:draw", lambda w: [w.draw.pk], ("get",)),
    ("benefits:draw_close", lambda w: [w.draw.pk], ("post",)),
    ("benefits:draw_run", lambda w: [w.draw.pk], ("post",)),
    ("benefits:entry_collect", lambda w: [w.entry.pk], ("post",)),
]
for key, args, methods in staff_pages:
    table.pages([key], args=args, user=lambda w: w.asker, methods=methods)

table.pages(
    ["benefits:member_claim"], args=lambda w: [w.voucher_offer.pk], user=lambda w: w.worker.user, methods=("post",)
)
table.pages(["benefits:member_draw"], args=lambda w: [w.draw.pk], user=lambda w: w.worker.user, methods=("get",))
table.pages(["benefits:member_enter"], args=lambda w: [w.draw.pk], user=lambda w: w.worker.user, methods=("post",))
table.pages(
    ["benefits:portal_redeem_offer"],
    args=lambda w: [w.discount.pk],
    user=lambda w: w.cashier,
    methods=("post",),
    data=lambda w: {"card": ""},
)
table.pages(
    ["benefits:portal_redeem_voucher"], args=lambda w: [w.voucher.pk], user=lambda w: w.cashier, methods=("post",)
)

# The API: staff, member and merchant operations that name an object.
table.api(
    [
        "GET /api/v1/benefits/merchants/{merchant_id}",
        "POST /api/v1/benefits/merchants/{merchant_id}/offers",
    ],
    params=lambda w: {"merchant_id": w.merchant.pk},
    user=lambda w: w.asker,
    body=lambda w: {"title": "券", "kind": "discount", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
)
table.api(
    ["POST /api/v1/benefits/offers/{offer_id}/withdraw"],
    params=lambda w: {"offer_id": w.discount.pk},
    user=lambda w: w.asker,
)
table.api(
    [
        "GET /api/v1/benefits/draws/{draw_id}",
        "POST /api/v1/benefits/draws/{draw_id}/close",
        "POST /api/v1/benefits/draws/{draw_id}/run",
        "GET /api/v1/benefits/draws/{draw_id}/winners",
    ],
    params=lambda w: {"draw_id": w.draw.pk},
    user=lambda w: w.asker,
)
table.api(
    ["POST /api/v1/benefits/entries/{entry_id}/collect"],
    params=lambda w: {"entry_id": w.entry.pk},
    user=lambda w: w.asker,
)
table.api(
    ["POST /api/v1/me/benefits/offers/{offer_id}/claim"],
    params=lambda w: {"offer_id": w.voucher_offer.pk},
    user=lambda w: w.worker.user,
)
table.api(
    ["POST /api/v1/me/benefits/draws/{draw_id}/enter"],
    params=lambda w: {"draw_id": w.draw.pk},
    user=lambda w: w.worker.user,
)
table.api(
    ["POST /api/v1/partner/benefits/offers/{offer_id}/redeem"],
    params=lambda w: {"offer_id": w.discount.pk},
    user=lambda w: w.cashier,
    body=lambda w: {"card": "x"},
)
table.exempt(
    "GET /api/v1/benefits/draws/{draw_id}/check",
    "public by design: a drawn draw's seed, entry numbers and winners are published so anyone can re-check them",
)
