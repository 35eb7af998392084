"""Every write of the member-offers module: merchants and their offers (console), vouchers claimed and draws
entered on the phone, redemptions at the merchant's counter (merchant portal), draws closed, drawn and prizes
collected (console). Each function is atomic, checks permission and records its audit event."""

import hashlib
import secrets
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.lottery import draw_order
from activities.partner_accounts import create_partner_with_accounts
from core import audit
from core.errors import PERMISSION_DENIED, DomainError, ValidationFailed
from core.notify import notify
from core.scoping import require
from members import cards

from . import errors, locking
from .models import Draw, Entry, Merchant, Offer, Prize, Redemption, Voucher

ACTION_LABELS = {
    "benefits.merchant.created": gettext_lazy("登记签约商户"),
    "benefits.merchant.updated": gettext_lazy("修改签约商户"),
    "benefits.offer.created": gettext_lazy("发布会员优惠"),
    "benefits.offer.updated": gettext_lazy("修改会员优惠"),
    "benefits.offer.withdrawn": gettext_lazy("下架会员优惠"),
    "benefits.voucher.claimed": gettext_lazy("领取优惠券"),
    "benefits.offer.redeemed": gettext_lazy("核销会员优惠"),
    "benefits.voucher.redeemed": gettext_lazy("核销优惠券"),
    "benefits.draw.created": gettext_lazy("创建抽奖"),
    "benefits.draw.entered": gettext_lazy("参与抽奖"),
    "benefits.draw.closed": gettext_lazy("截止抽奖报名并公布种子"),
    "benefits.draw.drawn": gettext_lazy("开奖"),
    "benefits.prize.collected": gettext_lazy("登记领奖"),
}

MAX_QUOTA = 1_000_000


# --- Who sees what ----------------------------------------------------------------------------------------------


def org_paths_above(org) -> list[str]:
    """The paths of ``org`` and every org above it: a member of ``org`` gets the offers and draws of these."""
    from orgs.models import Org

    return [org.path[: i * Org.steplen] for i in range(1, len(org.path) // Org.steplen + 1)]


def open_to(member, org) -> bool:
    """Whether the offers and draws of ``org`` are open to ``member`` (a member of its sub-tree)."""
    return member.union.path.startswith(org.path)


def merchants_of(user) -> list[Merchant]:
    """The active merchants ``user`` is an account of (through the activities partner's accounts)."""
    return list(Merchant.objects.filter(partner__users=user, active=True).select_related("org", "partner"))


def _require_merchant_staff(user, merchant) -> None:
    if not merchant.partner.users.filter(pk=user.pk).exists():
        raise PERMISSION_DENIED()


# --- Parsing ------------------------------------------------------------------------------------------------------


def _choice(value, choices, label: str, field: str) -> str:
    if value not in choices.values:
        raise errors.INVALID_CHOICE(label=label, field=field)
    return value


def _count(value, label: str, field: str, *, optional: bool = False):
    if optional and value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise errors.INVALID_QUOTA(label=label, field=field) from None
    if not 1 <= number <= MAX_QUOTA:
        raise errors.INVALID_QUOTA(label=label, field=field)
    return number


def _money(value):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise errors.INVALID_MONEY() from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")) or amount >= 10**7:
        raise errors.INVALID_MONEY()
    return amount


# --- Merchants and offers -------------------------------------------------------------------------------------


@transaction.atomic
def create_merchant(
    *, actor, org, name: str, category: str, address: str = "", phone: str = "", accounts=(), signed_on=None
) -> Merchant:
    """Sign a merchant for ``org``: an activities partner (kind 企业) holds its login accounts (each texted a
    one-time link to set its password), the merchant record holds what the offers need."""
    require(actor, "benefits.manage", org)
    name = (name or "").strip()[:100]
    if not name:
        raise errors.NAME_REQUIRED()
    category = _choice(category, Merchant.Category, _("类别"), "category")
    if Merchant.objects.filter(org=org, name=name).exists():
        raise errors.MERCHANT_EXISTS(n=name)
    partner = create_partner_with_accounts(
        actor=actor, org=org, accounts=accounts, name=name, kind="enterprise", contact_phone=(phone or "")[:20]
    )
    merchant = Merchant.objects.create(
        org=org,
        partner=partner,
        name=name,
        category=category,
        address=(address or "").strip()[:200],
        phone=(phone or "").strip()[:20],
        signed_on=signed_on or timezone.localdate(),
    )
    audit.record("benefits.merchant.created", actor=actor, obj=merchant, data={"accounts": len(accounts or ())})
    return merchant


@transaction.atomic
def update_merchant(merchant, *, actor, **fields) -> Merchant:
    """Change a merchant's category, address, phone or whether the partnership is active."""
    merchant = Merchant.objects.select_related("org").get(pk=merchant.pk)
    require(actor, "benefits.manage", merchant.org)
    changes = {}
    if "category" in fields:
        fields["category"] = _choice(fields["category"], Merchant.Category, _("类别"), "category")
    for key in ("category", "address", "phone", "active"):
        if key in fields and getattr(merchant, key) != fields[key]:
            changes[key] = [getattr(merchant, key), fields[key]]
            setattr(merchant, key, fields[key])
    merchant.save()
    audit.record("benefits.merchant.updated", actor=actor, obj=merchant, changes=changes)
    return merchant


def _offer_fields(data: dict, *, taken: int = 0) -> dict:
    problems = []
    clean = {}

    def check(fn):
        try:
            return fn()
        except ValidationFailed as exc:
            problems.extend(exc.errors)
        except DomainError as exc:
            problems.append(exc)

    clean["title"] = (data.get("title") or "").strip()[:100]
    if not clean["title"]:
        problems.append(errors.TITLE_REQUIRED())
    clean["kind"] = check(lambda: _choice(data.get("kind"), Offer.Kind, _("类型"), "kind"))
    clean["description"] = (data.get("description") or "").strip()[:2000]
    clean["discount"] = (data.get("discount") or "").strip()[:30]
    clean["face_value"] = check(lambda: _money(data.get("face_value")))
    if clean["kind"] in (Offer.Kind.VOUCHER, Offer.Kind.RETREAT) and clean["face_value"] is None and not problems:
        problems.append(errors.FACE_VALUE_REQUIRED())
    clean["quota"] = check(lambda: _count(data.get("quota"), _("总名额"), "quota", optional=True))
    clean["per_member"] = check(lambda: _count(data.get("per_member", 1), _("每人限"), "per_member"))
    if clean["quota"] is not None and clean["quota"] < taken:
        problems.append(errors.QUOTA_BELOW_TAKEN(n=taken))
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts, date) or not isinstance(ends, date):
        problems.append(errors.INVALID_DATES())
    elif ends < starts:
        problems.append(errors.INVALID_DATES())
    clean["starts_on"], clean["ends_on"] = starts, ends
    if problems:
        raise ValidationFailed(problems)
    return clean


@transaction.atomic
def create_offer(merchant, *, actor, **data) -> Offer:
    """Publish an offer of ``merchant`` to the members of its union's sub-tree."""
    require(actor, "benefits.manage", merchant.org)
    if not merchant.active:
        raise errors.MERCHANT_INACTIVE()
    offer = Offer.objects.create(merchant=merchant, created_by=actor, **_offer_fields(data))
    audit.record("benefits.offer.created", actor=actor, obj=offer, data={"kind": offer.kind, "quota": offer.quota})
    return offer


@transaction.atomic
def update_offer(offer, *, actor, **data) -> Offer:
    """Change an offer's wording, validity or quotas (never below what it has given)."""
    offer = locking.lock_offer(offer)
    require(actor, "benefits.manage", offer.merchant.org)
    merged = {f: getattr(offer, f) for f in ("title", "kind", "description", "discount", "face_value")}
    merged.update({f: getattr(offer, f) for f in ("quota", "per_member", "starts_on", "ends_on")})
    merged.update(data)
    clean = _offer_fields(merged, taken=offer.taken)
    changes = {k: [str(getattr(offer, k)), str(v)] for k, v in clean.items() if getattr(offer, k) != v}
    for key, value in clean.items():
        setattr(offer, key, value)
    offer.save()
    audit.record("benefits.offer.updated", actor=actor, obj=offer, changes=changes)
    return offer


@transaction.atomic
def withdraw_offer(offer, *, actor) -> Offer:
    """Take an offer off the shelves: no more claims or redemptions (vouchers already claimed lapse with it)."""
    offer = locking.lock_offer(offer)
    require(actor, "benefits.manage", offer.merchant.org)
    if offer.withdrawn_at is None:
        offer.withdrawn_at = timezone.now()
        offer.save(update_fields=["withdrawn_at"])
        audit.record("benefits.offer.withdrawn", actor=actor, obj=offer)
    return offer


# --- Claiming and redeeming -------------------------------------------------------------------------------------


def _check_usable(offer, member, today) -> None:
    if not offer.is_valid_on(today):
        raise errors.OFFER_NOT_VALID()
    if not open_to(member, offer.merchant.org):
        raise errors.NOT_FOR_MEMBER()


def _take_one(offer) -> None:
    """One of the offer's quota, or ``quota_full``: a conditional UPDATE, so the database never gives more."""
    qs = Offer.objects.filter(pk=offer.pk)
    if offer.quota is not None:
        qs = qs.filter(taken__lt=F("quota"))
    if qs.update(taken=F("taken") + 1) != 1:
        raise errors.QUOTA_FULL()
    offer.taken += 1


@transaction.atomic
def claim_voucher(offer, *, member, actor) -> Voucher:
    """A member claims a voucher (代金券, 疗休养消费券) of ``offer`` on the phone: within its validity, the quota
    and the member's own limit, all counted under the offer's lock."""
    if actor is None or member.user_id != actor.pk:
        raise errors.NOT_A_MEMBER()
    offer = locking.lock_offer(offer)
    _check_usable(offer, member, timezone.localdate())
    if not offer.claimable:
        raise errors.NOT_CLAIMABLE()
    if Voucher.objects.filter(offer=offer, member=member).count() >= offer.per_member:
        raise errors.PER_MEMBER_REACHED(n=offer.per_member)
    _take_one(offer)
    voucher = Voucher.objects.create(offer=offer, member=member)
    audit.record("benefits.voucher.claimed", actor=actor, obj=voucher, org=offer.merchant.org)
    return voucher


def member_from_card(token: str):
    """The member a scanned or pasted e-card names (``members.cards``: the signed token or its verification link),
    or ``card_invalid`` with the reason: forged, revoked, ended or unknown."""
    token = (token or "").strip()
    if "/verify/" in token:
        token = token.split("/verify/", 1)[1]
    token = token.strip("/ ")[:500]
    verdict = cards.verify_card(token)
    if not verdict.genuine:
        reasons = {
            "forged": _("二维码无法识别或已被篡改"),
            "revoked": _("该电子会员证已作废或重新签发"),
            "ended": _("会籍已终止"),
            "unknown": _("会员不存在"),
        }
        raise errors.CARD_INVALID(why=reasons.get(verdict.code, verdict.code))
    return verdict.member


@transaction.atomic
def redeem_offer(offer, *, member, actor) -> Redemption:
    """The merchant's staff use a discount offer for the member whose card they scanned: within validity, the
    quota and the member's limit, counted under the offer's lock and a conditional UPDATE."""
    offer = locking.lock_offer(offer)
    _require_merchant_staff(actor, offer.merchant)
    _check_usable(offer, member, timezone.localdate())
    if offer.claimable:
        raise errors.MUST_CLAIM()
    if Redemption.objects.filter(offer=offer, member=member).count() >= offer.per_member:
        raise errors.PER_MEMBER_REACHED(n=offer.per_member)
    _take_one(offer)
    redemption = Redemption.objects.create(offer=offer, member=member, org=offer.merchant.org, redeemed_by=actor)
    audit.record("benefits.offer.redeemed", actor=actor, obj=redemption, data={"offer": offer.pk})
    return redemption


@transaction.atomic
def redeem_voucher(voucher, *, actor, member=None) -> Redemption:
    """The merchant's staff redeem a voucher (scanned with the member's card, or its code typed): once, ever."""
    voucher = locking.lock_voucher(voucher)
    offer = voucher.offer
    _require_merchant_staff(actor, offer.merchant)
    if member is not None and voucher.member_id != member.pk:
        raise errors.VOUCHER_NOT_FOUND()
    if voucher.used_at is not None:
        raise errors.VOUCHER_USED(t=timezone.localtime(voucher.used_at).strftime("%Y-%m-%d %H:%M"))
    if not offer.is_valid_on(timezone.localdate()):
        raise errors.OFFER_NOT_VALID()
    now = timezone.now()
    if Voucher.objects.filter(pk=voucher.pk, used_at__isnull=True).update(used_at=now) != 1:
        raise errors.VOUCHER_USED(t=timezone.localtime(now).strftime("%Y-%m-%d %H:%M"))
    voucher.used_at = now
    try:
        with transaction.atomic():
            redemption = Redemption.objects.create(
                offer=offer, member=voucher.member, voucher=voucher, org=offer.merchant.org, redeemed_by=actor
            )
    except IntegrityError:
        raise errors.VOUCHER_USED(t=timezone.localtime(now).strftime("%Y-%m-%d %H:%M")) from None
    audit.record("benefits.voucher.redeemed", actor=actor, obj=redemption, data={"voucher": voucher.code})
    return redemption


# --- Draws ------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_draw(
    *, actor, org, title: str, kind: str, entries_close_at: datetime, prizes, description: str = ""
) -> Draw:
    """A draw of ``org`` for the members of its sub-tree, with its prize pool (``[{"name", "quantity"}]``, in
    rank order)."""
    require(actor, "benefits.manage", org)
    problems = []
    title = (title or "").strip()[:100]
    if not title:
        problems.append(errors.TITLE_REQUIRED())
    if kind not in Draw.Kind.values:
        problems.append(errors.INVALID_CHOICE(label=_("类型"), field="kind"))
    if not isinstance(entries_close_at, datetime) or entries_close_at <= timezone.now():
        problems.append(errors.CLOSE_IN_PAST())
    pool = []
    for n, prize in enumerate(prizes or (), start=1):
        name = (prize.get("name") or "").strip()[:100]
        try:
            quantity = int(prize.get("quantity"))
        except (TypeError, ValueError):
            quantity = 0
        if not name:
            problems.append(errors.INVALID_PRIZE(n=n, reason=_("请填写奖品名称")))
        elif not 1 <= quantity <= 100000:
            problems.append(errors.INVALID_PRIZE(n=n, reason=_("数量应为 1 到 100000")))
        pool.append((name, quantity))
    if not pool:
        problems.append(errors.PRIZES_REQUIRED())
    if problems:
        raise ValidationFailed(problems)
    draw = Draw.objects.create(
        org=org,
        title=title,
        kind=kind,
        description=(description or "").strip()[:2000],
        entries_close_at=entries_close_at,
        created_by=actor,
    )
    Prize.objects.bulk_create(Prize(draw=draw, rank=i, name=n, quantity=q) for i, (n, q) in enumerate(pool, 1))
    audit.record("benefits.draw.created", actor=actor, obj=draw, data={"prizes": sum(q for _n, q in pool)})
    return draw


@transaction.atomic
def enter_draw(draw, *, member, actor) -> Entry:
    """A member enters a draw on the phone, once, while it is open."""
    if actor is None or member.user_id != actor.pk:
        raise errors.NOT_A_MEMBER()
    draw = locking.lock_draw(draw)
    if draw.status != Draw.Status.OPEN or timezone.now() >= draw.entries_close_at:
        raise errors.DRAW_NOT_OPEN()
    if not open_to(member, draw.org):
        raise errors.NOT_FOR_MEMBER()
    if Entry.objects.filter(draw=draw, member=member).exists():
        raise errors.ALREADY_ENTERED()
    try:
        with transaction.atomic():
            entry = Entry.objects.create(draw=draw, member=member)
    except IntegrityError:
        raise errors.ALREADY_ENTERED() from None
    Draw.objects.filter(pk=draw.pk).update(entries_count=F("entries_count") + 1)
    audit.record("benefits.draw.entered", actor=actor, obj=entry, org=draw.org)
    return entry


@transaction.atomic
def close_draw(draw, *, actor) -> Draw:
    """Close the entries and publish the seed, before the draw: from here on the result is fixed by the seed and
    the entry numbers, which anyone may see."""
    draw = locking.lock_draw(draw)
    require(actor, "benefits.manage", draw.org)
    if draw.status != Draw.Status.OPEN:
        raise errors.DRAW_NOT_OPEN()
    draw.status = Draw.Status.CLOSED
    draw.seed = secrets.token_hex(16)
    draw.closed_at = timezone.now()
    draw.save(update_fields=["status", "seed", "closed_at"])
    audit.record("benefits.draw.closed", actor=actor, obj=draw, data={"seed": draw.seed})
    return draw


def allocate(seed: str, entry_ids, prizes) -> dict[int, int]:
    """Which prize each winning entry gets: entries in draw order (``activities.lottery.draw_order``: SHA-256 of
    ``"<seed>:<entry id>"``), prizes in rank order, each as many times as its quantity. ``prizes`` is
    ``[(prize id, quantity)]`` in rank order. Anyone with the seed, the entry numbers and the pool gets the same."""
    slots = [pid for pid, quantity in prizes for _i in range(quantity)]
    return dict(zip(draw_order(seed, entry_ids), slots, strict=False))


def pool_of(draw) -> list[tuple[int, int]]:
    return list(draw.prizes.order_by("rank", "pk").values_list("pk", "quantity"))


@transaction.atomic
def run_draw(draw, *, actor) -> list[Entry]:
    """Draw with the published seed: prizes go to entries in draw order; the winners are notified."""
    draw = locking.lock_draw(draw)
    require(actor, "benefits.manage", draw.org)
    if draw.status == Draw.Status.DRAWN:
        raise errors.ALREADY_DRAWN(t=timezone.localtime(draw.drawn_at).strftime("%Y-%m-%d %H:%M"))
    if draw.status != Draw.Status.CLOSED or not draw.seed:
        raise errors.SEED_NOT_PUBLISHED()
    entries = {e.pk: e for e in locking.lock_entries(draw)}
    won = allocate(draw.seed, entries, pool_of(draw))
    winners = []
    for entry_id, prize_id in won.items():
        entry = entries[entry_id]
        entry.prize_id = prize_id
        winners.append(entry)
    Entry.objects.bulk_update(winners, ["prize"])
    now = timezone.now()
    Draw.objects.filter(pk=draw.pk).update(status=Draw.Status.DRAWN, drawn_at=now)
    draw.status, draw.drawn_at = Draw.Status.DRAWN, now
    audit.record(
        "benefits.draw.drawn",
        actor=actor,
        obj=draw,
        data={"seed": draw.seed, "entries": len(entries), "winners": len(winners), "digest": result_digest(won)},
    )
    names = dict(draw.prizes.values_list("pk", "name"))
    for entry in winners:
        notify(
            [entry.member.user],
            _("中奖通知"),
            _("恭喜您在“%(t)s”中抽中：%(p)s。请按工会通知领取。") % {"t": draw.title, "p": names[entry.prize_id]},
        )
    return winners


def result_digest(won: dict[int, int]) -> str:
    """A short fingerprint of a result (entry → prize), recorded with the draw's audit event."""
    text = ";".join(f"{e}:{p}" for e, p in sorted(won.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def recheck(draw) -> bool:
    """Whether the stored winners are exactly what the published seed gives (anyone can run the same)."""
    if draw.status != Draw.Status.DRAWN:
        return False
    entries = list(draw.entries.values_list("pk", "prize_id"))
    expected = allocate(draw.seed, [pk for pk, _p in entries], pool_of(draw))
    return expected == {pk: prize for pk, prize in entries if prize is not None}


@transaction.atomic
def collect_prize(entry, *, actor) -> Entry:
    """Staff mark a winner's prize as collected (once)."""
    entry = locking.lock_entry(entry)
    require(actor, "benefits.manage", entry.draw.org)
    if entry.prize_id is None:
        raise errors.NOT_A_WINNER()
    if entry.collected_at is not None:
        raise errors.ALREADY_COLLECTED(t=timezone.localtime(entry.collected_at).strftime("%Y-%m-%d %H:%M"))
    entry.collected_at = timezone.now()
    entry.collected_by = actor
    entry.save(update_fields=["collected_at", "collected_by"])
    audit.record("benefits.prize.collected", actor=actor, obj=entry, org=entry.draw.org)
    return entry
