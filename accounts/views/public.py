"""Pages anyone reaches without a session: the staff login, logout, and the page behind a one-time set-password
link (``accounts.password_links``)."""

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """A one-time link: Django's password-reset token, void once a password is set, after a reset and after
    ``PASSWORD_RESET_TIMEOUT``; a disabled account's link does not work. The password is set through
    ``services.set_password_with_link`` (audited), then the person is logged in and taken to their work. The member
    site subclasses this with its own look (``members.views.public.SetPasswordView``)."""

    template_name = "accounts/set_password.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_message = _("密码已设置，您已登录。以后请用登录名和该密码登录。")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        user = services.set_password_with_link(form.user, form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        auth_login(self.request, user, self.post_reset_login_backend)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        # A partner organisation's account holds no grant: its work is in the partner portal.
        if not self.user.grants.exists() and self.user.partners.exists():
            return reverse("activities:partner_home")
        return reverse("console_home")
