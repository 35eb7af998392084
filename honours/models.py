"""The honours register (荣誉): the titles a district confers or recommends for (configurable per district: its own
工匠 name, 技术能手, 劳动模范 …), the awards held by members and collectives at each level (区, 市, 省, 全国), and
the nominations that go up the tree with a review at each level before the district decides."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import RestrictedQuerySet


class Category(models.TextChoices):
    """What a title is, whatever the district calls it (the figures count by category)."""

    MODEL_WORKER = "model_worker", _("劳动模范")
    CRAFTSMAN = "craftsman", _("工匠")
    TECHNICIAN = "technician", _("技术能手")
    CHIEF_WORKER = "chief_worker", _("首席工人")
    MEDAL = "medal", _("五一劳动奖章")
    CERTIFICATE = "certificate", _("五一劳动奖状")
    PIONEER = "pioneer", _("工人先锋号")
    MODEL_COLLECTIVE = "model_collective", _("模范集体")
    STUDIO = "studio", _("劳模创新工作室")
    HARMONIOUS = "harmonious", _("和谐企业")


INDIVIDUAL = {
    Category.MODEL_WORKER,
    Category.CRAFTSMAN,
    Category.TECHNICIAN,
    Category.CHIEF_WORKER,
    Category.MEDAL,
}
# How a title is counted: people 名, collectives 个, studios and enterprises 家.
UNITS = {Category.STUDIO: "家", Category.HARMONIOUS: "家"}


def unit_of(category: str) -> str:
    return "名" if category in INDIVIDUAL else UNITS.get(category, "个")


class Level(models.TextChoices):
    DISTRICT = "district", _("区级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国")


class Title(models.Model):
    """A title a district confers or recommends for (称号), under its own name (凤麓工匠) and of one category. A
    title of the 劳动模范 category, or any marked ``care_entitled``, gives its holders the care entitlement
    ``model_worker`` (read by the care module through ``honours.selectors.care_tags``)."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("设立单位"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("称号名称"), max_length=50)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    care_entitled = models.BooleanField(_("享受劳模关爱待遇"), default=False)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 106

    class Meta:
        verbose_name = _("荣誉称号")
        ordering = ["org__path", "pk"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="honours_title_name_once")]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.org

    @property
    def individual(self) -> bool:
        return self.category in INDIVIDUAL

    @property
    def unit(self) -> str:
        return unit_of(self.category)


class Nomination(models.Model):
    """A nomination (推荐) of a member or a collective for a title at a level: made by a union, reviewed by each org
    above it in turn (``at_org`` is the one whose review is awaited) up to the district that set the title, which
    confers a 区级 title itself and recommends a higher one (推荐上报) whose outcome it then records."""

    class Status(models.TextChoices):
        REVIEWING = "reviewing", _("审核中")
        FORWARDED = "forwarded", _("已推荐上报")
        AWARDED = "awarded", _("已授予")
        REJECTED = "rejected", _("未通过")

    title = models.ForeignKey(Title, verbose_name=_("称号"), on_delete=models.PROTECT, related_name="nominations")
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    union = models.ForeignKey("orgs.Org", verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("集体所在组织"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    holder_name = models.CharField(_("推荐对象"), max_length=100)
    reason = models.TextField(_("推荐理由"), blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    at_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("待审核单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.REVIEWING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("推荐时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"
    LOCK_RANK = 108

    class Meta:
        verbose_name = _("荣誉推荐")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "at_org"])]

    def __str__(self):
        return f"{self.holder_name} · {self.title}"

    @property
    def audit_org(self):
        return self.union


class Review(models.Model):
    """One org's review of a nomination (同意上报, 批准, 不同意), in order up the tree."""

    class Decision(models.TextChoices):
        FORWARD = "forward", _("同意，报上级审核")
        APPROVE = "approve", _("批准")
        RECOMMEND = "recommend", _("同意推荐上报")
        REJECT = "reject", _("不同意")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reviews")
    org = models.ForeignKey("orgs.Org", verbose_name=_("审核单位"), on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("意见"), max_length=10, choices=Decision.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT)
    at = models.DateTimeField(_("审核时间"), default=timezone.now)

    class Meta:
        verbose_name = _("推荐审核")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.org} {self.get_decision_display()}"


class Award(models.Model):
    """A title held (荣誉): by a member or by a collective (an org, or a team named in ``holder_name`` under it), at
    a level, in a year, from an awarding body. ``union`` is where it counts and who sees it."""

    title = models.ForeignKey(Title, verbose_name=_("称号"), on_delete=models.PROTECT, related_name="awards")
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    awarded_on = models.DateField(_("授予日期"))
    awarding_body = models.CharField(_("授予单位"), max_length=100)
    union = models.ForeignKey("orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours",
    )
    holder_name = models.CharField(_("获得者"), max_length=100)
    nomination = models.OneToOneField(
        Nomination, verbose_name=_("推荐"), null=True, blank=True, on_delete=models.PROTECT, related_name="award"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"

    class Meta:
        verbose_name = _("荣誉")
        ordering = ["-awarded_on", "-pk"]
        indexes = [models.Index(fields=["awarded_on", "union"])]

    def __str__(self):
        return f"{self.holder_name} · {self.get_level_display()}{self.title}"

    @property
    def audit_org(self):
        return self.union
