"""Routes of the library pages (namespace ``library``): the console under ``console/library/``, the phone under
``m/library/`` (a copy's label QR opens ``m/library/copies/<label>/``)."""

from django.urls import path

from .views import member, staff

staff_routes = [
    path("console/library/", staff.room_list, name="rooms"),
    path("console/library/rooms/new/", staff.room_create, name="room_create"),
    path("console/library/rooms/<int:pk>/", staff.room_detail, name="room"),
    path("console/library/rooms/<int:pk>/lend/", staff.room_lend, name="lend"),
    path("console/library/rooms/<int:pk>/return/", staff.room_return, name="return"),
    path("console/library/rooms/<int:pk>/copies/", staff.room_copies, name="copies"),
    path("console/library/rooms/<int:pk>/labels/", staff.room_labels, name="labels"),
    path("console/library/catalogue/", staff.catalogue, name="catalogue"),
    path("console/library/loans/", staff.loan_list, name="loans"),
    path("console/library/copies/<int:pk>/", staff.copy_detail, name="copy"),
    path("console/library/scores/", staff.scores, name="scores"),
]

member_routes = [
    path("m/library/", member.loan_list, name="member_loans"),
    path("m/library/copies/<str:label>/", member.copy_detail, name="member_copy"),
    path("m/library/copies/<str:label>/borrow/", member.copy_borrow, name="member_borrow"),
]

urlpatterns = staff_routes + member_routes
