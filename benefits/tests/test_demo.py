"""The demo step ``benefits``: two years of merchants, offers, redemptions and draws, drawn from their seed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from .. import services
from ..models import Draw, Entry, Merchant, Offer, Redemption


@pytest.fixture
def district(db):
    call_command("seed_demo", force=True, scale=0.1, stdout=StringIO())


def test_demo_benefits(district):
    today = timezone.localdate()
    assert Merchant.objects.count() == 8
    assert Merchant.objects.order_by("signed_on").first().signed_on <= today.replace(year=today.year - 1)
    assert Offer.objects.filter(starts_on__lte=today, ends_on__gte=today).exists()
    assert Offer.objects.filter(ends_on__lt=today).exists()
    assert Redemption.objects.filter(voucher__isnull=False).exists()
    assert Redemption.objects.filter(voucher__isnull=True).exists()
    assert Redemption.objects.filter(redeemed_at__date__lt=today.replace(year=today.year - 1)).exists()
    drawn = Draw.objects.filter(status=Draw.Status.DRAWN)
    assert drawn.count() == 3 and all(services.recheck(d) for d in drawn)
    assert Draw.objects.filter(status=Draw.Status.OPEN).exists()
    assert Entry.objects.filter(collected_at__isnull=False).exists()
    assert Entry.objects.filter(prize__isnull=False, collected_at__isnull=True).exists()
