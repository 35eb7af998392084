from django.contrib import admin

from .models import ChecklistItem


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    """The supervision checklist is configuration: system admins add, reorder or retire items here."""

    list_display = ("label", "code", "order", "active")
    list_editable = ("order", "active")
