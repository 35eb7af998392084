"""The demo district's care data: built through the services, every state present, budgets never exceeded."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from ..models import Budget, HardshipFile, Payout


@pytest.fixture
def district(db):
    call_command("seed_demo", force=True, scale=0.1, stdout=StringIO())


def test_every_state_is_there_and_budgets_hold(district):
    assert set(HardshipFile.objects.values_list("status", flat=True)) == {"pending", "active", "returned", "closed"}
    assert set(Payout.objects.values_list("status", flat=True)) == {"proposed", "approved", "rejected", "paid"}
    assert not Budget.objects.filter(approved__gt=F("amount") - F("allocated")).exists()
    years = set(Payout.objects.values_list("programme__year", flat=True))
    assert len(years) == 2
    from ..models import Booking, Claim, Slot

    assert set(Claim.objects.values_list("status", flat=True)) == {"submitted", "approved", "refused", "paid"}
    assert not Slot.objects.filter(booked__gt=F("capacity")).exists()
    assert Booking.objects.exists()
