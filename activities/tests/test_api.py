"""The activities API over HTTP: the staff lifecycle (create, publish, update, close, finish, cancel), registrants
with masked phones, review, figures; series, partners with accounts and proposals; the partner's own proposals;
the member's open activities, idempotent registration, tickets and cancellation; Chinese errors; pinned query
counts of every list. Scope (404 on every endpoint) is in test_checkin.py, the draw in test_lottery.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities import partner_accounts, proposals, services
from activities.models import Activity, Partner, Proposal, Registration, Series
from core import notify, sms
from core.models import AuditEvent
from core.testing import api_call as call
from core.testing import is_chinese
from members import services as member_services
from members.tests.factories import member

from .apitools import API, member_with_token
from .factories import open_activity

# Per request: the bearer token (with its user) and the user's grants, then the list's own queries.
ACTIVITY_LIST_QUERIES = 4  # + COUNT, the page (series, organiser and audience org joined)
ACTIVITY_LIST_UNDER_QUERIES = 5  # + the `under` org
REGISTRANT_LIST_QUERIES = 5  # + the activity, COUNT, the page (member and union joined)
SERIES_LIST_QUERIES = 4  # + COUNT, the page (owner joined, counts annotated)
PARTNER_LIST_QUERIES = 5  # + COUNT, the page, the page's accounts
PROPOSAL_LIST_QUERIES = 4  # + COUNT, the page (series, partner, reviewer, activity joined)
# A member's requests: the token, their roster record, then the list's own.
MEMBER_OPEN_LIST_QUERIES = 6  # + their tags, COUNT, the page, their registrations for the page
MY_REGISTRATION_LIST_QUERIES = 4  # + COUNT, the page (activity joined)
# A partner's: the token, then COUNT and the page.
PARTNER_PROPOSAL_LIST_QUERIES = 3
# Registering (the rush's path): the token, the member, the activity, then one transaction: the row and the seat
# (UPDATE … WHERE confirmed < capacity), only the row once the activity as read is full; + SAVEPOINT and RELEASE
# here, where the test's own transaction turns that transaction into a savepoint.
REGISTER_QUERIES = 5 + 2
REGISTER_WHEN_FULL_QUERIES = 4 + 2
# A retry: the INSERT is refused by the unique constraint (+ ROLLBACK TO SAVEPOINT), then the row is read locked
# in a second transaction (+ its SAVEPOINT, SELECT … FOR UPDATE, RELEASE).
REGISTER_AGAIN_QUERIES = REGISTER_WHEN_FULL_QUERIES + 4


def iso(dt) -> str:
    return dt.isoformat()


@pytest.fixture
def crowd(tree, users):
    """Three members of union_a1 (under town_a) with tokens, and one of union_b1."""
    a = [member_with_token(tree.union_a1, users.union, 700 + n) for n in range(3)]
    b = member_with_token(tree.union_b1, users.union_b, 710)
    return a, b


def activity_body(organiser="TA01", **overrides):
    now = timezone.now()
    body = {
        "organiser": organiser,
        "title": "职工篮球友谊赛",
        "category": "sports",
        "address": "甬东区体育馆",
        "capacity": 2,
        "starts_at": iso(now + timedelta(days=7)),
        "ends_at": iso(now + timedelta(days=7, hours=2)),
        "registration_opens_at": iso(now - timedelta(hours=1)),
        "registration_closes_at": iso(now + timedelta(days=6)),
    }
    body.update(overrides)
    return body


# --- Staff: the lifecycle -------------------------------------------------------------------------------------


def test_staff_lifecycle(client, tree, users, bearer, crowd, django_capture_on_commit_callbacks):
    h = bearer(users.town)
    series = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工友缘", year=2025)
    r = call(client, "post", f"{API}/activities", h, activity_body(series=series.pk, audience_tags=["new_employment"]))
    assert r.status_code == 201, r.content
    data = r.json()
    assert (data["status"], data["status_label"], data["series"]["name"]) == ("draft", "草稿", "镇工友缘")
    assert data["organiser"] == {"code": "TA01", "name": "甲街道总工会"} and data["created_by"] == str(users.town)
    assert data["audience_tags"] == ["new_employment"] and data["seats_left"] == 2
    aid = data["id"]
    # Members do not see a draft.
    (m, mh) = crowd[0][0]
    assert call(client, "post", f"{API}/activities/{aid}/register", mh).status_code == 404

    r = call(client, "patch", f"{API}/activities/{aid}", h, {"capacity": 3, "audience_tags": [], "series": None})
    assert r.status_code == 200 and (r.json()["capacity"], r.json()["series"]) == (3, None)
    assert call(client, "post", f"{API}/activities/{aid}/publish", h).json()["status"] == "published"
    r = call(client, "post", f"{API}/activities/{aid}/publish", h)
    assert r.status_code == 400 and r.json()["code"] == "status_not_allowed" and is_chinese(r.json()["message"])

    assert call(client, "post", f"{API}/activities/{aid}/register", mh).json()["status"] == "confirmed"
    r = call(client, "post", f"{API}/activities/{aid}/close", h)
    assert r.json()["status"] == "closed" and r.json()["lottery_seed"] == ""  # no seed outside 抽签
    with django_capture_on_commit_callbacks(execute=True):
        notify.outbox.clear()
        r = call(client, "post", f"{API}/activities/{aid}/cancel", h, {"reason": "台风预警"})
    assert r.json()["status"] == "cancelled"
    assert [n.user_id for n in notify.outbox] == [m.user_id] and "台风预警" in notify.outbox[0].body
    r = call(client, "patch", f"{API}/activities/{aid}", h, {"title": "改名"})
    assert r.status_code == 400 and r.json()["code"] == "activity_over"
    assert AuditEvent.objects.filter(action="activities.activity.cancelled").count() == 1

    other = open_activity(tree.town_a, users.town)
    assert call(client, "post", f"{API}/activities/{other.pk}/finish", h).json()["status"] == "finished"
    r = call(client, "post", f"{API}/activities/{other.pk}/cancel", h, {"reason": " "})
    assert r.status_code == 400 and r.json()["code"] == "reason_required"


def test_create_validation_and_references(client, tree, users, bearer):
    h = bearer(users.union)
    now = timezone.now()
    bad = activity_body(
        "UA11", ends_at=iso(now + timedelta(days=6)), registration_closes_at=iso(now + timedelta(days=8))
    )
    r = call(client, "post", f"{API}/activities", h, bad)
    assert r.status_code == 400
    assert {e["code"] for e in r.json()["errors"]} == {"ends_before_start", "registration_after_start"}
    # A town's series is open to its unions; another town's organiser or series is not found.
    town_series = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工有匠", year=2025)
    b_series = proposals.create_series(actor=users.district, owner=tree.town_b, name="乙镇悦读", year=2025)
    r = call(client, "post", f"{API}/activities", h, activity_body("UA11", series=town_series.pk))
    assert r.status_code == 201 and r.json()["series"]["id"] == town_series.pk
    for body, field in (
        (activity_body("UB11"), "organiser"),
        (activity_body("UA11", series=b_series.pk), "series"),
        (activity_body("UA11", audience_org="UB11"), "audience_org"),
    ):
        r = call(client, "post", f"{API}/activities", h, body)
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (404, "not_found", field)
    r = call(client, "post", f"{API}/activities", h, activity_body("UA11", capacity=0, category="dance"))
    assert r.status_code == 422 and {e["field"] for e in r.json()["errors"]} == {"capacity", "category"}
    assert is_chinese(r.json()["message"])
    # A member of a union may not create activities: in their scope, but not permitted.
    r = call(client, "post", f"{API}/activities", bearer(users.union_b), activity_body("UB11", audience_org="UB11"))
    assert r.status_code == 201  # their own union is fine


def test_list_filters(client, tree, users, bearer):
    s = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工悦读", year=2025)
    now = timezone.now()
    a = open_activity(tree.town_a, users.town, series=s, category="reading")
    b = open_activity(tree.union_a1, users.union, starts_at=now + timedelta(days=20), ends_at=now + timedelta(days=20))
    c = open_activity(tree.town_b, users.district, publish=False, mode="lottery")
    h = bearer(users.town)

    def ids(query=""):
        r = call(client, "get", f"{API}/activities?{query}", h)
        assert r.status_code == 200, r.content
        return {i["id"] for i in r.json()["items"]}

    assert ids() == {a.pk, b.pk}  # town_b's is out of scope
    assert ids("category=reading") == {a.pk} and ids(f"series={s.pk}") == {a.pk}
    assert ids("under=UA11") == {b.pk} and ids("under=TB01") == set()
    day = (now + timedelta(days=15)).date().isoformat()
    assert ids(f"starts_from={day}") == {b.pk} and ids(f"starts_to={day}") == {a.pk}
    assert ids("status=published&q=羽毛球") == {a.pk, b.pk} and ids("status=draft") == set()
    assert c.pk in {
        i["id"] for i in call(client, "get", f"{API}/activities?mode=lottery", bearer(users.district)).json()["items"]
    }


def test_registrants_review_and_figures(client, tree, users, bearer, crowd):
    (m0, h0), (m1, h1), (m2, h2) = crowd[0]
    activity = open_activity(tree.town_a, users.town, capacity=1, mode="review")
    for headers in (h0, h1, h2):
        assert call(client, "post", f"{API}/activities/{activity.pk}/register", headers).json()["status"] == "pending"
    h = bearer(users.town)
    r = call(client, "get", f"{API}/activities/{activity.pk}/registrations?status=pending", h)
    items = r.json()["items"]
    assert [i["member_id"] for i in items] == [m0.pk, m1.pk, m2.pk]
    assert items[0]["phone_masked"] == m0.phone[:3] + "****" + m0.phone[-4:] and m0.phone not in r.content.decode()
    assert "ticket_code" not in items[0]  # the ticket is the member's, not the registrants list's
    regs = [i["id"] for i in items]
    url = f"{API}/activities/{activity.pk}/registrations"
    assert call(client, "post", f"{url}/{regs[0]}/review", h, {"approve": True}).json()["status"] == "confirmed"
    r = call(client, "post", f"{url}/{regs[1]}/review", h, {"approve": True})
    assert r.status_code == 409 and r.json()["code"] == "activity_full" and r.json()["message"] == "名额已满"
    assert call(client, "post", f"{url}/{regs[1]}/review", h, {"approve": False}).json()["status"] == "rejected"
    r = call(client, "post", f"{url}/{regs[1]}/review", h, {"approve": False})
    assert r.json()["code"] == "registration_decided"
    # A registration of another activity is not found under this one.
    other = open_activity(tree.town_a, users.town)
    reg_other = services.register(other, m0)
    assert call(client, "post", f"{url}/{reg_other.pk}/review", h, {"approve": True}).status_code == 404

    r = call(client, "get", f"{API}/activities/{activity.pk}/figures", h)
    fig = r.json()
    assert fig["registrations"] == {
        "confirmed": 1,
        "waitlisted": 0,
        "applied": 0,
        "pending": 1,
        "not_drawn": 0,
        "rejected": 1,
        "cancelled": 0,
    }
    assert (fig["participations"], fig["attendance_rate"], fig["average_rating"]) == (0, 0.0, None)


def test_auth_me(client, users, bearer, crowd):
    r = call(client, "get", f"{API}/auth/me", bearer(users.town))
    assert r.json() == {"username": "town", "display_name": users.town.display_name}
    m, h = crowd[0][0]
    assert call(client, "get", f"{API}/auth/me", h).json() == {"username": f"m{m.pk}", "display_name": m.name}
    assert client.get(f"{API}/auth/me").status_code == 401


# --- Members --------------------------------------------------------------------------------------------------


def test_member_registration_is_idempotent_and_refuses_when_full(client, tree, users, crowd):
    (m0, h0), (m1, h1), (m2, h2) = crowd[0]
    activity = open_activity(tree.town_a, users.town, capacity=1, waitlist=False)
    url = f"{API}/activities/{activity.pk}/register"
    first, again = call(client, "post", url, h0), call(client, "post", url, h0)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    data = first.json()
    assert data["status"] == "confirmed" and len(data["ticket_code"]) == 8
    assert data["activity"]["id"] == activity.pk
    r = call(client, "post", url, h1)
    assert (r.status_code, r.json()["code"], r.json()["message"]) == (409, "activity_full", "名额已满")
    assert Registration.objects.filter(activity=activity).count() == 1
    assert Activity.objects.get(pk=activity.pk).confirmed == 1


def test_member_waitlist_tickets_and_cancel(client, tree, users, crowd, django_capture_on_commit_callbacks):
    (m0, h0), (m1, h1), (m2, h2) = crowd[0]
    activity = open_activity(tree.town_a, users.town, capacity=1)
    url = f"{API}/activities/{activity.pk}/register"
    mine = call(client, "post", url, h0).json()
    waiting = call(client, "post", url, h1).json()
    assert waiting["status"] == "waitlisted" and waiting["ticket_code"] is None
    r = call(client, "get", f"{API}/me/registrations", h0)
    assert [i["id"] for i in r.json()["items"]] == [mine["id"]] and r.json()["items"][0]["ticket_code"]
    # Another member's registration is not theirs to see or cancel.
    assert call(client, "get", f"{API}/me/registrations/{mine['id']}", h1).status_code == 404
    assert call(client, "post", f"{API}/me/registrations/{mine['id']}/cancel", h1).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        notify.outbox.clear()
        r = call(client, "post", f"{API}/me/registrations/{mine['id']}/cancel", h0)
    assert r.json()["status"] == "cancelled"
    assert [n.title for n in notify.outbox] == ["候补成功"] and notify.outbox[0].user_id == m1.user_id
    promoted = call(client, "get", f"{API}/me/registrations/{waiting['id']}", h1).json()
    assert promoted["status"] == "confirmed" and promoted["ticket_code"]
    assert call(client, "post", f"{API}/me/registrations/{mine['id']}/cancel", h0).json()["status"] == "cancelled"
    # Registering again after cancelling queues afresh, with the same registration row.
    assert call(client, "post", url, h0).json() | {"queued_at": None} == mine | {
        "status": "waitlisted",
        "status_label": "候补中",
        "ticket_code": None,
        "queued_at": None,
    }


def test_member_sees_only_activities_for_them(client, tree, users, crowd):
    (m0, h0), _, _ = crowd[0]
    mb, hb = crowd[1]
    mine = open_activity(tree.town_a, users.town, title="甲街道活动")
    other = open_activity(tree.town_b, users.district, title="乙镇活动")
    public = open_activity(tree.town_b, users.district, title="公开活动", open_to_public=True)
    tagged = open_activity(tree.town_a, users.town, title="新就业形态专场", audience_tags=["new_employment"])
    open_activity(tree.town_a, users.town, title="草稿", publish=False)
    closed = open_activity(tree.town_a, users.town, title="已截止")
    services.close_registration(closed, actor=users.town)

    def titles(headers):
        r = call(client, "get", f"{API}/me/activities", headers)
        assert r.status_code == 200, r.content
        return [i["title"] for i in r.json()["items"]]

    assert set(titles(h0)) == {"甲街道活动", "公开活动"}
    assert set(titles(hb)) == {"乙镇活动", "公开活动"}
    member(tree.union_a1, users.union, 730, tags=["新就业形态"])
    rider, rh = member_with_token(tree.union_a1, users.union, 731)
    member_services.update_member(rider, actor=users.union, tags=["新就业形态"])
    assert set(titles(rh)) == {"甲街道活动", "公开活动", "新就业形态专场"}
    # Detail: visible ones answer with the reason a member may not register; others are 404.
    r = call(client, "get", f"{API}/me/activities/{tagged.pk}", h0)
    assert r.status_code == 200 and r.json()["problem"] == "本活动仅面向特定会员群体"
    r = call(client, "post", f"{API}/activities/{tagged.pk}/register", h0)
    assert (r.status_code, r.json()["code"]) == (403, "not_eligible")
    assert call(client, "get", f"{API}/me/activities/{closed.pk}", h0).json()["status"] == "closed"
    assert call(client, "get", f"{API}/me/activities/{other.pk}", h0).status_code == 404
    assert call(client, "post", f"{API}/activities/{other.pk}/register", h0).status_code == 404
    call(client, "post", f"{API}/activities/{mine.pk}/register", h0)
    r = call(client, "get", f"{API}/me/activities/{mine.pk}", h0).json()
    assert r["my_registration"]["status"] == "confirmed" and r["problem"] is None
    assert public.pk in {
        i["id"] for i in call(client, "get", f"{API}/me/activities?category=sports", h0).json()["items"]
    }


def test_the_register_path_visibility_rule_is_the_list_rule(tree, users, crowd):
    """Registering checks visibility in Python (``_visible_to``) on the activity it has read; the lists filter in SQL
    (``_member_activities``). The two must agree for every member and activity."""
    from activities.selectors import member_activities as _member_activities
    from activities.selectors import visible_to as _visible_to

    made = [
        open_activity(tree.town_a, users.town),
        open_activity(tree.town_b, users.district),
        open_activity(tree.town_b, users.district, open_to_public=True),
        open_activity(tree.town_a, users.town, publish=False),
        open_activity(tree.district, users.district),
        open_activity(tree.district, users.district, audience_org=tree.union_b1),
        open_activity(tree.town_a, users.town, audience_org=tree.union_a1),
    ]
    cancelled = open_activity(tree.town_a, users.town)
    services.cancel_activity(cancelled, actor=users.town, reason="场地维修")
    made.append(cancelled)
    members = [m for m, _h in crowd[0]] + [crowd[1][0]]
    for m in members:
        m = type(m).objects.select_related("union").get(pk=m.pk)
        visible = set(_member_activities(m).values_list("pk", flat=True))
        for a in made:
            a = Activity.objects.select_related("organiser", "audience_org").get(pk=a.pk)
            assert _visible_to(m, a) is (a.pk in visible), (m.union.name, a.pk)
    assert any(_visible_to(m, a) for a in made) and not all(_visible_to(m, a) for a in made)


def test_staff_token_is_not_a_member(client, tree, users, bearer):
    activity = open_activity(tree.town_a, users.town)
    for method, url in (("get", f"{API}/me/activities"), ("post", f"{API}/activities/{activity.pk}/register")):
        r = call(client, method, url, bearer(users.town))
        assert (r.status_code, r.json()["code"]) == (403, "not_a_member") and is_chinese(r.json()["message"])


# --- Series, partners, proposals ------------------------------------------------------------------------------


def test_series_partners_and_proposals(client, tree, users, bearer, django_capture_on_commit_callbacks):
    h = bearer(users.town)
    r = call(
        client,
        "post",
        f"{API}/activity-series",
        h,
        {"owner": "TA01", "name": "镇工友缘", "year": 2025, "monthly_lottery_wins": 1},
    )
    assert r.status_code == 201 and r.json()["monthly_lottery_wins"] == 1
    series_id = r.json()["id"]
    r = call(client, "post", f"{API}/activity-series", h, {"owner": "TA01", "name": "镇工友缘", "year": 2025})
    assert (r.status_code, r.json()["code"]) == (400, "series_exists")
    r = call(client, "post", f"{API}/activity-series", h, {"owner": "TB01", "name": "乙", "year": 2025})
    assert (r.status_code, r.json()["field"]) == (404, "owner")

    sms.outbox.clear()
    body = {
        "org": "TA01",
        "name": "甬东文化中心",
        "kind": "culture",
        "contact_name": "周老师",
        "accounts": [{"phone": "13900001111", "display_name": "周老师"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        r = call(client, "post", f"{API}/activity-series/partners", h, body)
    assert r.status_code == 201, r.content
    assert r.json()["accounts"] == [{"username": "p13900001111", "display_name": "周老师"}]
    assert [m.phone for m in sms.outbox] == ["13900001111"] and "p13900001111" in sms.outbox[0].text
    r = call(
        client,
        "post",
        f"{API}/activity-series/partners",
        h,
        body | {"name": "另一家", "accounts": [{"phone": "123", "display_name": ""}]},
    )
    assert r.status_code == 400 and {e["code"] for e in r.json()["errors"]} == {
        "invalid_mobile",
        "display_name_required",
    }
    assert not Partner.objects.filter(name="另一家").exists()

    # The partner account logs in and submits a proposal; staff return it; the partner resubmits; staff approve.
    from accounts.models import ApiToken, User
    from core.testing import api_headers

    partner_user = User.objects.get(username="p13900001111")
    ph = api_headers(ApiToken.issue(partner_user)[1])
    partner_id = call(client, "get", f"{API}/partner/partners", ph).json()[0]["id"]
    assert [s["id"] for s in call(client, "get", f"{API}/partner/series", ph).json()] == [series_id]
    proposal_body = {
        "partner": partner_id,
        "series": series_id,
        "title": "青年交友音乐会",
        "content": "草坪音乐会",
        "category": "social",
        "expected_participants": 80,
    }
    r = call(client, "post", f"{API}/partner/proposals", ph, proposal_body)
    assert r.status_code == 201 and r.json()["status"] == "submitted"
    pid = r.json()["id"]
    assert call(client, "get", f"{API}/activity-series/proposals?status=submitted", h).json()["count"] == 1
    r = call(client, "post", f"{API}/activity-series/proposals/{pid}/review", h, {"decision": "return"})
    assert r.json()["code"] == "comment_required"
    r = call(
        client,
        "post",
        f"{API}/activity-series/proposals/{pid}/review",
        h,
        {"decision": "return", "comment": "请补充安全预案"},
    )
    assert r.json()["status"] == "returned"
    r = call(
        client,
        "post",
        f"{API}/partner/proposals/{pid}/resubmit",
        ph,
        {
            "title": "青年交友音乐会",
            "content": "草坪音乐会，附安全预案",
            "category": "social",
            "expected_participants": 80,
        },
    )
    assert r.json()["status"] == "submitted" and r.json()["review_comment"] == "请补充安全预案"
    r = call(client, "post", f"{API}/activity-series/proposals/{pid}/review", h, {"decision": "approve"})
    assert r.json()["status"] == "approved" and r.json()["activity_id"]
    draft = Activity.objects.get(pk=r.json()["activity_id"])
    assert (draft.status, draft.capacity, draft.series_id) == ("draft", 80, series_id)
    r = call(
        client,
        "post",
        f"{API}/partner/proposals/{pid}/resubmit",
        ph,
        {"title": "x", "content": "y", "category": "social"},
    )
    assert r.json()["code"] == "proposal_not_editable"
    series = call(client, "get", f"{API}/activity-series", h).json()["items"][0]
    assert (series["partners"], series["proposals"], series["approved"], series["activities"]) == (1, 1, 1, 1)

    # Another partner's proposal is not theirs; a series of another town is not open to them.
    b_series = proposals.create_series(actor=users.district, owner=tree.town_b, name="乙镇系列", year=2025)
    r = call(client, "post", f"{API}/partner/proposals", ph, proposal_body | {"series": b_series.pk})
    assert (r.status_code, r.json()["field"]) == (404, "series")
    stranger = proposals.create_partner(actor=users.district, org=tree.town_b, name="乙镇体育会", kind="sports")
    r = call(client, "post", f"{API}/partner/proposals", ph, proposal_body | {"partner": stranger.pk})
    assert (r.status_code, r.json()["field"]) == (404, "partner")
    # Staff tokens have no partner: nothing of theirs to list.
    assert call(client, "get", f"{API}/partner/proposals", h).json()["count"] == 0


# --- Query counts -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 12])
def test_staff_list_query_counts_are_pinned(client, tree, users, bearer, django_assert_num_queries, rows):
    s = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工友缘", year=2025)
    activities = [
        open_activity(
            tree.union_a1 if i % 2 else tree.town_a,
            users.town,
            series=s if i % 3 else None,
            audience_org=tree.union_a2 if i % 4 == 0 and i % 2 == 0 else None,
        )
        for i in range(rows)
    ]
    people = [member(tree.union_a1, users.union, 800 + i) for i in range(rows)]
    for p in people:
        services.register(activities[1], p)
    partners = []
    for i in range(rows):
        partner = proposals.create_partner(
            actor=users.town, org=tree.town_a, name=f"合伙人{i}", kind="social", users=[users.nobody] if i % 2 else []
        )
        partners.append(partner)
        p = Proposal.objects.create(series=s, partner=partner, title=f"方案{i}", content="内容", category="social")
        if i % 3 == 0:
            proposals.review_proposal(p, actor=users.town, decision="approve")
        proposals.create_series(actor=users.town, owner=tree.town_a, name=f"系列{i}", year=2024)
    h = bearer(users.town)
    checks = (
        (ACTIVITY_LIST_QUERIES, "/activities?page_size=100", rows + rows // 3 + (1 if rows % 3 else 0)),
        (ACTIVITY_LIST_UNDER_QUERIES, "/activities?page_size=100&under=UA11", rows // 2),
        (REGISTRANT_LIST_QUERIES, f"/activities/{activities[1].pk}/registrations?page_size=100", rows),
        (SERIES_LIST_QUERIES, "/activity-series?page_size=100", rows + 1),
        (PARTNER_LIST_QUERIES, "/activity-series/partners?page_size=100", rows),
        (PROPOSAL_LIST_QUERIES, "/activity-series/proposals?page_size=100", rows),
    )
    for queries, url, count in checks:
        with django_assert_num_queries(queries):
            r = client.get(API + url, headers=h)
        assert r.status_code == 200 and r.json()["count"] == count, (url, r.json()["count"], count)
    assert Series.objects.count() == rows + 1


@pytest.mark.parametrize("rows", [2, 12])
def test_member_and_partner_list_query_counts_are_pinned(client, tree, users, django_assert_num_queries, rows):
    m, h = member_with_token(tree.union_a1, users.union, 900)
    member_services.update_member(m, actor=users.union, tags=["新就业形态"])
    s = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工友缘", year=2025)
    for i in range(rows):
        a = open_activity(
            tree.town_a if i % 2 else tree.union_a1,
            users.town,
            series=s,
            audience_tags=["new_employment"] if i % 3 == 0 else [],
        )
        if i % 2:
            services.register(a, m)
    with django_assert_num_queries(MEMBER_OPEN_LIST_QUERIES):
        r = client.get(f"{API}/me/activities?page_size=100", headers=h)
    items = r.json()["items"]
    assert len(items) == rows and sum(1 for i in items if i["my_registration"]) == rows // 2
    with django_assert_num_queries(MY_REGISTRATION_LIST_QUERIES):
        r = client.get(f"{API}/me/registrations?page_size=100", headers=h)
    assert r.json()["count"] == rows // 2

    from accounts.models import ApiToken
    from core.testing import api_headers

    partner = proposals.create_partner(
        actor=users.town, org=tree.town_a, name="合伙人", kind="social", users=[users.nobody]
    )
    for i in range(rows):
        proposals.submit_proposal(
            actor=users.nobody, partner=partner, series=s, title=f"方案{i}", content="内容", category="social"
        )
    ph = api_headers(ApiToken.issue(users.nobody)[1])
    with django_assert_num_queries(PARTNER_PROPOSAL_LIST_QUERIES):
        r = client.get(f"{API}/partner/proposals?page_size=100", headers=ph)
    assert r.json()["count"] == rows


def test_register_query_counts_are_pinned(client, tree, users, crowd, django_assert_num_queries):
    (m0, h0), (m1, h1), _ = crowd[0]
    activity = open_activity(tree.town_a, users.town, capacity=1, audience_org=tree.union_a1)
    url = f"{API}/activities/{activity.pk}/register"
    cases = ((h0, "confirmed", REGISTER_QUERIES), (h1, "waitlisted", REGISTER_WHEN_FULL_QUERIES))
    for headers, status, queries in cases:
        with django_assert_num_queries(queries):
            r = client.post(url, headers=headers)
        assert (r.status_code, r.json()["status"], r.json()["activity"]["title"]) == (200, status, activity.title)
    with django_assert_num_queries(REGISTER_AGAIN_QUERIES):
        again = client.post(url, headers=h0)
    assert again.json()["status"] == "confirmed" and again.json()["ticket_code"]
    assert Activity.objects.get(pk=activity.pk).confirmed == 1


def test_a_partner_account_sets_its_password_and_lands_in_the_partner_portal(
    tree, users, client, django_capture_on_commit_callbacks
):
    from core import sms

    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        partner_accounts.create_partner_with_accounts(
            actor=users.district,
            org=tree.district,
            name="甲乙文化服务中心",
            kind="culture",
            accounts=[{"phone": "13912340000", "display_name": "周老师"}],
        )
    link = next(m.text for m in sms.outbox if m.phone == "13912340000").split("：")[-1]
    path = "/" + link.split("//", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"new_password1": "Partner@2026x", "new_password2": "Partner@2026x"},
    )
    assert response.status_code == 302 and response["Location"].startswith("/partner/")
