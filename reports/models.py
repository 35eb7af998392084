"""Rollups: the registry's counters summed per org and month, so figures for a whole province read thousands of
rows instead of millions. Rebuilt whole by ``rebuild_rollups`` (a command and a background task); ``RollupState``
records when, and the watermark of the source tables at that moment, which tells whether they are still fresh."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rollup(models.Model):
    """One counter's value for one org's whole sub-tree (the org and everything below it) in one calendar month, so
    the figures of any org and of each of its children are a handful of rows. Long format (a row per counter), so a
    later module adds counters without a migration."""

    counter = models.CharField(_("计数项"), max_length=60)
    org = models.ForeignKey("orgs.Org", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("月份"), help_text=_("当月 1 日"))
    value = models.BigIntegerField(_("数值"))

    class Meta:
        verbose_name = _("汇总数据")
        verbose_name_plural = _("汇总数据")
        constraints = [models.UniqueConstraint(fields=["counter", "org", "month"], name="rollup_unique")]
        indexes = [models.Index(fields=["counter", "month"])]

    def __str__(self):
        return f"{self.counter} {self.org_id} {self.month:%Y-%m} = {self.value}"


class RollupDay(models.Model):
    """One counter's value for one org's whole sub-tree on one day, for the orgs marked to have them
    (``reports.days``): the days at the edges of a period that does not start or end on a month edge. Apart from
    ``Rollup`` so that the monthly reads never walk past them."""

    counter = models.CharField(_("计数项"), max_length=60)
    org = models.ForeignKey("orgs.Org", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    value = models.BigIntegerField(_("数值"))

    class Meta:
        verbose_name = _("按日汇总数据")
        verbose_name_plural = _("按日汇总数据")
        constraints = [models.UniqueConstraint(fields=["counter", "org", "day"], name="rollup_day_unique")]

    def __str__(self):
        return f"{self.counter} {self.org_id} {self.day} = {self.value}"


class RollupBitmap(models.Model):
    """The ids a distinct count (``core.metrics.Distinct`` with ``ids``) counts within one org's whole sub-tree in
    one calendar year, quarter, month or day (``counter`` is ``<key>@month`` etc., ``month`` the period's first
    day), as a serialised roaring bitmap: the count of any other period is the size of the union of a few of them
    (its whole months and its edge days). Kept for orgs with children only: a leaf's own rows are few, read raw."""

    counter = models.CharField(_("计数项"), max_length=60)
    org = models.ForeignKey("orgs.Org", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("期间开始"))
    data = models.BinaryField(_("位图"))

    class Meta:
        verbose_name = _("去重位图")
        verbose_name_plural = _("去重位图")
        constraints = [models.UniqueConstraint(fields=["counter", "org", "month"], name="rollup_bitmap_unique")]

    def __str__(self):
        return f"{self.counter} {self.org_id} {self.month:%Y-%m}"


class RollupState(models.Model):
    """The one row saying when the rollups were last built and what the source tables looked like then."""

    built_at = models.DateTimeField(_("汇总时间"))
    watermark = models.JSONField(_("源数据水位"), default=dict)
    rows = models.PositiveIntegerField(_("汇总行数"), default=0)
    seconds = models.FloatField(_("耗时（秒）"), default=0)

    class Meta:
        verbose_name = _("汇总状态")
        verbose_name_plural = _("汇总状态")

    def __str__(self):
        return f"{self.built_at:%Y-%m-%d %H:%M}"
