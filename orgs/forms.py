"""Forms of the union tree and the employer register. They only shape input; the rules live in services, whose
refusals come back onto the form with ``core.forms.add_domain_error``."""

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_real_date
from core.forms import DateInput

from .models import EnterpriseStatus, Industry, OrgKind, Ownership

REQUIRED = {"required": _("请填写此项")}


def org_code_input(datalist: str) -> forms.TextInput:
    """A code input that suggests orgs in the user's scope as they type (htmx fills the ``<datalist>``)."""
    return forms.TextInput(
        attrs={
            "list": datalist,
            "autocomplete": "off",
            "hx-get": reverse_lazy("orgs:pick"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{datalist}",
        }
    )


class OrgForm(forms.Form):
    """Create or edit an org. Codes and 统一社会信用代码 are normalised (full-width, spaces) by the service."""

    code = forms.CharField(
        label=_("组织代码"), max_length=32, error_messages=REQUIRED, help_text=_("全平台唯一的简短代码，如 ZH-JD-001")
    )
    name = forms.CharField(label=_("全称"), max_length=200, error_messages=REQUIRED)
    short_name = forms.CharField(label=_("简称"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=OrgKind.choices, error_messages=REQUIRED)
    uscc = forms.CharField(
        label=_("统一社会信用代码"), max_length=30, required=False, help_text=_("工会法人的 18 位代码，可不填")
    )
    region = forms.CharField(label=_("所在地区"), max_length=100, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    founded_on = forms.DateField(
        validators=[validate_real_date],
        label=_("成立日期"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("请填写正确的日期")},
    )
    chair_name = forms.CharField(label=_("工会主席"), max_length=50, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话"), max_length=20, required=False, help_text=_("手机号或带区号的固定电话")
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, label) for k, label in OrgKind.choices if k in kinds]


class MoveForm(forms.Form):
    """Re-parent an org: the new parent is named by its code (typed or picked from the suggestions)."""

    parent = forms.CharField(
        label=_("新的上级组织"),
        max_length=32,
        error_messages=REQUIRED,
        help_text=_("输入组织代码、名称或拼音首字母，从提示中选择"),
        widget=org_code_input("parent-options"),
    )


class DissolveForm(forms.Form):
    """Dissolve (撤销) an org: a date, a reason and an explicit confirmation, since it cannot be undone here."""

    wide_fields = ("reason", "confirm")

    on = forms.DateField(
        validators=[validate_real_date],
        label=_("撤销日期"),
        widget=DateInput(),
        error_messages={**REQUIRED, "invalid": _("请填写正确的日期")},
    )
    reason = forms.CharField(
        label=_("撤销原因"),
        max_length=200,
        error_messages=REQUIRED,
        widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"}),
    )
    confirm = forms.BooleanField(
        label=_("我已核实：该组织的下级组织均已撤销或调出，覆盖的企业已调整"),
        error_messages={"required": _("请勾选确认后再撤销")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EnterpriseForm(forms.Form):
    """Register or edit an employer. The registering and the covering union are given by their codes."""

    name = forms.CharField(label=_("企业名称"), max_length=200, error_messages=REQUIRED)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30, error_messages=REQUIRED)
    industry = forms.ChoiceField(label=_("行业"), choices=Industry.choices, error_messages=REQUIRED)
    ownership = forms.ChoiceField(label=_("经济类型"), choices=Ownership.choices, error_messages=REQUIRED)
    staff_count = forms.IntegerField(
        label=_("职工人数"),
        min_value=0,
        initial=0,
        error_messages={**REQUIRED, "invalid": _("请填写整数"), "min_value": _("不能小于 0")},
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    org = forms.CharField(
        label=_("属地工会"),
        max_length=32,
        error_messages=REQUIRED,
        help_text=_("企业登记所在地的工会（组织代码）"),
        widget=org_code_input("org-options"),
    )
    covering_union = forms.CharField(
        label=_("覆盖工会"),
        max_length=32,
        required=False,
        help_text=_("企业自己的工会或覆盖它的联合工会（组织代码）；未建会则留空"),
        widget=org_code_input("org-options"),
    )
    status = forms.ChoiceField(label=_("状态"), choices=EnterpriseStatus.choices, initial=EnterpriseStatus.ACTIVE)
