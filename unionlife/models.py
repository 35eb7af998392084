"""基层基础 work of the union tree: notices and tasks sent down the tree (通知与任务) with what each org reports back,
and notices to members (政策宣传, 镇工有宣) with who read them.

A notice belongs to the org that sends it (``sender``) and is seen by the sender's scope; each receiving org gets a
``Delivery`` (read by whom and when, reported by whom and when, what it sent back), seen from the receiving org and
from the sender's scope. A notice to members reaches the members of the sender's sub-tree (or of chosen orgs'
sub-trees); each first reading is a ``MemberRead``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_real_date
from core.scoping import RestrictedQuerySet

# What a return form's field may hold.
FIELD_TYPES = {"text": "文字", "number": "数字", "date": "日期", "choice": "选择", "file": "文件"}


class Notice(models.Model):
    """A notice (通知) from an org to orgs below it or to members, with attachments and optionally a task: a
    deadline and what each org must send back (a form the sender defines, a file or a figure)."""

    class Audience(models.TextChoices):
        ORGS = "orgs", _("下级组织")
        MEMBERS = "members", _("会员")

    class Category(models.TextChoices):
        NOTICE = "notice", _("工作通知")
        POLICY = "policy", _("政策宣传")
        TOWN_SERIES = "town_series", _("镇工有宣")

    class ReturnKind(models.TextChoices):
        NONE = "none", _("无需报送")
        FORM = "form", _("填写表单")
        FILE = "file", _("上传文件")
        FIGURE = "figure", _("报送数字")

    sender = models.ForeignKey("orgs.Org", verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(_("对象"), max_length=10, choices=Audience.choices, default=Audience.ORGS)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, default=Category.NOTICE)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    # How the recipients were chosen (kinds, towns, orgs by code), kept to show and audit what was asked for.
    filters = models.JSONField(_("发送范围"), default=dict, blank=True)
    due_on = models.DateField(_("报送期限"), null=True, blank=True, validators=[validate_real_date])
    return_kind = models.CharField(_("报送方式"), max_length=10, choices=ReturnKind.choices, default=ReturnKind.NONE)
    # The return form: [{"key": "f1", "label": "参加人数", "type": "number", "required": true, "choices": []}, …]
    fields = models.JSONField(_("报送表单"), default=list, blank=True)
    figure_label = models.CharField(_("报送数字名称"), max_length=100, blank=True)
    recipients = models.PositiveIntegerField(_("接收单位或会员数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发送人"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    reminded_at = models.DateTimeField(_("最近催报时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "sender__path"
    LOCK_RANK = 90

    class Meta:
        verbose_name = _("通知")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["audience", "sent_at"])]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.sender

    @property
    def is_task(self) -> bool:
        return self.return_kind != self.ReturnKind.NONE


class Attachment(models.Model):
    """A file sent with a notice (served only to those who may see the notice or one of its deliveries)."""

    notice = models.ForeignKey(Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="unionlife/notices/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "notice__sender__path"

    class Meta:
        verbose_name = _("通知附件")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Delivery(models.Model):
    """A notice as one receiving org has it: read (by whom, when), reported back (by whom, when, what) and reminded.
    Seen from the receiving org's scope and from the sender's."""

    notice = models.ForeignKey(Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="deliveries")
    org = models.ForeignKey("orgs.Org", verbose_name=_("接收单位"), on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("阅读人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answers = models.JSONField(_("报送内容"), default=dict, blank=True)
    figure = models.DecimalField(_("报送数字"), max_digits=14, decimal_places=2, null=True, blank=True)
    file = models.FileField(_("报送文件"), upload_to="unionlife/returns/%Y/%m/", blank=True)
    reminders = models.PositiveSmallIntegerField(_("催报次数"), default=0)
    reminded_at = models.DateTimeField(_("最近催报时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = ("org__path", "notice__sender__path")
    LOCK_RANK = 92

    class Meta:
        verbose_name = _("通知接收")
        ordering = ["org__path", "pk"]
        constraints = [models.UniqueConstraint(fields=["notice", "org"], name="unionlife_delivery_once")]

    def __str__(self):
        return f"{self.notice} → {self.org}"

    @property
    def audit_org(self):
        return self.org

    def state(self, today=None) -> str:
        """``reported``, ``overdue`` (a task past its deadline, not reported), ``read`` or ``unread``."""
        if self.reported_at:
            return "reported"
        today = today or timezone.localdate()
        if self.notice.is_task and self.notice.due_on and self.notice.due_on < today:
            return "overdue"
        return "read" if self.read_at else "unread"

    @property
    def reported_late(self) -> bool:
        due = self.notice.due_on
        return bool(self.reported_at and due and timezone.localtime(self.reported_at).date() > due)


class ReturnFile(models.Model):
    """A file answering one ``file`` field of a notice's return form."""

    delivery = models.ForeignKey(Delivery, verbose_name=_("通知接收"), on_delete=models.CASCADE, related_name="files")
    key = models.CharField(_("字段"), max_length=20)
    file = models.FileField(_("文件"), upload_to="unionlife/returns/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = ("delivery__org__path", "delivery__notice__sender__path")

    class Meta:
        verbose_name = _("报送文件")
        constraints = [models.UniqueConstraint(fields=["delivery", "key"], name="unionlife_return_file_once")]

    def __str__(self):
        return self.name


class MemberRead(models.Model):
    """A member's first reading of a notice to members (the read count)."""

    notice = models.ForeignKey(Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="member_reads")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("阅读时间"), default=timezone.now)

    class Meta:
        verbose_name = _("会员阅读")
        constraints = [models.UniqueConstraint(fields=["notice", "member"], name="unionlife_member_read_once")]

    def __str__(self):
        return f"{self.member_id} 读 {self.notice_id}"


# --- Officers and terms (工会干部与换届) ------------------------------------------------------------------------------


class OfficerRole(models.TextChoices):
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    MEMBER = "member", _("委员")
    AUDIT = "audit", _("经审委员")
    WOMEN = "women", _("女职工委员")


class Term(models.Model):
    """A union's committee term (届): opened by a 会员(代表)大会 on ``started_on``, due for 换届 ``length_years``
    later (``due_on``), closed by the next congress. One open term per union."""

    union = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("届次"), default=1)
    started_on = models.DateField(_("会员（代表）大会日期"), validators=[validate_real_date])
    length_years = models.PositiveSmallIntegerField(_("任期（年）"), default=5)
    due_on = models.DateField(_("换届到期日"), validators=[validate_real_date])
    delegates = models.PositiveIntegerField(_("出席代表（会员）人数"), null=True, blank=True)
    closed_on = models.DateField(_("届满换届日期"), null=True, blank=True, validators=[validate_real_date])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"
    LOCK_RANK = 94

    class Meta:
        verbose_name = _("工会届次")
        ordering = ["union__path", "-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["union"], condition=models.Q(closed_on__isnull=True), name="unionlife_one_open_term"
            ),
        ]
        indexes = [models.Index(fields=["closed_on", "due_on"])]

    def __str__(self):
        return f"{self.union} 第{self.number}届"

    @property
    def audit_org(self):
        return self.union

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def is_overdue(self, today=None) -> bool:
        return self.closed_on is None and self.due_on < (today or timezone.localdate())


class Officer(models.Model):
    """A member of a union's committee (主席, 副主席, 委员, 经审委员, 女职工委员), linked to the roster where the
    person is a member, full- or part-time, from ``starts_on`` until ``ends_on``. A town's 兼职副主席 drawn from an
    enterprise union's chair names that union in ``source_union``."""

    union = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(
        Term, verbose_name=_("届次"), null=True, blank=True, on_delete=models.PROTECT, related_name="officers"
    )
    role = models.CharField(_("职务"), max_length=20, choices=OfficerRole.choices)
    name = models.CharField(_("姓名"), max_length=50)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_time = models.BooleanField(_("专职"), default=False)
    starts_on = models.DateField(_("任职日期"), validators=[validate_real_date])
    ends_on = models.DateField(_("离任日期"), null=True, blank=True, validators=[validate_real_date])
    source_union = models.ForeignKey(
        "orgs.Org", verbose_name=_("来自工会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"
    LOCK_RANK = 96

    class Meta:
        verbose_name = _("工会干部")
        ordering = ["union__path", "role", "pk"]
        indexes = [models.Index(fields=["role", "ends_on"])]

    def __str__(self):
        return f"{self.union} {self.get_role_display()} {self.name}"

    @property
    def audit_org(self):
        return self.union


class TermReminder(models.Model):
    """A 换届 reminder that fired (6 months or 1 month before the due date): each fires once per term."""

    class Threshold(models.TextChoices):
        SIX_MONTHS = "6m", _("到期前 6 个月")
        ONE_MONTH = "1m", _("到期前 1 个月")

    term = models.ForeignKey(Term, verbose_name=_("届次"), on_delete=models.CASCADE, related_name="reminders")
    threshold = models.CharField(_("提醒节点"), max_length=2, choices=Threshold.choices)
    sent_at = models.DateTimeField(_("提醒时间"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("提醒人数"), default=0)

    class Meta:
        verbose_name = _("换届提醒")
        constraints = [models.UniqueConstraint(fields=["term", "threshold"], name="unionlife_term_reminder_once")]

    def __str__(self):
        return f"{self.term} {self.get_threshold_display()}"


# --- Assessment (星级工会评定, 1+X 积分) ---------------------------------------------------------------------

MONEY = {"max_digits": 12, "decimal_places": 2}
POINTS = {"max_digits": 6, "decimal_places": 1}


class Assessment(models.Model):
    """A district's 星级工会评定 for a year: the criteria (some computed from the platform, some self-declared), the
    score each star needs, and the 1+X work subsidy's rate (元 per point) and cap (元 per chair)."""

    class Status(models.TextChoices):
        OPEN = "open", _("评定中")
        CLOSED = "closed", _("已结束")

    org = models.ForeignKey("orgs.Org", verbose_name=_("评定单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=100)
    # Minimum scores of 二星 … 五星 (below the first: 一星).
    star_scores = models.JSONField(_("星级分数线"), default=list)
    subsidy_rate = models.DecimalField(_("1+X 每分补贴（元）"), **MONEY)
    subsidy_cap = models.DecimalField(_("1+X 补贴上限（元/人）"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 97

    class Meta:
        verbose_name = _("星级评定")
        ordering = ["-year", "-pk"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="unionlife_assessment_once")]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.org


class Criterion(models.Model):
    """One line of the checklist: ``points`` at most. A computed criterion reads a platform figure for the union
    and the year (``source``) and earns its points in proportion to ``target``; a declared one is self-assessed with
    evidence and scored by the town."""

    class Source(models.TextChoices):
        JOIN_RATE = "members.join_rate", _("职工入会率（%）")
        ACTIVITIES = "activities.count", _("开展活动（场）")
        NOTICES_ON_TIME = "unionlife.report_on_time_rate", _("通知任务按时报送率（%）")
        TERM_ON_TIME = "term_on_time", _("按期换届")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("评定"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("代码"), max_length=20)
    label = models.CharField(_("评定内容"), max_length=200)
    points = models.DecimalField(_("分值"), **POINTS)
    source = models.CharField(_("平台数据"), max_length=40, choices=Source.choices, blank=True)
    target = models.DecimalField(_("满分标准"), max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("评定标准")
        ordering = ["assessment", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="unionlife_criterion_code")]

    def __str__(self):
        return self.label

    @property
    def computed(self) -> bool:
        return bool(self.source)


class UnionAssessment(models.Model):
    """A union's assessment of a year: self-assessed (declared items with evidence; computed items read from the
    platform), reviewed and scored by its town, confirmed by the district (star and titles)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已自评")
        REVIEWED = "reviewed", _("镇街已评分")
        CONFIRMED = "confirmed", _("已确认")

    assessment = models.ForeignKey(Assessment, verbose_name=_("评定"), on_delete=models.PROTECT, related_name="unions")
    union = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    # {code: value read from the platform}, {code: {"points": "8.0", "evidence": "…"}}, {code: points by the town}
    computed = models.JSONField(_("平台数据"), default=dict)
    declared = models.JSONField(_("自评内容"), default=dict)
    reviewed = models.JSONField(_("镇街评分"), default=dict)
    self_score = models.DecimalField(_("自评得分"), **POINTS, default=0)
    score = models.DecimalField(_("评定得分"), **POINTS, null=True, blank=True)
    star = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    titles = models.JSONField(_("称号"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("自评时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"
    LOCK_RANK = 98

    class Meta:
        verbose_name = _("工会星级评定")
        ordering = ["assessment", "union__path"]
        constraints = [models.UniqueConstraint(fields=["assessment", "union"], name="unionlife_union_assessment_once")]

    def __str__(self):
        return f"{self.union} {self.assessment.year}"

    @property
    def audit_org(self):
        return self.union


class StarRecord(models.Model):
    """The star a union holds from a year's confirmed assessment (and titles): the history of stars, one row per
    union and year, kept when later years are confirmed."""

    union = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    star = models.PositiveSmallIntegerField(_("星级"))
    titles = models.JSONField(_("称号"), default=list, blank=True)
    assessment = models.ForeignKey(UnionAssessment, verbose_name=_("评定"), on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"

    class Meta:
        verbose_name = _("星级记录")
        ordering = ["union__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="unionlife_star_once_a_year")]

    def __str__(self):
        return f"{self.union} {self.year} {self.star}星"


class ChairPoints(models.Model):
    """1+X points of an enterprise union's chair (三星级以上): a base (1) plus extra items (X), turned into a yearly
    work subsidy at the assessment's rate, never above its cap."""

    union_assessment = models.OneToOneField(
        UnionAssessment, verbose_name=_("工会星级评定"), on_delete=models.PROTECT, related_name="chair_points"
    )
    chair_name = models.CharField(_("工会主席"), max_length=50)
    base = models.DecimalField(_("基础分（1）"), **POINTS)
    extras = models.JSONField(_("加分项（X）"), default=list)
    points = models.DecimalField(_("积分"), **POINTS)
    subsidy = models.DecimalField(_("工作补贴（元）"), **MONEY)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union_assessment__union__path"

    class Meta:
        verbose_name = _("1+X 积分")

    def __str__(self):
        return f"{self.chair_name} {self.points} 分"


class EvidenceFile(models.Model):
    """A file backing a self-declared criterion of a union's assessment (佐证材料): uploaded by the union while its
    self-assessment is open, seen by whoever sees the union's assessment (the union, its town, the district)."""

    union_assessment = models.ForeignKey(
        UnionAssessment, verbose_name=_("工会星级评定"), on_delete=models.CASCADE, related_name="evidence_files"
    )
    criterion = models.CharField(_("评定内容"), max_length=20)
    file = models.FileField(_("文件"), upload_to="unionlife/evidence/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union_assessment__union__path"

    class Meta:
        verbose_name = _("佐证材料")
        ordering = ["union_assessment", "criterion", "pk"]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.union_assessment.union


# --- Pairings and alliances (结对共建, 工会联盟) -------------------------------------------------------------------


class TiedQuerySet(RestrictedQuerySet):
    """Scope of a pairing or an alliance: the staff of the org that keeps it (``owner``, with its sub-tree) and the
    staff of every org taking part in it (a party of a pairing, a member union of an alliance, past or present) see
    it. The parties' side is a subquery, not a join, so a row never comes back twice."""

    def restrict(self, user, permission: str):
        from core.scoping import EVERYTHING, path_q, scope_paths

        paths = scope_paths(user, permission)
        if paths is EVERYTHING:
            return self
        through, lookup = self.model.PARTY_LINK
        parties = through.objects.filter(path_q(lookup, paths)).values(through.PARENT_FIELD)
        return self.filter(path_q("owner__path", paths) | models.Q(pk__in=parties))


class Pairing(models.Model):
    """A 结对共建 pairing: two or more parties (orgs of the tree, or a union and a named outside party: a community,
    a department, an enterprise) working together for a period toward written goals, with progress records.
    Kept by ``owner`` (the org that recorded it)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("进行中")
        COMPLETED = "completed", _("已完成")
        ENDED = "ended", _("已终止")

    owner = models.ForeignKey("orgs.Org", verbose_name=_("登记单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("名称"), max_length=100)
    goals = models.TextField(_("共建目标"))
    starts_on = models.DateField(_("开始日期"), validators=[validate_real_date])
    ends_on = models.DateField(_("结束日期"), validators=[validate_real_date])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(_("结束办理日期"), null=True, blank=True)
    closing_note = models.CharField(_("结束说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = TiedQuerySet.as_manager()
    SCOPE_PATH = "owner__path"
    LOCK_RANK = 93

    class Meta:
        verbose_name = _("结对共建")
        verbose_name_plural = _("结对共建")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="unionlife_pairing_period"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.owner


class PairingParty(models.Model):
    """One party of a pairing: an org of the tree (``org``), or an outside party named by ``name`` and ``kind``."""

    class Kind(models.TextChoices):
        ORG = "org", _("工会组织")
        COMMUNITY = "community", _("社区")
        DEPARTMENT = "department", _("部门")
        ENTERPRISE = "enterprise", _("企业")
        OTHER = "other", _("其他单位")

    PARENT_FIELD = "pairing"

    pairing = models.ForeignKey(Pairing, verbose_name=_("结对共建"), on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.ORG)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("工会组织"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("单位名称"), max_length=100)

    class Meta:
        verbose_name = _("结对单位")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "org"], condition=models.Q(org__isnull=False), name="unionlife_party_org_once"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="org", org__isnull=False)
                | (~models.Q(kind="org") & models.Q(org__isnull=True)),
                name="unionlife_party_org_or_named",
            ),
        ]

    def __str__(self):
        return self.name


class PairingRecord(models.Model):
    """A progress record of a pairing (what was done together on a day)."""

    pairing = models.ForeignKey(Pairing, verbose_name=_("结对共建"), on_delete=models.CASCADE, related_name="records")
    happened_on = models.DateField(_("日期"), validators=[validate_real_date])
    text = models.TextField(_("进展情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("共建进展")
        ordering = ["-happened_on", "-pk"]

    def __str__(self):
        return f"{self.pairing} {self.happened_on}"


class Alliance(models.Model):
    """An alliance (工会联盟, 阵地联盟, 社区工会联合会): member unions that join and leave on dates, a lead union, the
    places they share (members may book the shared places' 联盟 resources) and their joint activities. Kept by
    ``owner`` (usually the town federation above the lead union)."""

    class Kind(models.TextChoices):
        UNION = "union", _("工会联盟")
        PLACE = "place", _("阵地联盟")
        COMMUNITY = "community", _("社区工会联合会")

    class Status(models.TextChoices):
        ACTIVE = "active", _("运行中")
        DISSOLVED = "dissolved", _("已解散")

    owner = models.ForeignKey("orgs.Org", verbose_name=_("登记单位"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.UNION)
    lead = models.ForeignKey("orgs.Org", verbose_name=_("牵头工会"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("联盟简介与共建内容"), blank=True)
    founded_on = models.DateField(_("成立日期"), validators=[validate_real_date])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    dissolved_on = models.DateField(_("解散日期"), null=True, blank=True)
    places = models.ManyToManyField(
        "places.Place", verbose_name=_("共享阵地"), blank=True, related_name="alliances", help_text=_("联盟成员可预约")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = TiedQuerySet.as_manager()
    SCOPE_PATH = "owner__path"
    LOCK_RANK = 95

    class Meta:
        verbose_name = _("工会联盟")
        verbose_name_plural = _("工会联盟")
        ordering = ["-founded_on", "-pk"]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.owner


class AllianceMember(models.Model):
    """A union's time in an alliance: from ``joined_on`` until ``left_on`` (open while it is a member). A union has at
    most one open membership of an alliance; leaving and joining again adds a row."""

    PARENT_FIELD = "alliance"

    alliance = models.ForeignKey(Alliance, verbose_name=_("联盟"), on_delete=models.CASCADE, related_name="members")
    union = models.ForeignKey("orgs.Org", verbose_name=_("成员工会"), on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField(_("加入日期"), validators=[validate_real_date])
    left_on = models.DateField(_("退出日期"), null=True, blank=True, validators=[validate_real_date])

    class Meta:
        verbose_name = _("联盟成员")
        ordering = ["joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "union"],
                condition=models.Q(left_on__isnull=True),
                name="unionlife_alliance_member_once",
            )
        ]

    def __str__(self):
        return f"{self.alliance} · {self.union}"


class JointActivity(models.Model):
    """An activity the alliance holds jointly: organised by one member union, with other members as co-organisers
    (``activities.Activity.co_organisers``, whose staff then see the activity)."""

    alliance = models.ForeignKey(Alliance, verbose_name=_("联盟"), on_delete=models.CASCADE, related_name="joint")
    activity = models.ForeignKey(
        "activities.Activity", verbose_name=_("活动"), on_delete=models.CASCADE, related_name="alliance_links"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联盟联办活动")
        ordering = ["-pk"]
        constraints = [models.UniqueConstraint(fields=["alliance", "activity"], name="unionlife_joint_activity_once")]

    def __str__(self):
        return f"{self.alliance} · {self.activity}"


Pairing.PARTY_LINK = (PairingParty, "org__path")
Alliance.PARTY_LINK = (AllianceMember, "union__path")
