"""The real-name member roster: one record per person, the history of their membership, transfers between
unions and applications to join. ID numbers are stored encrypted with a keyed hash (``core.pii``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import pii
from core.scoping import RestrictedQuerySet

from .choices import (
    ETHNICITY_CHOICES,
    Education,
    Employment,
    Gender,
    GigPlatform,
    Hukou,
    IdType,
    MemberStatus,
    Political,
    Tag,
)


class PersonalIdMixin(models.Model):
    """An ID document held as ciphertext, keyed hash and mask: never in plain text in the database."""

    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_cipher = models.TextField(_("证件号（密文）"), editable=False)
    id_hash = models.CharField(_("证件号摘要"), max_length=64, editable=False)
    id_masked = models.CharField(_("证件号"), max_length=40, editable=False)

    class Meta:
        abstract = True

    def set_id_number(self, number: str) -> None:
        """Store a normalised, validated number: encrypted, hashed for look-up, masked for display."""
        self.id_cipher = pii.encrypt(number)
        self.id_hash = pii.lookup_hash(self.id_type, number)
        self.id_masked = pii.mask_id(number)

    def reveal_id_number(self) -> str:
        """The plain number. Callers must have checked ``members.view_pii`` and audited the access."""
        return pii.decrypt(self.id_cipher)

    @property
    def phone_masked(self) -> str:
        return pii.mask_phone(self.phone)


class Member(PersonalIdMixin):
    """A person on the roster and their one membership: the union they belong to now (or last belonged to) and
    its state. One record per person across the platform (unique ID hash), so at most one membership is held."""

    LOCK_RANK = 30

    union = models.ForeignKey("orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="members")
    status = models.CharField(_("会籍状态"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    card_no = models.CharField(_("会员证号"), max_length=20, unique=True)
    # Bumped when a card is revoked or re-issued: an older QR code then no longer verifies.
    card_version = models.PositiveSmallIntegerField(_("会员证版本"), default=1)
    joined_on = models.DateField(_("入会日期"))

    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(max_length=300, blank=True, editable=False)
    name_initials = models.CharField(max_length=50, blank=True, editable=False)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=10, choices=ETHNICITY_CHOICES, default="汉族")
    phone = models.CharField(_("手机号"), max_length=11)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    political = models.CharField(_("政治面貌"), max_length=20, choices=Political.choices, blank=True)
    hukou_type = models.CharField(_("户籍类型"), max_length=10, choices=Hukou.choices, blank=True)
    hukou_place = models.CharField(_("户籍所在地"), max_length=100, blank=True)
    employer = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=200, blank=True)
    gig_platform = models.CharField(_("新就业形态类别"), max_length=20, choices=GigPlatform.choices, blank=True)
    job_title = models.CharField(_("职务/工种"), max_length=100, blank=True)
    employment = models.CharField(_("就业状况"), max_length=20, choices=Employment.choices, default=Employment.EMPLOYED)
    is_migrant_worker = models.BooleanField(_("是否农民工"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["id_hash"], name="member_one_per_person")]
        # Prefix searches (``LIKE 'x%'``) use an index on PostgreSQL only with a pattern operator class (the
        # database's collation is not C); elsewhere these are plain indexes. ``member_roster_order`` gives the
        # roster's order (newest joined first) with the union, so a deep page's keys come from the index alone;
        # ``member_newest_order`` the same for the API's order.
        # The name's trigram index (substring search) exists on PostgreSQL only: migration 0002.
        indexes = [
            models.Index(fields=["union", "status"]),
            models.Index(fields=["name_initials"], name="member_initials_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["name_pinyin"], name="member_pinyin_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["phone"], name="member_phone_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["joined_on", "id", "union"], name="member_roster_order"),
            models.Index(fields=["id", "union"], name="member_newest_order"),  # the API's order (newest first)
        ]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.union

    @property
    def is_holding(self) -> bool:
        return self.status in (MemberStatus.ACTIVE, MemberStatus.RETAINED)


class MemberTag(models.Model):
    """A tag on a member (新就业形态, 劳模, 困难职工 …), for filters and the counts of the 成绩单."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(_("标签"), max_length=20, choices=Tag.choices)

    class Meta:
        verbose_name = _("会员标签")
        verbose_name_plural = _("会员标签")
        constraints = [models.UniqueConstraint(fields=["member", "tag"], name="member_tag_unique")]
        indexes = [models.Index(fields=["tag", "member"])]

    def __str__(self):
        return self.get_tag_display()


class MembershipEvent(models.Model):
    """One step in a membership's history (入会, 转出, 转入, 保留, 除名, 退会, 恢复), with its date and reason; the
    union is where it happened, so figures can count a member where they were at the time."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("入会")
        TRANSFERRED_OUT = "transferred_out", _("转出")
        TRANSFERRED_IN = "transferred_in", _("转入")
        RETAINED = "retained", _("保留会籍")
        REMOVED = "removed", _("除名")
        QUIT = "quit", _("退会")
        RESTORED = "restored", _("恢复会籍")

    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("变动类型"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("日期"))
    union = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    other_union = models.ForeignKey(
        "orgs.Org", verbose_name=_("对方工会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"

    class Meta:
        verbose_name = _("会籍变动")
        verbose_name_plural = _("会籍变动")
        ordering = ["on", "id"]
        indexes = [
            models.Index(fields=["union", "kind", "on"]),
            # The days at the edges of a custom span (reports.engine.raw_counters) across a whole district: without
            # it PostgreSQL scans every event for two partial months (40 ms at 200,000 members instead of 15).
            models.Index(fields=["on"], name="members_event_on_idx"),
        ]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.on}"


class CardIssue(models.Model):
    """One e-member card issued (发卡): the first card of a membership, a card re-issued after the last one was
    voided (补发), or the card of a renewed membership (换发). Counted by the union that issued it (张, 基层基础).
    Rows are only ever added: the rollups add new ones as a delta (``append`` watch)."""

    class Reason(models.TextChoices):
        FIRST = "first", _("首次发卡")
        REISSUED = "reissued", _("补发")
        RENEWED = "renewed", _("换发")

    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.CASCADE, related_name="card_issues")
    # The card version it carries (``Member.card_version`` when issued): the QR code of that version verifies.
    version = models.PositiveSmallIntegerField(_("会员证版本"))
    union = models.ForeignKey("orgs.Org", verbose_name=_("发证工会"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("发卡原因"), max_length=10, choices=Reason.choices)
    issued_at = models.DateTimeField(_("发卡时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"

    class Meta:
        verbose_name = _("发卡记录")
        verbose_name_plural = _("发卡记录")
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["member", "version"], name="card_issue_one_per_version")]
        # By union and time (a union's figure), and by time alone (the edge days of a custom span district-wide).
        indexes = [
            models.Index(fields=["union", "issued_at"], name="card_issue_union_time"),
            models.Index(fields=["issued_at"], name="card_issue_time"),
        ]

    def __str__(self):
        return f"{self.member} {self.get_reason_display()} v{self.version}"

    @property
    def audit_org(self):
        return self.union


class Transfer(models.Model):
    """A move of a member from one union to another (转会). It takes effect only when the receiving union accepts;
    both ends see it."""

    LOCK_RANK = 32  # core.locking: after the member it moves (docs/layout.md)

    class Status(models.TextChoices):
        PENDING = "pending", _("待接收")
        ACCEPTED = "accepted", _("已接收")
        REJECTED = "rejected", _("已拒绝")
        CANCELLED = "cancelled", _("已撤回")

    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.CASCADE, related_name="transfers")
    from_union = models.ForeignKey("orgs.Org", verbose_name=_("转出工会"), on_delete=models.PROTECT, related_name="+")
    to_union = models.ForeignKey("orgs.Org", verbose_name=_("转入工会"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("转会原因"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_note = models.CharField(_("处理意见"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = ("from_union__path", "to_union__path")

    class Meta:
        verbose_name = _("转会")
        verbose_name_plural = _("转会")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=Q(status="pending"), name="one_pending_transfer"),
            models.CheckConstraint(condition=~Q(from_union=models.F("to_union")), name="transfer_changes_union"),
        ]

    def __str__(self):
        return f"{self.member} {self.from_union} → {self.to_union}"

    @property
    def audit_org(self):
        return self.from_union


class JoinApplication(PersonalIdMixin):
    """A worker's application to join a union, submitted from the member site with separate consent to the
    processing of personal information; the union's admin approves or rejects it with a reason."""

    LOCK_RANK = 34

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    union = models.ForeignKey(
        "orgs.Org", verbose_name=_("申请加入的工会"), on_delete=models.PROTECT, related_name="join_applications"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    phone = models.CharField(_("手机号"), max_length=11)
    employer = models.ForeignKey(
        "orgs.Enterprise", verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=200, blank=True)
    gig_platform = models.CharField(_("新就业形态类别"), max_length=20, choices=GigPlatform.choices, blank=True)
    consent_version = models.CharField(_("个人信息处理告知版本"), max_length=20)
    consent_at = models.DateTimeField(_("同意时间"))
    consent_ip = models.GenericIPAddressField(_("同意时 IP"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reject_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)
    member = models.ForeignKey(
        Member, verbose_name=_("会员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"

    class Meta:
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["id_hash"], condition=Q(status="pending"), name="one_pending_application"),
        ]

    def __str__(self):
        return f"{self.name} → {self.union}"

    @property
    def audit_org(self):
        return self.union


class PlatformUnion(models.Model):
    """Which 联合工会/行业工会 takes in workers of a kind of platform work (外卖, 快递, 网约车 …): what a gig worker
    applying online is offered."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.CASCADE, related_name="platform_links")
    platform = models.CharField(_("新就业形态类别"), max_length=20, choices=GigPlatform.choices)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("新就业形态入会工会")
        verbose_name_plural = _("新就业形态入会工会")
        constraints = [models.UniqueConstraint(fields=["org", "platform"], name="platform_union_unique")]

    def __str__(self):
        return f"{self.org} · {self.get_platform_display()}"
