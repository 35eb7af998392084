"""Page forms of the training console. The services validate again and name the field of each refusal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TEXT_MAX_LENGTH, RealDateField, RealDateTimeField

from .models import CourseKind


class CourseForm(forms.Form):
    wide_fields = ("description",)
    org = forms.CharField(label=_("主办工会（工会代码）"), max_length=32)
    title = forms.CharField(label=_("课程名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=CourseKind.choices)
    provider_place = forms.ChoiceField(label=_("工匠学堂"), choices=(), required=False)
    provider_name = forms.CharField(label=_("承办学校或机构"), max_length=100, required=False)
    starts_on = RealDateField(label=_("开课日期"))
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=10000)
    sessions_required = forms.IntegerField(label=_("结业须出勤课次"), min_value=1, max_value=200, initial=1)
    fee = forms.CharField(label=_("学费（元）"), max_length=20, required=False)
    subsidy = forms.CharField(label=_("工会补贴（元/人）"), max_length=20, required=False)
    description = forms.CharField(
        label=_("课程介绍"), max_length=TEXT_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SessionForm(forms.Form):
    topic = forms.CharField(label=_("内容"), max_length=100)
    starts_at = RealDateTimeField(label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = RealDateTimeField(label=_("结束时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    location = forms.CharField(label=_("地点"), max_length=200, required=False)


class ScanForm(forms.Form):
    code = forms.CharField(
        label=_("会员证"),
        max_length=500,
        widget=forms.TextInput(attrs={"autofocus": True, "placeholder": "扫描电子会员证二维码或输入会员证号"}),
    )
