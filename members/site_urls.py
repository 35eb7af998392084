"""Routes of the member site (phone first, under ``m/``), the public card check, and the staff review of join
applications (under ``console/members/applications/``, next to the roster's console pages)."""

from django.urls import path

from . import review_views, site_views

urlpatterns = [
    path("m/", site_views.home, name="home"),
    path("m/join/", site_views.join, name="join"),
    path("m/join/employers/", site_views.employer_search, name="employer_search"),
    path("m/join/unions/", site_views.join_unions, name="join_unions"),
    path("m/join/done/", site_views.join_done, name="join_done"),
    path("m/login/", site_views.MemberLoginView.as_view(), name="login"),
    path("m/logout/", site_views.MemberLogoutView.as_view(), name="logout"),
    path("m/card/", site_views.card, name="card"),
    path("m/password/<uidb64>/<token>/", site_views.SetPasswordView.as_view(), name="set_password"),
    path("m/password/done/", site_views.password_done, name="password_done"),
    path("verify/<str:token>/", site_views.verify_card, name="verify_card"),
    path("console/members/applications/", review_views.application_list, name="application_list"),
    path("console/members/applications/<int:pk>/", review_views.application_detail, name="application_detail"),
    path(
        "console/members/applications/<int:pk>/approve/", review_views.application_approve, name="application_approve"
    ),
    path("console/members/applications/<int:pk>/reject/", review_views.application_reject, name="application_reject"),
]
