"""The member site's pages for a logged-in member (phone first): logging in by phone, the member's home and their
e-member card. ``member_required`` guards every member page of the platform (activities' and appeals' too)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.menus import tiles_for

from .. import cards
from ..models import Member
from ..site_forms import MemberLoginForm


def member_required(view):
    """The logged-in member's own pages: anyone else is sent to the member login (a staff account with a note)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        login_url = reverse("members:login")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url)
        member = Member.objects.select_related("union").filter(user=request.user).first()
        if member is None:
            messages.info(request, _("当前登录的是工作人员账号，请使用会员的手机号和密码登录。"))
            return redirect_to_login(request.get_full_path(), login_url)
        request.member = member
        return view(request, *args, **kwargs)

    return wrapped


# --- Logging in, home and card ----------------------------------------------------------------------------------


class MemberLoginView(auth_views.LoginView):
    """Phone and password; the 5-failure lock-out of django-axes applies, keyed on the phone."""

    template_name = "members/site/login.html"
    authentication_form = MemberLoginForm
    next_page = reverse_lazy("members:home")


class MemberLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("members:login")


@never_cache
@member_required
def home(request):
    """The member's own page: who they are, their union and membership, and the way to their card."""
    return render(request, "members/site/home.html", {"member": request.member, "tiles": tiles_for(request)})


@never_cache
@member_required
def card(request):
    """The e-member card: shown only to its holder; its QR code opens the public verification page."""
    member = request.member
    context = {"member": member, "verify_url": cards.verify_url(member)}
    # When the card shown (its current version) was issued: 补发 and 换发 cards have their own date.
    context["issue"] = member.card_issues.filter(version=member.card_version).order_by("-issued_at").first()
    if member.is_holding:
        # segno's own SVG output from our own URL: no user input reaches the markup.
        context["qr_svg"] = mark_safe(cards.card_qr_svg(member))
    return render(request, "members/site/card.html", context)
