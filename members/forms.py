"""Console forms of the roster. They only shape input: ``members.validation.clean_person`` (inside the services)
decides what is valid, and its problems come back onto these fields."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_real_date
from core.forms import DateInput

from .choices import (
    ETHNICITY_CHOICES,
    Education,
    Employment,
    Gender,
    GigPlatform,
    Hukou,
    IdType,
    Political,
    Tag,
)

REQUIRED = {"required": _("请填写此项")}


def _optional(choices):
    return [("", "—")] + list(choices)


class MemberForm(forms.Form):
    """Register a member or correct their details. On edit the ID number may be left empty to keep it."""

    # Required fields are checked by clean_person together with everything else, so every problem shows at once.
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        required=False,
        help_text=_("居民身份证号将自动核验，并据此填写性别和出生日期"),
    )
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    gender = forms.ChoiceField(
        label=_("性别"), choices=_optional(Gender.choices), required=False, help_text=_("居民身份证可不填")
    )
    birth_date = forms.CharField(
        max_length=20, label=_("出生日期"), required=False, widget=DateInput(), help_text=_("居民身份证可不填")
    )
    ethnicity = forms.ChoiceField(label=_("民族"), choices=ETHNICITY_CHOICES, initial="汉族")
    education = forms.ChoiceField(label=_("学历"), choices=_optional(Education.choices), required=False)
    political = forms.ChoiceField(label=_("政治面貌"), choices=_optional(Political.choices), required=False)
    hukou_type = forms.ChoiceField(label=_("户籍类型"), choices=_optional(Hukou.choices), required=False)
    hukou_place = forms.CharField(label=_("户籍所在地"), max_length=100, required=False)
    employer = forms.CharField(
        label=_("工作单位（企业名录）"),
        max_length=30,
        required=False,
        help_text=_("填写企业的统一社会信用代码，从企业名录关联"),
    )
    employer_name = forms.CharField(
        label=_("工作单位名称"), max_length=200, required=False, help_text=_("不在企业名录中的单位或平台，直接填写名称")
    )
    gig_platform = forms.ChoiceField(label=_("新就业形态类别"), choices=_optional(GigPlatform.choices), required=False)
    job_title = forms.CharField(label=_("职务/工种"), max_length=100, required=False)
    employment = forms.ChoiceField(label=_("就业状况"), choices=Employment.choices, initial=Employment.EMPLOYED)
    is_migrant_worker = forms.BooleanField(label=_("农民工"), required=False)
    tags = forms.MultipleChoiceField(
        label=_("标签"), choices=Tag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    joined_on = forms.CharField(
        max_length=20, label=_("入会日期"), required=False, widget=DateInput(), help_text=_("不填则为今天")
    )
    card_no = forms.CharField(label=_("会员证号"), max_length=20, required=False, help_text=_("不填则自动生成"))

    wide_fields = ("tags",)
    required_marks = ("name", "id_number", "phone")

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.required_marks = ("name", "phone")
            self.fields["id_number"].help_text = _("不修改请留空；当前证件号以遮盖形式显示在会员页面")


class StatusForm(forms.Form):
    """保留会籍, 除名, 退会 or 恢复, with the date and the reason kept in the member's history."""

    change = forms.ChoiceField(
        label=_("会籍变动"),
        choices=[
            ("retain", _("保留会籍")),
            ("restore", _("恢复会籍")),
            ("quit", _("退会")),
            ("remove", _("除名")),
        ],
    )
    on = forms.DateField(
        validators=[validate_real_date],
        label=_("日期"),
        widget=DateInput(),
        error_messages={**REQUIRED, "invalid": _("请填写正确的日期")},
    )
    reason = forms.CharField(
        label=_("原因"), max_length=200, error_messages=REQUIRED, widget=forms.Textarea(attrs={"rows": 2})
    )

    wide_fields = ("reason",)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class TransferForm(forms.Form):
    """Start a transfer: the receiving union is named by its code; it accepts or declines on its side."""

    to_union = forms.CharField(
        label=_("转入工会代码"),
        max_length=32,
        error_messages=REQUIRED,
        help_text=_("接收工会的组织代码，可向对方工会询问"),
    )
    reason = forms.CharField(
        label=_("转会原因"), max_length=200, error_messages=REQUIRED, widget=forms.Textarea(attrs={"rows": 2})
    )

    wide_fields = ("reason",)


class ReasonForm(forms.Form):
    """A reason, for actions that must say why (revealing an ID number, revoking a card, declining a transfer)."""

    reason = forms.CharField(label=_("原因"), max_length=200, error_messages=REQUIRED)
