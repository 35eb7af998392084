"""关心关爱: the hardship archive (困难职工档案), care programmes with budgets and payouts (四季关爱 …), mutual medical
insurance (职工医疗互助保障) and health checks / 疗休养 with bookable slots.

Hardship files hold sensitive personal information: ID numbers are encrypted (``core.pii``), and only holders of
``care.files`` (the 关爱专员 role) see them at all. Money is ``Decimal`` in 元 with two places (exact to the fen).
A person is identified across files and the roster by the keyed hash of their ID number (``id_hash``, as
``Member.id_hash``), so the database's unique constraints can say "one payout per person per programme" whichever
way the person was proposed."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import pii
from core.scoping import RestrictedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class Cause(models.TextChoices):
    ILLNESS = "illness", _("大病")
    DISABILITY = "disability", _("残疾")
    SCHOOLING = "schooling", _("子女就学")
    UNEMPLOYMENT = "unemployment", _("失业")
    ACCIDENT = "accident", _("意外")
    LOW_INCOME = "low_income", _("低收入")
    OTHER = "other", _("其他")


class Level(models.TextChoices):
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")


class IncomeThreshold(models.Model):
    """The local income line per head and month a household is measured against, set by a district (or town) for a
    year. A file takes the line of its nearest org that has one for the year."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("月人均收入标准（元）"), **MONEY)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("困难认定收入标准")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="care_threshold_one_per_org_year")]

    def __str__(self):
        return f"{self.org} {self.year} 年 {self.amount} 元"


class HardshipFile(models.Model):
    """A worker in hardship put on file by their union (建档). Active only once the town has verified it (核实);
    reviewed yearly; closed as 解困脱困 with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待核实")
        ACTIVE = "active", _("在档")
        RETURNED = "returned", _("退回补充")
        CLOSED = "closed", _("已解困脱困")

    union = models.ForeignKey("orgs.Org", verbose_name=_("建档工会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    # The same three fields as a member's ID (``id_type``, ``id_cipher``, ``id_hash``), so the PII key rotation
    # (ops) re-encrypts and re-hashes files with the roster; ``id_hash`` equals the member's for the same person.
    id_type = models.CharField(_("证件类型"), max_length=20, default="resident", editable=False)
    id_cipher = models.TextField(_("证件号（密文）"), editable=False)
    id_masked = models.CharField(_("身份证号"), max_length=40, editable=False)
    id_hash = models.CharField(_("身份摘要"), max_length=64, editable=False, db_index=True)
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    cause = models.CharField(_("致困原因"), max_length=20, choices=Cause.choices)
    level = models.CharField(_("困难类别"), max_length=20, choices=Level.choices)
    household_size = models.PositiveSmallIntegerField(_("家庭人口"))
    household_income = models.DecimalField(_("家庭月收入（元）"), **MONEY)
    threshold = models.DecimalField(_("当地月人均收入标准（元）"), **MONEY, null=True, blank=True)
    situation = models.TextField(_("困难情况"), blank=True)
    bank_account_cipher = models.TextField(_("银行账号（密文）"), blank=True, editable=False)
    bank_account_masked = models.CharField(_("银行账号"), max_length=40, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("建档人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    review_due = models.DateField(_("下次复核日期"), null=True, blank=True)
    returned_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("脱困时间"), null=True, blank=True)
    closed_reason = models.CharField(_("脱困原因"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"
    LOCK_RANK = 70

    class Meta:
        verbose_name = _("困难职工档案")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A person is on file once at a time (a closed file may be followed by a new one).
            models.UniqueConstraint(
                fields=["id_hash"], condition=~Q(status="closed"), name="care_file_one_open_per_person"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.get_level_display()}）"

    @property
    def audit_org(self):
        return self.union

    @property
    def income_per_head(self) -> Decimal:
        if not self.household_size:
            return ZERO
        return (self.household_income / self.household_size).quantize(Decimal("0.01"))

    @property
    def below_threshold(self) -> bool | None:
        return None if self.threshold is None else self.income_per_head < self.threshold

    def reveal_id_number(self) -> str:
        return pii.decrypt(self.id_cipher)

    def reveal_bank_account(self) -> str:
        return pii.decrypt(self.bank_account_cipher) if self.bank_account_cipher else ""


class Programme(models.Model):
    """A care programme (四季关爱: 春送岗位, 夏送清凉, 金秋助学, 冬送温暖; 医疗救助; 暖"新"礼包 …) run by a district or
    town for one period, with budgets per org, who is eligible and what each person gets."""

    class Kind(models.TextChoices):
        SPRING = "spring", _("春送岗位")
        SUMMER = "summer", _("夏送清凉")
        AUTUMN = "autumn", _("金秋助学")
        WINTER = "winter", _("冬送温暖")
        MEDICAL = "medical", _("医疗救助")
        GIG = "gig", _('暖"新"礼包')
        CUSTOM = "custom", _("其他")

    class Eligibility(models.TextChoices):
        FILED = "filed", _("在档困难职工")
        DEEP = "deep", _("深度困难职工")
        NEW_EMPLOYMENT = "new_employment", _("新就业形态劳动者")
        MODEL_WORKER = "model_worker", _("劳动模范")
        OPEN = "open", _("不限")

    class Benefit(models.TextChoices):
        CASH = "cash", _("慰问金")
        GIFT = "gift", _("物资")

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    org = models.ForeignKey("orgs.Org", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    eligibility = models.CharField(_("对象"), max_length=20, choices=Eligibility.choices)
    benefit = models.CharField(_("形式"), max_length=10, choices=Benefit.choices, default=Benefit.CASH)
    standard_amount = models.DecimalField(_("标准（元/人）"), **MONEY)
    gift = models.CharField(_("物资内容"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("关爱项目")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.org


class Budget(models.Model):
    """The money of a programme one org may approve (the district allocates to towns, towns to unions).
    ``approved`` is the running total of approved payouts charged to it, kept under the budget row's lock, so
    concurrent approvals can never take it past ``amount``."""

    programme = models.ForeignKey(Programme, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="budgets")
    org = models.ForeignKey("orgs.Org", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("预算（元）"), **MONEY)
    approved = models.DecimalField(_("已批准（元）"), **MONEY, default=ZERO)
    allocated = models.DecimalField(_("已下拨（元）"), **MONEY, default=ZERO)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 72

    class Meta:
        verbose_name = _("项目预算")
        ordering = ["org__path"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "org"], name="care_budget_one_per_org"),
            models.CheckConstraint(
                condition=Q(approved__lte=models.F("amount") - models.F("allocated")), name="care_budget_not_exceeded"
            ),
        ]

    def __str__(self):
        return f"{self.programme} · {self.org}"

    @property
    def audit_org(self):
        return self.org

    @property
    def available(self) -> Decimal:
        return self.amount - self.allocated - self.approved

    @property
    def used_percent(self) -> int:
        if not self.amount:
            return 0
        return int((self.approved + self.allocated) * 100 / self.amount)


class Payout(models.Model):
    """Money or goods for one person under one programme: proposed by a union, approved (or refused) by the town
    against a budget, then paid (bank transfer batch, cash with signature, goods)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")
        PAID = "paid", _("已发放")

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("银行代发")
        CASH = "cash", _("现金签领")
        GOODS = "goods", _("实物")

    programme = models.ForeignKey(Programme, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="payouts")
    union = models.ForeignKey("orgs.Org", verbose_name=_("申报工会"), on_delete=models.PROTECT, related_name="+")
    budget = models.ForeignKey(
        Budget, verbose_name=_("列支预算"), null=True, blank=True, on_delete=models.PROTECT, related_name="payouts"
    )
    file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("困难档案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payouts",
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=20, default="resident", editable=False)
    id_cipher = models.TextField(_("证件号（密文）"), editable=False)
    id_masked = models.CharField(_("身份证号"), max_length=40)
    id_hash = models.CharField(_("身份摘要"), max_length=64, editable=False)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    method = models.CharField(_("发放方式"), max_length=10, choices=Method.choices, default=Method.TRANSFER)
    reason = models.CharField(_("申报理由"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("申报时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    rejected_reason = models.CharField(_("未批准原因"), max_length=200, blank=True)
    paid_at = models.DateTimeField(_("发放时间"), null=True, blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    payment_ref = models.CharField(_("发放凭证"), max_length=100, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"
    LOCK_RANK = 74

    class Meta:
        verbose_name = _("慰问救助发放")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # One payout per person per programme (its period): the database refuses a second live one.
            models.UniqueConstraint(
                fields=["programme", "id_hash"],
                condition=~Q(status="rejected"),
                name="care_payout_once_per_person",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="care_payout_positive"),
        ]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self):
        return f"{self.programme} · {self.name} · {self.amount} 元"

    @property
    def audit_org(self):
        return self.union


# --- Mutual medical insurance (职工医疗互助保障) ------------------------------------------------------------------


class InsurancePlan(models.Model):
    """A year's mutual medical insurance plan of a district or town: the premium per person and the rules a claim is
    computed under: the deductible per claim (起付线), the share paid above it (报销比例) and the yearly cap per person
    (年度封顶)."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    premium = models.DecimalField(_("保费（元/人）"), **MONEY)
    deductible = models.DecimalField(_("起付线（元/次）"), **MONEY)
    ratio = models.DecimalField(_("报销比例"), max_digits=4, decimal_places=3)
    cap = models.DecimalField(_("年度封顶（元/人）"), **MONEY)
    open_for_enrolment = models.BooleanField(_("接受参保"), default=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("互助保障计划")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ratio__gt=0, ratio__lte=1), name="care_plan_ratio"),
        ]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.org


class Enrolment(models.Model):
    """A member insured under a plan for its year (参保), by their union's batch or on the phone."""

    plan = models.ForeignKey(InsurancePlan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="enrolments")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    union = models.ForeignKey("orgs.Org", verbose_name=_("参保工会"), on_delete=models.PROTECT, related_name="+")
    premium = models.DecimalField(_("保费（元）"), **MONEY)
    premium_paid = models.BooleanField(_("保费已缴"), default=False)
    enrolled_at = models.DateTimeField(_("参保时间"), auto_now_add=True)
    paid_total = models.DecimalField(_("本年度已赔付（元）"), **MONEY, default=ZERO)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"
    LOCK_RANK = 76

    class Meta:
        verbose_name = _("参保记录")
        ordering = ["-enrolled_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="care_enrol_once"),
            models.CheckConstraint(condition=Q(paid_total__gte=0), name="care_enrol_paid_total"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.member.name}"

    @property
    def audit_org(self):
        return self.union


class Claim(models.Model):
    """A claim for a hospital bill under an enrolment: the amount is computed from the plan's rules when reviewed;
    a refused claim keeps the reason."""

    class Category(models.TextChoices):
        INPATIENT = "inpatient", _("住院")
        CHRONIC = "chronic", _("门诊特殊病种")
        ACCIDENT = "accident", _("意外伤害")
        CRITICAL = "critical", _("重大疾病")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已核准")
        REFUSED = "refused", _("不予赔付")
        PAID = "paid", _("已赔付")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("参保记录"), on_delete=models.PROTECT, related_name="claims"
    )
    hospital = models.CharField(_("医院"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    bill_amount = models.DecimalField(_("合规医疗费用（元）"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    deductible = models.DecimalField(_("扣除起付线（元）"), **MONEY, default=ZERO)
    computed = models.DecimalField(_("按比例计算（元）"), **MONEY, default=ZERO)
    payable = models.DecimalField(_("核定赔付（元）"), **MONEY, default=ZERO)
    capped = models.BooleanField(_("受年度封顶限制"), default=False)
    refused_reason = models.CharField(_("不予赔付原因"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    paid_at = models.DateTimeField(_("赔付时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "enrolment__union__path"
    LOCK_RANK = 77

    class Meta:
        verbose_name = _("互助保障理赔")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.enrolment.member.name} · {self.hospital} · {self.bill_amount} 元"

    @property
    def audit_org(self):
        return self.enrolment.union


# --- Health checks and 疗休养 ---------------------------------------------------------------------------------------


class CheckProgramme(models.Model):
    """A health-check (体检) or 疗休养 / 家乡游 programme with bookable hospital slots or trip batches."""

    class Kind(models.TextChoices):
        HEALTH_CHECK = "health_check", _("健康体检")
        RETREAT = "retreat", _("疗休养")
        HOMETOWN = "hometown", _("家乡游")

    org = models.ForeignKey("orgs.Org", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    by_nomination = models.BooleanField(
        _("凭工会推荐预约"), default=False, help_text=_("勾选后，只有所在工会在名额内推荐的职工可以预约")
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("体检疗休养项目")
        ordering = ["-year", "pk"]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.org


class Slot(models.Model):
    """A hospital time slot or a trip batch with its capacity; ``booked`` is kept under the slot's lock and a check
    constraint, so a flood of bookings never passes the capacity."""

    programme = models.ForeignKey(
        CheckProgramme, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="slots"
    )
    place = models.CharField(_("地点"), max_length=100)
    starts_at = models.DateTimeField(_("时间"))
    capacity = models.PositiveIntegerField(_("名额"))
    booked = models.PositiveIntegerField(_("已预约"), default=0)

    LOCK_RANK = 78

    class Meta:
        verbose_name = _("预约时段")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(booked__lte=models.F("capacity")), name="care_slot_capacity")]

    def __str__(self):
        return f"{self.place} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def left(self) -> int:
        return self.capacity - self.booked


class Booking(models.Model):
    """A member's booking of one slot; one live booking per member per programme."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CANCELLED = "cancelled", _("已取消")
        ATTENDED = "attended", _("已到检")

    slot = models.ForeignKey(Slot, verbose_name=_("时段"), on_delete=models.PROTECT, related_name="bookings")
    programme = models.ForeignKey(CheckProgramme, on_delete=models.PROTECT, related_name="bookings")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    union = models.ForeignKey("orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    booked_at = models.DateTimeField(_("预约时间"), auto_now_add=True)
    attended_at = models.DateTimeField(_("到检时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"

    class Meta:
        verbose_name = _("体检疗休养预约")
        ordering = ["-booked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "member"], condition=~Q(status="cancelled"), name="care_booking_once"
            )
        ]

    @property
    def audit_org(self):
        return self.union


class CheckQuota(models.Model):
    """How many members one union may nominate for a programme (名额). ``nominated`` is kept under the quota row's
    lock and a check constraint, so concurrent nominations never pass the quota."""

    programme = models.ForeignKey(
        CheckProgramme, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="quotas"
    )
    union = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveIntegerField(_("名额"))
    nominated = models.PositiveIntegerField(_("已推荐"), default=0)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"
    LOCK_RANK = 79

    class Meta:
        verbose_name = _("推荐名额")
        ordering = ["union__path"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "union"], name="care_quota_one_per_union"),
            models.CheckConstraint(condition=Q(nominated__lte=models.F("quota")), name="care_quota_not_exceeded"),
        ]

    def __str__(self):
        return f"{self.programme} · {self.union} · {self.nominated}/{self.quota}"

    @property
    def audit_org(self):
        return self.union

    @property
    def left(self) -> int:
        return self.quota - self.nominated


class Nomination(models.Model):
    """A union's nomination of one member for a programme, charged to the union's quota."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("已推荐")
        WITHDRAWN = "withdrawn", _("已撤回")

    programme = models.ForeignKey(
        CheckProgramme, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="nominations"
    )
    quota = models.ForeignKey(CheckQuota, verbose_name=_("名额"), on_delete=models.PROTECT, related_name="nominations")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    union = models.ForeignKey("orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nominated_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"

    class Meta:
        verbose_name = _("体检疗休养推荐")
        ordering = ["-nominated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "member"], condition=~Q(status="withdrawn"), name="care_nomination_once"
            )
        ]

    def __str__(self):
        return f"{self.programme} · {self.member.name}"

    @property
    def audit_org(self):
        return self.union


# --- Small loans (蓝领通) ---------------------------------------------------------------------------------------


class LoanReferral(models.Model):
    """A worker referred by their union to the partner bank for a 蓝领通 small loan (创业 or 就业). The bank decides;
    the union only records what the bank reports (已推荐 → 审批中 → 已放款 or 未通过)."""

    class Purpose(models.TextChoices):
        STARTUP = "startup", _("创业")
        EMPLOYMENT = "employment", _("就业")

    class Status(models.TextChoices):
        REFERRED = "referred", _("已推荐")
        REVIEWING = "reviewing", _("审批中")
        GRANTED = "granted", _("已放款")
        DECLINED = "declined", _("未通过")

    union = models.ForeignKey("orgs.Org", verbose_name=_("推荐工会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=20, default="resident", editable=False)
    id_cipher = models.TextField(_("证件号（密文）"), editable=False)
    id_masked = models.CharField(_("身份证号"), max_length=40, editable=False)
    id_hash = models.CharField(_("身份摘要"), max_length=64, editable=False, db_index=True)
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    amount = models.DecimalField(_("贷款金额（元）"), **MONEY)
    purpose = models.CharField(_("用途"), max_length=12, choices=Purpose.choices)
    bank = models.CharField(_("合作银行"), max_length=100)
    status = models.CharField(_("银行反馈状态"), max_length=10, choices=Status.choices, default=Status.REFERRED)
    status_note = models.CharField(_("反馈说明"), max_length=200, blank=True)
    granted_at = models.DateTimeField(_("放款登记时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "union__path"
    LOCK_RANK = 71

    class Meta:
        verbose_name = _("蓝领通贷款推荐")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="care_loan_positive")]

    def __str__(self):
        return f"{self.name} · {self.amount} 元 · {self.get_status_display()}"

    @property
    def audit_org(self):
        return self.union


class FileDocument(models.Model):
    """A supporting document of a hardship file (证明材料: a diagnosis, a disability card, an income statement),
    stored as a re-encoded photo (``appeals.photos.clean_photo``: size and pixel limits, metadata removed). Seen
    only by care officers in scope; every view is audited."""

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("困难档案"), on_delete=models.CASCADE, related_name="documents"
    )
    image = models.ImageField(_("证明材料"), upload_to="care/files/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "file__union__path"

    class Meta:
        verbose_name = _("困难档案证明材料")
        ordering = ["file_id", "pk"]

    @property
    def audit_org(self):
        return self.file.union


class ClaimBill(models.Model):
    """A photo of a hospital bill attached to a claim, re-encoded on upload (``appeals.photos.clean_photo``). Seen
    by the reviewers (``care.claims``) over the claim's union; every view is audited."""

    claim = models.ForeignKey(Claim, verbose_name=_("理赔"), on_delete=models.CASCADE, related_name="bills")
    image = models.ImageField(_("票据照片"), upload_to="care/bills/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "claim__enrolment__union__path"

    class Meta:
        verbose_name = _("理赔票据照片")
        ordering = ["claim_id", "pk"]

    @property
    def audit_org(self):
        return self.claim.enrolment.union
