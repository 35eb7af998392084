from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Grant, User
from .roles import role_choices


class GrantForm(forms.ModelForm):
    """The role is chosen among the declared roles (they are not database choices)."""

    role = forms.ChoiceField(label="角色", choices=role_choices)

    class Meta:
        model = Grant
        fields = ["org", "role"]


class GrantInline(admin.TabularInline):
    model = Grant
    form = GrantForm
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["org"]


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    inlines = [GrantInline]
    list_display = ["username", "display_name", "phone", "is_active", "last_login"]
    fieldsets = UserAdmin.fieldsets + (("工会平台", {"fields": ("display_name", "phone")}),)
