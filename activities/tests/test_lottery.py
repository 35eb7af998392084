"""The 抽签 draw over the API: the seed is published when registration closes and the result can be recomputed by
anyone from it; nobody gets two seats (one registration per member, and the series' monthly win limit holds
across activities); the draw runs once, only after the seed is out; winners are told; the rest wait in draw
order and are promoted in that order."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from activities import lottery, proposals, services
from activities.models import Activity, Registration
from core import notify
from core.testing import api_call as call
from core.testing import is_chinese

from .apitools import API, member_with_token
from .factories import open_activity


def recompute(seed: str, registration_ids) -> list[int]:
    """The published rule, written out again without the project's code: ascending SHA-256("<seed>:<id>")."""
    return sorted(registration_ids, key=lambda rid: hashlib.sha256(f"{seed}:{rid}".encode()).hexdigest())


@pytest.fixture
def crowd(tree, users):
    return [member_with_token(tree.union_a1, users.union, 400 + n) for n in range(8)]


def apply_all(client, activity, crowd) -> list[int]:
    """Every member applies through the API; returns the registration ids."""
    ids = []
    for _m, headers in crowd:
        r = call(client, "post", f"{API}/activities/{activity.pk}/register", headers)
        assert r.status_code == 200 and r.json()["status"] == "applied", r.content
        ids.append(r.json()["id"])
    return ids


def test_draw_is_reproducible_from_the_published_seed(
    client, tree, users, bearer, crowd, django_capture_on_commit_callbacks
):
    activity = open_activity(tree.town_a, users.town, capacity=3, mode="lottery")
    ids = apply_all(client, activity, crowd)
    again = call(client, "post", f"{API}/activities/{activity.pk}/register", crowd[0][1]).json()
    assert again["id"] == ids[0] and again["status"] == "applied"  # applying twice is one application
    staff = bearer(users.town)
    url = f"{API}/activities/{activity.pk}"

    # No draw before the seed is public, and no seed before registration closes.
    r = call(client, "post", f"{url}/draw", staff)
    assert (r.status_code, r.json()["code"]) == (400, "seed_not_published") and is_chinese(r.json()["message"])
    assert call(client, "get", url, staff).json()["lottery_seed"] == ""
    closed = call(client, "post", f"{url}/close", staff).json()
    seed = closed["lottery_seed"]
    assert len(seed) == 32 and closed["lottery_seed_published_at"]
    # Members see the published seed (and how to use it) before the draw.
    shown = call(client, "get", f"{API}/me/activities/{activity.pk}", crowd[0][1]).json()
    assert shown["lottery_seed"] == seed and shown["drawn_at"] is None

    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = call(client, "post", f"{url}/draw", staff)
    assert r.status_code == 200, r.content
    result = r.json()
    order = recompute(seed, ids)
    assert order == lottery.draw_order(seed, ids)
    assert result["seed"] == seed and result["applications"] == 8 and result["winners"] == order[:3]
    assert "SHA-256" in result["method"]
    statuses = dict(Registration.objects.filter(activity=activity).values_list("pk", "status"))
    assert [statuses[rid] for rid in order] == ["confirmed"] * 3 + ["waitlisted"] * 5
    assert Activity.objects.get(pk=activity.pk).confirmed == 3
    # Winners, and only winners, are told.
    winner_users = set(Registration.objects.filter(pk__in=order[:3]).values_list("member__user_id", flat=True))
    assert {n.user_id for n in notify.outbox} == winner_users and {n.title for n in notify.outbox} == {"抽签结果"}

    # The draw happens once.
    r = call(client, "post", f"{url}/draw", staff)
    assert (r.status_code, r.json()["code"]) == (400, "already_drawn")
    assert Activity.objects.get(pk=activity.pk).confirmed == 3

    # The waitlist follows the draw order: a winner who cancels frees a seat for the first loser drawn.
    winner_headers = next(h for m, h in crowd if Registration.objects.get(pk=order[0]).member_id == m.pk)
    call(client, "post", f"{API}/me/registrations/{order[0]}/cancel", winner_headers)
    waiting = Registration.objects.filter(activity=activity, status="waitlisted").order_by("queued_at", "id")
    assert list(waiting.values_list("pk", flat=True)) == order[4:]
    assert Registration.objects.get(pk=order[3]).status == "confirmed"
    assert Activity.objects.get(pk=activity.pk).confirmed == 3


def test_without_a_waitlist_the_rest_are_not_drawn(client, tree, users, bearer, crowd):
    activity = open_activity(tree.town_a, users.town, capacity=2, mode="lottery", waitlist=False)
    ids = apply_all(client, activity, crowd[:5])
    services.close_registration(activity, actor=users.town)
    winners = call(client, "post", f"{API}/activities/{activity.pk}/draw", bearer(users.town)).json()["winners"]
    seed = Activity.objects.get(pk=activity.pk).lottery_seed
    assert winners == recompute(seed, ids)[:2]
    statuses = list(Registration.objects.filter(activity=activity).values_list("status", flat=True))
    assert sorted(statuses) == ["confirmed"] * 2 + ["not_drawn"] * 3
    # A member's own answer says so; a ticket exists only for a seat.
    loser = recompute(seed, ids)[2]
    loser_headers = crowd[ids.index(loser)][1]
    mine = call(client, "get", f"{API}/me/registrations/{loser}", loser_headers).json()
    assert (mine["status"], mine["status_label"], mine["ticket_code"]) == ("not_drawn", "未中签", None)


def test_only_lottery_activities_are_drawn(client, tree, users, bearer):
    activity = open_activity(tree.town_a, users.town, capacity=2)
    services.close_registration(activity, actor=users.town)
    r = call(client, "post", f"{API}/activities/{activity.pk}/draw", bearer(users.town))
    assert (r.status_code, r.json()["code"]) == (400, "not_a_lottery")


def test_monthly_win_limit_of_the_series(client, tree, users, bearer, crowd):
    """With one win per member per month in a series, a member who already won this month is skipped even when
    their key comes first; in another month they may win again."""
    series = proposals.create_series(
        actor=users.town, owner=tree.town_a, name="镇工友缘", year=2025, monthly_lottery_wins=1
    )
    staff = bearer(users.town)
    starts = timezone.localtime(timezone.now() + timedelta(days=7))
    same_month = {"starts_at": starts, "ends_at": starts + timedelta(hours=2)}

    def lottery_activity(capacity, **when):
        return open_activity(tree.town_a, users.town, capacity=capacity, mode="lottery", series=series, **when)

    first = lottery_activity(1, **same_month)
    first_ids = apply_all(client, first, crowd[:4])
    services.close_registration(first, actor=users.town)
    winner_reg = call(client, "post", f"{API}/activities/{first.pk}/draw", staff).json()["winners"][0]
    winner = Registration.objects.get(pk=winner_reg).member
    assert winner_reg == recompute(Activity.objects.get(pk=first.pk).lottery_seed, first_ids)[0]

    # The second draw of the month has a seat for everyone, yet the earlier winner gets none.
    second = lottery_activity(4, **same_month)
    apply_all(client, second, crowd[:4])
    services.close_registration(second, actor=users.town)
    winners = call(client, "post", f"{API}/activities/{second.pk}/draw", staff).json()["winners"]
    won = set(Registration.objects.filter(pk__in=winners).values_list("member_id", flat=True))
    assert len(winners) == 3 and winner.pk not in won
    assert Registration.objects.get(activity=second, member=winner).status == "waitlisted"
    # No member ever holds two seats of one activity: one registration each.
    assert Registration.objects.filter(activity=second).count() == 4

    # Next month the limit starts afresh.
    later = starts + timedelta(days=40)
    third = lottery_activity(4, starts_at=later, ends_at=later + timedelta(hours=2))
    apply_all(client, third, crowd[:4])
    services.close_registration(third, actor=users.town)
    winners = call(client, "post", f"{API}/activities/{third.pk}/draw", staff).json()["winners"]
    assert len(winners) == 4
    assert Registration.objects.get(activity=third, member=winner).status == "confirmed"
