"""The certificate's signed QR and the public check behind it, like the e-card's (``members.cards``): the token signs
(certificate id, number) with the site's secret, so an altered token fails the signature and a revoked certificate
fails the status check."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Certificate

SALT = "training.certificate.v1"


def certificate_token(certificate: Certificate) -> str:
    return signing.dumps({"c": certificate.pk, "n": certificate.number}, salt=SALT, compress=True)


def verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("training:verify", args=[certificate_token(certificate)])


def qr_svg(certificate: Certificate) -> str:
    """The QR code of the certificate's verification link, as inline SVG (segno's own markup of our own URL)."""
    return segno.make(verify_url(certificate), error="m").svg_inline(scale=4, dark="#222", border=2, omitsize=True)


@dataclass(frozen=True)
class Verdict:
    genuine: bool
    code: str  # "genuine", "forged", "revoked", "unknown"
    certificate: Certificate | None = None


def verify(token: str) -> Verdict:
    """What a scanned certificate token says."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return Verdict(False, "forged")
    certificate = (
        Certificate.objects.select_related(
            "enrolment__member", "enrolment__course__org", "enrolment__course__provider_place"
        )
        .filter(pk=data.get("c"))
        .first()
    )
    if certificate is None or certificate.number != data.get("n"):
        return Verdict(False, "unknown")
    if certificate.revoked:
        return Verdict(False, "revoked", certificate)
    return Verdict(True, "genuine", certificate)
