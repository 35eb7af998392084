"""Acceptance 4: a door QR scan records one visit per worker per place per hour and can open a 随手拍 about the
place; the worker may rate the visit once."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from appeals.models import Appeal, Category, Kind
from core.errors import DomainError
from core.models import AuditEvent
from places.models import PlaceReport, Visit
from places.services import visits

from .factories import member_with_account, place


@pytest.fixture
def station(tree, users):
    return place(tree.union_a1, users.union, name="甲一环卫工会驿站")


def test_one_visit_per_worker_per_place_per_hour(station, tree, users):
    t0 = timezone.now()
    v1, created = visits.scan(station, visitor="dphoneA", at=t0)
    assert created
    again, created = visits.scan(station, visitor="dphoneA", at=t0 + timedelta(minutes=59))
    assert not created and again == v1
    _, created = visits.scan(station, visitor="dphoneB", at=t0 + timedelta(minutes=5))
    assert created  # another worker
    other = place(tree.union_a1, users.union, name="另一个驿站", coordinates="29.9,121.6")
    _, created = visits.scan(other, visitor="dphoneA", at=t0 + timedelta(minutes=5))
    assert created  # another place
    _, created = visits.scan(station, visitor="dphoneA", at=t0 + timedelta(minutes=61))
    assert created  # an hour later
    assert Visit.objects.filter(place=station).count() == 3
    assert AuditEvent.objects.filter(action="places.visit.recorded").count() == 4


def test_scan_page_counts_once_per_phone_and_rates(client, station):
    url = f"/m/places/door/{station.token}/"
    first = client.get(url)
    assert first.status_code == 200 and "已登记本次到访" in first.content.decode()
    second = client.get(url)
    assert "不重复计数" in second.content.decode()
    assert Visit.objects.filter(place=station).count() == 1
    Client().get(url)  # another phone (no cookie)
    assert Visit.objects.filter(place=station).count() == 2
    rated = client.post(f"/m/places/door/{station.token}/rate/", {"rating": "4", "comment": "热水方便"}, follow=True)
    assert "感谢您的评价" in rated.content.decode()
    assert Visit.objects.get(place=station, rating=4).comment == "热水方便"
    again = client.post(f"/m/places/door/{station.token}/rate/", {"rating": "5"}, follow=True)
    assert "已经评价过" in again.content.decode()


def test_rating_needs_a_recent_visit(station):
    with pytest.raises(DomainError) as exc:
        visits.rate(station, visitor="dnobody", rating=5)
    assert exc.value.code == "no_recent_visit"
    visits.scan(station, visitor="dx")
    with pytest.raises(DomainError) as exc:
        visits.rate(station, visitor="dx", rating=9)
    assert exc.value.code == "invalid_rating"


def test_a_logged_in_member_counts_as_themselves_and_reports_a_problem(station, tree, users):
    worker = member_with_account(tree.union_a1, users.union, 801)
    phone = Client()
    phone.force_login(worker.user)
    phone.get(f"/m/places/door/{station.token}/")
    assert Visit.objects.get(place=station).member == worker
    page = phone.post(f"/m/places/door/{station.token}/report/", {"description": "饮水机坏了，没有热水"}, follow=True)
    assert "已提交随手拍" in page.content.decode()
    report = PlaceReport.objects.get(place=station)
    appeal = report.appeal
    assert appeal.kind == Kind.SNAPSHOT and appeal.category == Category.FACILITIES
    assert station.name in appeal.description and station.name in appeal.location
    # handled by the federation the place belongs to (甲一's town), not the worker's own union
    assert appeal.org == tree.town_a
    assert appeal.latitude == station.latitude
    assert AuditEvent.objects.filter(action="places.report.opened").exists()


def test_reporting_needs_a_member_login(client, station):
    response = client.get(f"/m/places/door/{station.token}/report/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Appeal.objects.exists()


def test_a_closed_place_records_no_visit(station, users):
    from places.services import register

    register.update_place(station, actor=users.union, status="paused")
    station.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        visits.scan(station, visitor="dz")
    assert exc.value.code == "place_not_open"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_scans_count_once(tree, users):
    from core.testing import run_at_once

    station = place(tree.union_a1, users.union)
    made, refused = run_at_once([lambda: visits.scan(station, visitor="dsame") for _ in range(6)])
    assert not refused and sum(1 for _, created in made if created) == 1
    assert Visit.objects.filter(place=station).count() == 1
