"""Dates at the edge (issue 13): 0001-01-01 and 9999-12-31 are refused where a date is entered (a 4xx naming the
field, or the form's error) and ignored where a list is filtered, instead of a 500."""

import pytest
from django.urls import reverse

from activities.tests.factories import open_activity

API = "/api/v1"
FAR = ["0001-01-01", "9999-12-31"]


@pytest.mark.parametrize("day", FAR)
def test_appeal_figures_refuse_far_dates(client, users, bearer, day):
    response = client.get(
        f"{API}/appeals/figures?org=UA11&start={day}&end=2026-12-31", headers=bearer(users.union), follow=False
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "start"
    response = client.get(f"{API}/appeals/figures?org=UA11&start=2026-01-01&end={day}", headers=bearer(users.union))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "end"


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("activities:staff_list", ["from", "to"]),
        ("appeals:queue", ["from", "to"]),
        ("members:list", ["joined_from", "joined_to"]),
    ],
)
def test_console_list_filters_ignore_far_dates(users, login, page, params, day):
    client = login(users.town)
    for param in params:
        response = client.get(reverse(page), {param: day})
        assert response.status_code == 200
        if page != "activities:staff_list":  # that list ignores any unreadable date silently
            assert "不是有效日期，已忽略" in response.content.decode()


@pytest.mark.parametrize("field", ["starts_at", "ends_at", "registration_closes_at"])
def test_an_activity_in_year_9999_is_refused(tree, users, bearer, client, field):
    activity = open_activity(tree.town_a, users.town, publish=False)
    response = client.patch(
        f"{API}/activities/{activity.pk}",
        {field: "9999-12-31T23:00:00+08:00"},
        content_type="application/json",
        headers=bearer(users.town),
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
