"""The union tree (区总工会 → 镇街总工会 → 基层工会 …) and the employer register."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.scoping import RestrictedQuerySet
from core.validators import validate_phone, validate_uscc


class OrgKind(models.TextChoices):
    FEDERATION = "federation", _("区/市总工会")
    TOWN = "town", _("镇街总工会")
    GRASSROOTS = "grassroots", _("基层工会")
    JOINT = "joint", _("联合工会")
    INDUSTRY = "industry", _("行业工会")
    VILLAGE = "village", _("村/社区工会（小三级）")


# Kinds that are unions an enterprise can be covered by (federations cover through their children).
COVERING_KINDS = {OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.INDUSTRY, OrgKind.VILLAGE}

# Which kinds may sit directly under each kind: the one placement rule the forms, the API, creating, editing and
# moving all follow. A 区/市总工会 holds anything (a 市总 holds 区总); a 镇街总工会 holds the unions of its area but no
# federation; a union holds unions (a 村/社区工会 under a grassroots union's community, 小三级) and never a federation.
ALLOWED_CHILDREN = {
    OrgKind.FEDERATION: frozenset(OrgKind),
    OrgKind.TOWN: frozenset(COVERING_KINDS),
    **{kind: frozenset(COVERING_KINDS) for kind in COVERING_KINDS},
}
# The kinds a tree may start with (no parent).
ROOT_KINDS = frozenset({OrgKind.FEDERATION})


def kinds_allowed_under(parent_kind: str | None) -> frozenset:
    """The kinds an org may have when placed under an org of ``parent_kind`` (None: at the top)."""
    if parent_kind is None:
        return ROOT_KINDS
    return ALLOWED_CHILDREN.get(parent_kind, frozenset())


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    DISSOLVED = "dissolved", _("已撤销")


class OrgQuerySet(MP_NodeQuerySet, RestrictedQuerySet):
    def subtree(self, org):
        """``org`` and all its descendants: one indexed prefix query."""
        return self.filter(path__startswith=org.path)

    def active(self):
        return self.filter(status=OrgStatus.ACTIVE)


class OrgManager(MP_NodeManager.from_queryset(OrgQuerySet)):
    def get_queryset(self):
        return OrgQuerySet(self.model).order_by("path")


class Org(MP_Node):
    """A trade union organisation at any level of the tree. Its sub-tree is every org whose path starts with
    its own; scope, coverage and every figure are computed over that prefix."""

    code = models.CharField(_("组织代码"), max_length=32, unique=True)
    name = models.CharField(_("全称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=100, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    region = models.CharField(_("所在地区"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    chair_name = models.CharField(_("工会主席"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    status = models.CharField(_("状态"), max_length=10, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    dissolved_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    # For search by pinyin: full pinyin ("zhenhaiqu") and initials ("zhq"), lower case, kept by services.
    name_pinyin = models.CharField(max_length=600, blank=True, editable=False)
    name_initials = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OrgManager()
    SCOPE_PATH = "path"
    LOCK_RANK = 10  # core.locking: the tree is locked before anything hanging from it (docs/layout.md)

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~models.Q(uscc=""), name="org_uscc_unique"),
            models.CheckConstraint(
                condition=models.Q(status="active", dissolved_on__isnull=True)
                | models.Q(status="dissolved", dissolved_on__isnull=False),
                name="org_dissolved_has_date",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def is_active(self):
        return self.status == OrgStatus.ACTIVE

    def ancestors_with_self(self):
        """From the root down to this org (for breadcrumbs)."""
        paths = [self.path[: i * self.steplen] for i in range(1, self.depth + 1)]
        return Org.objects.filter(path__in=paths).order_by(Length("path"))


class Industry(models.TextChoices):
    """国民经济行业分类 (GB/T 4754-2017) sections."""

    A = "A", _("农、林、牧、渔业")
    B = "B", _("采矿业")
    C = "C", _("制造业")
    D = "D", _("电力、热力、燃气及水生产和供应业")
    E = "E", _("建筑业")
    F = "F", _("批发和零售业")
    G = "G", _("交通运输、仓储和邮政业")
    H = "H", _("住宿和餐饮业")
    I = "I", _("信息传输、软件和信息技术服务业")  # noqa: E741
    J = "J", _("金融业")
    K = "K", _("房地产业")
    L = "L", _("租赁和商务服务业")
    M = "M", _("科学研究和技术服务业")
    N = "N", _("水利、环境和公共设施管理业")
    O = "O", _("居民服务、修理和其他服务业")  # noqa: E741
    P = "P", _("教育")
    Q = "Q", _("卫生和社会工作")
    R = "R", _("文化、体育和娱乐业")
    S = "S", _("公共管理、社会保障和社会组织")
    T = "T", _("国际组织")


class Ownership(models.TextChoices):
    STATE = "state", _("国有")
    COLLECTIVE = "collective", _("集体")
    PRIVATE = "private", _("私营")
    FOREIGN = "foreign", _("外商投资")
    HMT = "hmt", _("港澳台投资")
    JOINT_STOCK = "joint_stock", _("股份制")
    INDIVIDUAL = "individual", _("个体")
    SOCIAL = "social", _("社会组织")
    OTHER = "other", _("其他")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    CLOSED = "closed", _("注销/迁出")


class Enterprise(models.Model):
    """An employer in the register. ``org`` is the union responsible for the area it is registered in (for
    scope); ``covering_union`` is the union that covers its workers, its own or a 联合工会, if any."""

    name = models.CharField(_("企业名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    industry = models.CharField(_("行业"), max_length=2, choices=Industry.choices)
    ownership = models.CharField(_("经济类型"), max_length=20, choices=Ownership.choices)
    staff_count = models.PositiveIntegerField(
        _("职工人数"),
        default=0,
        validators=[MaxValueValidator(2_000_000)],  # the largest employers, with room
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    org = models.ForeignKey(Org, verbose_name=_("属地工会"), on_delete=models.PROTECT, related_name="enterprises")
    covering_union = models.ForeignKey(
        Org,
        verbose_name=_("覆盖工会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="covered_enterprises",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE
    )
    name_pinyin = models.CharField(max_length=600, blank=True, editable=False)
    name_initials = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    # Seen from the area's union and from the union covering it (a 基层工会 sees its own employer).
    SCOPE_PATH = ("org__path", "covering_union__path")
    LOCK_RANK = 20

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.org
