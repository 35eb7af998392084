from django.utils.functional import SimpleLazyObject

from .menus import menu_for


def navigation(request):
    """The console's side menu (``core.menus``): only the entries the user holds a permission for. Computed only
    when a template reads it (member pages and the API never do)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"menu": SimpleLazyObject(lambda: menu_for(request))}
