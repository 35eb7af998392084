"""Page forms of the rights console. They parse input only; the rules live in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from appeals.forms import PhoneField, town_choices
from core.forms import TEXT_MAX_LENGTH, DateInput, RealDateField

from .models import (
    AidStage,
    CommitteeLevel,
    ContractCoverage,
    ContractKind,
    DemoLevel,
    DisputeType,
    MediatorKind,
    Referral,
)

OUTCOMES = [
    ("agreed", _("调解成功（达成协议）")),
    ("withdrawn", _("申请人撤回")),
    ("failed", _("调解不成")),
    ("referred", _("调解不成并转介")),
]


class FromAppealForm(forms.Form):
    dispute_type = forms.ChoiceField(label=_("争议类型"), choices=DisputeType.choices)
    committee_level = forms.ChoiceField(label=_("调解委员会"), choices=CommitteeLevel.choices)
    amount_claimed = forms.CharField(label=_("请求金额（元）"), required=False, max_length=20)


class CaseForm(forms.Form):
    """A case staff take in directly. Workers one per line: 姓名 手机号 身份证号 (the last two optional)."""

    wide_fields = ("summary", "parties")
    org = forms.CharField(label=_("调解组织（工会代码）"), max_length=32)
    committee_level = forms.ChoiceField(label=_("调解委员会"), choices=CommitteeLevel.choices)
    enterprise_name = forms.CharField(label=_("用人单位名称"), max_length=200)
    enterprise_uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30, required=False)
    dispute_type = forms.ChoiceField(label=_("争议类型"), choices=DisputeType.choices)
    amount_claimed = forms.CharField(label=_("请求金额（元）"), required=False, max_length=20)
    summary = forms.CharField(max_length=TEXT_MAX_LENGTH, label=_("争议事项"), widget=forms.Textarea(attrs={"rows": 4}))
    parties = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("申请职工"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一人：姓名 手机号 身份证号（手机号、身份证号可不填）；3 人及以上为集体争议"),
    )

    def parsed_parties(self) -> list[dict]:
        found = []
        for line in self.cleaned_data["parties"].splitlines():
            bits = line.replace("，", " ").replace(",", " ").split()
            if not bits:
                continue
            found.append(
                {
                    "name": bits[0],
                    "phone": bits[1] if len(bits) > 1 else "",
                    "id_number": bits[2] if len(bits) > 2 else "",
                }
            )
        return found


class SessionForm(forms.Form):
    wide_fields = ("notes",)
    held_on = RealDateField(label=_("调解日期"), widget=DateInput())
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    attendees = forms.CharField(label=_("参加人员"), max_length=300, required=False)
    notes = forms.CharField(max_length=TEXT_MAX_LENGTH, label=_("调解情况"), widget=forms.Textarea(attrs={"rows": 5}))


class ExtendForm(forms.Form):
    wide_fields = ("reason",)
    reason = forms.CharField(label=_("延期理由"), max_length=200)


class CloseForm(forms.Form):
    wide_fields = ("outcome", "agreement_text", "note")
    outcome = forms.ChoiceField(label=_("调解结果"), choices=OUTCOMES, widget=forms.RadioSelect)
    agreement_text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("协议内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("调解成功时必填：写明双方达成的具体协议，将打印在调解协议书上"),
    )
    amount_recovered = forms.CharField(label=_("追回金额（元）"), required=False, max_length=20)
    payment_due_on = RealDateField(label=_("履行期限"), required=False, widget=DateInput())
    referral = forms.ChoiceField(label=_("转介去向"), choices=[("", "—")] + Referral.choices, required=False)
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("结案说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("查看理由"), max_length=200)


class LawyerForm(forms.Form):
    org = forms.CharField(label=_("登记工会（工会代码）"), max_length=32)
    name = forms.CharField(label=_("姓名"), max_length=50)
    firm = forms.CharField(label=_("律师事务所"), max_length=100)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)


class AssignForm(forms.Form):
    lawyer = forms.ChoiceField(label=_("承办律师"), choices=())
    stage = forms.ChoiceField(label=_("援助方式"), choices=AidStage.choices)


class CloseAidForm(forms.Form):
    wide_fields = ("outcome",)
    outcome = forms.CharField(max_length=TEXT_MAX_LENGTH, label=_("结果"), widget=forms.Textarea(attrs={"rows": 3}))
    amount_recovered = forms.CharField(label=_("挽回金额（元）"), required=False, max_length=20)


class InspectionForm(forms.Form):
    wide_fields = ("items", "findings")
    org = forms.CharField(label=_("监督工会（工会代码）"), max_length=32)
    enterprise = forms.CharField(
        label=_("被检查企业（统一社会信用代码）"), max_length=30, help_text=_("须为您管理范围内企业名录中的企业")
    )
    inspected_on = RealDateField(label=_("检查日期"), widget=DateInput())
    inspectors = forms.CharField(label=_("监督员"), max_length=200)
    items = forms.MultipleChoiceField(label=_("检查项目"), choices=(), widget=forms.CheckboxSelectMultiple)
    findings = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("检查情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ProblemForm(forms.Form):
    wide_fields = ("description",)
    item = forms.ChoiceField(label=_("检查项目"), choices=())
    due_on = RealDateField(label=_("整改期限"), widget=DateInput())
    description = forms.CharField(max_length=TEXT_MAX_LENGTH, label=_("问题"), widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    wide_fields = ("kind", "content")
    kind = forms.ChoiceField(label=_("文书类型"), choices=(), widget=forms.RadioSelect)
    content = forms.CharField(max_length=TEXT_MAX_LENGTH, label=_("正文"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, **kwargs):
        from .models import DocumentKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices


class RectifyForm(forms.Form):
    wide_fields = ("rectification", "evidence")
    rectification = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.FileField(
        label=_("整改材料"), required=False, help_text=_("照片或扫描件：JPG、PNG、PDF，不超过 10 MB")
    )


class ContractForm(forms.Form):
    """A collective contract: with an enterprise of the register (by its USCC) or for an industry (行业性)."""

    wide_fields = ("note",)
    org = forms.CharField(label=_("协商工会（工会代码）"), max_length=32)
    coverage = forms.ChoiceField(label=_("协商范围"), choices=ContractCoverage.choices, widget=forms.RadioSelect)
    enterprise = forms.CharField(
        label=_("企业（统一社会信用代码）"),
        max_length=30,
        required=False,
        help_text=_("企业集体合同必填，须为您管理范围内企业名录中的企业"),
    )
    industry_name = forms.CharField(
        label=_("行业名称"), max_length=100, required=False, help_text=_("行业性集体合同必填，如“餐饮行业”")
    )
    kind = forms.ChoiceField(label=_("合同类型"), choices=ContractKind.choices)
    starts_on = RealDateField(label=_("起始日期"), widget=DateInput())
    ends_on = RealDateField(label=_("终止日期"), widget=DateInput())
    wage_increase = forms.CharField(
        label=_("工资增长幅度（%）"), max_length=10, required=False, help_text=_("工资专项集体合同必填，如 5.5")
    )
    workers_covered = forms.IntegerField(label=_("覆盖职工人数"), min_value=1, max_value=1_000_000)
    filed_on = RealDateField(label=_("备案日期"), widget=DateInput(), required=False)
    union_party = forms.CharField(label=_("职工方首席代表"), max_length=100)
    employer_party = forms.CharField(label=_("企业方首席代表"), max_length=100)
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DemonstrationForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("级别"), choices=DemoLevel.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class MediatorForm(forms.Form):
    org = forms.CharField(label=_("服务工会（工会代码）"), max_length=32, help_text=_("服务该工会及其下级工会的案件"))
    name = forms.CharField(label=_("姓名"), max_length=50)
    kind = forms.ChoiceField(label=_("类别"), choices=MediatorKind.choices)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    specialty = forms.CharField(label=_("擅长领域"), max_length=100, required=False, help_text=_("如：工资报酬、工伤"))


class MediatorEditForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    kind = forms.ChoiceField(label=_("类别"), choices=MediatorKind.choices)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    specialty = forms.CharField(label=_("擅长领域"), max_length=100, required=False)
    active = forms.BooleanField(label=_("在册（取消勾选即停用，已办案件不受影响）"), required=False)


class CaseMediatorsForm(forms.Form):
    wide_fields = ("staff", "registered")
    staff = forms.MultipleChoiceField(
        label=_("工作人员调解员"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    registered = forms.MultipleChoiceField(
        label=_("登记调解员"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )


# --- The worker's phone pages (/m/rights/) ---------------------------------------------------------------------------


class AidApplyForm(forms.Form):
    """A worker's application for legal aid. A member is known already; anyone else gives name, mobile (proved with
    a texted code, as for appeals) and the town they work in. ``rights.services.apply_online`` decides."""

    dispute_type = forms.ChoiceField(
        label=_("争议类型"),
        choices=[("", _("请选择"))] + list(DisputeType.choices),
        error_messages={"required": _("请选择争议类型")},
    )
    summary = forms.CharField(
        label=_("援助事项"),
        max_length=5000,
        error_messages={"required": _("请写明您的请求和理由")},
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": _("发生了什么、您的请求（如追讨工资、工伤赔偿）")}),
    )
    amount_claimed = forms.DecimalField(
        label=_("请求金额（元）"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("选填"),
        error_messages={"invalid": _("请填写金额，如 12500.50")},
    )
    employer_name = forms.CharField(label=_("用人单位"), max_length=200, required=False)
    # A worker without an account.
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名")})
    phone = PhoneField(label=_("手机号"), max_length=20, error_messages={"required": _("请填写手机号")})
    code = forms.CharField(label=_("验证码"), max_length=6, required=False)
    town = forms.ModelChoiceField(
        label=_("工作所在镇街"),
        queryset=town_choices(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择您工作所在的镇/街道"), "invalid_choice": _("请重新选择所在镇街")},
    )

    WORKER_FIELDS = ("name", "phone", "code", "town")

    def __init__(self, *args, member=None, phone_verified: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.member, self.phone_verified = member, phone_verified
        self.fields["town"].queryset = town_choices()
        if member is not None:
            for name in ("name", "phone", "code", "employer_name"):
                del self.fields[name]
            if member.is_holding:
                del self.fields["town"]
            else:
                self.fields["town"].required = False
        else:
            self.fields["phone"].widget.attrs.update({"type": "tel", "inputmode": "numeric", "autocomplete": "tel"})
            self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})

    def clean(self):
        data = super().clean()
        phone = data.get("phone")
        if self.member is None and phone and phone != self.phone_verified and not (data.get("code") or "").strip():
            self.add_error("code", _("请获取并填写短信验证码"))
        return data

    def apply_kwargs(self) -> dict:
        """Keyword arguments for ``services.apply_online`` (without the member)."""
        data = self.cleaned_data
        kwargs = {
            "dispute_type": data["dispute_type"],
            "summary": data["summary"],
            "amount_claimed": data.get("amount_claimed"),
            "town": data.get("town"),
        }
        if self.member is None:
            kwargs.update(name=data["name"], phone=data["phone"], employer_name=data.get("employer_name") or "")
        return kwargs


class AidRateForm(forms.Form):
    """The worker's stars (1–5) and comment on a closed legal-aid case."""

    rating = forms.TypedChoiceField(
        label=_("评分"),
        choices=[(n, f"{n} 星") for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评分")},
    )
    comment = forms.CharField(
        label=_("评价内容"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("说说律师和工会的帮助（选填）")}),
    )


class PhoneCheckForm(forms.Form):
    """A worker without an account proves their mobile number to see their applications and cases."""

    phone = PhoneField(label=_("手机号"), max_length=20, error_messages={"required": _("请填写手机号")})
    code = forms.CharField(label=_("验证码"), max_length=6, error_messages={"required": _("请填写短信验证码")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"type": "tel", "inputmode": "numeric", "autocomplete": "tel"})
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})
