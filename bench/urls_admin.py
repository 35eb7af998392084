"""The project's URLs plus ``/bench-admin/``: a separate ``AdminSite`` with a ``ModelAdmin`` for ``Member`` as a
Django shop would write it (the same columns as the console list, search on name/pinyin/phone, a status filter,
the union joined, the default paginator that COUNTs). Only ``bench/settings_admin.py`` uses this module."""

from django.conf import settings
from django.contrib import admin
from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns
from members.models import Member

site = admin.AdminSite(name="bench_admin")


@admin.register(Member, site=site)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "gender", "id_masked", "phone", "union", "card_no", "joined_on", "status")
    search_fields = ("name", "name_pinyin", "name_initials", "phone")
    list_filter = ("status",)
    list_select_related = ("union",)
    ordering = ("-joined_on", "-id")
    list_per_page = settings.PAGE_SIZE  # the console's page size, so both pages list the same rows


urlpatterns = [*project_urlpatterns, path("bench-admin/", site.urls)]
