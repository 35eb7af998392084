from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续 5 次错误后，该账号在本机将被锁定 30 分钟。"),
        "inactive": _("该账号已停用，请联系管理员。"),
    }

    def confirm_login_allowed(self, user):
        """The staff console is for staff and partners: a member's account belongs on the member site."""
        super().confirm_login_allowed(user)
        is_member_only = (
            hasattr(user, "member")
            and not user.is_superuser
            and not user.grants.exists()
            and not user.partners.exists()
        )
        if is_member_only:
            raise ValidationError(_("这是会员账号，请从“职工之家”会员登录页（/m/login/）登录"), code="member_account")
