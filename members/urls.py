"""URLs of the members app, one module per area so each stays small: the member site (phone), the staff
console's roster, and imports/exports."""

from django.urls import include, path

urlpatterns = [
    path("", include("members.site_urls")),
    path("console/members/", include("members.console_urls")),
    path("console/members/io/", include("members.io_urls")),
]
