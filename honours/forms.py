"""Page forms of the honours console. They parse input; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_real_date
from core.forms import TEXT_MAX_LENGTH, DateInput

from .models import Category, Level


def _year():
    return timezone.localdate().year


class TitleForm(forms.Form):
    org = forms.CharField(label=_("设立单位（组织代码）"), max_length=32)
    name = forms.CharField(label=_("称号名称"), max_length=50, help_text=_("如：凤麓工匠、区劳动模范"))
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    care_entitled = forms.BooleanField(label=_("享受劳模关爱待遇"), required=False)


class HolderForm(forms.Form):
    """What recording an honour and nominating share: the title, level, year, union and the one honoured."""

    title = forms.TypedChoiceField(label=_("称号"), coerce=int)
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, initial=_year)
    union = forms.CharField(label=_("推荐（所属）单位（组织代码）"), max_length=32)
    member_phone = forms.RegexField(
        label=_("会员手机号（个人称号）"), regex=r"^1\d{10}$", max_length=11, required=False
    )
    holder_name = forms.CharField(label=_("集体名称（集体称号）"), max_length=100, required=False)

    def __init__(self, *args, titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].choices = [("", "——")] + [(t.pk, f"{t.name}（{t.org.name}）") for t in titles]


class AwardForm(HolderForm):
    awarding_body = forms.CharField(label=_("授予单位"), max_length=100)
    awarded_on = forms.DateField(label=_("授予日期"), widget=DateInput(), validators=[validate_real_date])


class NominationForm(HolderForm):
    reason = forms.CharField(
        label=_("推荐理由（主要事迹）"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    wide_fields = ("reason",)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核意见"), choices=[("approve", _("同意")), ("reject", _("不同意"))], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ConcludeForm(forms.Form):
    awarded = forms.ChoiceField(
        label=_("评选结果"), choices=[("yes", _("已授予")), ("no", _("未获评"))], widget=forms.RadioSelect
    )
    awarding_body = forms.CharField(label=_("授予单位"), max_length=100, required=False)
    awarded_on = forms.DateField(
        label=_("授予日期"), widget=DateInput(), required=False, validators=[validate_real_date]
    )
