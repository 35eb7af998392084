"""Routes of the activity pages, all in the ``activities`` namespace: the member site under ``m/activities/``,
the staff console under ``console/activities/``, the partner portal under ``partner/``."""

from django.urls import path

from .views import member as views_member
from .views import partner as views_partner
from .views.staff import activities as views_staff
from .views.staff import checkin as views_checkin
from .views.staff import results as views_results
from .views.staff import series as views_series

member = [
    path("m/activities/", views_member.activity_list, name="member_list"),
    path("m/activities/calendar/", views_member.calendar, name="member_calendar"),
    path("m/activities/tickets/", views_member.my_tickets, name="member_tickets"),
    path("m/activities/registrations/<int:pk>/cancel/", views_member.cancel, name="member_cancel"),
    path("m/activities/<int:pk>/", views_member.detail, name="member_detail"),
    path("m/activities/<int:pk>/register/", views_member.register, name="member_register"),
    path("m/activities/<int:pk>/rate/", views_member.rate, name="member_rate"),
    path("m/activities/<int:pk>/checkin/", views_member.self_check_in, name="member_checkin"),
]

staff = [
    path("console/activities/", views_staff.activity_list, name="staff_list"),
    path("console/activities/new/", views_staff.activity_create, name="staff_create"),
    path("console/activities/<int:pk>/", views_staff.activity_detail, name="staff_detail"),
    path("console/activities/<int:pk>/edit/", views_staff.activity_edit, name="staff_edit"),
    path("console/activities/<int:pk>/publish/", views_staff.publish, name="publish"),
    path("console/activities/<int:pk>/close/", views_staff.close, name="close"),
    path("console/activities/<int:pk>/finish/", views_staff.finish, name="finish"),
    path("console/activities/<int:pk>/cancel/", views_staff.cancel, name="cancel"),
    path(
        "console/activities/<int:pk>/registrations/<int:reg_pk>/review/",
        views_staff.review_registration,
        name="review_registration",
    ),
    path("console/activities/<int:pk>/lottery/", views_results.lottery_page, name="lottery"),
    path("console/activities/<int:pk>/export/", views_results.export, name="export"),
    path("console/activities/<int:pk>/checkin/", views_checkin.checkin_page, name="checkin"),
    path("console/activities/<int:pk>/checkin/ticket/", views_checkin.checkin_ticket, name="checkin_ticket"),
    path("console/activities/<int:pk>/checkin/walk-in/", views_checkin.walk_in, name="walk_in"),
    path("console/activities/<int:pk>/screen/", views_checkin.screen, name="screen"),
    path("console/activities/<int:pk>/screen/qr/", views_checkin.screen_qr, name="screen_qr"),
    path("console/activities/series/", views_series.series_list, name="series_list"),
    path("console/activities/series/new/", views_series.series_create, name="series_create"),
    path("console/activities/series/<int:pk>/", views_series.series_detail, name="series_detail"),
    path("console/activities/partners/", views_series.partner_list, name="partner_list"),
    path("console/activities/partners/new/", views_series.partner_create, name="partner_create"),
    path("console/activities/partners/<int:pk>/account/", views_series.partner_account, name="partner_account"),
    path("console/activities/proposals/", views_series.proposal_list, name="proposal_list"),
    path("console/activities/proposals/<int:pk>/", views_series.proposal_detail, name="proposal_detail"),
]

partner = [
    path("partner/", views_partner.home, name="partner_home"),
    path("partner/proposals/new/", views_partner.proposal_new, name="partner_new"),
    path("partner/proposals/<int:pk>/", views_partner.proposal_detail, name="partner_detail"),
    path("partner/proposals/<int:pk>/resubmit/", views_partner.proposal_resubmit, name="partner_resubmit"),
]

urlpatterns = member + staff + partner
