"""Activity series run with partner organisations, the activities themselves, registrations that never oversell,
check-ins that become participation records, and members' ratings."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import RestrictedQuerySet


class Category(models.TextChoices):
    CULTURE = "culture", _("文娱")
    SPORTS = "sports", _("体育")
    READING = "reading", _("阅读")
    SKILLS = "skills", _("技能")
    FAMILY = "family", _("亲子")
    MARKET = "market", _("集市")
    SOCIAL = "social", _("交友联谊")
    LECTURE = "lecture", _("讲座")
    MENTAL = "mental", _("心理健康")
    VOLUNTEER = "volunteer", _("志愿")
    CADRE_TRAINING = "cadre_training", _("工会干部培训")  # counted as officer training (unionlife committees)


class Series(models.Model):
    """A named activity series of a federation for a year (镇工友缘, 镇工有匠 …), with its partners' proposals.
    ``monthly_lottery_wins`` limits how many 抽签 seats one member may win in it per calendar month."""

    LOCK_RANK = 40

    name = models.CharField(_("系列名称"), max_length=100)
    description = models.TextField(_("简介"), blank=True)
    owner = models.ForeignKey("orgs.Org", verbose_name=_("主办组织"), on_delete=models.PROTECT, related_name="series")
    year = models.PositiveSmallIntegerField(_("年度"))
    monthly_lottery_wins = models.PositiveSmallIntegerField(
        _("每人每月抽签中签上限"), null=True, blank=True, help_text=_("留空表示不限")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "owner__path"

    class Meta:
        verbose_name = _("活动系列")
        verbose_name_plural = _("活动系列")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "year", "name"], name="series_unique_per_year")]

    def __str__(self):
        return f"{self.name}（{self.year}）"

    @property
    def audit_org(self):
        return self.owner


class Partner(models.Model):
    """A partner organisation (合伙人) of a federation: an enterprise, social organisation, 文化 or 体育 body. Its
    accounts see and submit only their own proposals."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        SOCIAL = "social", _("社会组织")
        CULTURE = "culture", _("文化机构")
        SPORTS = "sports", _("体育机构")
        OTHER = "other", _("其他")

    name = models.CharField(_("合伙人名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("合作的工会组织"), on_delete=models.PROTECT, related_name="partners"
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), blank=True, related_name="partners"
    )
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("合伙人")
        verbose_name_plural = _("合伙人")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="partner_unique_per_org")]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.org


class Proposal(models.Model):
    """A partner's idea for an activity in a series (创意方案); approved ones become draft activities."""

    LOCK_RANK = 46

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已采纳")
        REJECTED = "rejected", _("未采纳")

    series = models.ForeignKey(Series, verbose_name=_("活动系列"), on_delete=models.CASCADE, related_name="proposals")
    partner = models.ForeignKey(Partner, verbose_name=_("合伙人"), on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("方案名称"), max_length=200)
    content = models.TextField(_("方案内容"))
    category = models.CharField(_("活动类别"), max_length=20, choices=Category.choices)
    expected_participants = models.PositiveIntegerField(_("预计参与人数"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    review_comment = models.CharField(_("审核意见"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "series__owner__path"

    class Meta:
        verbose_name = _("创意方案")
        verbose_name_plural = _("创意方案")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.series.owner


class ActivityQuerySet(RestrictedQuerySet):
    def restrict(self, user, permission: str):
        """The organiser's scope; for ``activities.view`` also the scope of each co-organiser (a subquery, so an
        activity never comes back twice). Managing stays the organiser's."""
        from core.scoping import EVERYTHING, path_q, scope_paths

        mine = super().restrict(user, permission)
        paths = scope_paths(user, permission)
        if permission != "activities.view" or paths is EVERYTHING or not paths:
            return mine
        co = Activity.co_organisers.through.objects.filter(path_q("org__path", paths)).values("activity_id")
        return self.filter(path_q("organiser__path", paths) | Q(pk__in=co))


class Activity(models.Model):
    """One activity: when, where, for whom, how many, and how seats are given (先到先得, 抽签, 审核).

    ``confirmed`` counts confirmed seats. It only changes through a conditional UPDATE (``confirmed < capacity``),
    and a check constraint holds it within ``capacity``: the database itself refuses to oversell.
    """

    LOCK_RANK = 42  # core.locking: an activity before its registrations (docs/layout.md)

    class Mode(models.TextChoices):
        FIRST_COME = "first_come", _("先到先得")
        LOTTERY = "lottery", _("抽签")
        REVIEW = "review", _("审核")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("报名中")
        CLOSED = "closed", _("报名截止")
        FINISHED = "finished", _("已结束")
        CANCELLED = "cancelled", _("已取消")

    title = models.CharField(_("活动名称"), max_length=200)
    series = models.ForeignKey(
        Series, verbose_name=_("活动系列"), null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    proposal = models.OneToOneField(
        Proposal, verbose_name=_("来源方案"), null=True, blank=True, on_delete=models.SET_NULL, related_name="activity"
    )
    organiser = models.ForeignKey(
        "orgs.Org", verbose_name=_("主办组织"), on_delete=models.PROTECT, related_name="activities"
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    description = models.TextField(_("活动介绍"), blank=True)
    image = models.ImageField(_("封面图片"), upload_to="activities/%Y/", blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    address = models.CharField(_("地点"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("名额"))
    # Audience: members of this org's sub-tree (default: the organiser's), optionally only some tags; or everyone.
    audience_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("面向组织"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience_tags = models.JSONField(_("限定会员标签"), default=list, blank=True)
    # Other orgs holding the activity with the organiser (an alliance's joint activity): their staff see it.
    co_organisers = models.ManyToManyField(
        "orgs.Org", verbose_name=_("联合主办组织"), blank=True, related_name="co_organised_activities"
    )
    open_to_public = models.BooleanField(_("向社会公众开放"), default=False)
    registration_opens_at = models.DateTimeField(_("报名开始"))
    registration_closes_at = models.DateTimeField(_("报名截止"))
    mode = models.CharField(_("报名方式"), max_length=20, choices=Mode.choices, default=Mode.FIRST_COME)
    waitlist_enabled = models.BooleanField(_("启用候补"), default=True)
    cancel_deadline = models.DateTimeField(_("取消报名截止"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # What the union pays towards the activity (工会补助), in 元 (decision 0017); 0 when it pays nothing.
    subsidy_amount = models.DecimalField(_("工会补助金额（元）"), max_digits=12, decimal_places=2, default=Decimal("0"))
    confirmed = models.PositiveIntegerField(_("已确认人数"), default=0)
    lottery_seed = models.CharField(_("抽签种子"), max_length=64, blank=True)
    lottery_seed_published_at = models.DateTimeField(_("种子公布时间"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("抽签时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ActivityQuerySet.as_manager()
    SCOPE_PATH = "organiser__path"

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(confirmed__lte=F("capacity")), name="activity_never_oversold"),
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="activity_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gte=F("registration_opens_at")), name="activity_registration_window"
            ),
            models.CheckConstraint(condition=Q(subsidy_amount__gte=0), name="activity_subsidy_not_negative"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"]), models.Index(fields=["series", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def checkin_opens_at(self):
        """When check-in opens: ``CHECKIN_MARGIN`` before the start (it closes as long after the end)."""
        return self.starts_at - CHECKIN_MARGIN

    @property
    def checkin_closes_at(self):
        return self.ends_at + CHECKIN_MARGIN

    @property
    def checkin_not_yet_open(self) -> bool:
        return timezone.now() < self.checkin_opens_at

    @property
    def audit_org(self):
        return self.organiser

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed, 0)


# Check-in is open from this long before an activity starts until this long after it ends.
CHECKIN_MARGIN = timedelta(hours=2)


class Registration(models.Model):
    """A member's place at an activity. One per (activity, member), enforced by the database; re-registering
    after cancelling reuses the row. ``ticket_code`` is the short code on the QR ticket."""

    LOCK_RANK = 44

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已确认")
        WAITLISTED = "waitlisted", _("候补中")
        APPLIED = "applied", _("待抽签")
        PENDING = "pending", _("待审核")
        NOT_DRAWN = "not_drawn", _("未中签")
        REJECTED = "rejected", _("未通过")
        CANCELLED = "cancelled", _("已取消")

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    ticket_code = models.CharField(_("票码"), max_length=12, unique=True)
    # Orders the waitlist: the earliest waiting member is promoted first.
    queued_at = models.DateTimeField(_("排队时间"))
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "activity__organiser__path"

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["queued_at", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="one_registration_per_member")]
        indexes = [models.Index(fields=["activity", "status", "queued_at"]), models.Index(fields=["member", "status"])]

    def __str__(self):
        return f"{self.member} @ {self.activity}"


class Participation(models.Model):
    """Someone took part: a check-in (scanned ticket, typed code, self check-in with the rotating QR) or a walk-in
    added on the spot. One per (activity, member); walk-ins without a member record carry a name."""

    class Method(models.TextChoices):
        TICKET = "ticket", _("扫描票码")
        CODE = "code", _("输入票码")
        SELF = "self", _("现场扫码自助签到")
        WALK_IN = "walk_in", _("现场登记")

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    name = models.CharField(_("姓名"), max_length=50)
    method = models.CharField(_("签到方式"), max_length=10, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("签到时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "activity__organiser__path"

    class Meta:
        verbose_name = _("参与记录")
        verbose_name_plural = _("参与记录")
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], condition=Q(member__isnull=False), name="one_participation_per_member"
            ),
        ]
        indexes = [models.Index(fields=["activity", "checked_in_at"])]

    def __str__(self):
        return f"{self.name} @ {self.activity}"


class Feedback(models.Model):
    """A member's rating (1–5) and comment after a finished activity they took part in; one each."""

    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="feedback")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.CASCADE, related_name="activity_feedback"
    )
    rating = models.PositiveSmallIntegerField(_("评分"))
    comment = models.CharField(_("评价"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "activity__organiser__path"

    class Meta:
        verbose_name = _("活动评价")
        verbose_name_plural = _("活动评价")
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="one_feedback_per_member"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="rating_one_to_five"),
        ]

    def __str__(self):
        return f"{self.activity} {self.rating}"
