from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Grant, User


class GrantInline(admin.TabularInline):
    model = Grant
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["org"]


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    inlines = [GrantInline]
    list_display = ["username", "display_name", "phone", "is_active", "last_login"]
    fieldsets = UserAdmin.fieldsets + (("工会平台", {"fields": ("display_name", "phone")}),)
