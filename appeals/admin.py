"""The holiday calendar and the deadlines per category are set by the operator in /sysadmin/: a new year's
holidays are published each November, and a district may shorten a category's deadline."""

from django.contrib import admin

from .models import CategoryDeadline, Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "day"


@admin.register(CategoryDeadline)
class CategoryDeadlineAdmin(admin.ModelAdmin):
    list_display = ["category", "accept_days", "resolve_days"]
