"""Read queries of the member-offers module worth naming: what a member may claim or enter, what a merchant's
counter sees for a scanned member, and the console's lists."""

from django.db.models import F, Q
from django.utils import timezone

from .models import Draw, Entry, Merchant, Offer, Redemption, Voucher
from .services import org_paths_above


def offers_for_member(member, *, today=None):
    """The offers open to ``member`` today: valid, not withdrawn, of an active merchant signed by the member's union
    or one above it, with quota left (a voucher's holder keeps it after the quota runs out)."""
    today = today or timezone.localdate()
    return (
        Offer.objects.filter(
            merchant__org__path__in=org_paths_above(member.union),
            merchant__active=True,
            withdrawn_at__isnull=True,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .filter(Q(quota__isnull=True) | Q(taken__lt=F("quota")))
        .select_related("merchant")
        .order_by("ends_on", "pk")
    )


def vouchers_of(member):
    return Voucher.objects.filter(member=member).select_related("offer__merchant").order_by("-claimed_at", "-pk")


def draws_for_member(member):
    """Draws of the member's union or one above it: open ones, and those the member entered."""
    return (
        Draw.objects.filter(org__path__in=org_paths_above(member.union))
        .filter(Q(status=Draw.Status.OPEN, entries_close_at__gt=timezone.now()) | Q(entries__member=member))
        .select_related("org")
        .distinct()
        .order_by("-created_at", "-pk")
    )


def prizes_of(member):
    return (
        Entry.objects.filter(member=member, prize__isnull=False)
        .select_related("draw", "prize")
        .order_by("-draw__drawn_at", "-pk")
    )


def counter_view(merchant, member, *, today=None) -> dict:
    """What a merchant's counter sees for a scanned member: the merchant's discount offers the member may still use
    (with how many times), and the member's unused vouchers of the merchant's offers still valid."""
    today = today or timezone.localdate()
    open_offers = [o for o in offers_for_member(member, today=today).filter(merchant=merchant)]
    used = {}
    for offer_id in Redemption.objects.filter(member=member, offer__merchant=merchant).values_list(
        "offer_id", flat=True
    ):
        used[offer_id] = used.get(offer_id, 0) + 1
    discounts = []
    for offer in open_offers:
        if offer.claimable:
            continue
        offer.left_for_member = offer.per_member - used.get(offer.pk, 0)
        if offer.left_for_member > 0:
            discounts.append(offer)
    vouchers = list(
        Voucher.objects.filter(
            member=member,
            offer__merchant=merchant,
            used_at__isnull=True,
            offer__withdrawn_at__isnull=True,
            offer__starts_on__lte=today,
            offer__ends_on__gte=today,
        )
        .select_related("offer")
        .order_by("offer__ends_on", "pk")
    )
    return {"offers": discounts, "vouchers": vouchers}


def merchant_list(user):
    return Merchant.objects.restrict(user, "benefits.view").select_related("org").order_by("-signed_on", "-pk")


def offer_list(user):
    return Offer.objects.restrict(user, "benefits.view").select_related("merchant__org").order_by("-starts_on", "-pk")


def draw_list(user):
    return Draw.objects.restrict(user, "benefits.view").select_related("org").order_by("-created_at", "-pk")


def redemption_list(user):
    return (
        Redemption.objects.restrict(user, "benefits.view")
        .select_related("offer__merchant", "member", "voucher")
        .order_by("-redeemed_at", "-pk")
    )
