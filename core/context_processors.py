from core.scoping import EVERYTHING, scope_paths


def navigation(request):
    """What the sidebar may show: only the sections the user holds a permission for."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def has(perm):
        paths = scope_paths(user, perm)
        return paths is EVERYTHING or bool(paths)

    return {
        "nav": {
            "orgs": has("orgs.view"),
            "enterprises": has("enterprises.view"),
            "members": has("members.view"),
            "transfers": has("members.transfer"),
            "applications": has("members.approve"),
            "activities": has("activities.view"),
            "appeals": has("appeals.view"),
            "reports": has("reports.view"),
            "audit": has("audit.view"),
        }
    }
