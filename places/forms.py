"""Page forms of the places app. They parse what people type; the services decide (and name the field on refusal)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TEXT_MAX_LENGTH, DateInput, RealDateField

from .models import Amenity, Audience, Level, PlaceKind, PlaceStatus, Resource, ServiceCategory

HOURS_HELP = _(
    "每行一条：星期几 时段，1 为周一、7 为周日，如“1-5 08:00-18:00”“6-7 09:00-12:00 14:00-17:00”；全天开放写“全天”"
)


class PlaceForm(forms.Form):
    org = forms.CharField(label=_("所属组织"), max_length=50, help_text=_("组织代码或名称"))
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=PlaceKind.choices)
    status = forms.ChoiceField(label=_("状态"), choices=PlaceStatus.choices, initial=PlaceStatus.OPEN)
    address = forms.CharField(label=_("地址"), max_length=200)
    coordinates = forms.CharField(
        label=_("坐标（纬度,经度）"),
        max_length=60,
        help_text=_("从任一地图应用复制坐标粘贴到这里，或在手机上点“用我的位置”"),
    )
    opening_hours = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("开放时间"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=HOURS_HELP,
    )
    hours_exceptions = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("特殊开放日"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("每行一天，如“2026-10-01 闭馆”“2026-10-02 09:00-12:00 国庆”"),
    )
    amenities = forms.MultipleChoiceField(
        label=_("设施"), choices=Amenity.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    level = forms.ChoiceField(label=_("命名级别"), choices=[("", "—")] + list(Level.choices), required=False)
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("简介"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    wide_fields = ("amenities", "description", "opening_hours", "hours_exceptions")


class ReviewForm(forms.Form):
    stars = forms.TypedChoiceField(label=_("星级"), coerce=int, choices=[(i, f"{i} 星") for i in range(6)])
    note = forms.CharField(label=_("复核意见"), max_length=300, required=False)


class InvestmentForm(forms.Form):
    year = forms.IntegerField(label=_("年度"))
    amount = forms.CharField(label=_("投入金额（元）"), max_length=20)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ResourceForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Resource.Kind.choices)
    exclusive = forms.BooleanField(label=_("整场预约（每个时段只接受一个预约）"), required=False, initial=True)
    capacity = forms.IntegerField(label=_("容量（人/座/床）"), min_value=1, initial=1)
    slot_minutes = forms.TypedChoiceField(
        label=_("时段长度"), coerce=int, choices=[(m, f"{m} 分钟") for m in (15, 30, 60, 120, 240)], initial=60
    )
    audience = forms.ChoiceField(label=_("可预约对象"), choices=Audience.choices)
    needs_approval = forms.BooleanField(label=_("需要审核"), required=False)
    max_slots = forms.IntegerField(label=_("单次最多时段"), min_value=1, max_value=48, initial=4)


class BookForm(forms.Form):
    day = RealDateField(label=_("日期"), widget=DateInput())
    start = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time", "step": 900}))
    slots = forms.IntegerField(label=_("时段数"), min_value=1, max_value=48, initial=1)
    party_size = forms.IntegerField(label=_("人数"), min_value=1, initial=1)
    purpose = forms.CharField(label=_("用途"), max_length=200, required=False)


class StaffBookForm(BookForm):
    for_org = forms.CharField(label=_("预约单位"), max_length=50, help_text=_("组织代码或名称"))


class ServiceItemForm(forms.Form):
    org = forms.CharField(label=_("提供方工会"), max_length=50, help_text=_("区或镇街总工会的代码"))
    name = forms.CharField(label=_("服务名称"), max_length=100)
    category = forms.ChoiceField(label=_("类别"), choices=ServiceCategory.choices)
    provider = forms.CharField(label=_("服务提供方"), max_length=100)
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    needs = forms.CharField(label=_("场地与人员要求"), max_length=200, required=False)
    yearly_quota = forms.IntegerField(label=_("每镇街年度名额"), min_value=0, initial=10)
    lead_days = forms.IntegerField(label=_("提前天数"), min_value=0, initial=7)
    active = forms.BooleanField(label=_("接受点单"), required=False, initial=True)

    wide_fields = ("description",)


class OrderForm(forms.Form):
    item = forms.TypedChoiceField(label=_("服务项目"), coerce=int, choices=[])
    ordering_org = forms.CharField(label=_("点单单位"), max_length=50, help_text=_("组织代码或名称"))
    wished_date = RealDateField(label=_("期望日期"), widget=DateInput())
    expected_audience = forms.IntegerField(label=_("预计人数"), min_value=1)
    address = forms.CharField(label=_("服务地点"), max_length=200, required=False)
    note = forms.CharField(
        label=_("需求说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    wide_fields = ("note",)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("不受理原因"), max_length=300)


class ScheduleForm(forms.Form):
    day = RealDateField(label=_("日期"), widget=DateInput())
    start = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("结束"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label=_("名额"), min_value=1, required=False)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("评分"), coerce=int, choices=[(i, "★" * i) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("评价"), max_length=300, required=False)


class FieldVisitForm(forms.Form):
    org = forms.CharField(label=_("走访单位"), max_length=50, help_text=_("组织代码或名称"))
    enterprise = forms.CharField(label=_("走访企业"), max_length=200, required=False, help_text=_("企业全称"))
    place = forms.CharField(label=_("或走访阵地"), max_length=100, required=False, help_text=_("阵地名称"))
    visited_on = RealDateField(label=_("走访日期"), widget=DateInput())
    visitors = forms.CharField(label=_("走访人员"), max_length=200)
    findings = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("走访发现"), widget=forms.Textarea(attrs={"rows": 3})
    )
    demands = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("职工需求"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("如希望送课、义诊、心理咨询"),
    )
    demand_categories = forms.MultipleChoiceField(
        label=_("需求类别"),
        choices=ServiceCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("计入需求清单，用于安排点单服务目录"),
    )
    problem = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("待跟进问题"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("填写后进入跟进，办结前留在工作台"),
    )

    wide_fields = ("findings", "demands", "problem")
