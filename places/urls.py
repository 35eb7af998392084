"""Routes of the places pages, namespace ``places``: the phone site under ``m/places/`` and the console under
``console/places/``."""

from django.urls import path

from .views import member, staff

member_urls = [
    path("m/places/", member.finder, name="finder"),
    path("m/places/bookings/", member.my_bookings, name="my_bookings"),
    path("m/places/bookings/<int:pk>/cancel/", member.cancel_booking, name="cancel_booking"),
    path("m/places/<int:pk>/", member.place_page, name="place"),
    path("m/places/photos/<int:pk>.jpg", member.place_photo, name="photo"),
    path("m/places/resources/<int:pk>/book/", member.book, name="book"),
    path("m/places/door/<str:token>/", member.scan, name="scan"),
    path("m/places/door/<str:token>/rate/", member.scan_rate, name="scan_rate"),
    path("m/places/door/<str:token>/report/", member.scan_report, name="scan_report"),
    path("m/places/survey/<str:token>/", member.survey, name="survey"),
]

staff_urls = [
    path("console/places/", staff.place_list, name="staff_list"),
    path("console/places/new/", staff.place_create, name="staff_create"),
    path("console/places/<int:pk>/", staff.place_detail, name="staff_detail"),
    path("console/places/<int:pk>/edit/", staff.place_edit, name="staff_edit"),
    path("console/places/<int:pk>/qr.svg", staff.place_qr, name="staff_qr"),
    path("console/places/<int:pk>/photos/", staff.place_photos_add, name="staff_photos_add"),
    path("console/places/photos/<int:pk>.jpg", staff.place_photo, name="staff_photo"),
    path("console/places/photos/<int:pk>/delete/", staff.place_photo_delete, name="staff_photo_delete"),
    path("console/places/<int:pk>/review/", staff.place_review, name="staff_review"),
    path("console/places/<int:pk>/investment/", staff.place_investment, name="staff_investment"),
    path("console/places/<int:pk>/resources/new/", staff.resource_create, name="staff_resource_create"),
    path("console/places/resources/<int:pk>/", staff.resource_detail, name="staff_resource"),
    path("console/places/resources/<int:pk>/partners/", staff.resource_partners, name="staff_resource_partners"),
    path("console/places/bookings/", staff.booking_list, name="staff_bookings"),
    path("console/places/bookings/<int:pk>/cancel/", staff.booking_cancel, name="staff_booking_cancel"),
    path("console/places/bookings/<int:pk>/decide/", staff.booking_decide, name="staff_booking_decide"),
    path("console/places/bookings/<int:pk>/no-show/", staff.booking_no_show, name="staff_booking_no_show"),
    path("console/places/services/", staff.service_list, name="staff_services"),
    path("console/places/services/new/", staff.service_create, name="staff_service_create"),
    path("console/places/services/<int:pk>/edit/", staff.service_edit, name="staff_service_edit"),
    path("console/places/visits/", staff.field_visit_list, name="staff_field_visits"),
    path("console/places/visits/new/", staff.field_visit_create, name="staff_field_visit_create"),
    path("console/places/visits/<int:pk>/", staff.field_visit_detail, name="staff_field_visit"),
    path("console/places/visits/<int:pk>/close/", staff.field_visit_close, name="staff_field_visit_close"),
    path("console/places/demand/", staff.demand_list, name="staff_demand"),
    path("console/places/demand/survey/<int:enterprise_id>/", staff.demand_survey_link, name="staff_survey_link"),
    path("console/places/orders/", staff.order_list, name="staff_orders"),
    path("console/places/orders/new/", staff.order_create, name="staff_order_create"),
    path("console/places/orders/<int:pk>/", staff.order_detail, name="staff_order"),
    path("console/places/orders/<int:pk>/accept/", staff.order_accept, name="staff_order_accept"),
    path("console/places/orders/<int:pk>/decline/", staff.order_decline, name="staff_order_decline"),
    path("console/places/orders/<int:pk>/schedule/", staff.order_schedule, name="staff_order_schedule"),
    path("console/places/orders/<int:pk>/deliver/", staff.order_deliver, name="staff_order_deliver"),
    path("console/places/orders/<int:pk>/rate/", staff.order_rate, name="staff_order_rate"),
    path("console/places/orders/<int:pk>/withdraw/", staff.order_withdraw, name="staff_order_withdraw"),
]

urlpatterns = member_urls + staff_urls
