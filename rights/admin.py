from django.contrib import admin

from .models import ChecklistItem, RiskWeight


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    """The supervision checklist is configuration: system admins add, reorder or retire items here."""

    list_display = ("label", "code", "order", "active")
    list_editable = ("order", "active")


@admin.register(RiskWeight)
class RiskWeightAdmin(admin.ModelAdmin):
    """Early-warning weights and thresholds (keys: see ``rights.warning.DEFAULT_WEIGHTS``); a key without a row
    takes its default."""

    list_display = ("key", "weight")
