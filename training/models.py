"""Training (技能培训, 学历提升, 工匠学堂): courses a union runs with a provider (a 工匠学堂 from the places register,
or a school named in words), their sessions, members' enrolments within the course's quota, attendance checked in at
each session, completion by a rule (attended at least ``sessions_required`` sessions) and the certificate a completed
enrolment earns, whose signed QR a public page verifies. The union pays ``subsidy`` 元 of each completer's fee."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_real_date
from core.scoping import RestrictedQuerySet


class CourseKind(models.TextChoices):
    SKILL = "skill", _("技能培训")
    DEGREE = "degree", _("学历提升")


class CourseStatus(models.TextChoices):
    OPEN = "open", _("报名中")
    CLOSED = "closed", _("报名截止")
    FINISHED = "finished", _("已结业")


class Course(models.Model):
    """A course a union organises: who provides it (a 工匠学堂 place or a school by name), how many may enrol
    (``capacity``; ``enrolled`` is the seat counter, taken only by a conditional UPDATE), the fee and the part of it
    the union pays (``subsidy``, 元 per completer), and the completion rule (``sessions_required``)."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("课程名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=10, choices=CourseKind.choices)
    provider_place = models.ForeignKey(
        "places.Place", verbose_name=_("工匠学堂"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider_name = models.CharField(_("承办学校或机构"), max_length=100, blank=True)
    description = models.TextField(_("课程介绍"), blank=True)
    starts_on = models.DateField(_("开课日期"), validators=[validate_real_date])
    capacity = models.PositiveIntegerField(_("名额"))
    enrolled = models.PositiveIntegerField(_("已报名"), default=0)
    fee = models.DecimalField(_("学费（元）"), max_digits=10, decimal_places=2, default=Decimal("0.00"))
    subsidy = models.DecimalField(_("工会补贴（元/人）"), max_digits=10, decimal_places=2, default=Decimal("0.00"))
    sessions_required = models.PositiveSmallIntegerField(_("结业须出勤课次"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=CourseStatus.choices, default=CourseStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结业时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 130

    class Meta:
        verbose_name = _("培训课程")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(enrolled__lte=F("capacity")), name="training_course_within_quota"),
            models.CheckConstraint(condition=Q(subsidy__lte=F("fee")), name="training_subsidy_within_fee"),
        ]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.org

    @property
    def provider(self) -> str:
        return self.provider_place.name if self.provider_place_id else self.provider_name

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.enrolled, 0)


class Session(models.Model):
    """One class meeting of a course (课次): when and where, and who checked in."""

    course = models.ForeignKey(Course, verbose_name=_("课程"), on_delete=models.CASCADE, related_name="sessions")
    topic = models.CharField(_("内容"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    location = models.CharField(_("地点"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "course__org__path"
    LOCK_RANK = 132

    class Meta:
        verbose_name = _("课次")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="training_session_order")]

    def __str__(self):
        return f"{self.course.title} · {self.topic}"

    @property
    def audit_org(self):
        return self.course.org


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("在读")
    CANCELLED = "cancelled", _("已退出")
    COMPLETED = "completed", _("已结业")
    NOT_COMPLETED = "not_completed", _("未达结业要求")


class Enrolment(models.Model):
    """A member's place on a course (one row per member and course; a cancelled one may be taken again). The fee
    and subsidy are copied from the course when the member enrols, so a later change of the course's fee never
    rewrites what was promised."""

    course = models.ForeignKey(Course, verbose_name=_("课程"), on_delete=models.PROTECT, related_name="enrolments")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="training_enrolments"
    )
    status = models.CharField(
        _("状态"), max_length=15, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    fee = models.DecimalField(_("学费（元）"), max_digits=10, decimal_places=2)
    subsidy = models.DecimalField(_("工会补贴（元）"), max_digits=10, decimal_places=2)
    enrolled_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    completed_at = models.DateTimeField(_("结业时间"), null=True, blank=True)
    attended = models.PositiveSmallIntegerField(_("出勤课次"), default=0)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "course__org__path"
    LOCK_RANK = 134

    class Meta:
        verbose_name = _("报名")
        ordering = ["-enrolled_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["course", "member"], name="training_enrolment_once")]
        indexes = [models.Index(fields=["status", "completed_at"])]

    def __str__(self):
        return f"{self.member} · {self.course}"

    @property
    def audit_org(self):
        return self.course.org

    @property
    def member_pays(self) -> Decimal:
        return self.fee - self.subsidy


class Attendance(models.Model):
    """A check-in at a session: one per session and enrolment (a second scan finds the first)."""

    class Method(models.TextChoices):
        CARD = "card", _("扫会员证")
        MANUAL = "manual", _("工作人员登记")

    session = models.ForeignKey(Session, verbose_name=_("课次"), on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="attendances"
    )
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices, default=Method.CARD)
    checked_in_at = models.DateTimeField(_("签到时间"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("签到")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="training_attend_once")]


class Certificate(models.Model):
    """The certificate (结业证书) of a completed enrolment: a number, the date, and a signed token (made from the
    number and id, never stored) that the printed QR carries. Revoking it makes every printed copy fail."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("报名"), on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("证书编号"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("发证时间"), default=timezone.now)
    revoked = models.BooleanField(_("已作废"), default=False)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "enrolment__course__org__path"

    class Meta:
        verbose_name = _("结业证书")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return self.number

    @property
    def audit_org(self):
        return self.enrolment.course.org
