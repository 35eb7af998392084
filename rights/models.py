"""维权维稳: labour-dispute mediation cases (劳动争议调解) with their parties and sessions, legal aid (法律援助) with a
register of partner lawyers, and (later sections) labour-law supervision and early warning.

A mediation case belongs to the union whose mediation committee handles it (``org``); it may come from a worker's
appeal (one action, and both link to each other) and ends in one outcome: an agreement (调解成功), withdrawal,
failure (调解不成) or a referral (仲裁, 诉讼, 法律援助, 劳动监察). Money is ``Decimal`` to the fen."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import pii
from core.scoping import RestrictedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
# A dispute with this many workers or more is a collective dispute (集体争议).
COLLECTIVE_MIN_PARTIES = 3


class DisputeType(models.TextChoices):
    WAGES = "wages", _("工资报酬")
    CONTRACT = "contract", _("劳动合同")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    INJURY = "injury", _("工伤")
    COMPENSATION = "compensation", _("经济补偿")
    OTHER = "other", _("其他")


class CommitteeLevel(models.TextChoices):
    TOWN = "town", _("镇街劳动争议调解委员会")
    GRASSROOTS = "grassroots", _("基层劳动争议调解委员会")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("调解中")
    AGREED = "agreed", _("调解成功")
    WITHDRAWN = "withdrawn", _("申请人撤回")
    FAILED = "failed", _("调解不成")
    REFERRED = "referred", _("调解不成并转介")


CLOSED_STATUSES = {CaseStatus.AGREED, CaseStatus.WITHDRAWN, CaseStatus.FAILED, CaseStatus.REFERRED}


class Referral(models.TextChoices):
    ARBITRATION = "arbitration", _("劳动仲裁")
    LITIGATION = "litigation", _("诉讼")
    LEGAL_AID = "legal_aid", _("法律援助")
    INSPECTION = "inspection", _("劳动保障监察")


class PartyFields(models.Model):
    """A worker who is a party: a member or not, named, with a mobile and optionally an ID number (encrypted, with
    its mask for display). ``name_visible`` is the worker's choice on the appeal (允许向用人单位透露姓名): when off,
    nothing shown beyond the handling staff (the early-warning signals) names them."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    id_cipher = models.TextField(_("证件号（密文）"), blank=True, editable=False)
    id_masked = models.CharField(_("证件号"), max_length=40, blank=True, editable=False)
    name_visible = models.BooleanField(_("允许向用人单位透露姓名"), default=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def set_id_number(self, number: str) -> None:
        number = (number or "").strip().upper()
        self.id_cipher = pii.encrypt(number) if number else ""
        self.id_masked = pii.mask_id(number) if number else ""

    def reveal_id_number(self) -> str:
        """The plain number. Callers check ``rights.view_pii`` and audit the access."""
        return pii.decrypt(self.id_cipher) if self.id_cipher else ""

    @property
    def phone_masked(self) -> str:
        return pii.mask_phone(self.phone)


class MediatorKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("志愿调解员")
    PARTNER = "partner", _("合作调解员")


class Mediator(models.Model):
    """A registered mediator who is not a staff account: a volunteer (退休法官, 人民调解员, 老劳模) or a partner
    organisation's mediator, serving the union ``org`` and every union below it. Case mediators are staff accounts
    (``MediationCase.mediators``) or these (``MediationCase.registered_mediators``)."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("服务工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    kind = models.CharField(_("类别"), max_length=10, choices=MediatorKind.choices, default=MediatorKind.VOLUNTEER)
    specialty = models.CharField(_("擅长领域"), max_length=100, blank=True)
    active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员")
        ordering = ["-active", "name", "id"]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def audit_org(self):
        return self.org

    @property
    def phone_masked(self) -> str:
        return pii.mask_phone(self.phone)

    def serves(self, org) -> bool:
        """Whether the mediator may mediate a case of ``org``: registered with it or with a union above it."""
        return org.path.startswith(self.org.path)


class MediationCase(models.Model):
    """A labour dispute a union's mediation committee took up, from acceptance to its outcome. ``due_at`` is the
    end of the time limit (15 working days from acceptance by default), extendable once with a reason."""

    case_no = models.CharField(_("案件编号"), max_length=20, unique=True)
    org = models.ForeignKey("orgs.Org", verbose_name=_("调解组织"), on_delete=models.PROTECT, related_name="+")
    committee_level = models.CharField(_("调解委员会"), max_length=20, choices=CommitteeLevel.choices)
    appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name=_("来源诉求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation_case",
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("用人单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    enterprise_name = models.CharField(_("用人单位名称"), max_length=200)
    enterprise_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    dispute_type = models.CharField(_("争议类型"), max_length=20, choices=DisputeType.choices)
    summary = models.TextField(_("争议事项"))
    amount_claimed = models.DecimalField(_("请求金额（元）"), default=Decimal("0"), **MONEY)
    amount_recovered = models.DecimalField(_("追回金额（元）"), default=Decimal("0"), **MONEY)
    # How many workers apply (kept with the case, so the figures add it up without a join).
    workers = models.PositiveIntegerField(_("涉及职工人数"), default=0)
    mediators = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("调解员"), blank=True, related_name="+")
    volunteer_mediators = models.CharField(_("志愿调解员"), max_length=200, blank=True)
    registered_mediators = models.ManyToManyField(
        Mediator, verbose_name=_("登记调解员"), blank=True, related_name="cases"
    )
    status = models.CharField(_("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    accepted_at = models.DateTimeField(_("受理时间"))
    due_at = models.DateTimeField(_("调解期限"))
    extended = models.BooleanField(_("已延长期限"), default=False)
    extension_reason = models.CharField(_("延期理由"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    agreement_text = models.TextField(_("协议内容"), blank=True)
    payment_due_on = models.DateField(_("履行期限"), null=True, blank=True)
    referral = models.CharField(_("转介去向"), max_length=20, choices=Referral.choices, blank=True)
    outcome_note = models.TextField(_("结案说明"), blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 60

    class Meta:
        verbose_name = _("劳动争议调解案件")
        verbose_name_plural = _("劳动争议调解案件")
        ordering = ["-accepted_at", "-id"]
        indexes = [models.Index(fields=["org", "status", "due_at"]), models.Index(fields=["accepted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_claimed__gte=0) & Q(amount_recovered__gte=0), name="rights_case_amounts_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | ~Q(referral=""), name="rights_case_referral_named"
            ),
        ]

    def __str__(self):
        return f"{self.case_no} {self.enterprise_name}"

    @property
    def audit_org(self):
        return self.org

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def is_collective(self) -> bool:
        """集体争议: three workers or more."""
        return self.workers >= COLLECTIVE_MIN_PARTIES


class CaseParty(PartyFields):
    """A worker applying in a mediation case (one or many: 集体争议 from three)."""

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="parties")

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")
        ordering = ["id"]


class CaseSession(models.Model):
    """One mediation session (调解会): when, where, who attended and what was said."""

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("调解日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    attendees = models.CharField(_("参加人员"), max_length=300, blank=True)
    notes = models.TextField(_("调解情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["held_on", "id"]


class Lawyer(models.Model):
    """A lawyer of a partner law firm (合作律师事务所) a union may assign legal-aid cases to."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("登记工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    firm = models.CharField(_("律师事务所"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    active = models.BooleanField(_("在册"), default=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("合作律师")
        verbose_name_plural = _("合作律师")
        ordering = ["firm", "name"]

    def __str__(self):
        return f"{self.name}（{self.firm}）"


class AidStage(models.TextChoices):
    CONSULT = "consult", _("法律咨询")
    DOCUMENTS = "documents", _("代写文书")
    ARBITRATION = "arbitration", _("代理仲裁")
    LITIGATION = "litigation", _("代理诉讼")


class AidStatus(models.TextChoices):
    OPEN = "open", _("援助中")
    CLOSED = "closed", _("已结案")


class LegalAidCase(models.Model):
    """A legal-aid case: opened by staff, by the referral of a failed mediation (the parties carried over), or applied
    for by a worker from the phone (``applied_online``); the worker rates it once it is closed."""

    aid_no = models.CharField(_("援助编号"), max_length=20, unique=True)
    org = models.ForeignKey("orgs.Org", verbose_name=_("承办工会"), on_delete=models.PROTECT, related_name="+")
    source_case = models.OneToOneField(
        MediationCase,
        verbose_name=_("来源调解案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid",
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise", verbose_name=_("用人单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enterprise_name = models.CharField(_("用人单位名称"), max_length=200, blank=True)
    dispute_type = models.CharField(_("争议类型"), max_length=20, choices=DisputeType.choices)
    summary = models.TextField(_("援助事项"))
    eligibility_note = models.TextField(_("援助条件审查"), blank=True)
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("承办律师"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    stage = models.CharField(_("援助方式"), max_length=20, choices=AidStage.choices, default=AidStage.CONSULT)
    status = models.CharField(_("状态"), max_length=10, choices=AidStatus.choices, default=AidStatus.OPEN)
    amount_claimed = models.DecimalField(_("请求金额（元）"), default=Decimal("0"), **MONEY)
    amount_recovered = models.DecimalField(_("挽回金额（元）"), default=Decimal("0"), **MONEY)
    opened_at = models.DateTimeField(_("受理时间"))
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    outcome = models.TextField(_("结果"), blank=True)
    # A worker's own application from the phone (a member, or a mobile number proved with a texted code).
    applied_online = models.BooleanField(_("职工网上申请"), default=False)
    # The worker's rating of a closed case: 1 to 5 stars and a comment, once.
    rating = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("评价内容"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 62

    class Meta:
        verbose_name = _("法律援助")
        verbose_name_plural = _("法律援助")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)), name="rights_aid_rating_1_5"
            )
        ]

    def __str__(self):
        return f"{self.aid_no} {self.enterprise_name}"

    @property
    def audit_org(self):
        return self.org


class AidParty(PartyFields):
    """A worker receiving legal aid."""

    aid = models.ForeignKey(LegalAidCase, on_delete=models.CASCADE, related_name="parties")

    class Meta:
        verbose_name = _("受援职工")
        verbose_name_plural = _("受援职工")
        ordering = ["id"]


# --- Labour-law supervision (劳动法律监督) --------------------------------------------------------------------------


class ChecklistItem(models.Model):
    """One item a supervision inspection checks (劳动合同签订, 工资支付 …): configurable, in order."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    label = models.CharField(_("检查项目"), max_length=50)
    order = models.PositiveSmallIntegerField(_("顺序"), default=100)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("监督检查项目")
        verbose_name_plural = _("监督检查项目")
        ordering = ["order", "code"]

    def __str__(self):
        return self.label


class Inspection(models.Model):
    """An inspection of an enterprise by a union's labour-law supervision committee (工会劳动法律监督委员会): the
    items checked, what was found, the problems to rectify and the documents issued."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("监督工会"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "orgs.Enterprise", verbose_name=_("被检查企业"), on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_on = models.DateField(_("检查日期"))
    inspectors = models.CharField(_("监督员"), max_length=200)
    items = models.JSONField(_("检查项目"), default=list)
    findings = models.TextField(_("检查情况"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 64

    class Meta:
        verbose_name = _("劳动法律监督检查")
        verbose_name_plural = _("劳动法律监督检查")
        ordering = ["-inspected_on", "-id"]

    def __str__(self):
        return f"{self.inspected_on} {self.enterprise.name}"

    @property
    def audit_org(self):
        return self.org


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFIED = "rectified", _("已整改")


class Problem(models.Model):
    """A problem an inspection found, with its rectification deadline, followed until rectified. An open problem
    past its deadline escalates to the town (``escalated_to``) like an overdue appeal."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="problems")
    item = models.CharField(_("检查项目"), max_length=30)
    description = models.TextField(_("问题"))
    due_on = models.DateField(_("整改期限"))
    status = models.CharField(_("状态"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    escalated_to = models.ForeignKey(
        "orgs.Org", verbose_name=_("升级至"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)
    evidence = models.FileField(_("整改材料"), upload_to="rights/evidence/%Y/%m/", blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "inspection__org__path"
    LOCK_RANK = 66

    class Meta:
        verbose_name = _("整改问题")
        verbose_name_plural = _("整改问题")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.description[:30]

    @property
    def audit_org(self):
        return self.inspection.org


class DocumentKind(models.TextChoices):
    OPINION = "opinion", _("劳动法律监督意见书")
    SUGGESTION = "suggestion", _("劳动法律监督建议书")


class SupervisionDocument(models.Model):
    """A 监督意见书 or 建议书 issued after an inspection, numbered per union and year (``serial``), printable."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="documents")
    org = models.ForeignKey("orgs.Org", verbose_name=_("发文工会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("文书类型"), max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文号"), max_length=100)
    content = models.TextField(_("正文"))
    issued_at = models.DateTimeField(_("发出时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发文人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("监督文书")
        verbose_name_plural = _("监督文书")
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "serial"], name="rights_document_number_unique")]

    def __str__(self):
        return self.number

    @property
    def audit_org(self):
        return self.org


class DocumentSequence(models.Model):
    """The last serial a union issued in a year: advanced under its row lock, so concurrent issuing never shares
    or skips a number."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    LOCK_RANK = 68

    class Meta:
        verbose_name = _("文号序列")
        verbose_name_plural = _("文号序列")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="rights_one_sequence_per_org_year")]


# --- Early warning (劳动关系预警) -------------------------------------------------------------------------------------


class RiskWeight(models.Model):
    """The configured weight of one early-warning signal, or a level's threshold, overriding the default in
    ``rights.warning.DEFAULT_WEIGHTS`` (keys listed there)."""

    key = models.CharField(_("信号"), max_length=30, unique=True)
    weight = models.DecimalField(
        _("权重"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("预警信号权重")
        verbose_name_plural = _("预警信号权重")
        ordering = ["key"]

    def __str__(self):
        return f"{self.key} = {self.weight}"


# --- Collective bargaining (集体协商) --------------------------------------------------------------------------------


class ContractKind(models.TextChoices):
    GENERAL = "general", _("综合性集体合同")
    WAGES = "wages", _("工资专项集体合同")
    WOMEN = "women", _("女职工权益保护专项集体合同")


class ContractCoverage(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    INDUSTRY = "industry", _("行业性")


# A contract in force this many days before its end is 即将到期: its union's and its town's staff are reminded once.
EXPIRY_NOTICE_DAYS = 60


class CollectiveContract(models.Model):
    """A collective contract (集体合同) a union negotiated with one enterprise, or for an industry of its area
    (行业性集体合同: the union plus the industry's name): its kind, term, the wage increase agreed (%), the workers it
    covers, the date it was filed (备案) with the labour authority and the parties who signed it. ``reminded_at``:
    when the expiry reminder went out (once per contract)."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("协商工会"), on_delete=models.PROTECT, related_name="+")
    coverage = models.CharField(_("协商范围"), max_length=12, choices=ContractCoverage.choices)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collective_contracts",
    )
    industry_name = models.CharField(_("行业名称"), max_length=100, blank=True)
    kind = models.CharField(_("合同类型"), max_length=10, choices=ContractKind.choices)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"))
    wage_increase = models.DecimalField(_("工资增长幅度（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    workers_covered = models.PositiveIntegerField(_("覆盖职工人数"))
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    union_party = models.CharField(_("职工方首席代表"), max_length=100)
    employer_party = models.CharField(_("企业方首席代表"), max_length=100)
    note = models.TextField(_("备注"), blank=True)
    reminded_at = models.DateTimeField(_("到期提醒时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 61

    class Meta:
        verbose_name = _("集体合同")
        verbose_name_plural = _("集体合同")
        ordering = ["ends_on", "id"]
        indexes = [models.Index(fields=["ends_on", "starts_on"]), models.Index(fields=["enterprise", "ends_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="rights_contract_term_order"),
            models.CheckConstraint(
                condition=(Q(coverage="enterprise") & Q(enterprise__isnull=False))
                | (Q(coverage="industry") & Q(enterprise__isnull=True) & ~Q(industry_name="")),
                name="rights_contract_party_named",
            ),
        ]

    def __str__(self):
        return f"{self.party_name} {self.get_kind_display()}"

    @property
    def audit_org(self):
        return self.org

    @property
    def party_name(self) -> str:
        """The enterprise's name, or the industry's (行业性)."""
        if self.enterprise_id:
            return self.enterprise.name
        return f"{self.industry_name}（行业性）"

    def state(self, today) -> str:
        """``pending`` (not yet started), ``expiring`` (in force, ends within 60 days), ``in_force``, ``expired``."""
        if today < self.starts_on:
            return "pending"
        if today > self.ends_on:
            return "expired"
        return "expiring" if (self.ends_on - today).days <= EXPIRY_NOTICE_DAYS else "in_force"


CONTRACT_STATES = {
    "pending": _("未生效"),
    "in_force": _("履行中"),
    "expiring": _("即将到期"),
    "expired": _("已到期"),
}


class DemoLevel(models.TextChoices):
    DISTRICT = "district", _("区级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国")


class DemonstrationRecord(models.Model):
    """工资集体协商示范: an enterprise (示范企业) or an industry (示范行业) recognised in a year at a level, recorded by
    the union whose contract it is."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("协商工会"), on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(
        CollectiveContract, verbose_name=_("集体合同"), on_delete=models.PROTECT, related_name="demonstrations"
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise", verbose_name=_("示范企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    industry_name = models.CharField(_("示范行业"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("级别"), max_length=10, choices=DemoLevel.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("集体协商示范")
        verbose_name_plural = _("集体协商示范")
        ordering = ["-year", "level", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "year", "level"], name="rights_demonstration_once"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_level_display()}{'示范企业' if self.enterprise_id else '示范行业'}"

    @property
    def audit_org(self):
        return self.org

    @property
    def title(self) -> str:
        return "工资集体协商示范企业" if self.enterprise_id else "工资集体协商示范行业"
