"""Forms of the appeal pages: the worker's submission (phone first), following up (rating, answering a request for
information, looking an appeal up by tracking number), and the staff actions. They only shape input and say what
is missing; ``appeals.services`` decides, and its refusals come back onto these fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import MOBILE_RE
from members.choices import GigPlatform
from orgs.models import Enterprise, EnterpriseStatus, Org, OrgKind, OrgStatus

from .models import Category, Kind, Satisfaction
from .photos import MAX_PHOTOS

WORKER_KINDS = [(k, label) for k, label in Kind.choices if k != Kind.OPEN_DAY]
WHERE_EMPLOYER, WHERE_GIG, WHERE_TOWN = "employer", "gig", "town"


def _choose(choices):
    return [("", _("请选择"))] + list(choices)


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that lets the worker pick several photos at once (on a phone it also offers the camera)."""

    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to nine photos; whether each is a real image, and its size, is for ``appeals.photos`` to say."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [f for f in files if f]


class PhoneField(forms.CharField):
    """An 11-digit mainland mobile number; spaces and dashes people type are dropped."""

    def to_python(self, value):
        return "".join(ch for ch in (super().to_python(value) or "") if ch.isdigit())

    def validate(self, value):
        super().validate(value)
        if value and not MOBILE_RE.match(value):
            raise forms.ValidationError(_("请填写正确的 11 位手机号"))


def town_choices():
    return Org.objects.filter(kind=OrgKind.TOWN, status=OrgStatus.ACTIVE).order_by("path")


class SubmitForm(forms.Form):
    """What a worker reports: kind, category, description, photos, place, and whether the employer may learn the
    name. A worker without an account also gives name, mobile (with the texted code) and where they work."""

    kind = forms.ChoiceField(label=_("类型"), choices=WORKER_KINDS, initial=Kind.APPEAL, widget=forms.RadioSelect)
    category = forms.ChoiceField(
        label=_("类别"), choices=_choose(Category.choices), error_messages={"required": _("请选择类别")}
    )
    description = forms.CharField(
        label=_("内容"),
        max_length=5000,
        error_messages={"required": _("请写下发生了什么")},
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": _("时间、地点、经过和您希望得到的帮助")}),
    )
    photos = PhotosField(label=_("照片"), help_text=_("最多 %(n)d 张，可直接拍照") % {"n": MAX_PHOTOS})
    location = forms.CharField(label=_("地点"), max_length=200, required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    name_visible_to_employer = forms.BooleanField(label=_("允许向用人单位透露我的姓名"), required=False)
    amount_involved = forms.DecimalField(
        label=_("涉及金额（元）"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("如拖欠的工资、应得的补偿，选填"),
        error_messages={"invalid": _("请填写金额，如 12500.50")},
    )
    # A worker without an account.
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名")})
    phone = PhoneField(label=_("手机号"), max_length=20, error_messages={"required": _("请填写手机号")})
    code = forms.CharField(label=_("验证码"), max_length=6, required=False)
    where = forms.ChoiceField(
        label=_("工作情况"),
        choices=[
            (WHERE_EMPLOYER, _("在单位工作")),
            (WHERE_GIG, _("新就业形态（骑手、快递、网约车等）")),
            (WHERE_TOWN, _("找不到单位 / 其他")),
        ],
        initial=WHERE_EMPLOYER,
        widget=forms.RadioSelect,
    )
    employer = forms.ModelChoiceField(
        label=_("工作单位"),
        queryset=Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE, covering_union__status=OrgStatus.ACTIVE),
        required=False,
        error_messages={"invalid_choice": _("所选单位不在名录中，请重新搜索")},
    )
    gig_platform = forms.ChoiceField(label=_("新就业形态类别"), choices=_choose(GigPlatform.choices), required=False)
    town = forms.ModelChoiceField(
        label=_("所在镇街"),
        queryset=town_choices(),
        required=False,
        empty_label=_("请选择"),
        error_messages={"invalid_choice": _("请重新选择所在镇街")},
    )
    employer_name = forms.CharField(label=_("单位名称"), max_length=200, required=False)

    WORKER_FIELDS = ("name", "phone", "code", "where", "employer", "gig_platform", "town", "employer_name")

    def __init__(self, *args, member=None, phone_verified: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.phone_verified = phone_verified
        if member is not None:
            # A logged-in member: who they are and where they work come from the roster. One whose membership has
            # lapsed is no longer routed to the old union, so they may need to name their town.
            keep = set() if member.is_holding else {"town"}
            for name in self.WORKER_FIELDS:
                if name not in keep:
                    del self.fields[name]
            if "town" in self.fields:
                self.fields["town"].queryset = town_choices()
        else:
            self.fields["name"].widget.attrs.update({"autocomplete": "name"})
            self.fields["phone"].widget.attrs.update(
                {"type": "tel", "inputmode": "numeric", "autocomplete": "tel", "maxlength": "20"}
            )
            self.fields["code"].widget.attrs.update(
                {"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "6"}
            )
            self.fields["town"].queryset = town_choices()
        self.fields["location"].widget.attrs.update({"placeholder": _("路名门牌或车间（选填）")})

    def clean(self):
        data = super().clean()
        if self.member is not None:
            return data
        where = data.get("where")
        if where == WHERE_EMPLOYER:
            data["gig_platform"], data["town"] = "", None
            if data.get("employer") is None and "employer" not in self.errors:
                self.add_error("employer", _("请搜索并选择您的工作单位；找不到时请选“找不到单位 / 其他”"))
        elif where == WHERE_GIG:
            data["employer"] = None
            if not data.get("gig_platform"):
                self.add_error("gig_platform", _("请选择您从事的新就业形态类别"))
        elif where == WHERE_TOWN:
            data["employer"], data["gig_platform"] = None, ""
            if data.get("town") is None and "town" not in self.errors:
                self.add_error("town", _("请选择您所在的镇/街道"))
        phone = data.get("phone")
        if phone and phone != self.phone_verified and not (data.get("code") or "").strip():
            self.add_error("code", _("请获取并填写短信验证码"))
        return data

    def submit_kwargs(self) -> dict:
        """Keyword arguments for ``services.submit`` (without the member and the photos)."""
        data = self.cleaned_data
        kwargs = {
            k: data.get(k)
            for k in (
                "kind",
                "category",
                "description",
                "location",
                "latitude",
                "longitude",
                "name_visible_to_employer",
                "amount_involved",
            )
        }
        kwargs["location"] = kwargs["location"] or ""
        if self.member is not None:
            member = self.member
            kwargs.update(
                name="",
                phone="",
                employer=member.employer,
                employer_name=member.employer_name,
                gig_platform=member.gig_platform or "",
                town=data.get("town"),
            )
        else:
            kwargs.update(
                {k: data.get(k) for k in ("name", "phone", "employer", "town")},
                gig_platform=data.get("gig_platform") or "",
                employer_name=data.get("employer_name") or "",
            )
        return kwargs


class TrackForm(forms.Form):
    """查询进度: a worker without an account finds an appeal by its tracking number and the mobile it was sent from."""

    tracking_no = forms.CharField(label=_("受理编号"), max_length=20, error_messages={"required": _("请填写受理编号")})
    phone = PhoneField(label=_("手机号"), max_length=20, error_messages={"required": _("请填写提交时的手机号")})
    code = forms.CharField(label=_("验证码"), max_length=6, required=False)

    def __init__(self, *args, phone_verified: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.phone_verified = phone_verified
        self.fields["tracking_no"].widget.attrs.update({"autocomplete": "off", "placeholder": "SQ2026…"})
        self.fields["phone"].widget.attrs.update({"type": "tel", "inputmode": "numeric", "autocomplete": "tel"})
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})

    def clean_tracking_no(self):
        return self.cleaned_data["tracking_no"].strip().upper()

    def clean(self):
        data = super().clean()
        phone = data.get("phone")
        if phone and phone != self.phone_verified and not (data.get("code") or "").strip():
            self.add_error("code", _("请获取并填写短信验证码"))
        return data


class RateForm(forms.Form):
    """The worker's verdict on the result; 不满意 sends it back for handling once."""

    satisfaction = forms.ChoiceField(
        label=_("满意度"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意度")},
    )
    comment = forms.CharField(
        label=_("评价"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("说说您的感受（选填）")}),
    )


class AnswerForm(forms.Form):
    """The worker's answer to a request for more information."""

    text = forms.CharField(
        label=_("补充内容"),
        max_length=2000,
        required=False,  # the service says what is missing, in the same words as the API
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# --- Staff ---------------------------------------------------------------------------------------------------------


def org_code_input(datalist: str, pick_url: str) -> forms.TextInput:
    """An org-code input whose suggestions (orgs where the user may handle appeals) htmx fills as they type."""
    return forms.TextInput(
        attrs={
            "list": datalist,
            "autocomplete": "off",
            "hx-get": pick_url,
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{datalist}",
        }
    )


class HandOverForm(forms.Form):
    """转办: another org within the user's scope, named by its code, and why."""

    wide_fields = ("reason",)

    to_org = forms.CharField(
        label=_("转办对象"),
        max_length=32,
        error_messages={"required": _("请选择转办对象")},
        help_text=_("输入组织代码、名称或拼音首字母，从提示中选择"),
    )
    reason = forms.CharField(
        label=_("转办原因"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, pick_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].widget = org_code_input("org-options", pick_url)


class RequestInfoForm(forms.Form):
    wide_fields = ("question",)

    question = forms.CharField(
        label=_("需要补充的内容"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("例如：请提供工资条或考勤记录")}),
        help_text=_("职工会收到通知，补充后继续办理"),
    )


class ProgressForm(forms.Form):
    wide_fields = ("text",)

    text = forms.CharField(
        label=_("办理进展"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("例如：已与企业人事部门联系，企业承诺本周五前补发工资")}
        ),
        help_text=_("职工可见，并会收到通知；事项继续办理，不会办结"),
    )


class MergeForm(forms.Form):
    tracking_no = forms.CharField(
        label=_("合并到（受理编号）"),
        max_length=20,
        error_messages={"required": _("请填写要合并到的受理编号")},
        help_text=_("本条将标记为已合并，随目标事项一并办结答复"),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_tracking_no(self):
        return self.cleaned_data["tracking_no"].strip().upper()


class ResolveForm(forms.Form):
    wide_fields = ("reply",)

    reply = forms.CharField(
        label=_("答复"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("职工可见；办结后职工将收到通知并评价"),
    )


class AdoptForm(forms.Form):
    wide_fields = ("note",)

    note = forms.CharField(
        label=_("采纳说明"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("例如：下月起实施（选填）")}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("内部备注"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("仅工作人员可见")}),
    )


class OpenDayForm(forms.Form):
    """开放日 entry: staff record what a worker raised at the chair's open day, for an org in their scope."""

    wide_fields = ("description", "photos")

    org = forms.CharField(
        label=_("承办工会"),
        max_length=32,
        error_messages={"required": _("请选择承办工会")},
        help_text=_("输入组织代码、名称或拼音首字母，从提示中选择"),
    )
    category = forms.ChoiceField(
        label=_("类别"), choices=_choose(Category.choices), error_messages={"required": _("请选择类别")}
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = PhoneField(label=_("手机号"), max_length=20, required=False, help_text=_("办理进展将以短信告知职工"))
    employer_name = forms.CharField(label=_("工作单位"), max_length=200, required=False)
    location = forms.CharField(label=_("地点"), max_length=200, required=False)
    description = forms.CharField(
        label=_("内容"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    photos = PhotosField(label=_("照片"), help_text=_("最多 %(n)d 张（选填）") % {"n": MAX_PHOTOS})
    name_visible_to_employer = forms.BooleanField(label=_("职工同意向用人单位透露姓名"), required=False)

    required_marks = ("name", "phone", "description")

    def __init__(self, *args, pick_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].widget = org_code_input("org-options", pick_url)
