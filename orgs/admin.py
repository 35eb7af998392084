from django.contrib import admin

from .models import Enterprise, Org


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the console so that tree rules and audit apply."""

    list_display = ["code", "name", "kind", "status"]
    search_fields = ["code", "name", "name_initials"]
    list_filter = ["kind", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "org", "covering_union", "status"]
    search_fields = ["name", "uscc"]
    list_select_related = ["org", "covering_union"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
