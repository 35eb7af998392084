"""Forms of the member site (phone first) and of the staff review of join applications.

The join form checks the person's fields with ``clean_person``, the same cleaner the service uses, so a worker
sees every problem at once instead of one per submit; ``joining.submit_application`` still decides.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.backends import normalize_phone
from core.errors import DomainError, ValidationFailed
from core.forms import add_domain_error
from orgs.models import Enterprise, EnterpriseStatus, Org, OrgStatus

from . import joining
from .choices import Gender, GigPlatform, IdType
from .models import Member
from .validation import clean_person

WORK_EMPLOYER = "employer"
WORK_GIG = "gig"
PERSON_FIELDS = ("name", "id_type", "id_number", "gender", "phone")


class JoinForm(forms.Form):
    """A worker's application to join: who they are, where they work (or what platform work they do), which
    union, and a separate, explicit consent to the personal-information notice."""

    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(label=_("证件号码"), max_length=40, required=False)
    gender = forms.ChoiceField(
        label=_("性别"),
        choices=[("", _("请选择"))] + Gender.choices,
        required=False,
        help_text=_("使用居民身份证的无需填写，将从证件号码读取"),
    )
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    work = forms.ChoiceField(
        label=_("就业情况"),
        choices=[(WORK_EMPLOYER, _("在单位工作")), (WORK_GIG, _("我是新就业形态劳动者"))],
        initial=WORK_EMPLOYER,
        widget=forms.RadioSelect,
    )
    employer = forms.ModelChoiceField(
        label=_("工作单位"),
        # Only employers a worker can actually join through: registered, operating, covered by an active union.
        queryset=Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE, covering_union__status=OrgStatus.ACTIVE),
        required=False,
        error_messages={"invalid_choice": _("所选单位不在名录中或尚未建会，请重新搜索")},
    )
    gig_platform = forms.ChoiceField(
        label=_("新就业形态类别"), choices=[("", _("请选择"))] + GigPlatform.choices, required=False
    )
    union = forms.ModelChoiceField(
        label=_("申请加入的工会"),
        queryset=Org.objects.filter(status=OrgStatus.ACTIVE),
        required=False,
        error_messages={"invalid_choice": _("所选工会不存在或已撤销，请重新选择")},
    )
    consent = forms.BooleanField(label=_("我已阅读并同意《个人信息处理告知书》"), required=False)
    consent_version = forms.CharField(
        max_length=20, widget=forms.HiddenInput, required=False, initial=joining.CONSENT_VERSION
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = {
            "name": {"autocomplete": "name"},
            "id_number": {"autocomplete": "off", "spellcheck": "false"},
            "phone": {"type": "tel", "inputmode": "numeric", "autocomplete": "tel", "maxlength": "20"},
        }
        for name, extra in attrs.items():
            self.fields[name].widget.attrs.update(extra)

    def clean(self):
        """Every problem at once: the person's fields, the employer or platform, the union and the consent."""
        data = super().clean()
        raw = {k: data.get(k, "") for k in PERSON_FIELDS}
        if data.get("work") == WORK_GIG:
            data["employer"] = None
            raw["gig_platform"] = data.get("gig_platform", "")
            if not raw["gig_platform"] and "gig_platform" not in self.errors:
                self.add_error("gig_platform", _("请选择您从事的新就业形态类别"))
        else:
            data["gig_platform"] = ""
            if data.get("employer") is None and "employer" not in self.errors:
                self.add_error("employer", _("请搜索并选择您的工作单位"))
        problems = [
            DomainError(p.code, p.message, field=p.field)
            for p in clean_person(raw, require_joined_on=False).problems
            if p.field in self.fields and p.field not in self.errors
        ]
        if problems:
            add_domain_error(self, ValidationFailed(problems))
        if data.get("union") is None and "union" not in self.errors:
            self.add_error("union", _("请选择要加入的工会"))
        if not data.get("consent"):
            self.add_error("consent", _("请阅读并同意《个人信息处理告知书》后再提交"))
        return data

    def application_kwargs(self) -> dict:
        """The keyword arguments for ``joining.submit_application`` (without the IP)."""
        data = self.cleaned_data
        return {
            "union": data["union"],
            "employer": data["employer"],
            "consent": bool(data["consent"]),
            "consent_version": data["consent_version"],
            "gig_platform": data["gig_platform"],
            **{k: data[k] for k in PERSON_FIELDS},
        }


class MemberLoginForm(AuthenticationForm):
    """Phone and password. The phone travels as ``username`` so django-axes counts failures per phone and IP."""

    username = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "username", "autofocus": True}
        ),
    )
    password = forms.CharField(
        max_length=128,
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("手机号或密码不正确。连续 5 次错误后，该账号在本机将被锁定 30 分钟。"),
        "inactive": _("该账号已停用，请联系所在工会。"),
    }

    def clean_username(self):
        return normalize_phone(self.cleaned_data["username"])

    def confirm_login_allowed(self, user):
        """Only member accounts: a staff account whose username happens to match is refused like a bad login."""
        super().confirm_login_allowed(user)
        if not Member.objects.filter(user=user).exists():
            raise self.get_invalid_login_error()


class RejectForm(forms.Form):
    """Why an application is not approved; the applicant receives it by text message."""

    wide_fields = {"reason"}

    reason = forms.CharField(
        label=_("未通过原因"),
        max_length=200,
        required=False,  # the service says what is missing, in the same words as the API
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("例如：经核实非本单位职工")}),
        help_text=_("申请人会收到包含该原因的短信"),
    )
