"""The demo step ``places``: places of every kind with coordinates, resources with bookings that never clash,
visits and a year of orders in every state, delivered ones as finished activities with participations."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from activities.models import Activity
from places.models import Booking, BookingSlot, Place, PlaceKind, ServiceOrder, Visit


@pytest.fixture
def district(db):
    call_command("seed_demo", force=True, scale=0.1, stdout=StringIO())


def test_demo_places(district):
    assert Place.objects.count() >= 55
    assert set(Place.objects.values_list("kind", flat=True)) >= set(PlaceKind.values) - {PlaceKind.OTHER}
    assert Booking.objects.exists() and Visit.objects.exists()
    # never two units of one slot of a resource
    dupes = BookingSlot.objects.values("resource", "slot", "unit").annotate(n=Count("pk")).filter(n__gt=1)
    assert not dupes.exists()
    statuses = set(ServiceOrder.objects.values_list("status", flat=True))
    assert {"requested", "accepted", "declined", "scheduled", "delivered"} <= statuses
    for order in ServiceOrder.objects.filter(status="delivered"):
        assert order.activity.status == Activity.Status.FINISHED
        assert order.activity.participations.exists()


def test_demo_demand_list(district):
    from places.models import ServiceDemand

    assert ServiceDemand.objects.filter(source="visit").exists()
    assert ServiceDemand.objects.filter(source="survey").values("enterprise").distinct().count() >= 2
