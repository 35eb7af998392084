from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .menus import tiles_for, worklist_for


def member_home(request):
    """The member site's landing page (phone first)."""
    return render(request, "member/home.html", {"tiles": tiles_for(request)})


@login_required
def console_home(request):
    """The staff console's home: the user's grants and a way into the tree."""
    grants = request.user.grants.select_related("org").order_by("org__path")
    if not grants and request.user.partners.exists():
        # A partner organisation's account holds no grant: its work is in the partner portal.
        return redirect("activities:partner_home")
    return render(request, "console/home.html", {"grants": grants, "worklist": worklist_for(request.user)})


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    return render(request, "errors/500.html", status=500)
