"""Page forms of the volunteer console and phone pages. The services validate again and name the field of each
refusal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, RealDateField, RealDateTimeField


class TeamForm(forms.Form):
    org = forms.CharField(label=_("所属工会（工会代码）"), max_length=32)
    name = forms.CharField(label=_("队名"), max_length=100)
    leader = forms.CharField(label=_("队长（会员证号，可不填）"), max_length=20, required=False)
    description = forms.CharField(
        label=_("简介"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AddMemberForm(forms.Form):
    member = forms.CharField(
        label=_("会员证号"), max_length=20, widget=forms.TextInput(attrs={"placeholder": "输入会员证号"})
    )


class ShiftForm(forms.Form):
    title = forms.CharField(label=_("岗位"), max_length=100)
    starts_at = RealDateTimeField(
        label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    ends_at = RealDateTimeField(
        label=_("结束时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    quota = forms.IntegerField(label=_("人数"), min_value=1, max_value=500, initial=5)
    place = forms.ChoiceField(label=_("阵地"), choices=(), required=False)
    activity = forms.ChoiceField(label=_("活动"), choices=(), required=False)


class RecordForm(forms.Form):
    team = forms.ChoiceField(label=_("服务队"), choices=())
    served_on = RealDateField(label=_("服务日期"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("时长（小时）"), max_digits=4, decimal_places=1, min_value=0.5, max_value=24, initial=2,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )  # fmt: skip
    description = forms.CharField(label=_("服务内容"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class StaffRecordForm(RecordForm):
    member = forms.CharField(label=_("会员证号"), max_length=20)

    field_order = ["member", "team", "served_on", "hours", "description"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("未通过原因"), max_length=200)
