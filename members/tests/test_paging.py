"""Paging a huge roster: the count stops at the cap ("超过 N 条", next page while there is one, no last page), any
page number still works, and deep pages (found by key first) list the same rows as a plain OFFSET would."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from members import paging
from members.models import Member

from .factories import member

API = "/api/v1"
ROW = re.compile(r'href="/console/members/(\d+)/"')


@pytest.fixture
def eight(tree, users):
    """Eight members in the town's scope, joined on different days (two on the same day: the id breaks the tie)."""
    days = [date(2024, 1, 1) + timedelta(days=d) for d in (5, 1, 7, 3, 3, 0, 6, 2)]
    return [member(tree.union_a2, users.town, 300 + i, joined_on=day) for i, day in enumerate(days)]


def listed(response) -> list[int]:
    seen: list[int] = []
    for pk in map(int, ROW.findall(response.content.decode())):
        if pk not in seen:
            seen.append(pk)
    return seen


def roster_order() -> list[int]:
    return list(Member.objects.order_by("-joined_on", "-id").values_list("pk", flat=True))


@pytest.mark.parametrize("deferred_from", [1000, 0])
def test_page_above_the_cap_says_more_than_and_pages_on(
    tree, users, login, eight, settings, monkeypatch, deferred_from
):
    settings.PAGE_SIZE = 3
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    monkeypatch.setattr(paging, "DEFERRED_FROM", deferred_from)
    client = login(users.town)
    order = roster_order()
    assert len(order) == 8
    first = client.get(reverse("members:list"))
    page = first.content.decode()
    assert listed(first) == order[:3]
    assert "超过 5 条" in page and "下一页" in page and "末页" not in page and "共 " not in page
    second = client.get(reverse("members:list"), {"page": 2})
    assert listed(second) == order[3:6] and "下一页" in second.content.decode()
    # The last rows: no next page. Past the end (unknown without a full count): an empty page, no error.
    third = client.get(reverse("members:list"), {"page": 3})
    assert listed(third) == order[6:] and "下一页" not in third.content.decode()
    past = client.get(reverse("members:list"), {"page": 9})
    assert past.status_code == 200 and listed(past) == [] and "上一页" in past.content.decode()


def test_page_below_the_cap_counts_exactly(tree, users, login, eight, settings, monkeypatch):
    settings.PAGE_SIZE = 3
    monkeypatch.setattr(paging, "COUNT_CAP", 8)
    monkeypatch.setattr(paging, "DEFERRED_FROM", 0)
    client = login(users.town)
    order = roster_order()
    page = client.get(reverse("members:list"), {"page": 3})
    assert listed(page) == order[6:] and "共 8 条" in page.content.decode() and "3 / 3" in page.content.decode()
    # Past the end with an exact count: the last page, as everywhere else in the console.
    assert listed(client.get(reverse("members:list"), {"page": 9})) == order[6:]


@pytest.mark.parametrize("deferred_from", [1000, 0])
def test_api_count_is_capped_and_says_so(tree, users, client, bearer, eight, monkeypatch, deferred_from):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    monkeypatch.setattr(paging, "DEFERRED_FROM", deferred_from)
    headers = bearer(users.town)
    order = list(Member.objects.order_by("-id").values_list("pk", flat=True))
    pages = [client.get(f"{API}/members", {"page": n, "page_size": 3}, headers=headers).json() for n in (1, 2, 3, 4)]
    assert [p["count"] for p in pages] == [5] * 4 and not any(p["count_exact"] for p in pages)
    assert [p["has_next"] for p in pages] == [True, True, False, False]
    assert [i["id"] for p in pages for i in p["items"]] == order
    # Below the cap: exact, as before.
    small = client.get(f"{API}/members", {"page_size": 3, "joined_to": "2024-01-03"}, headers=headers).json()
    assert (small["count"], small["count_exact"], small["has_next"]) == (3, True, False)


def test_capped_count_reads_at_most_the_cap(tree, users, eight):
    assert paging.capped_count(Member.objects.all(), 8) == (8, True)
    assert paging.capped_count(Member.objects.all(), 7) == (7, False)
    assert paging.capped_count(Member.objects.none(), 7) == (0, True)
