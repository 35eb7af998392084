from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .audience import audience_of
from .menus import badges_for, tiles_for, worklist_for


def member_home(request):
    """The member site's landing page (phone first)."""
    return render(request, "member/home.html", {"tiles": tiles_for(request)})


@login_required
def console_home(request):
    """The staff console's home: the to-do list (工作台) and the user's grants."""
    # A partner's or a worker's account never gets here: ``ConsoleAudienceMiddleware`` sends it to its own site.
    grants = request.user.grants.select_related("org").order_by("org__path")
    return render(request, "console/home.html", {"grants": grants, "worklist": worklist_for(request.user)})


@login_required
@require_GET
def menu_badges(request):
    """htmx, after a console page has loaded: the side menu's badges, swapped in out of band."""
    return render(request, "console/_menu_badges.html", {"badges": badges_for(request.user)})


# Where each audience is sent back to from an error page: (label, URL name).
_WAY_BACK = {
    "staff": [("返回工作台", "console_home")],
    "partner": [("返回合伙人门户", "activities:partner_home")],
    "member": [("返回职工之家", "member_home"), ("我的", "members:home")],
    "guest": [("返回首页", "member_home"), ("会员登录", "members:login")],
}


def _error_page(request, template: str, status: int, *, database: bool = True):
    audience = audience_of(request) if database else "guest"
    links = []
    for label, name in _WAY_BACK[audience]:
        try:
            links.append((label, reverse(name)))
        except Exception:
            continue
    return render(request, template, {"audience": audience, "links": links}, status=status)


def page_not_found(request, exception=None):
    return _error_page(request, "errors/404.html", 404)


def permission_denied(request, exception=None):
    return _error_page(request, "errors/403.html", 403)


def server_error(request):
    # The database may be what failed: no query, the links every visitor may follow.
    return render(request, "errors/500.html", {"links": [("返回首页", "/")]}, status=500)
