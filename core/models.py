"""Cross-cutting models: the append-only audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import RestrictedQuerySet


class AppendOnlyQuerySet(RestrictedQuerySet):
    """Audit rows are written once and never changed; a database trigger backs this (see migrations)."""

    def update(self, **kwargs):
        raise TypeError("audit events are append-only")

    def delete(self):
        raise TypeError("audit events are append-only")


class AuditEvent(models.Model):
    """One attributable fact: who did what to which object, when, from where, and with what outcome."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    # The org the event belongs to, for scoping: federation admins see the events of their sub-trees.
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属组织"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(_("变更"), default=dict, blank=True)  # {field: [before, after]}
    data = models.JSONField(_("附加信息"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit events are append-only")

    @property
    def action_label(self) -> str:
        from .audit import ACTION_LABELS

        return str(ACTION_LABELS.get(self.action, self.action))


class Counter(models.Model):
    """A named, gap-tolerant sequence (会员证号 …), advanced under the row lock of one UPDATE so concurrent
    requests never receive the same number."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    @classmethod
    def take(cls, name: str, n: int = 1) -> range:
        """Reserve ``n`` consecutive numbers of the sequence ``name`` and return them."""
        from django.db import transaction
        from django.db.models import F

        with transaction.atomic():
            cls.objects.get_or_create(name=name)
            cls.objects.filter(name=name).update(value=F("value") + n)
            end = cls.objects.values_list("value", flat=True).get(name=name)
        return range(end - n + 1, end + 1)


class Job(models.Model):
    """Background work someone started and is waiting for (an import, an export): its progress, outcome and
    files. The page polls it; the files are served only to those who may see the job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("未通过")

    kind = models.CharField(_("类型"), max_length=50)
    org = models.ForeignKey("orgs.Org", verbose_name=_("组织"), null=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(_("阶段"), max_length=50, blank=True)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    message = models.TextField(_("说明"), blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    input_file = models.FileField(_("上传文件"), upload_to="jobs/in/%Y/%m/", blank=True)
    output_file = models.FileField(_("结果文件"), upload_to="jobs/out/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    def report(self, *, done: int | None = None, total: int | None = None, stage: str | None = None) -> None:
        """Save progress at once. Call it outside write transactions (validation, file building) so the page
        polling the job sees it move; the final write is one short transaction of its own."""
        fields = {}
        if done is not None:
            fields["done"] = self.done = done
        if total is not None:
            fields["total"] = self.total = total
        if stage is not None:
            fields["stage"] = self.stage = stage
        Job.objects.filter(pk=self.pk).update(**fields)
