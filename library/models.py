"""Reading rooms (职工书屋) and book drift (漂流书吧): rooms an org runs (at a 书屋 place or a room of its own), a
local ISBN catalogue staff fill (no internet look-up), copies with printed labels, loans and returns by scanning
the member's e-card and the copy's label, copies that drift between rooms (returned at another room they move there;
every move kept), overdue reminders sent once per loan and threshold, and the yearly room score (量化积分)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import RestrictedQuerySet


class ReadingRoom(models.Model):
    """A reading room (职工书屋 or a 漂流书吧 shelf) of an org, optionally at a place of the places register."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("阵地"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField(_("开放"), default=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 120

    class Meta:
        verbose_name = _("职工书屋")
        ordering = ["org__path", "name", "pk"]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.org


class Book(models.Model):
    """An entry of the local catalogue: one ISBN (stored as the 13 digits), its title, author and publisher. The
    catalogue is shared by every room of the platform: staff fill it once per title."""

    isbn = models.CharField(_("ISBN"), max_length=13, unique=True)
    title = models.CharField(_("书名"), max_length=200)
    author = models.CharField(_("作者"), max_length=100, blank=True)
    publisher = models.CharField(_("出版社"), max_length=100, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("图书")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class CopyStatus(models.TextChoices):
    AVAILABLE = "available", _("在架")
    ON_LOAN = "on_loan", _("借出")
    LOST = "lost", _("遗失")


class Copy(models.Model):
    """A physical copy with its label (``label``, printed as a QR code): where it is now (``room``; it drifts) and
    where it was first shelved (``home``)."""

    book = models.ForeignKey(Book, verbose_name=_("图书"), on_delete=models.PROTECT, related_name="copies")
    label = models.CharField(_("标签码"), max_length=20, unique=True)
    home = models.ForeignKey(ReadingRoom, verbose_name=_("入藏书屋"), on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(ReadingRoom, verbose_name=_("所在书屋"), on_delete=models.PROTECT, related_name="copies")
    status = models.CharField(_("状态"), max_length=10, choices=CopyStatus.choices, default=CopyStatus.AVAILABLE)
    added_at = models.DateTimeField(_("入藏时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "room__org__path"
    LOCK_RANK = 122

    class Meta:
        verbose_name = _("藏书")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.book.title}（{self.label}）"

    @property
    def audit_org(self):
        return self.room.org


class Loan(models.Model):
    """A copy lent to a member at a room, due back by ``due_on``; returned at ``returned_room`` (maybe another)."""

    copy = models.ForeignKey(Copy, verbose_name=_("藏书"), on_delete=models.PROTECT, related_name="loans")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("读者"), on_delete=models.PROTECT, related_name="library_loans"
    )
    room = models.ForeignKey(ReadingRoom, verbose_name=_("借出书屋"), on_delete=models.PROTECT, related_name="loans")
    lent_at = models.DateTimeField(_("借出时间"), default=timezone.now)
    due_on = models.DateField(_("应还日期"))
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    returned_room = models.ForeignKey(
        ReadingRoom, verbose_name=_("归还书屋"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = ("room__org__path", "returned_room__org__path")
    LOCK_RANK = 124

    class Meta:
        verbose_name = _("借阅")
        ordering = ["-lent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["copy"], condition=Q(returned_at__isnull=True), name="library_one_open_loan_per_copy"
            )
        ]
        indexes = [models.Index(fields=["returned_at", "due_on"])]

    def __str__(self):
        return f"{self.member} · {self.copy}"

    @property
    def audit_org(self):
        return self.room.org

    @property
    def is_open(self) -> bool:
        return self.returned_at is None

    @property
    def overdue_days(self) -> int:
        if self.returned_at is not None:
            return 0
        return max((timezone.localdate() - self.due_on).days, 0)


class CopyMove(models.Model):
    """A copy moving from one room to another (drift: returned elsewhere, or moved by staff). Append-only."""

    class Reason(models.TextChoices):
        DRIFT = "drift", _("异地归还")
        TRANSFER = "transfer", _("调拨")

    copy = models.ForeignKey(Copy, verbose_name=_("藏书"), on_delete=models.CASCADE, related_name="moves")
    from_room = models.ForeignKey(ReadingRoom, verbose_name=_("从"), on_delete=models.PROTECT, related_name="+")
    to_room = models.ForeignKey(ReadingRoom, verbose_name=_("到"), on_delete=models.PROTECT, related_name="+")
    loan = models.ForeignKey(Loan, verbose_name=_("借阅"), on_delete=models.PROTECT, null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=10, choices=Reason.choices, default=Reason.DRIFT)
    moved_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("漂流记录")
        ordering = ["moved_at", "pk"]


class LoanReminder(models.Model):
    """An overdue reminder that was sent: once per loan and threshold (days past due)."""

    class Threshold(models.TextChoices):
        DAY = "1d", _("逾期 1 天")
        WEEK = "7d", _("逾期 7 天")
        MONTH = "30d", _("逾期 30 天")

    loan = models.ForeignKey(Loan, verbose_name=_("借阅"), on_delete=models.CASCADE, related_name="reminders")
    threshold = models.CharField(_("提醒节点"), max_length=3, choices=Threshold.choices)
    sent_at = models.DateTimeField(_("提醒时间"), default=timezone.now)

    class Meta:
        verbose_name = _("逾期提醒")
        constraints = [models.UniqueConstraint(fields=["loan", "threshold"], name="library_reminder_once")]
