"""A date stored outside 1900–2100 (written before the bounds held, or straight into the database) never breaks a
page for others (issue 13): an activity starting at 9999-12-31 23:00 UTC is year 10000 in Beijing time, which Python
cannot represent, and the console list, the member list and calendar, and the API answered 500 for the district."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from activities.models import Activity
from activities.tests.factories import open_activity

FAR = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
EARLY = datetime(1, 1, 1, 0, 0, tzinfo=UTC)


@pytest.fixture(params=[FAR, EARLY], ids=["9999", "0001"])
def far_activity(request, tree, users):
    activity = open_activity(tree.town_a, users.town)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=request.param,
        ends_at=request.param,
        registration_opens_at=request.param,
        registration_closes_at=request.param,
    )
    return activity


def test_console_pages_render(far_activity, users, login):
    client = login(users.town)
    for url in (
        reverse("activities:staff_list"),
        reverse("activities:staff_detail", args=[far_activity.pk]),
        reverse("activities:staff_list") + "?from=2026-01-01",
        "/console/",
    ):
        assert client.get(url).status_code == 200, url


def test_member_pages_render(far_activity, tree, users, login):
    from members import joining
    from members.tests.factories import member

    client = login(joining.ensure_account(member(tree.union_a1, users.union, 1), actor=users.union))
    for url in (
        reverse("activities:member_list"),
        reverse("activities:member_calendar"),
        reverse("activities:member_calendar") + "?month=9999-12",
        reverse("activities:member_detail", args=[far_activity.pk]),
    ):
        assert client.get(url).status_code in (200, 404), url


def test_api_answers(far_activity, users, bearer, client):
    headers = bearer(users.town)
    for url in ("/api/v1/activities", f"/api/v1/activities/{far_activity.pk}"):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.content[:300])
