from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .roles import role_label


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        max_length=128,
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
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


# --- Staff account management (console) --------------------------------------------------------------------------

REQUIRED = {"required": _("请填写此项")}


def org_code_input() -> forms.TextInput:
    """An org-code input suggesting, as one types, the orgs where the user manages accounts (htmx fills the
    ``<datalist id="account-orgs">`` the templates hold)."""
    return forms.TextInput(
        attrs={
            "list": "account-orgs",
            "autocomplete": "off",
            "hx-get": reverse_lazy("staff_accounts:pick_org"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "#account-orgs",
        }
    )


class RoleChoiceMixin:
    """Offers only ``roles`` (the ones the user may grant), highest first."""

    def set_roles(self, roles):
        self.fields["role"].choices = [(r, role_label(r)) for r in roles]


class StaffAccountForm(RoleChoiceMixin, forms.Form):
    """Open a staff login with its first grant. Field rules live in ``accounts.services``."""

    username = forms.CharField(
        label=_("登录名"),
        max_length=30,
        error_messages=REQUIRED,
        help_text=_("3–30 位英文字母、数字或 . _ -，以字母开头"),
    )
    display_name = forms.CharField(label=_("姓名"), max_length=50, error_messages=REQUIRED)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        error_messages=REQUIRED,
        help_text=_("设置密码的一次性链接将以短信发送到此号码"),
    )
    org = forms.CharField(
        label=_("所在组织"),
        max_length=32,
        error_messages=REQUIRED,
        help_text=_("输入组织代码、名称或拼音首字母，从提示中选择"),
        widget=org_code_input(),
    )
    role = forms.ChoiceField(label=_("角色"), error_messages=REQUIRED)
    reason = forms.CharField(
        label=_("授权原因"), max_length=200, required=False, help_text=_("授予个人信息查看员时必填")
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_roles(roles)


class StaffAccountEditForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50, error_messages=REQUIRED)
    phone = forms.CharField(
        label=_("手机号"), max_length=20, error_messages=REQUIRED, help_text=_("重置密码的链接将以短信发送到此号码")
    )


class GrantForm(RoleChoiceMixin, forms.Form):
    """One more grant for an account."""

    org = forms.CharField(
        label=_("组织"),
        max_length=32,
        error_messages=REQUIRED,
        help_text=_("输入组织代码、名称或拼音首字母，从提示中选择"),
        widget=org_code_input(),
    )
    role = forms.ChoiceField(label=_("角色"), error_messages=REQUIRED)
    reason = forms.CharField(
        label=_("授权原因"), max_length=200, required=False, help_text=_("授予个人信息查看员时必填")
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_roles(roles)


class RoleForm(RoleChoiceMixin, forms.Form):
    """Another role on the same org."""

    role = forms.ChoiceField(label=_("新角色"), error_messages=REQUIRED)
    reason = forms.CharField(
        label=_("变更原因"), max_length=200, required=False, help_text=_("改为个人信息查看员时必填")
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_roles(roles)


class DisableForm(forms.Form):
    reason = forms.CharField(label=_("停用原因"), max_length=200, required=False, help_text=_("如：调离岗位、离职"))
