"""The places API: the register, staff bookings, the member's bookings, the public finder and door, orders."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from core.testing import api_call, assert_api_refused
from places.models import Booking, Place, ServiceOrder, Visit

from .factories import member_with_account, place, resource, service_item, tomorrow_at, wished


def test_register_and_read_places(tree, users, bearer, client):
    h = bearer(users.town)
    r = api_call(
        client,
        "post",
        "/api/v1/places",
        h,
        {
            "org": "UA11",
            "name": "甲一驿站",
            "kind": "station",
            "address": "甲街道",
            "coordinates": "29.87,121.54",
            "opening_hours": "1-7 全天",
            "amenities": ["water"],
        },
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["amenities"] == ["water"] and r.json()["opening_hours"]["0"] == [["00:00", "24:00"]]
    assert api_call(client, "get", "/api/v1/places", h).json()["count"] == 1
    patched = api_call(client, "patch", f"/api/v1/places/{pk}", h, {"status": "paused"})
    assert patched.json()["status"] == "paused"
    assert_api_refused(
        client,
        h,
        "post",
        "/api/v1/places",
        {"org": "UA11", "name": "x", "kind": "station", "address": "x", "coordinates": "abc"},
        status=400,
        code="invalid_coordinates",
        state=lambda: Place.objects.count(),
    )
    assert_api_refused(
        client,
        h,
        "post",
        "/api/v1/places",
        {"org": "UA11", "name": "x", "kind": "station", "address": "x", "coordinates": "1,1", "color": "red"},
        status=422,
        code="invalid_request",
        state=lambda: Place.objects.count(),
    )


def test_bookings_through_the_api(tree, users, bearer, client):
    room = resource(place(tree.union_a1, users.union, kind="home"), users.union)
    worker = member_with_account(tree.union_a1, users.union, 720)
    mine = bearer(worker.user)
    body = {"resource_id": room.pk, "starts_at": tomorrow_at(9).isoformat(), "ends_at": tomorrow_at(10).isoformat()}
    r = api_call(client, "post", "/api/v1/me/place-bookings", mine, body)
    assert r.status_code == 201, r.content
    staff = bearer(users.union)
    assert_api_refused(
        client,
        staff,
        "post",
        f"/api/v1/place-resources/{room.pk}/bookings",
        {"for_org": "UA11", "starts_at": tomorrow_at(9).isoformat(), "ends_at": tomorrow_at(10).isoformat()},
        status=409,
        code="slot_taken",
        state=lambda: Booking.objects.count(),
    )
    assert [b["id"] for b in api_call(client, "get", "/api/v1/me/place-bookings", mine).json()] == [r.json()["id"]]
    cancelled = api_call(client, "post", f"/api/v1/me/place-bookings/{r.json()['id']}/cancel", mine)
    assert cancelled.json()["status"] == "cancelled"


def test_public_door_visit_and_rate(tree, users):
    station = place(tree.union_a1, users.union)
    client = Client()
    url = f"/api/v1/public/places/door/{station.token}"
    first = client.post(f"{url}/visit", {"device": "phone-12345678"}, content_type="application/json")
    again = client.post(f"{url}/visit", {"device": "phone-12345678"}, content_type="application/json")
    assert first.json()["created"] and not again.json()["created"]
    rated = client.post(f"{url}/rate", {"device": "phone-12345678", "rating": 5}, content_type="application/json")
    assert rated.json()["rating"] == 5 and Visit.objects.count() == 1
    assert (
        client.post(
            "/api/v1/public/places/door/nope/visit", {"device": "phone-12345678"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_orders_through_the_api(tree, users, bearer, client):
    item = service_item(tree.district, users.district, quota=1)
    union, town = bearer(users.union), bearer(users.town)
    body = {"item_id": item.pk, "ordering_org": "UA11", "wished_date": wished().isoformat(), "expected_audience": 20}
    r = api_call(client, "post", "/api/v1/service-orders", union, body)
    assert r.status_code == 201, r.content
    oid = r.json()["id"]
    assert_api_refused(
        client,
        union,
        "post",
        "/api/v1/service-orders",
        body,
        status=409,
        code="quota_exhausted",
        state=lambda: ServiceOrder.objects.count(),
    )
    assert api_call(client, "post", f"/api/v1/service-orders/{oid}/accept", town).json()["status"] == "accepted"
    start = timezone.now() + timedelta(days=2)
    s = api_call(
        client,
        "post",
        f"/api/v1/service-orders/{oid}/schedule",
        town,
        {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat()},
    )
    assert s.json()["status"] == "scheduled" and s.json()["activity_id"]
    assert api_call(client, "post", f"/api/v1/service-orders/{oid}/deliver", town).json()["status"] == "delivered"
    assert api_call(client, "post", f"/api/v1/service-orders/{oid}/rate", union, {"rating": 4}).json()["rating"] == 4
