"""The member site (phone first): setting the first password from the one-time link, and the public card check
that staff reach by scanning a member's QR code."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from . import cards


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link texted on approval: Django's password-reset token, void once a password is set."""

    template_name = "members/set_password.html"
    success_url = reverse_lazy("members:password_done")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"


@require_GET
def password_done(request):
    return render(request, "members/password_done.html")


@require_GET
def verify_card(request, token):
    """What staff see when they scan a card: genuine and current, or not, and why."""
    verdict = cards.verify_card(token)
    return render(request, "members/verify_card.html", {"verdict": verdict, "member": verdict.member})
