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
