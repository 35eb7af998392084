from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from ops.views import public as ops_public

from .api import api

urlpatterns = [
    path("healthz", ops_public.healthz, name="healthz"),
    path("", core_views.member_home, name="member_home"),
    path("console/", core_views.console_home, name="console_home"),
    path("console/badges/", core_views.menu_badges, name="menu_badges"),
    path("console/", include(("orgs.urls", "orgs"))),
    path("console/audit/", include(("core.urls", "core"))),
    path("console/reports/", include(("reports.urls", "reports"))),
    path("console/accounts/", include(("accounts.console_urls", "staff_accounts"))),
    path("console/ops/", include(("ops.urls", "ops"))),
    path("accounts/", include(("accounts.urls", "accounts"))),
    path("", include(("members.urls", "members"))),
    path("", include(("activities.urls", "activities"))),
    path("", include(("appeals.urls", "appeals"))),
    path("", include(("care.urls", "care"))),
    path("", include(("rights.urls", "rights"))),
    path("", include(("places.urls", "places"))),
    path("", include(("unionlife.urls", "unionlife"))),
    path("", include(("benefits.urls", "benefits"))),
    path("", include(("honours.urls", "honours"))),
    path("", include(("training.urls", "training"))),
    path("", include(("contests.urls", "contests"))),
    path("", include(("library.urls", "library"))),
    path("", include(("volunteers.urls", "volunteers"))),
    path("api/v1/", api.urls),
    path("sysadmin/", admin.site.urls),
]

handler404 = "core.views.page_not_found"
handler403 = "core.views.permission_denied"
handler500 = "core.views.server_error"
