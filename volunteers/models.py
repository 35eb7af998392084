"""Volunteer service (志愿服务): teams (志愿服务小队) under the unions of the tree, the members who serve in them,
shifts (志愿岗) at a place or for an activity that volunteers sign up for, and service records (服务记录) whose hours
count once the team leader (or staff) confirms them. Hours are kept in half-hour steps (``Decimal``, one place)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import RestrictedQuerySet


class TeamStatus(models.TextChoices):
    ACTIVE = "active", _("活跃")
    DISBANDED = "disbanded", _("已解散")


class Team(models.Model):
    """A volunteer team of a union (or a federation) of the tree, with its leader: a member serving in the team
    who confirms the team's service records on the phone."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("队名"), max_length=100)
    leader = models.ForeignKey(
        "members.Member", verbose_name=_("队长"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(_("简介"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=TeamStatus.choices, default=TeamStatus.ACTIVE)
    created_at = models.DateTimeField(_("成立时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 150  # core.locking: a team before its shifts, sign-ups and records (docs/layout.md)

    class Meta:
        verbose_name = _("志愿服务小队")
        ordering = ["org__path", "name", "pk"]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.org

    @property
    def is_active(self) -> bool:
        return self.status == TeamStatus.ACTIVE


class Volunteer(models.Model):
    """A member serving in a team from ``joined_on`` until ``left_on`` (open while serving). A member may serve in
    several teams; once per team at a time."""

    team = models.ForeignKey(Team, verbose_name=_("服务队"), on_delete=models.PROTECT, related_name="volunteers")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="volunteering"
    )
    joined_on = models.DateField(_("加入日期"), default=timezone.localdate)
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "team__org__path"

    class Meta:
        verbose_name = _("志愿者")
        ordering = ["team", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "member"], condition=Q(left_on__isnull=True), name="volunteers_once_per_team"
            )
        ]

    def __str__(self):
        return f"{self.member} · {self.team}"

    @property
    def audit_org(self):
        return self.team.org


class Shift(models.Model):
    """A volunteer shift (志愿岗) of a team: when, at which place and/or for which activity (both of the team org's
    line of the tree), and how many volunteers it takes (``quota``)."""

    team = models.ForeignKey(Team, verbose_name=_("服务队"), on_delete=models.PROTECT, related_name="shifts")
    title = models.CharField(_("岗位"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.ForeignKey(
        "places.Place", verbose_name=_("阵地"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        "activities.Activity", verbose_name=_("活动"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quota = models.PositiveIntegerField(_("人数"))
    created_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "team__org__path"
    LOCK_RANK = 152  # core.locking: a shift before its sign-ups (the quota is checked under its lock)

    class Meta:
        verbose_name = _("志愿岗")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="volunteers_shift_ends_after"),
            models.CheckConstraint(condition=Q(quota__gte=1), name="volunteers_shift_quota_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.team.org


class SignUp(models.Model):
    """A volunteer signed up for a shift; cancelled before it starts, or marked attended (which writes a confirmed
    service record of the shift's length, ``record``)."""

    shift = models.ForeignKey(Shift, verbose_name=_("志愿岗"), on_delete=models.PROTECT, related_name="signups")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="volunteer_signups"
    )
    signed_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    attended_at = models.DateTimeField(_("到岗确认时间"), null=True, blank=True)
    record = models.OneToOneField(
        "ServiceRecord", verbose_name=_("服务记录"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "shift__team__org__path"
    LOCK_RANK = 154

    class Meta:
        verbose_name = _("岗位报名")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "member"], condition=Q(cancelled_at__isnull=True), name="volunteers_one_signup"
            )
        ]

    def __str__(self):
        return f"{self.member} · {self.shift}"

    @property
    def audit_org(self):
        return self.shift.team.org

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class RecordStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("未通过")


class ServiceRecord(models.Model):
    """Hours a volunteer served for a team on a day (half-hour steps, more than 0 and at most 24), logged by the
    member on the phone or by staff; they count once the team leader or staff confirm them."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="service_records"
    )
    team = models.ForeignKey(Team, verbose_name=_("服务队"), on_delete=models.PROTECT, related_name="records")
    served_on = models.DateField(_("服务日期"))
    hours = models.DecimalField(_("时长（小时）"), max_digits=4, decimal_places=1)
    description = models.CharField(_("服务内容"), max_length=500)
    shift = models.ForeignKey(
        Shift, verbose_name=_("志愿岗"), on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    status = models.CharField(_("状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    reject_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "team__org__path"
    LOCK_RANK = 156

    class Meta:
        verbose_name = _("服务记录")
        ordering = ["-served_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="volunteers_hours_0_24"),
        ]
        indexes = [models.Index(fields=["status", "served_on"])]

    def __str__(self):
        return f"{self.member} · {self.served_on} · {self.hours} 小时"

    @property
    def audit_org(self):
        return self.team.org
