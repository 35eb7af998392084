"""Which rows the benefits services lock (``core.locking``; ranks 110–116 in docs/layout.md): a merchant (110)
before its offers (111) before their vouchers (112); a draw (114) before its entries (116).

Claiming a voucher and using a discount lock the offer: the quota and the member's own limit are counted under
it, so a flood of claims or scans gives exactly the quota and never one more (a conditional ``UPDATE … WHERE
taken < quota`` and a check constraint back it). Redeeming a voucher locks its offer and then the voucher, so two
counters scanning one voucher at once redeem it once (the unique voucher of a redemption backs it). Entering a
draw locks the draw, so entering is refused once closing has taken it; drawing takes the draw and then its
entries in primary-key order."""

from core.locking import lock, lock_one

from .models import Draw, Entry, Offer, Voucher


def lock_offer(offer) -> Offer:
    """The offer re-read under its row lock (with its merchant and the merchant's union)."""
    return lock_one(Offer.objects.select_related("merchant__org"), pk=offer.pk)


def lock_voucher(voucher) -> Voucher:
    """The voucher re-read under its row lock; its offer is locked first."""
    lock_offer(voucher.offer)
    return lock_one(Voucher.objects.select_related("offer__merchant__org", "member"), pk=voucher.pk)


def lock_draw(draw) -> Draw:
    return lock_one(Draw.objects.select_related("org"), pk=draw.pk)


def lock_entries(draw) -> list[Entry]:
    """Every entry of a draw, under their row locks, in primary-key order."""
    return lock(Entry.objects.filter(draw=draw).select_related("member__user"))


def lock_entry(entry) -> Entry:
    """An entry re-read under its row lock; its draw is locked first."""
    lock_draw(entry.draw)
    return lock_one(Entry.objects.select_related("draw__org", "prize", "member"), pk=entry.pk)
