"""Routes of the member-offers pages (namespace ``benefits``): the console under ``console/benefits/``, the phone
under ``m/benefits/``, the merchant portal under ``partner/benefits/``."""

from django.urls import path

from .views import member, partner, staff

staff_routes = [
    path("console/benefits/", staff.merchant_list, name="merchants"),
    path("console/benefits/merchants/new/", staff.merchant_create, name="merchant_create"),
    path("console/benefits/merchants/<int:pk>/", staff.merchant_detail, name="merchant"),
    path("console/benefits/merchants/<int:pk>/toggle/", staff.merchant_toggle, name="merchant_toggle"),
    path("console/benefits/merchants/<int:pk>/offers/new/", staff.offer_create, name="offer_create"),
    path("console/benefits/offers/", staff.offer_list, name="offers"),
    path("console/benefits/offers/<int:pk>/", staff.offer_detail, name="offer"),
    path("console/benefits/offers/<int:pk>/withdraw/", staff.offer_withdraw, name="offer_withdraw"),
    path("console/benefits/redemptions/", staff.redemption_list, name="redemptions"),
    path("console/benefits/draws/", staff.draw_list, name="draws"),
    path("console/benefits/draws/new/", staff.draw_create, name="draw_create"),
    path("console/benefits/draws/<int:pk>/", staff.draw_detail, name="draw"),
    path("console/benefits/draws/<int:pk>/close/", staff.draw_close, name="draw_close"),
    path("console/benefits/draws/<int:pk>/run/", staff.draw_run, name="draw_run"),
    path("console/benefits/entries/<int:pk>/collect/", staff.entry_collect, name="entry_collect"),
]

member_routes = [
    path("m/benefits/", member.offers, name="member_offers"),
    path("m/benefits/offers/<int:pk>/claim/", member.claim, name="member_claim"),
    path("m/benefits/draws/", member.draws, name="member_draws"),
    path("m/benefits/draws/<int:pk>/", member.draw_detail, name="member_draw"),
    path("m/benefits/draws/<int:pk>/enter/", member.enter, name="member_enter"),
    path("m/benefits/prizes/", member.prizes, name="member_prizes"),
]

partner_routes = [
    path("partner/benefits/", partner.counter, name="portal"),
    path("partner/benefits/offers/<int:pk>/redeem/", partner.redeem_offer, name="portal_redeem_offer"),
    path("partner/benefits/vouchers/<int:pk>/redeem/", partner.redeem_voucher, name="portal_redeem_voucher"),
    path("partner/benefits/history/", partner.history, name="portal_history"),
]

urlpatterns = staff_routes + member_routes + partner_routes
