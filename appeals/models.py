"""Workers' appeals (诉求), suggestions (建议, 金点子), photo reports (随手拍) and items recorded at a chair's open day
(开放日): one workflow, routed to a union, with deadlines in working days, escalation, a public timeline,
replies and satisfaction."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scoping import RestrictedQuerySet


class Kind(models.TextChoices):
    APPEAL = "appeal", _("诉求")
    SUGGESTION = "suggestion", _("建议")
    SNAPSHOT = "snapshot", _("随手拍")
    OPEN_DAY = "open_day", _("开放日")


class Category(models.TextChoices):
    WAGES = "wages", _("工资拖欠")
    CONTRACT = "contract", _("劳动合同")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    SAFETY = "safety", _("工伤与职业安全")
    DISPUTE = "dispute", _("劳动争议")
    LIVING = "living", _("生活服务")
    FACILITIES = "facilities", _("文体设施")
    MENTAL = "mental", _("心理健康")
    OTHER = "other", _("其他")


# Categories the rights module (dispute mediation, legal aid) will take up: flagged on intake.
RIGHTS_CATEGORIES = {Category.WAGES, Category.DISPUTE}


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("办理中")
    INFO_REQUESTED = "info_requested", _("待补充材料")
    RESOLVED = "resolved", _("已办结")
    CLOSED = "closed", _("已评价")
    MERGED = "merged", _("已合并")


OPEN_STATUSES = {Status.SUBMITTED, Status.ACCEPTED, Status.INFO_REQUESTED}


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    FAIRLY = "fairly", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Holiday(models.Model):
    """A day that differs from the Monday–Friday week: a public holiday (休) or a weekend working day (调休上班).
    Deadlines count working days over this calendar."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否上班"), default=False, help_text=_("调休上班的周末勾选"))
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.name}"


class CategoryDeadline(models.Model):
    """How many working days a union has to accept and to resolve an appeal of a category (configurable)."""

    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, unique=True)
    accept_days = models.PositiveSmallIntegerField(_("受理时限（工作日）"), default=2)
    resolve_days = models.PositiveSmallIntegerField(_("办结时限（工作日）"), default=15)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["category"]

    def __str__(self):
        return self.get_category_display()


class Appeal(models.Model):
    """One item a worker raised, from intake to the worker's rating. ``org`` is the union handling it now;
    handing over (转办) and escalation move it, and the timeline keeps every step."""

    LOCK_RANK = 50

    tracking_no = models.CharField(_("受理编号"), max_length=20, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    description = models.TextField(_("内容"))
    location = models.CharField(_("地点"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    name_visible_to_employer = models.BooleanField(_("允许向用人单位透露姓名"), default=False)
    # Who raised it: a member (logged in) or a worker identified by a verified mobile number.
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=11)
    employer = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("用人单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    employer_name = models.CharField(_("用人单位名称"), max_length=200, blank=True)
    gig_platform = models.CharField(_("新就业形态类别"), max_length=20, blank=True)
    # The sum the worker says is at stake (欠薪, 补偿 …), in 元 to the fen; empty when they gave none.
    amount_involved = models.DecimalField(
        _("涉及金额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    org = models.ForeignKey("orgs.Org", verbose_name=_("承办工会"), on_delete=models.PROTECT, related_name="appeals")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    rights_flag = models.BooleanField(_("维权线索"), default=False, help_text=_("工资拖欠、劳动争议类，转维权模块跟进"))
    submitted_at = models.DateTimeField(_("提交时间"))
    accept_due = models.DateTimeField(_("受理期限"))
    resolve_due = models.DateTimeField(_("办结期限"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    escalations = models.PositiveSmallIntegerField(_("升级次数"), default=0)
    reply = models.TextField(_("答复"), blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices, blank=True)
    satisfaction_comment = models.CharField(_("评价"), max_length=500, blank=True)
    reopened = models.BooleanField(_("已重新办理"), default=False)
    adopted = models.BooleanField(_("已采纳"), default=False)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("合并至"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代为登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("诉求与建议")
        verbose_name_plural = _("诉求与建议")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["org", "status", "resolve_due"]),
            models.Index(fields=["status", "accept_due"]),
            models.Index(fields=["phone"]),
            models.Index(fields=["submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False), name="merged_has_target"
            ),
            models.CheckConstraint(
                condition=Q(amount_involved__isnull=True) | Q(amount_involved__gte=0),
                name="appeals_amount_involved_positive",
            ),
        ]

    def __str__(self):
        return f"{self.tracking_no} {self.get_category_display()}"

    @property
    def audit_org(self):
        return self.org

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AppealPhoto(models.Model):
    """A photo attached at intake: re-encoded on upload so location (EXIF GPS) and other metadata are gone."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to="appeals/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")


class AppealEvent(models.Model):
    """One step of the timeline; ``public`` steps are shown to the worker, internal notes are not."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("提交")
        ACCEPTED = "accepted", _("受理")
        PROGRESS = "progress", _("办理进展")
        HANDED_OVER = "handed_over", _("转办")
        INFO_REQUESTED = "info_requested", _("请补充材料")
        INFO_PROVIDED = "info_provided", _("补充材料")
        ESCALATED = "escalated", _("超期升级")
        RESOLVED = "resolved", _("办结答复")
        RATED = "rated", _("评价")
        REOPENED = "reopened", _("重新办理")
        MERGED = "merged", _("合并")
        ADOPTED = "adopted", _("采纳")
        NOTE = "note", _("内部备注")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("环节"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("工会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    public = models.BooleanField(_("对职工可见"), default=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.appeal} {self.get_kind_display()}"


class PhoneCode(models.Model):
    """A one-time code texted to a worker without an account, to verify the mobile number before submitting.
    Only a hash of the code is stored; it expires and allows a few attempts."""

    LOCK_RANK = 55

    phone = models.CharField(max_length=11, db_index=True)
    code_hash = models.CharField(max_length=64)
    # The address that asked for it: texts are limited per address and in total, not only per number.
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
