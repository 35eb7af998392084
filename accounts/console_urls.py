"""Console pages for managing staff accounts, under ``console/accounts/`` (namespace ``staff_accounts``)."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.account_list, name="list"),
    path("new/", staff.account_create, name="create"),
    path("orgs/", staff.pick_org, name="pick_org"),
    path("<int:pk>/", staff.account_detail, name="detail"),
    path("<int:pk>/edit/", staff.account_edit, name="edit"),
    path("<int:pk>/reset/", staff.account_reset, name="reset"),
    path("<int:pk>/disable/", staff.account_disable, name="disable"),
    path("<int:pk>/enable/", staff.account_enable, name="enable"),
    path("<int:pk>/grants/new/", staff.grant_add, name="grant_add"),
    path("<int:pk>/grants/<int:grant_pk>/role/", staff.grant_role, name="grant_role"),
    path("<int:pk>/grants/<int:grant_pk>/revoke/", staff.grant_revoke, name="grant_revoke"),
]
