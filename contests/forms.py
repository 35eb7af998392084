"""Page forms of the contests console and phone. They parse input; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_real_date
from core.forms import DateInput
from honours.models import Level

from .models import Contest, Event


class ContestForm(forms.Form):
    organiser = forms.CharField(label=_("主办单位（组织代码）"), max_length=32)
    kind = forms.ChoiceField(label=_("类别"), choices=Contest.Kind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    subject = forms.CharField(label=_("竞赛项目或行业"), max_length=100, required=False)
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput(), validators=[validate_real_date])
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput(), validators=[validate_real_date])


class EventForm(forms.Form):
    name = forms.CharField(label=_("项目（工种）"), max_length=100)
    mode = forms.ChoiceField(label=_("形式"), choices=Event.Mode.choices)
    held_on = forms.DateField(label=_("比赛日期"), widget=DateInput(), validators=[validate_real_date])


class RoundForm(forms.Form):
    name = forms.CharField(label=_("轮次"), max_length=50)
    max_score = forms.DecimalField(label=_("满分"), min_value=1, max_value=10000, decimal_places=2)


class JudgeForm(forms.Form):
    username = forms.CharField(label=_("裁判账号（用户名）"), max_length=150)


class TeamForm(forms.Form):
    union = forms.CharField(label=_("参赛单位（组织代码）"), max_length=32)
    name = forms.CharField(label=_("队名"), max_length=100)


class EntryForm(forms.Form):
    member_phone = forms.RegexField(label=_("选手手机号"), regex=r"^1\d{10}$", max_length=11)
    team = forms.IntegerField(label=_("参赛队（团体赛）"), required=False)


class ProposeForm(forms.Form):
    title = forms.TypedChoiceField(label=_("称号"), coerce=int)
    top = forms.IntegerField(label=_("推荐前几名（并列同计）"), min_value=1, max_value=50, initial=3)
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)

    def __init__(self, *args, titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].choices = [("", "——")] + [(t.pk, t.name) for t in titles]
