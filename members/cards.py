"""The e-member card: a signed token (not a bare id) that staff scan to check a card is genuine and current.

The token signs (member id, card version) with the site's secret. A forged or altered token fails the signature;
a revoked card, a re-issued one or a membership that ended fails the version or status check.
"""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

from .choices import HOLDING
from .models import Member

SALT = "members.card.v1"


def card_token(member: Member) -> str:
    return signing.dumps({"m": member.pk, "v": member.card_version}, salt=SALT, compress=True)


def verify_url(member: Member) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("members:verify_card", args=[card_token(member)])


def card_qr_svg(member: Member) -> str:
    """The QR code of the card's verification link, as inline SVG."""
    return segno.make(verify_url(member), error="m").svg_inline(scale=5, dark="#222", border=2)


@dataclass(frozen=True)
class Verdict:
    genuine: bool
    code: str  # "genuine", "forged", "revoked", "ended", "unknown"
    member: Member | None = None


def verify_card(token: str) -> Verdict:
    """What a scanned token says about a card."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return Verdict(False, "forged")
    member = Member.objects.select_related("union").filter(pk=data.get("m")).first()
    if member is None:
        return Verdict(False, "unknown")
    if data.get("v") != member.card_version:
        return Verdict(False, "revoked", member)
    if member.status not in HOLDING:
        return Verdict(False, "ended", member)
    return Verdict(True, "genuine", member)


def member_from_scan(code: str) -> Member | None:
    """The member a scanned e-card names: the card's QR (its verification link or the bare token) when genuine and
    current, or a typed card number of a member in good standing; None otherwise. Services of other apps (training
    check-in, library loans) identify a member with it."""
    code = (code or "").strip()
    if not code:
        return None
    if "/verify/" in code:
        code = code.split("/verify/", 1)[1].split("/", 1)[0]
    if ":" in code:  # a signed token (value:signature)
        verdict = verify_card(code)
        return verdict.member if verdict.genuine else None
    return Member.objects.select_related("union").filter(card_no__in={code, code.upper()}, status__in=HOLDING).first()
