"""Forms of the activity pages. They only shape input; the services decide what is valid, and their refusals come
back onto these fields (``core.forms.add_domain_error``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import validate_real_date
from core.forms import TEXT_MAX_LENGTH
from members.choices import Tag

from .models import Activity, Category, Partner, Proposal

REQUIRED = {"required": _("请填写此项")}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
_SUBSIDY_INVALID = _("工会补助金额：应为不小于 0、最多两位小数的金额（元）")
SUBSIDY_ERRORS = {
    "invalid": _SUBSIDY_INVALID,
    "min_value": _SUBSIDY_INVALID,
    "max_digits": _("工会补助金额：不能超过 100 亿元"),
    "max_whole_digits": _("工会补助金额：不能超过 100 亿元"),
    "max_decimal_places": _SUBSIDY_INVALID,
}


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker (works on phones), in the format the browser reads back."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


def _when(label, *, required=True, help_text=""):
    return forms.DateTimeField(
        validators=[validate_real_date],
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        error_messages=REQUIRED,
        help_text=help_text,
    )


class ActivityForm(forms.Form):
    """Create or edit an activity: every field of the model a person fills in. Orgs are given by their code (a
    district has thousands of unions, too many for a list); the view looks them up within the user's scope."""

    title = forms.CharField(label=_("活动名称"), max_length=200, error_messages=REQUIRED)
    organiser = forms.CharField(
        label=_("主办组织"), max_length=20, help_text=_("填写组织代码"), error_messages=REQUIRED
    )
    series = forms.ModelChoiceField(label=_("活动系列"), queryset=None, required=False, empty_label=_("（不属于系列）"))
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    mode = forms.ChoiceField(label=_("报名方式"), choices=Activity.Mode.choices, initial=Activity.Mode.FIRST_COME)
    starts_at = _when(_("开始时间"))
    ends_at = _when(_("结束时间"))
    address = forms.CharField(label=_("地点"), max_length=200, error_messages=REQUIRED)
    latitude = forms.DecimalField(
        label=_("纬度"),
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("选填，用于“离我最近”排序"),
    )
    longitude = forms.DecimalField(
        label=_("经度"), max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180
    )
    capacity = forms.IntegerField(label=_("名额"), min_value=1, error_messages=REQUIRED)
    registration_opens_at = _when(_("报名开始"))
    registration_closes_at = _when(_("报名截止"))
    cancel_deadline = _when(_("取消报名截止"), required=False, help_text=_("留空表示活动开始前均可取消"))
    audience_org = forms.CharField(
        label=_("面向组织"), max_length=20, required=False, help_text=_("填写组织代码；留空表示主办组织的全体会员")
    )
    audience_tags = forms.MultipleChoiceField(
        label=_("限定会员标签"),
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示不限"),
    )
    open_to_public = forms.BooleanField(label=_("向社会公众开放（不限所属工会）"), required=False)
    subsidy_amount = forms.DecimalField(
        label=_("工会补助金额（元）"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        initial=0,
        help_text=_("工会为本活动支付的补助，没有补助填 0"),
        error_messages=SUBSIDY_ERRORS,
    )
    waitlist_enabled = forms.BooleanField(label=_("名额满后启用候补"), required=False, initial=True)
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("活动介绍"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    image = forms.ImageField(label=_("封面图片"), required=False, help_text=_("选填，JPG 或 PNG"))

    wide_fields = ("title", "description", "audience_tags", "image")

    def __init__(self, *args, series_queryset=None, editing=False, example_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = series_queryset
        if example_code:
            # The hints name a code the user really has (their own org's), not a made-up one.
            self.fields["organiser"].help_text = _("填写组织代码，如本单位“%(c)s”") % {"c": example_code}
            self.fields["audience_org"].help_text = _("填写组织代码（如“%(c)s”）；留空表示主办组织的全体会员") % {
                "c": example_code
            }
        if editing:
            # The organiser is fixed once the activity exists: its scope decides who may manage it.
            del self.fields["organiser"]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("报名者会收到包含此原因的通知"),
        error_messages=REQUIRED,
    )
    wide_fields = ("reason",)


class TicketForm(forms.Form):
    code = forms.CharField(label=_("票码"), max_length=20, error_messages={"required": _("请输入票码")})


class WalkInForm(forms.Form):
    """A walk-in: a member found by card number or phone, or a guest by name."""

    who = forms.CharField(label=_("会员证号或手机号"), max_length=20, required=False)
    name = forms.CharField(label=_("姓名（非会员）"), max_length=50, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("who", "").strip() and not data.get("name", "").strip():
            raise forms.ValidationError(_("请填写会员证号或手机号，非会员请填写姓名"))
        return data


class SeriesForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("主办组织"), queryset=None, error_messages=REQUIRED, empty_label=_("请选择"))
    name = forms.CharField(label=_("系列名称"), max_length=100, error_messages=REQUIRED)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, error_messages=REQUIRED)
    monthly_lottery_wins = forms.IntegerField(
        label=_("每人每月抽签中签上限"), min_value=1, required=False, help_text=_("留空表示不限")
    )
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("简介"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    wide_fields = ("description",)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class PartnerForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("合作的工会组织"), queryset=None, error_messages=REQUIRED, empty_label=_("请选择")
    )
    name = forms.CharField(label=_("合伙人名称"), max_length=200, error_messages=REQUIRED)
    kind = forms.ChoiceField(label=_("类型"), choices=Partner.Kind.choices)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    username = forms.CharField(
        label=_("登录账号"),
        max_length=50,
        required=False,
        help_text=_("选填：为合伙人开通账号，初始密码只显示一次"),
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class AccountForm(forms.Form):
    username = forms.CharField(label=_("登录账号"), max_length=50, error_messages=REQUIRED)
    display_name = forms.CharField(label=_("姓名"), max_length=50, required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("采纳（生成活动草稿）")), ("return", _("退回修改")), ("reject", _("不采纳"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审核结论")},
    )
    comment = forms.CharField(
        label=_("审核意见"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回或不采纳时必填，合伙人会看到"),
    )
    wide_fields = ("decision", "comment")


class ProposalForm(forms.Form):
    """A partner's proposal (new, or resubmitted after being returned)."""

    partner = forms.ModelChoiceField(
        label=_("以哪个合伙人名义"), queryset=None, error_messages=REQUIRED, empty_label=_("请选择")
    )
    series = forms.ModelChoiceField(
        label=_("活动系列"), queryset=None, error_messages=REQUIRED, empty_label=_("请选择")
    )
    title = forms.CharField(label=_("方案名称"), max_length=200, error_messages=REQUIRED)
    category = forms.ChoiceField(label=_("活动类别"), choices=Category.choices)
    expected_participants = forms.IntegerField(label=_("预计参与人数"), min_value=0, initial=30)
    content = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("方案内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("活动形式、时间地点设想、所需支持等"),
        error_messages=REQUIRED,
    )
    wide_fields = ("title", "content")

    def __init__(self, *args, partners=None, series=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["series"].queryset = series
        self.sole_partner = partners[0] if partners is not None and len(partners) == 1 else None
        if self.sole_partner is not None:
            # Working for one partner only (the usual case): nothing to choose.
            self.fields["partner"].widget = forms.HiddenInput()
            self.fields["partner"].required = False

    def clean_partner(self):
        return self.cleaned_data.get("partner") or self.sole_partner


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        choices=[(n, f"{n} 分") for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择 1 到 5 分")},
    )
    comment = forms.CharField(label=_("评价"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


PROPOSAL_STATUS_BADGES = {
    Proposal.Status.SUBMITTED: "text-bg-primary",
    Proposal.Status.RETURNED: "text-bg-warning",
    Proposal.Status.APPROVED: "text-bg-success",
    Proposal.Status.REJECTED: "text-bg-secondary",
}
