"""Where there is only one possible union, it is chosen without a step (issue 14): a 基层工会 clerk importing a
roster, registering a member, creating an activity, taking in a rights case, registering a place … is not asked
which union; the form shows the one it will use. Someone with a choice (a district clerk) still gets the field."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from orgs.tests.factories import UserFactory

# (url name, field, who has only one org for it): every console form that asks for an org.
FORMS = [
    ("activities:staff_create", "organiser", "union"),
    ("activities:series_create", "owner", "town"),  # series and partners belong to a federation: the town has one
    ("activities:partner_create", "org", "town"),
    ("care:file_create", "union", "care_officer"),
    ("rights:case_create", "org", "union"),
    ("rights:lawyers", "org", "union"),
    ("rights:inspection_create", "org", "union"),
    ("places:staff_create", "org", "union"),
    ("places:staff_order_create", "ordering_org", "union"),
    ("places:staff_field_visit_create", "org", "union"),
    ("appeals:open_day", "org", "union"),
]


@pytest.fixture
def actors(tree, users):
    return {
        "union": users.union,
        "town": users.town,
        "district": users.district,
        "care_officer": UserFactory(username="care_a1", grant=(tree.union_a1, "care_officer")),
    }


def _fixed(html: str, field: str) -> str | None:
    """The text a fixed field shows, or None when the page asks for the field."""
    found = re.search(rf'data-fixed="{field}">([^<]*)<', html)
    return found.group(1) if found else None


def _hidden_value(html: str, field: str) -> str | None:
    found = re.search(rf'<input type="hidden" name="{field}" value="([^"]*)"', html)
    return found.group(1) if found else None


@pytest.mark.parametrize(("url_name", "field", "who"), FORMS)
def test_the_only_possible_union_is_filled_in_and_shown(tree, actors, login, url_name, field, who):
    html = login(actors[who]).get(reverse(url_name)).content.decode()
    org = tree.town_a if who == "town" else tree.union_a1
    assert _fixed(html, field) == f"{org.name}（{org.code}）", f"{url_name} asks {who} for {field}"
    assert _hidden_value(html, field) in (org.code, str(org.pk))


@pytest.mark.parametrize(("url_name", "field", "who"), [f for f in FORMS if f[0] != "care:file_create"])
def test_someone_with_a_choice_is_still_asked(tree, actors, login, url_name, field, who):
    html = login(actors["district"]).get(reverse(url_name)).content.decode()
    assert _fixed(html, field) is None
    assert re.search(rf'<(input|select)[^>]*name="{field}"', html) and _hidden_value(html, field) is None


def test_a_union_clerk_creates_an_activity_without_naming_the_union(tree, users, login):
    client = login(users.union)
    now = timezone.localtime().replace(second=0, microsecond=0)
    when = {
        "starts_at": now + timedelta(days=7),
        "ends_at": now + timedelta(days=7, hours=2),
        "registration_opens_at": now,
        "registration_closes_at": now + timedelta(days=6),
    }
    html = client.get(reverse("activities:staff_create")).content.decode()
    data = {
        "organiser": _hidden_value(html, "organiser"),
        "title": "职工读书分享会",
        "category": "culture",
        "mode": "first_come",
        "address": "职工书屋",
        "capacity": 30,
        "waitlist_enabled": "on",
        **{k: v.strftime("%Y-%m-%dT%H:%M") for k, v in when.items()},
    }
    response = client.post(reverse("activities:staff_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Activity.objects.get(title="职工读书分享会").organiser == tree.union_a1


def test_a_union_clerk_registers_and_imports_into_their_union_without_picking_it(tree, users, login):
    client = login(users.union)
    # 登记会员: straight to the form for their union, not the union picker.
    response = client.get(reverse("members:create"))
    assert response.status_code == 302 and response["Location"].endswith(f"?union={tree.union_a1.pk}")
    assert "登记会员" in client.get(response["Location"]).content.decode()
    # 批量导入: the union is sent hidden and named on the page.
    html = client.get(reverse("members:import_start")).content.decode()
    assert _hidden_value(html, "union") == str(tree.union_a1.pk)
    assert "<select" not in html.split('name="union"', 1)[0][-300:] and tree.union_a1.name in html
    # A town clerk has several unions: they pick.
    town = login(users.town)
    assert town.get(reverse("members:create")).status_code == 200
    assert _hidden_value(town.get(reverse("members:import_start")).content.decode(), "union") is None


def test_a_town_clerk_sets_up_a_series_under_their_town_without_picking_it(tree, users, login):
    from activities.models import Series

    client = login(users.town)
    html = client.get(reverse("activities:series_create")).content.decode()
    response = client.post(
        reverse("activities:series_create"),
        {"owner": _hidden_value(html, "owner"), "name": "甲街道职工文化季", "year": timezone.localdate().year},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Series.objects.get(name="甲街道职工文化季").owner == tree.town_a
