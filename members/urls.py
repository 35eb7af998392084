"""Page routes of the members app, all in the ``members`` namespace: the member site (phone first, under ``m/``) and
the public card check, and the staff console's roster, transfers, join applications and imports/exports (under
``console/members/``)."""

from django.urls import path

from .views import member, public
from .views.staff import applications, io, roster

site = [
    path("m/", member.home, name="home"),
    path("m/join/", public.join, name="join"),
    path("m/join/employers/", public.employer_search, name="employer_search"),
    path("m/join/unions/", public.join_unions, name="join_unions"),
    path("m/join/done/", public.join_done, name="join_done"),
    path("m/login/", member.MemberLoginView.as_view(), name="login"),
    path("m/logout/", member.MemberLogoutView.as_view(), name="logout"),
    path("m/card/", member.card, name="card"),
    path("m/password/<uidb64>/<token>/", public.SetPasswordView.as_view(), name="set_password"),
    path("m/password/done/", public.password_done, name="password_done"),
    path("verify/<str:token>/", public.verify_card, name="verify_card"),
    path("console/members/applications/", applications.application_list, name="application_list"),
    path("console/members/applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path(
        "console/members/applications/<int:pk>/approve/", applications.application_approve, name="application_approve"
    ),
    path("console/members/applications/<int:pk>/reject/", applications.application_reject, name="application_reject"),
]

console = [
    path("console/members/", roster.member_list, name="list"),
    path("console/members/new/", roster.member_create, name="create"),
    path("console/members/transfers/", roster.transfer_list, name="transfers"),
    path(
        "console/members/transfers/<int:pk>/accept/",
        roster.transfer_decide,
        {"decision": "accept"},
        name="transfer_accept",
    ),
    path(
        "console/members/transfers/<int:pk>/reject/",
        roster.transfer_decide,
        {"decision": "reject"},
        name="transfer_reject",
    ),
    path(
        "console/members/transfers/<int:pk>/cancel/",
        roster.transfer_decide,
        {"decision": "cancel"},
        name="transfer_cancel",
    ),
    path("console/members/<int:pk>/", roster.member_detail, name="detail"),
    path("console/members/<int:pk>/edit/", roster.member_edit, name="edit"),
    path("console/members/<int:pk>/status/", roster.member_status, name="status"),
    path("console/members/<int:pk>/transfer/", roster.member_transfer, name="transfer"),
    path("console/members/<int:pk>/reveal/", roster.member_reveal, name="reveal"),
    path("console/members/<int:pk>/revoke-card/", roster.member_revoke_card, name="revoke_card"),
]

io_pages = [
    path("console/members/io/import/", io.import_start, name="import_start"),
    path("console/members/io/import/template.xlsx", io.import_template, name="import_template"),
    path("console/members/io/import/<int:pk>/", io.import_job, name="import_job"),
    path("console/members/io/import/<int:pk>/errors.xlsx", io.import_errors, name="import_errors"),
    path("console/members/io/export/", io.export_start, name="export_start"),
    path("console/members/io/export/<int:pk>/", io.export_job, name="export_job"),
    path("console/members/io/export/<int:pk>/file.xlsx", io.export_file, name="export_file"),
]

urlpatterns = site + console + io_pages
