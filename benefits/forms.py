"""Page forms of the member-offers console and the merchant portal. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TEXT_MAX_LENGTH, RealDateField, RealDateTimeField

from .models import Draw, Merchant, Offer


class MerchantForm(forms.Form):
    org = forms.CharField(label=_("签约工会（组织代码）"), max_length=32)
    name = forms.CharField(label=_("商户名称"), max_length=100)
    category = forms.ChoiceField(label=_("类别"), choices=Merchant.Category.choices)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    account_phone = forms.CharField(
        label=_("收银账号手机号"),
        max_length=11,
        help_text=_("商户工作人员用 p+手机号 登录商户核销页面，系统会发短信让其设置密码"),
    )
    account_name = forms.CharField(label=_("收银账号姓名"), max_length=50)


class OfferForm(forms.Form):
    title = forms.CharField(label=_("优惠名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Offer.Kind.choices)
    discount = forms.CharField(label=_("折扣"), max_length=30, required=False, help_text=_("如“8.8折”“满100减20”"))
    face_value = forms.DecimalField(
        label=_("面值（元）"), max_digits=9, decimal_places=2, required=False, help_text=_("代金券、消费券必填")
    )
    starts_on = RealDateField(label=_("开始日期"))
    ends_on = RealDateField(label=_("结束日期"))
    quota = forms.IntegerField(label=_("总名额"), required=False, min_value=1, help_text=_("不填为不限"))
    per_member = forms.IntegerField(label=_("每人限"), min_value=1, initial=1)
    description = forms.CharField(
        label=_("说明"), max_length=TEXT_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DrawForm(forms.Form):
    org = forms.CharField(label=_("主办工会（组织代码）"), max_length=32)
    title = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Draw.Kind.choices)
    entries_close_at = RealDateTimeField(
        label=_("报名截止"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    prizes = forms.CharField(
        label=_("奖品（每行一项：名称|数量）"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "电饭煲|3\n保温杯|10"}),
    )
    description = forms.CharField(
        label=_("说明"), max_length=TEXT_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_prizes(self):
        pool = []
        for line in self.cleaned_data["prizes"].splitlines():
            if not line.strip():
                continue
            name, _sep, quantity = line.replace("｜", "|").partition("|")
            pool.append({"name": name.strip(), "quantity": quantity.strip()})
        return pool


class ScanForm(forms.Form):
    """What the counter reads: the member's e-card QR (its link or token, scanned or pasted) or a voucher's code."""

    code = forms.CharField(
        label=_("会员证二维码或券码"),
        max_length=1000,
        help_text=_("扫描会员出示的电子会员证二维码，或输入优惠券上的券码"),
    )
