"""Page forms of the care console. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TEXT_MAX_LENGTH, DateInput, RealDateField, RealDateTimeField

from .models import Cause, CheckProgramme, Level, LoanReferral, Payout, Programme


class FileForm(forms.Form):
    union = forms.CharField(label=_("建档工会（组织代码）"), max_length=32)
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=20)
    phone = forms.CharField(label=_("手机号"), max_length=11, required=False)
    cause = forms.ChoiceField(label=_("致困原因"), choices=Cause.choices)
    level = forms.ChoiceField(label=_("困难类别"), choices=Level.choices)
    household_size = forms.IntegerField(label=_("家庭人口"), min_value=1, max_value=20)
    household_income = forms.DecimalField(label=_("家庭月收入（元）"), min_value=0, decimal_places=2, max_digits=12)
    bank_account = forms.CharField(label=_("银行账号（代发用）"), max_length=30, required=False)
    situation = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("困难情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    wide_fields = ("situation",)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=Programme.Kind.choices)
    org = forms.CharField(label=_("主办单位（组织代码）"), max_length=32)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    starts_on = RealDateField(label=_("开始日期"), widget=DateInput())
    ends_on = RealDateField(label=_("结束日期"), widget=DateInput())
    eligibility = forms.ChoiceField(label=_("对象"), choices=Programme.Eligibility.choices)
    benefit = forms.ChoiceField(label=_("形式"), choices=Programme.Benefit.choices)
    standard_amount = forms.DecimalField(label=_("标准（元/人）"), min_value=0, decimal_places=2, max_digits=12)
    gift = forms.CharField(label=_("物资内容"), max_length=100, required=False)
    budget = forms.DecimalField(label=_("本级预算（元）"), min_value=0, decimal_places=2, max_digits=12)


class BudgetForm(forms.Form):
    org = forms.CharField(label=_("单位（组织代码）"), max_length=32)
    amount = forms.DecimalField(label=_("预算（元）"), min_value=0, decimal_places=2, max_digits=12)


class ProposeForm(forms.Form):
    file = forms.TypedChoiceField(label=_("困难档案"), coerce=int, required=False, empty_value=None)
    card_no = forms.CharField(label=_("或：会员证号 / 手机号"), max_length=20, required=False)
    amount = forms.DecimalField(label=_("金额（元）"), min_value=0, decimal_places=2, max_digits=12, required=False)
    method = forms.ChoiceField(label=_("发放方式"), choices=Payout.Method.choices)
    reason = forms.CharField(label=_("申报理由"), max_length=200, required=False)

    def __init__(self, *args, files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].choices = [("", "——")] + [
            (f.pk, f"{f.name}（{f.union.name}，{f.get_level_display()}）") for f in files
        ]
        if not files:
            del self.fields["file"]


class PaidForm(forms.Form):
    paid_on = RealDateField(label=_("发放日期"), widget=DateInput())
    ref = forms.CharField(label=_("凭证号（代发批次、签领表编号）"), max_length=100, required=False)


class ChecksForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=CheckProgramme.Kind.choices)
    org = forms.CharField(label=_("主办单位（组织代码）"), max_length=32)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    by_nomination = forms.BooleanField(label=_("凭工会推荐预约（按工会分配名额）"), required=False)


class SlotForm(forms.Form):
    place = forms.CharField(label=_("医院 / 线路"), max_length=100)
    starts_at = RealDateTimeField(
        label=_("时间（体检时段或出发批次）"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=100000)


class QuotaForm(forms.Form):
    union = forms.CharField(label=_("工会（组织代码）"), max_length=32)
    quota = forms.IntegerField(label=_("推荐名额"), min_value=0, max_value=100000)


class NominateForm(forms.Form):
    card_no = forms.CharField(label=_("会员证号 / 手机号"), max_length=20)


class LoanForm(forms.Form):
    union = forms.CharField(label=_("推荐工会（组织代码）"), max_length=32)
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=20)
    phone = forms.CharField(label=_("手机号"), max_length=11, required=False)
    amount = forms.DecimalField(label=_("贷款金额（元）"), min_value=0, decimal_places=2, max_digits=12)
    purpose = forms.ChoiceField(label=_("用途"), choices=LoanReferral.Purpose.choices)
    bank = forms.CharField(label=_("合作银行"), max_length=100)
