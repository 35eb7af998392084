"""The demo step ``volunteers``: about eight teams at unions of the demo district, each led by a member serving in
it, two years of records (confirmed, rejected, recent ones pending) and shifts with attended sign-ups."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from volunteers.models import ServiceRecord, Shift, SignUp, Team


@pytest.fixture
def district(db):
    call_command("seed_demo", force=True, scale=0.1, stdout=StringIO())


def test_demo_volunteers(district):
    assert 6 <= Team.objects.count() <= 8
    for team in Team.objects.select_related("leader"):
        assert team.volunteers.filter(member=team.leader, left_on__isnull=True).exists()
    assert set(ServiceRecord.objects.values_list("status", flat=True)) == {"pending", "confirmed", "rejected"}
    oldest = ServiceRecord.objects.order_by("served_on").first().served_on
    assert oldest >= timezone.localdate() - timedelta(days=730)
    assert SignUp.objects.filter(record__isnull=False).exists()
    assert Shift.objects.filter(starts_at__gt=timezone.now()).exists()
