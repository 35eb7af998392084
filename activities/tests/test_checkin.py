"""Check-in over the API: idempotent ticket scans, tickets of other activities and unconfirmed ones refused, the
rotating venue code (current and previous window accepted, older and forged refused), self check-in, walk-ins,
the check-in window, ratings; and scope: every activity endpoint answers 404 outside the caller's scope."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from activities import checkin, proposals, services
from activities.models import Participation, Registration
from core.testing import api_call as call
from core.testing import assert_out_of_scope, is_chinese

from .apitools import API, JSON, member_with_token
from .factories import open_activity


def starting_soon(tree, users, **overrides):
    """An activity that starts in an hour: inside the check-in window (from 2 hours before the start)."""
    now = timezone.now()
    fields = {
        "capacity": 2,
        "starts_at": now + timedelta(hours=1),
        "ends_at": now + timedelta(hours=3),
        "registration_closes_at": now + timedelta(minutes=30),
    }
    return open_activity(tree.town_a, users.town, **(fields | overrides))


@pytest.fixture
def crowd(tree, users):
    return [member_with_token(tree.union_a1, users.union, 600 + n) for n in range(3)]


def scan(client, headers, activity, code, method="ticket"):
    return call(client, "post", f"{API}/activities/{activity.pk}/check-in", headers, {"code": code, "method": method})


def test_ticket_check_in_is_idempotent(client, tree, users, bearer, crowd):
    (m0, h0), (m1, h1), (m2, h2) = crowd
    activity = starting_soon(tree, users)
    reg = services.register(activity, m0)
    staff = bearer(users.town)
    r = scan(client, staff, activity, reg.ticket_code)
    assert r.status_code == 200, r.content
    first = r.json()
    assert first | {"checked_in_at": None} == {
        "checked_in": True,
        "already": False,
        "name": m0.name,
        "registration_id": reg.pk,
        "checked_in_at": None,
    }
    # Typed in lower case with a space, as people do: the same ticket, already checked in.
    typed = reg.ticket_code[:4].lower() + " " + reg.ticket_code[4:]
    again = scan(client, staff, activity, typed, method="code").json()
    assert again == first | {"already": True}
    assert Participation.objects.filter(activity=activity).count() == 1
    assert Registration.objects.get(pk=reg.pk).checked_in_at is not None
    fig = call(client, "get", f"{API}/activities/{activity.pk}/figures", staff).json()
    assert (fig["participations"], fig["members"], fig["attendance_rate"]) == (1, 1, 100.0)


def test_wrong_and_unconfirmed_tickets_are_refused(client, tree, users, bearer, crowd):
    (m0, h0), (m1, h1), (m2, h2) = crowd
    activity = starting_soon(tree, users, capacity=1)
    other = starting_soon(tree, users)
    confirmed = services.register(activity, m0)
    waiting = services.register(activity, m1)
    elsewhere = services.register(other, m2)
    staff = bearer(users.town)
    r = scan(client, staff, activity, elsewhere.ticket_code)
    assert (r.status_code, r.json()["code"]) == (404, "ticket_not_found") and is_chinese(r.json()["message"])
    r = scan(client, staff, activity, "FORGED99")
    assert (r.status_code, r.json()["code"]) == (404, "ticket_not_found")
    r = scan(client, staff, activity, waiting.ticket_code)
    assert (r.status_code, r.json()["code"]) == (400, "ticket_not_confirmed") and "候补中" in r.json()["message"]
    services.cancel_registration(confirmed)  # the waitlisted member is promoted; the cancelled ticket is dead
    r = scan(client, staff, activity, confirmed.ticket_code)
    assert (r.status_code, r.json()["code"]) == (400, "ticket_not_confirmed") and "已取消" in r.json()["message"]
    assert scan(client, staff, activity, waiting.ticket_code).json()["already"] is False
    assert Participation.objects.filter(activity=activity).count() == 1


def test_outside_the_check_in_window(client, tree, users, bearer, crowd):
    (m0, h0), _, _ = crowd
    next_week = open_activity(tree.town_a, users.town)  # starts in 7 days
    reg = services.register(next_week, m0)
    staff = bearer(users.town)
    r = scan(client, staff, next_week, reg.ticket_code)
    assert (r.status_code, r.json()["code"]) == (400, "checkin_not_open") and is_chinese(r.json()["message"])
    code = checkin.rotating_token(next_week)
    r = call(client, "post", f"{API}/activities/{next_week.pk}/self-check-in", h0, {"code": code})
    assert r.json()["code"] == "checkin_not_open"
    r = call(client, "post", f"{API}/activities/{next_week.pk}/walk-ins", staff, {"name": "访客"})
    assert r.json()["code"] == "checkin_not_open"
    # After the event is over (more than two hours after its end) too.
    soon = starting_soon(tree, users)
    services.register(soon, m0)
    with time_machine.travel(timezone.now() + timedelta(hours=6)):
        r = scan(client, staff, soon, Registration.objects.get(activity=soon).ticket_code)
    assert r.json()["code"] == "checkin_not_open"
    assert not Participation.objects.exists()


def test_rotating_code_windows(client, tree, users, bearer, crowd):
    (m0, h0), (m1, h1), (m2, h2) = crowd
    activity = starting_soon(tree, users)
    for m in (m0, m1):
        services.register(activity, m)
    staff = bearer(users.town)
    url = f"{API}/activities/{activity.pk}/self-check-in"
    # Five seconds into a 30-second window, so the steps below land in known windows.
    now = timezone.now().timestamp()
    start = datetime.fromtimestamp((now // 30) * 30 + 5, tz=UTC)
    with time_machine.travel(start, tick=False):
        r = call(client, "get", f"{API}/activities/{activity.pk}/check-in-code", staff)
        shown = r.json()
        assert shown["rotation_seconds"] == 30 and len(shown["code"]) == 16
        assert datetime.fromisoformat(shown["expires_at"]) == start + timedelta(seconds=25)
        forged = call(client, "post", url, h0, {"code": "0123456789abcdef"})
        assert (forged.status_code, forged.json()["code"]) == (400, "checkin_code_expired")
        assert is_chinese(forged.json()["message"])
    # The next window: the code on the screen has changed, the one just before still works (a scan at the turn).
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert (
            call(client, "get", f"{API}/activities/{activity.pk}/check-in-code", staff).json()["code"]
            != (shown["code"])
        )
        r = call(client, "post", url, h0, {"code": shown["code"]})
        assert r.status_code == 200 and r.json()["already"] is False and r.json()["name"] == m0.name
    # Two windows later: a photo of the old screen no longer works.
    with time_machine.travel(start + timedelta(seconds=60), tick=False):
        r = call(client, "post", url, h1, {"code": shown["code"]})
        assert (r.status_code, r.json()["code"]) == (400, "checkin_code_expired")
        current = checkin.rotating_token(activity)
        assert call(client, "post", url, h1, {"code": current}).json()["already"] is False
        # Self check-in twice: one participation, the second answer says so.
        assert call(client, "post", url, h1, {"code": current}).json()["already"] is True
        # Only confirmed registrants sign themselves in.
        r = call(client, "post", url, h2, {"code": current})
        assert (r.status_code, r.json()["code"]) == (403, "not_registered")
    parts = Participation.objects.filter(activity=activity)
    assert sorted(parts.values_list("member_id", flat=True)) == sorted([m0.pk, m1.pk])
    assert set(parts.values_list("method", flat=True)) == {"self"}


def test_walk_ins(client, tree, users, bearer, crowd):
    (m0, h0), (m1, h1), _ = crowd
    activity = starting_soon(tree, users)
    reg = services.register(activity, m1)
    staff = bearer(users.town)
    url = f"{API}/activities/{activity.pk}/walk-ins"
    r = call(client, "post", url, staff, {"card_no": m0.card_no})
    assert r.json() | {"checked_in_at": None} == {
        "checked_in": True,
        "already": False,
        "name": m0.name,
        "registration_id": None,
        "checked_in_at": None,
    }
    assert call(client, "post", url, staff, {"card_no": m0.card_no}).json()["already"] is True
    guest = call(client, "post", url, staff, {"name": "  陈访客 "}).json()
    assert (guest["name"], guest["registration_id"], guest["already"]) == ("陈访客", None, False)
    # A registered member added at the door counts as their registration's check-in.
    assert call(client, "post", url, staff, {"card_no": m1.card_no}).json()["registration_id"] == reg.pk
    r = call(client, "post", url, staff, {})
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (400, "name_required", "name")
    r = call(client, "post", url, staff, {"card_no": "NOPE"})
    assert (r.status_code, r.json()["code"]) == (400, "card_not_found")
    fig = call(client, "get", f"{API}/activities/{activity.pk}/figures", staff).json()
    assert (fig["participations"], fig["members"], fig["guests"], fig["walk_ins"]) == (3, 2, 1, 3)


def test_rating_after_the_activity(client, tree, users, bearer, crowd):
    (m0, h0), (m1, h1), _ = crowd
    activity = starting_soon(tree, users)
    services.register(activity, m0)
    services.register(activity, m1)
    staff = bearer(users.town)
    reg = Registration.objects.get(activity=activity, member=m0)
    scan(client, staff, activity, reg.ticket_code)
    url = f"{API}/activities/{activity.pk}/feedback"
    r = call(client, "post", url, h0, {"rating": 5, "comment": "很好"})
    assert (r.status_code, r.json()["code"]) == (400, "activity_not_finished")
    services.finish(activity, actor=users.town)
    r = call(client, "post", url, h0, {"rating": 6})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "rating"
    r = call(client, "post", url, h0, {"rating": 4, "comment": "很好"})
    assert r.status_code == 201 and (r.json()["rating"], r.json()["comment"]) == (4, "很好")
    assert call(client, "post", url, h0, {"rating": 5}).json()["code"] == "already_rated"
    r = call(client, "post", url, h1, {"rating": 5})
    assert (r.status_code, r.json()["code"]) == (403, "not_a_participant")
    fig = call(client, "get", f"{API}/activities/{activity.pk}/figures", staff).json()
    assert (fig["ratings"], fig["average_rating"], fig["attendance_rate"]) == (1, 4.0, 50.0)


# --- Scope: every endpoint answers 404 outside the caller's scope -----------------------------------------------


def test_every_staff_endpoint_is_out_of_scope_for_another_sub_tree(client, tree, users, bearer, crowd):
    (m0, _), _, _ = crowd
    activity = starting_soon(tree, users, mode="review")
    reg = services.register(activity, m0)
    series = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工友缘", year=2025)
    partner = proposals.create_partner(
        actor=users.town, org=tree.town_a, name="文化中心", kind="culture", users=[users.nobody]
    )
    proposal = proposals.submit_proposal(
        actor=users.nobody, partner=partner, series=series, title="音乐会", content="草坪音乐会", category="culture"
    )
    a = f"{API}/activities/{activity.pk}"
    p = f"{API}/activity-series/proposals/{proposal.pk}"
    now = timezone.now()
    new_activity = {
        "organiser": "TA01",
        "title": "x",
        "category": "sports",
        "address": "x",
        "capacity": 1,
        "starts_at": (now + timedelta(days=2)).isoformat(),
        "ends_at": (now + timedelta(days=2)).isoformat(),
        "registration_opens_at": now.isoformat(),
        "registration_closes_at": (now + timedelta(days=1)).isoformat(),
    }
    # union_b1's admin and the union_a1 admin (below town_a) both lie outside town_a's activity.
    for outsider in (users.union_b, users.union):
        h = bearer(outsider)
        assert_out_of_scope(
            client,
            [a, f"{a}/registrations", f"{a}/check-in-code", f"{a}/figures", p],
            headers=h,
        )
        for method, urls, body in (
            ("post", [f"{a}/publish", f"{a}/close", f"{a}/finish", f"{a}/draw"], None),
            ("patch", [a], {"title": "改名"}),
            ("post", [f"{a}/cancel"], {"reason": "原因"}),
            ("post", [f"{a}/registrations/{reg.pk}/review"], {"approve": True}),
            ("post", [f"{a}/check-in"], {"code": reg.ticket_code}),
            ("post", [f"{a}/walk-ins"], {"name": "访客"}),
            ("post", [f"{p}/review"], {"decision": "approve"}),
            ("post", [f"{API}/activities"], new_activity),
            ("post", [f"{API}/activity-series"], {"owner": "TA01", "name": "x", "year": 2025}),
            ("post", [f"{API}/activity-series/partners"], {"org": "TA01", "name": "x", "kind": "other"}),
        ):
            assert_out_of_scope(client, urls, method=method, headers=h, data=body or {}, content_type=JSON)
        # Lists simply leave the activity, series, partner and proposal out.
        for url in ("/activities", "/activity-series", "/activity-series/partners", "/activity-series/proposals"):
            assert call(client, "get", API + url, h).json()["count"] == 0, url
    assert Registration.objects.get(pk=reg.pk).status == "pending"
    assert not Participation.objects.exists()


def test_every_member_endpoint_is_out_of_scope_for_others(client, tree, users, bearer, crowd):
    (m0, h0), (m1, h1), _ = crowd
    activity = starting_soon(tree, users)
    reg = services.register(activity, m0)
    # A member of 乙镇 does not see 甲街道's activity at all.
    mb, hb = member_with_token(tree.union_b1, users.union_b, 650)
    a = f"{API}/activities/{activity.pk}"
    assert_out_of_scope(client, [f"{API}/me/activities/{activity.pk}"], headers=hb)
    assert_out_of_scope(client, [f"{a}/register"], method="post", headers=hb)
    assert_out_of_scope(
        client,
        [f"{a}/self-check-in"],
        method="post",
        headers=hb,
        data={"code": checkin.rotating_token(activity)},
        content_type=JSON,
    )
    assert_out_of_scope(client, [f"{a}/feedback"], method="post", headers=hb, data={"rating": 5}, content_type=JSON)
    # Another member's registration, even of the same activity.
    r = f"{API}/me/registrations/{reg.pk}"
    assert_out_of_scope(client, [r], headers=h1)
    assert_out_of_scope(client, [f"{r}/cancel"], method="post", headers=h1)
    # Members never reach the staff side, not even for the activity they registered for: 403 staff_only (issue 13).
    for url in (a, f"{a}/registrations", f"{a}/check-in-code", f"{a}/figures"):
        refused = client.get(url, headers=h0)
        assert (refused.status_code, refused.json()["code"]) == (403, "staff_only"), url
    refused = client.post(f"{a}/check-in", {"code": reg.ticket_code}, content_type=JSON, headers=h0)
    assert (refused.status_code, refused.json()["code"]) == (403, "staff_only")
    assert Registration.objects.get(pk=reg.pk).status == "confirmed"
    assert Registration.objects.filter(member=mb).count() == 0


def test_every_partner_endpoint_is_out_of_scope_for_another_partner(client, tree, users, bearer):
    from accounts.models import ApiToken
    from core.testing import api_headers
    from orgs.tests.factories import UserFactory

    series = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工友缘", year=2025)
    mine = proposals.create_partner(
        actor=users.town, org=tree.town_a, name="文化中心", kind="culture", users=[users.nobody]
    )
    other_user = UserFactory(username="partner2")
    proposals.create_partner(actor=users.town, org=tree.town_a, name="体育会", kind="sports", users=[other_user])
    proposal = proposals.submit_proposal(
        actor=users.nobody, partner=mine, series=series, title="音乐会", content="草坪音乐会", category="culture"
    )
    proposals.review_proposal(proposal, actor=users.town, decision="return", comment="请修改")
    h = api_headers(ApiToken.issue(other_user)[1])
    url = f"{API}/partner/proposals/{proposal.pk}"
    assert_out_of_scope(client, [url], headers=h)
    assert_out_of_scope(
        client,
        [f"{url}/resubmit"],
        method="post",
        headers=h,
        data={"title": "改", "content": "改", "category": "culture"},
        content_type=JSON,
    )
    assert call(client, "get", f"{API}/partner/proposals", h).json()["count"] == 0
    # A member is no partner either.
    m, mh = member_with_token(tree.union_a1, users.union, 660)
    assert_out_of_scope(client, [url], headers=mh)


def test_a_future_activity_says_when_check_in_opens(tree, users, login):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from activities import checkin
    from activities.tests.factories import open_activity
    from core.errors import DomainError

    activity = open_activity(tree.union_a1, users.union)  # starts in a week
    opens = timezone.localtime(activity.starts_at - timedelta(hours=2))
    with pytest.raises(DomainError) as exc:
        checkin.check_in_ticket(activity, "ABCDEF", actor=users.union)
    assert exc.value.code == "checkin_not_open"
    assert f"将于 {opens.month}月{opens.day}日 {opens:%H:%M} 开放" in str(exc.value.message)
    page = login(users.union).get(reverse("activities:checkin", args=[activity.pk])).content.decode()
    assert "签到尚未开始" in page and f"{opens.month}月{opens.day}日 {opens:%H:%M}" in page
