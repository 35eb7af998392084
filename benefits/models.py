"""Member offers (普惠) and draws (好运抽奖, 福利派送): partner merchants (签约商户) a union signs, the offers they
give members (discounts, vouchers, 疗休养消费券) with validity and quotas, the vouchers members claim, every
redemption at a merchant's counter, and draws with a prize pool, members' entries and a seeded, re-checkable draw."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import RestrictedQuerySet

# Readable when typed at a counter: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
VOUCHER_CODE_LENGTH = 10


def new_voucher_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(VOUCHER_CODE_LENGTH))


class Merchant(models.Model):
    """A partner merchant (签约商户) signed by a union. Its staff log in as the accounts of an activities
    ``Partner`` (the partner-login mechanism: ``p<手机号>``, no grant, a one-time link to set the password) and use
    the merchant portal to redeem members' offers and vouchers."""

    class Category(models.TextChoices):
        FOOD = "food", _("餐饮")
        SHOPPING = "shopping", _("购物")
        RETREAT = "retreat", _("疗休养")
        LIFE = "life", _("生活服务")
        HEALTH = "health", _("医疗健康")
        CULTURE = "culture", _("文体娱乐")
        OTHER = "other", _("其他")

    org = models.ForeignKey("orgs.Org", verbose_name=_("签约工会"), on_delete=models.PROTECT, related_name="merchants")
    partner = models.OneToOneField(
        "activities.Partner", verbose_name=_("商户账号"), on_delete=models.PROTECT, related_name="merchant"
    )
    name = models.CharField(_("商户名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    signed_on = models.DateField(_("签约日期"), default=timezone.localdate)
    active = models.BooleanField(_("合作中"), default=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 110

    class Meta:
        verbose_name = _("签约商户")
        verbose_name_plural = _("签约商户")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="benefits_merchant_unique_per_org")]
        indexes = [models.Index(fields=["org", "signed_on"], name="benefits_merchant_org_day")]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.org


class Offer(models.Model):
    """An offer of a merchant to the members of the signing union's sub-tree, valid ``starts_on``–``ends_on``.

    A *discount* is used straight at the counter: each redemption takes one of ``quota`` (None: no limit) and a
    member may use it ``per_member`` times. A *voucher* or a *疗休养消费券* is first claimed on the phone: each
    voucher issued takes one of ``quota``, a member holds at most ``per_member``, and the merchant redeems each
    voucher once. ``taken`` counts what the quota has given (redemptions of a discount, vouchers of the others)."""

    class Kind(models.TextChoices):
        DISCOUNT = "discount", _("折扣优惠")
        VOUCHER = "voucher", _("代金券")
        RETREAT = "retreat", _("疗休养消费券")

    merchant = models.ForeignKey(Merchant, verbose_name=_("商户"), on_delete=models.PROTECT, related_name="offers")
    title = models.CharField(_("优惠名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("说明"), blank=True)
    face_value = models.DecimalField(_("面值（元）"), max_digits=9, decimal_places=2, null=True, blank=True)
    discount = models.CharField(_("折扣"), max_length=30, blank=True, help_text=_("如“8.8折”“满100减20”"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    quota = models.PositiveIntegerField(_("总名额"), null=True, blank=True)
    per_member = models.PositiveIntegerField(_("每人限"), default=1)
    taken = models.PositiveIntegerField(_("已用名额"), default=0)
    withdrawn_at = models.DateTimeField(_("下架时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "merchant__org__path"
    LOCK_RANK = 111

    class Meta:
        verbose_name = _("会员优惠")
        verbose_name_plural = _("会员优惠")
        constraints = [
            models.CheckConstraint(
                condition=Q(quota__isnull=True) | Q(taken__lte=models.F("quota")), name="benefits_offer_within_quota"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="benefits_offer_dates"),
        ]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.merchant.org

    @property
    def claimable(self) -> bool:
        """Members claim vouchers of it on the phone (a discount is used straight at the counter)."""
        return self.kind != self.Kind.DISCOUNT

    @property
    def remaining(self):
        return None if self.quota is None else max(self.quota - self.taken, 0)

    def is_valid_on(self, day) -> bool:
        return self.withdrawn_at is None and self.starts_on <= day <= self.ends_on and self.merchant.active


class Voucher(models.Model):
    """A voucher of an offer held by a member, claimed on the phone; the merchant redeems it once."""

    offer = models.ForeignKey(Offer, verbose_name=_("优惠"), on_delete=models.PROTECT, related_name="vouchers")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="vouchers"
    )
    code = models.CharField(_("券码"), max_length=16, unique=True, default=new_voucher_code)
    claimed_at = models.DateTimeField(_("领取时间"), default=timezone.now)
    used_at = models.DateTimeField(_("核销时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "offer__merchant__org__path"
    LOCK_RANK = 112

    class Meta:
        verbose_name = _("优惠券")
        verbose_name_plural = _("优惠券")
        indexes = [models.Index(fields=["member", "offer"], name="benefits_voucher_member")]

    def __str__(self):
        return self.code

    @property
    def audit_org(self):
        return self.offer.merchant.org


class Redemption(models.Model):
    """One use of an offer at the merchant's counter (人次): a discount used, or a voucher redeemed (at most once:
    the unique voucher backs the service's check). Rows are only ever added."""

    offer = models.ForeignKey(Offer, verbose_name=_("优惠"), on_delete=models.PROTECT, related_name="redemptions")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="redemptions"
    )
    voucher = models.OneToOneField(
        Voucher, verbose_name=_("优惠券"), null=True, blank=True, on_delete=models.PROTECT, related_name="redemption"
    )
    # The signing union, copied from the merchant: the figures count at it.
    org = models.ForeignKey("orgs.Org", verbose_name=_("签约工会"), on_delete=models.PROTECT, related_name="+")
    redeemed_at = models.DateTimeField(_("核销时间"), default=timezone.now)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("核销人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("核销记录")
        verbose_name_plural = _("核销记录")
        indexes = [
            models.Index(fields=["offer", "member"], name="benefits_redemption_member"),
            models.Index(fields=["org", "redeemed_at"], name="benefits_redemption_org_day"),
        ]

    def __str__(self):
        return f"{self.offer} · {self.redeemed_at:%Y-%m-%d %H:%M}"

    @property
    def audit_org(self):
        return self.org


class Draw(models.Model):
    """A draw (好运抽奖, 福利派送) run by a union for the members of its sub-tree: members enter on the phone until
    ``entries_close_at``; closing publishes the ``seed``; the draw then gives the prizes in draw order (SHA-256 of
    ``"<seed>:<entry id>"``, the activities lottery's rule), so anyone holding the seed and the entry numbers can
    re-check the winners."""

    class Kind(models.TextChoices):
        LUCKY = "lucky", _("好运抽奖")
        WELFARE = "welfare", _("福利派送")

    class Status(models.TextChoices):
        OPEN = "open", _("报名中")
        CLOSED = "closed", _("已截止（种子已公布）")
        DRAWN = "drawn", _("已开奖")

    org = models.ForeignKey("orgs.Org", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="draws")
    title = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("说明"), blank=True)
    entries_close_at = models.DateTimeField(_("报名截止"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    seed = models.CharField(_("抽奖种子"), max_length=64, blank=True)
    closed_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("开奖时间"), null=True, blank=True)
    entries_count = models.PositiveIntegerField(_("参与人次"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 114

    class Meta:
        verbose_name = _("抽奖")
        verbose_name_plural = _("抽奖")
        indexes = [models.Index(fields=["org", "created_at"], name="benefits_draw_org_day")]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.org


class Prize(models.Model):
    """A prize of a draw's pool: ``quantity`` of them; prizes are given in ``rank`` order (一等奖 first)."""

    draw = models.ForeignKey(Draw, verbose_name=_("抽奖"), on_delete=models.CASCADE, related_name="prizes")
    rank = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("奖品"), max_length=100)
    quantity = models.PositiveIntegerField(_("数量"))

    class Meta:
        verbose_name = _("奖品")
        verbose_name_plural = _("奖品")
        ordering = ["rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["draw", "rank"], name="benefits_prize_rank")]

    def __str__(self):
        return self.name


class Entry(models.Model):
    """A member's entry to a draw (one per member); after the draw, the prize it won (if any) and when the
    member collected it (marked by staff)."""

    draw = models.ForeignKey(Draw, verbose_name=_("抽奖"), on_delete=models.PROTECT, related_name="entries")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="draw_entries"
    )
    entered_at = models.DateTimeField(_("参与时间"), default=timezone.now)
    prize = models.ForeignKey(
        Prize, verbose_name=_("中奖"), null=True, blank=True, on_delete=models.PROTECT, related_name="winners"
    )
    collected_at = models.DateTimeField(_("领奖时间"), null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "draw__org__path"
    LOCK_RANK = 116

    class Meta:
        verbose_name = _("抽奖报名")
        verbose_name_plural = _("抽奖报名")
        constraints = [models.UniqueConstraint(fields=["draw", "member"], name="benefits_entry_once")]

    def __str__(self):
        return f"{self.draw} · {self.member_id}"

    @property
    def audit_org(self):
        return self.draw.org
