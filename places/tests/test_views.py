"""The console and phone pages: every write goes through a service (audit event), refusals show on the field."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from core.models import AuditEvent
from places.models import Booking, Place, Resource, ServiceItem, ServiceOrder

from .factories import member_with_account, place, resource, service_item, tomorrow_at, wished


def test_register_a_place_from_the_console(tree, users, login):
    client = login(users.town)
    form = {
        "org": "UA11",
        "name": "甲一快递驿站",
        "kind": "station",
        "status": "open",
        "address": "甲街道 8 号",
        "coordinates": "29.868336，121.543990",
        "opening_hours": "1-5 08:00-18:00\n6-7 全天",
        "hours_exceptions": "2026-10-01 闭馆 国庆",
        "amenities": ["water", "charging"],
    }
    response = client.post("/console/places/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    p = Place.objects.get(name="甲一快递驿站")
    assert (
        p.org == tree.union_a1
        and p.opening_hours["0"] == [["08:00", "18:00"]]
        and p.opening_hours["6"] == [["00:00", "24:00"]]
    )
    assert p.hours_exceptions[0] == {"date": "2026-10-01", "hours": [], "note": "国庆"}
    assert AuditEvent.objects.filter(action="places.place.created", object_id=str(p.pk)).exists()
    detail = client.get(f"/console/places/{p.pk}/").content.decode()
    assert "周一至周五 08:00-18:00" in detail and "门牌码" in detail
    assert client.get(f"/console/places/{p.pk}/qr.svg")["Content-Type"] == "image/svg+xml"
    bad = client.post("/console/places/new/", {**form, "coordinates": "在东湖边上"})
    assert bad.status_code == 200 and "请粘贴地图应用中的" in bad.content.decode()
    outside = client.post("/console/places/new/", {**form, "org": "UB11"})
    assert "不在您的管理范围内" in outside.content.decode()


def test_list_search_and_stale(tree, users, login, django_assert_max_num_queries):
    place(tree.union_a1, users.union, name="甲一驿站")
    fresh = place(tree.union_a1, users.union, name="甲一书屋", kind="bookhouse", coordinates="29.9,121.6")
    from places.services import register

    register.review_place(fresh, actor=users.union, stars=4)
    client = login(users.union)
    with django_assert_max_num_queries(12):
        page = client.get("/console/places/", {"q": "书屋"}).content.decode()
    assert "甲一书屋" in page and "甲一驿站" not in page
    stale = client.get("/console/places/", {"stale": "1"}).content.decode()
    assert "甲一驿站" in stale and "甲一书屋" not in stale
    assert "还没有登记阵地" in login(users.union_b).get("/console/places/").content.decode()


def test_staff_book_for_a_union_and_cancel(tree, users, login):
    room = resource(place(tree.town_a, users.town, kind="center"), users.town)
    client = login(users.town)
    day = tomorrow_at(9).date().isoformat()
    r = client.post(
        f"/console/places/resources/{room.pk}/?day={day}",
        {"day": day, "start": "09:00", "slots": "2", "party_size": "1", "for_org": "UA12"},
    )
    assert r.status_code == 302
    b = Booking.objects.get(resource=room)
    assert b.for_org == tree.union_a2 and b.hours == 2
    taken = client.post(
        f"/console/places/resources/{room.pk}/",
        {"day": day, "start": "10:00", "slots": "1", "party_size": "1", "for_org": "UA11"},
    )
    assert "已被预约" in taken.content.decode()
    client.post(f"/console/places/bookings/{b.pk}/cancel/")
    b.refresh_from_db()
    assert b.status == Booking.Status.CANCELLED


def test_member_books_a_room_on_the_phone_and_cancels(tree, users):
    room = resource(place(tree.union_a1, users.union, kind="home", name="甲一职工之家"), users.union)
    worker = member_with_account(tree.union_a1, users.union, 701)
    phone = Client()
    phone.force_login(worker.user)
    day = tomorrow_at(9).date().isoformat()
    page = phone.get(f"/m/places/resources/{room.pk}/book/", {"day": day})
    assert page.status_code == 200 and "确认预约" in page.content.decode()
    done = phone.post(
        f"/m/places/resources/{room.pk}/book/?day={day}",
        {"day": day, "start": "14:00", "slots": "1", "party_size": "1"},
        follow=True,
    )
    assert "预约成功" in done.content.decode() and "甲一职工之家" in done.content.decode()
    booking = Booking.objects.get(member=worker)
    phone.post(f"/m/places/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    # The place's public page links to the resource
    assert f"/m/places/resources/{room.pk}/book/" in Client().get(f"/m/places/{room.place.pk}/").content.decode()


def test_order_workflow_through_the_console(tree, users, login):
    item = service_item(tree.district, users.district, name="劳动法律送法进企业", category="law")
    union = login(users.union)
    r = union.post(
        "/console/places/orders/new/",
        {"item": item.pk, "ordering_org": "UA11", "wished_date": wished().isoformat(), "expected_audience": "40"},
    )
    assert r.status_code == 302
    order = ServiceOrder.objects.get()
    town = login(users.town)
    town.post(f"/console/places/orders/{order.pk}/accept/")
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    town.post(f"/console/places/orders/{order.pk}/schedule/", {"day": day, "start": "14:00", "end": "16:00"})
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.SCHEDULED and order.activity.title.startswith("劳动法律送法进企业")
    page = town.get(f"/console/places/orders/{order.pk}/").content.decode()
    assert "送达活动" in page and "确认送达" in page
    # The union cannot accept; it sees the order but the action answers 403.
    assert union.post(f"/console/places/orders/{order.pk}/deliver/").status_code == 403


def test_service_catalogue_pages(tree, users, login):
    town = login(users.town)
    r = town.post(
        "/console/places/services/new/",
        {
            "org": "TA01",
            "name": "理发服务日",
            "category": "haircut",
            "provider": "志愿理发队",
            "yearly_quota": "12",
            "lead_days": "5",
            "active": "on",
        },
    )
    assert r.status_code == 302
    assert ServiceItem.objects.get(name="理发服务日").org == tree.town_a
    assert "理发服务日" in login(users.union).get("/console/places/services/").content.decode()


def test_worklist_and_tile(tree, users, login):
    item = service_item(tree.district, users.district)
    from places.services import orders

    orders.place_order(item, actor=users.union, ordering_org=tree.union_a1, wished_date=wished(), expected_audience=10)
    home = login(users.town).get("/console/").content.decode()
    assert "待受理、待排期的点单" in home
    assert "附近驿站" in Client().get("/").content.decode()
    assert Resource.objects.count() == 0


def test_stale_list_is_twelve_months_without_review(tree, users, login):
    """待复核: a place shows once its last review is more than 365 days old (or it was never reviewed); a revoked
    place never shows; the console's to-do counts the same places."""
    from places import selectors

    today = timezone.localdate()
    old = place(tree.town_a, users.town, name="去年驿站", coordinates="29.87,121.54")
    recent = place(tree.town_a, users.town, name="今年驿站", coordinates="29.871,121.54")
    edge = place(tree.town_a, users.town, name="刚满一年驿站", coordinates="29.872,121.54")
    revoked = place(tree.town_a, users.town, name="撤销驿站", coordinates="29.873,121.54", status="closed")
    Place.objects.filter(pk=old.pk).update(reviewed_on=today - timedelta(days=366))
    Place.objects.filter(pk=recent.pk).update(reviewed_on=today - timedelta(days=300))
    Place.objects.filter(pk=edge.pk).update(reviewed_on=today - timedelta(days=365))
    Place.objects.filter(pk=revoked.pk).update(reviewed_on=today - timedelta(days=800))
    assert set(selectors.stale_places(users.town)) == {old}
    page = login(users.town).get("/console/places/", {"stale": "1"}).content.decode()
    assert "去年驿站" in page and "今年驿站" not in page and "刚满一年驿站" not in page and "撤销驿站" not in page
    assert set(selectors.stale_places(users.union_b)) == set()  # another union's scope sees none of them
