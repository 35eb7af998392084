"""Health checks / 疗休养 by nomination: the programme's org gives unions quotas, a union nominates members within
its quota (a flood of nominations never passes it, threads on SQLite and PostgreSQL), only nominated members book,
staff check them in; every write is audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import AuditEvent
from core.testing import run_at_once
from members import joining

from ..models import Booking, CheckQuota, Nomination
from ..services import checks
from .factories import roster_member


def _programme(tree, users, *, quota=2, capacity=10):
    programme = checks.create_programme(
        actor=users.district, org=tree.district, kind="retreat", title="2026年劳模疗休养", year=2026, by_nomination=True
    )
    slot = checks.add_slot(
        programme, actor=users.district, place="溪口疗休养基地", starts_at=timezone.now() + timedelta(days=9),
        capacity=capacity,
    )  # fmt: skip
    checks.set_quota(programme, actor=users.district, union=tree.union_a1, quota=quota)
    return programme, slot


def _members(tree, users, n, start):
    people = []
    for i in range(n):
        m = roster_member(tree.union_a1, users.union, start + i)
        joining.ensure_account(m)
        m.refresh_from_db()
        people.append(m)
    return people


def test_nominate_within_quota_then_book_and_check_in(tree, users):
    programme, slot = _programme(tree, users, quota=2)
    a, b, c = _members(tree, users, 3, 2100)
    with pytest.raises(Exception) as exc:
        checks.book(slot, actor=a.user, member=a)
    assert exc.value.code == "not_nominated"
    na = checks.nominate(programme, actor=users.union, member=a)
    checks.nominate(programme, actor=users.union, member=b)
    with pytest.raises(Exception) as exc:
        checks.nominate(programme, actor=users.union, member=a)
    assert exc.value.code == "already_nominated"
    with pytest.raises(Exception) as exc:
        checks.nominate(programme, actor=users.union, member=c)
    assert exc.value.code == "quota_full"
    booking = checks.book(slot, actor=a.user, member=a)
    # Withdrawing a nomination cancels the booking and frees the place for another member.
    checks.withdraw(na, actor=users.union)
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
    nc = checks.nominate(programme, actor=users.union, member=c)
    assert CheckQuota.objects.get().nominated == 2
    booking = checks.book(slot, actor=c.user, member=c)
    checks.check_in(booking, actor=users.union)
    assert Booking.objects.get(pk=booking.pk).status == "attended"
    with pytest.raises(Exception) as exc:
        checks.withdraw(nc, actor=users.union)
    assert exc.value.code == "booking_not_active"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"care.quota.set", "care.nomination.created", "care.nomination.withdrawn", "care.booking.attended"} <= (
        actions
    )


def test_quota_rules(tree, users):
    programme, _slot = _programme(tree, users, quota=1)
    (a,) = _members(tree, users, 1, 2200)
    checks.nominate(programme, actor=users.union, member=a)
    with pytest.raises(Exception) as exc:
        checks.set_quota(programme, actor=users.district, union=tree.union_a1, quota=0)
    assert exc.value.code == "quota_below_used"
    with pytest.raises(Exception) as exc:
        checks.set_quota(programme, actor=users.district, union=tree.district, quota=3)
    assert exc.value.code == "quota_org_outside"
    # A union without a quota of its own (nor above it) cannot nominate.
    b = roster_member(tree.union_b1, users.union_b, 2210)
    with pytest.raises(Exception) as exc:
        checks.nominate(programme, actor=users.union_b, member=b)
    assert exc.value.code == "no_quota"
    # A union never nominates another union's member.
    with pytest.raises(Exception) as exc:
        checks.nominate(programme, actor=users.union, member=b)
    assert exc.value.status == 403


@pytest.mark.django_db(transaction=True)
def test_a_flood_of_nominations_never_passes_the_quota(tree, users):
    programme, _slot = _programme(tree, users, quota=5)
    people = _members(tree, users, 24, 2300)
    results, codes = run_at_once([lambda m=m: checks.nominate(programme, actor=users.union, member=m) for m in people])
    assert len(results) == 5 and set(codes) <= {"quota_full", "busy"}
    quota = CheckQuota.objects.get()
    assert quota.nominated == 5 == Nomination.objects.filter(status="nominated").count()


def test_console_creates_a_programme_slots_quotas_and_nominates(tree, users, login):
    from django.urls import reverse

    from ..models import CheckProgramme, Slot

    district = login(users.district)
    response = district.post(
        reverse("care:checks_create"),
        {
            "title": "2026年劳模疗休养",
            "kind": "retreat",
            "org": tree.district.code,
            "year": "2026",
            "by_nomination": "on",
        },
    )
    programme = CheckProgramme.objects.get()
    assert response.status_code == 302 and programme.by_nomination
    when = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    district.post(
        reverse("care:checks_slot", args=[programme.pk]), {"place": "溪口", "starts_at": when, "capacity": "3"}
    )
    district.post(reverse("care:checks_quota", args=[programme.pk]), {"union": tree.union_a1.code, "quota": "1"})
    slot = Slot.objects.get()
    assert slot.capacity == 3 and CheckQuota.objects.get().quota == 1
    a, b = _members(tree, users, 2, 2400)
    union = login(users.union)
    union.post(reverse("care:checks_nominate", args=[programme.pk]), {"card_no": a.card_no})
    response = union.post(reverse("care:checks_nominate", args=[programme.pk]), {"card_no": b.card_no}, follow=True)
    assert "推荐名额（1 人）已用完" in response.content.decode()
    assert list(Nomination.objects.values_list("member", flat=True)) == [a.pk]
    # The nominated member books on the phone; the other is told they were not nominated.
    assert login(a.user).post(reverse("care:member_book", args=[slot.pk])).status_code == 302
    page = login(b.user).post(reverse("care:member_book", args=[slot.pk]), follow=True).content.decode()
    assert "还没有被推荐" in page
    booking = Booking.objects.get()
    page = union.get(reverse("care:checks_detail", args=[programme.pk])).content.decode()
    assert a.name in page and "1 / 1" in page
    union.post(reverse("care:booking_checkin", args=[booking.pk]), {"back": "detail"})
    assert Booking.objects.get().status == "attended"


def test_api_creates_a_programme_and_nominates(tree, users, client, bearer):
    import json

    h = bearer(users.district)
    body = {"org": tree.district.code, "kind": "health_check", "title": "职工体检", "year": 2026, "by_nomination": True}
    response = client.post("/api/v1/care/checks", json.dumps(body), content_type="application/json", headers=h)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    slot = {"place": "区人民医院", "starts_at": (timezone.now() + timedelta(days=3)).isoformat(), "capacity": 2}
    assert (
        client.post(f"/api/v1/care/checks/{pk}/slots", slot, content_type="application/json", headers=h).status_code
        == 201
    )
    quota = {"union": tree.union_a1.code, "quota": 1}
    response = client.post(f"/api/v1/care/checks/{pk}/quotas", quota, content_type="application/json", headers=h)
    assert response.json()["quota"] == 1
    (a,) = _members(tree, users, 1, 2500)
    hu = bearer(users.union)
    response = client.post(
        f"/api/v1/care/checks/{pk}/nominations", {"member_id": a.pk}, content_type="application/json", headers=hu
    )
    assert response.status_code == 201, response.content
    detail = client.get(f"/api/v1/care/checks/{pk}", headers=hu).json()
    assert detail["quotas"][0]["nominated"] == 1 and detail["slots"][0]["capacity"] == 2
    nid = response.json()["id"]
    response = client.post(f"/api/v1/care/nominations/{nid}/withdraw", headers=hu)
    assert response.json()["status"] == "withdrawn"
