"""Page forms of the union-life console. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import validate_real_date
from core.forms import TEXT_MAX_LENGTH, DateInput
from orgs.models import OrgKind

from .models import FIELD_TYPES, Alliance, Notice

TYPE_BY_LABEL = {label: key for key, label in FIELD_TYPES.items()}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); the service checks their types and sizes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class NoticeForm(forms.Form):
    sender = forms.CharField(label=_("发文单位（组织代码）"), max_length=32)
    audience = forms.ChoiceField(label=_("发给"), choices=Notice.Audience.choices, initial=Notice.Audience.ORGS)
    category = forms.ChoiceField(label=_("类别"), choices=Notice.Category.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(max_length=TEXT_MAX_LENGTH, label=_("正文"), widget=forms.Textarea(attrs={"rows": 6}))
    kinds = forms.MultipleChoiceField(
        label=_("按组织类型"), choices=OrgKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    towns = forms.CharField(
        label=_("限于这些镇街（组织代码，逗号分隔）"),
        max_length=500,
        required=False,
        help_text=_("只发给这些镇街总工会及其下级；不填为全部下级"),
    )
    orgs = forms.CharField(
        label=_("另发给这些组织（组织代码，逗号分隔）"),
        max_length=2000,
        required=False,
        help_text=_("不选类型和镇街、只填这里时，只发给这些组织"),
    )
    attachments = MultipleFileField(label=_("附件"), required=False)
    return_kind = forms.ChoiceField(label=_("报送任务"), choices=Notice.ReturnKind.choices)
    due_on = forms.DateField(label=_("报送期限"), required=False, widget=DateInput(), validators=[validate_real_date])
    figure_label = forms.CharField(label=_("报送数字名称"), max_length=100, required=False)
    fields_spec = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("报送表单（每行一项：名称|类型|选项）"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": "参加人数|数字\n开展日期|日期\n是否完成|选择|是、否\n活动照片|文件\n备注|文字|选填",
            }
        ),
        help_text=_("类型：文字、数字、日期、选择、文件；选择题在第三栏写选项（用顿号分隔）；写“选填”的项可以不填"),
    )
    wide_fields = ("body", "fields_spec", "orgs")

    def clean_fields_spec(self):
        """The textarea's lines as the service's field list (the service checks them)."""
        fields = []
        for line in (self.cleaned_data.get("fields_spec") or "").splitlines():
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            if not parts[0]:
                continue
            kind = TYPE_BY_LABEL.get(parts[1] if len(parts) > 1 else "文字", parts[1] if len(parts) > 1 else "")
            rest = parts[2:]
            optional = "选填" in rest
            options = [p for p in rest if p != "选填"]
            choices = [c for c in (options[0].replace(",", "、").replace("，", "、").split("、") if options else [])]
            fields.append({"label": parts[0], "type": kind, "required": not optional, "choices": choices})
        return fields


def codes(text: str) -> list[str]:
    return [
        c.strip() for c in (text or "").replace("，", ",").replace("、", ",").replace("\n", ",").split(",") if c.strip()
    ]


ROLE_BY_LABEL = {
    "主席": "chair",
    "副主席": "vice_chair",
    "委员": "member",
    "经审委员": "audit",
    "经费审查委员": "audit",
    "女职工委员": "women",
}


class CongressForm(forms.Form):
    held_on = forms.DateField(label=_("大会日期"), widget=DateInput(), validators=[validate_real_date])
    delegates = forms.IntegerField(label=_("出席代表（会员）人数"), min_value=1, max_value=100000, required=False)
    length_years = forms.TypedChoiceField(
        label=_("任期"),
        choices=[("", "按会员人数（25 人以下 3 年，其余 5 年）"), ("5", "5 年"), ("3", "3 年")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    committee = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("当选委员会（每行一人：职务|姓名|专职）"),
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": "主席|王志强|专职\n副主席|李娜\n委员|张伟\n经审委员|陈静\n女职工委员|刘芳"}
        ),
        help_text=_("职务：主席、副主席、委员、经审委员、女职工委员；写“专职”的为专职干部，其余为兼职"),
    )
    wide_fields = ("committee",)

    def clean_committee(self):
        """The lines as the service's officer list (the service checks roles, names and the one chair)."""
        found = []
        for line in self.cleaned_data["committee"].splitlines():
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            if not parts[0]:
                continue
            role = ROLE_BY_LABEL.get(parts[0], parts[0])
            found.append({"role": role, "name": parts[1] if len(parts) > 1 else "", "full_time": "专职" in parts[2:]})
        return found


# --- Pairings and alliances -----------------------------------------------------------------------------------------

PARTY_KIND_BY_LABEL = {"社区": "community", "部门": "department", "企业": "enterprise", "其他": "other"}


class PairingForm(forms.Form):
    owner = forms.CharField(label=_("登记单位（组织代码）"), max_length=32)
    title = forms.CharField(label=_("名称"), max_length=100)
    goals = forms.CharField(max_length=TEXT_MAX_LENGTH, label=_("共建目标"), widget=forms.Textarea(attrs={"rows": 4}))
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput(), validators=[validate_real_date])
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput(), validators=[validate_real_date])
    orgs = forms.CharField(
        label=_("结对的工会组织（组织代码，每行一个）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "UA11\nUB11"}),
    )
    outside = forms.CharField(
        label=_("结对的社区、部门、企业（每行一个：类型|名称）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "社区|东湖社区\n部门|区人力社保局\n企业|甲一机械有限公司"}
        ),
        help_text=_("类型：社区、部门、企业、其他"),
    )
    wide_fields = ("goals", "orgs", "outside")

    def clean_outside(self):
        found = []
        for line in self.cleaned_data["outside"].splitlines():
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            if not parts[0]:
                continue
            if len(parts) == 1:
                parts = ["其他", parts[0]]
            found.append({"kind": PARTY_KIND_BY_LABEL.get(parts[0], parts[0]), "name": parts[1]})
        return found


class PairingRecordForm(forms.Form):
    happened_on = forms.DateField(label=_("日期"), widget=DateInput(), validators=[validate_real_date])
    text = forms.CharField(max_length=TEXT_MAX_LENGTH, label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))


class AllianceForm(forms.Form):
    owner = forms.CharField(label=_("登记单位（组织代码）"), max_length=32)
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Alliance.Kind.choices)
    lead = forms.CharField(label=_("牵头工会（组织代码）"), max_length=32)
    founded_on = forms.DateField(label=_("成立日期"), widget=DateInput(), validators=[validate_real_date])
    members = forms.CharField(
        label=_("成员工会（组织代码，每行一个）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("牵头工会自动成为成员；成员可以是其他镇街的工会"),
    )
    places = forms.ModelMultipleChoiceField(
        label=_("共享阵地"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("联盟简介与共建内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wide_fields = ("members", "places", "description")

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].queryset = places
        self.fields["places"].label_from_instance = lambda p: f"{p.name}（{p.org.name}）"
