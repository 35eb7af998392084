"""工会补助 of an activity: an exact Decimal of 元 set in the staff form and the staff API (a decimal string in the
answers, never a float), never negative (the service and a check constraint), and the figures 补助场次 (场) and
补助金额 (元, exact to the 分, shown as 万元) from the raw tables and the rollups alike."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import core.metrics as registry
from activities import services
from activities.models import Activity
from core.errors import ValidationFailed
from core.models import AuditEvent
from core.testing import api_call as call
from core.testing import is_chinese
from reports import engine, rollups
from reports.periods import Period, year

from .apitools import API
from .factories import open_activity
from .test_api import activity_body
from .test_pages import activity_form, text

KEYS = ["activities.subsidised", "activities.subsidy"]


def test_the_form_takes_an_exact_subsidy_and_names_the_field_when_wrong(tree, users):
    client = Client()
    client.force_login(users.town)
    url = reverse("activities:staff_create")
    assert "工会补助金额（元）" in text(client.get(url))
    for bad in ("-1", "12.345", "abc", "100000000000"):
        page = text(client.post(url, activity_form(subsidy_amount=bad)))
        assert "工会补助金额：" in page, bad
    assert not Activity.objects.exists()
    client.post(url, activity_form(subsidy_amount="1234.56"))
    activity = Activity.objects.get()
    assert activity.subsidy_amount == Decimal("1234.56")
    assert "1234.56 元" in text(client.get(reverse("activities:staff_detail", args=[activity.pk])))
    # Left empty it is 0; an edit changes it and the audit event says from what to what.
    client.post(url, activity_form(title="无补助的活动", subsidy_amount=""))
    assert Activity.objects.get(title="无补助的活动").subsidy_amount == Decimal("0.00")
    edit = reverse("activities:staff_edit", args=[activity.pk])
    assert 'value="1234.56"' in text(client.get(edit))
    client.post(edit, activity_form(subsidy_amount="2000"))
    activity.refresh_from_db()
    assert activity.subsidy_amount == Decimal("2000.00")
    event = AuditEvent.objects.get(action="activities.activity.updated", object_id=str(activity.pk))
    assert event.changes["subsidy_amount"] == ["1234.56", "2000.00"]


def test_the_service_and_the_database_refuse_a_negative_subsidy(tree, users):
    with pytest.raises(ValidationFailed) as refused:
        open_activity(tree.union_a1, users.union, subsidy_amount=Decimal("-0.01"))
    assert [e.code for e in refused.value.errors] == ["invalid_subsidy"]
    assert refused.value.errors[0].field == "subsidy_amount" and is_chinese(refused.value.errors[0].message)
    with pytest.raises(ValidationFailed):
        open_activity(tree.union_a1, users.union, subsidy_amount=Decimal("10000000000"))  # 100 亿: too many digits
    activity = open_activity(tree.union_a1, users.union, subsidy_amount="0.10")
    assert activity.subsidy_amount == Decimal("0.10")
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(subsidy_amount=Decimal("-1"))


def test_the_api_takes_and_answers_exact_strings(client, tree, users, bearer):
    h = bearer(users.town)
    r = call(client, "post", f"{API}/activities", h, activity_body(subsidy_amount="8888.88"))
    assert r.status_code == 201, r.content
    assert r.json()["subsidy_amount"] == "8888.88"
    aid = r.json()["id"]
    r = call(client, "patch", f"{API}/activities/{aid}", h, {"subsidy_amount": "0.1"})
    assert r.status_code == 200 and r.json()["subsidy_amount"] == "0.10"
    assert call(client, "get", f"{API}/activities/{aid}", h).json()["subsidy_amount"] == "0.10"
    r = call(client, "patch", f"{API}/activities/{aid}", h, {"subsidy_amount": "-5"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_subsidy" and r.json()["field"] == "subsidy_amount"
    assert "工会补助金额" in r.json()["message"]
    r = call(client, "patch", f"{API}/activities/{aid}", h, {"subsidy_amount": "1.005"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_subsidy"
    # Not given: no subsidy.
    r = call(client, "post", f"{API}/activities", h, activity_body(title="不补助"))
    assert r.json()["subsidy_amount"] == "0.00"


def test_subsidy_figures_exact_to_the_fen_from_raw_and_rollups(tree, users):
    for m in ("activities.subsidised", "activities.subsidy"):
        assert registry.get(m).section == "文化文明"
    assert registry.get("activities.subsidised").unit == "场"
    assert registry.get("activities.subsidy").unit == registry.YUAN
    now = timezone.now()
    # 0.10 + 0.20 is not 0.30 in floats; 10,000,000.01 loses its 分 in a float sum of many.
    open_activity(tree.union_a1, users.union, subsidy_amount=Decimal("0.10"))
    open_activity(tree.union_a1, users.union, subsidy_amount=Decimal("0.20"))
    open_activity(tree.union_a1, users.union, subsidy_amount=Decimal("9999999.01"))
    open_activity(tree.union_a1, users.union)  # no subsidy: not counted
    open_activity(tree.union_a1, users.union, subsidy_amount=Decimal("500"), publish=False)  # a draft
    cancelled = open_activity(tree.union_a1, users.union, subsidy_amount=Decimal("700"))
    services.cancel_activity(cancelled, actor=users.union, reason="台风")
    open_activity(tree.union_b1, users.union_b, subsidy_amount=Decimal("12345.67"))  # another town
    later = now + timedelta(days=60)
    open_activity(
        tree.union_a1,
        users.union,
        subsidy_amount=Decimal("3000"),
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        registration_closes_at=later - timedelta(days=1),
    )
    start = timezone.localtime(now + timedelta(days=7)).date()
    week = Period(start, start)
    this_year = year(start.year)
    raw = engine.compute(tree.town_a, [week], keys=KEYS).totals
    assert raw == {"activities.subsidised": [3], "activities.subsidy": [Decimal("9999999.31")]}
    assert isinstance(raw["activities.subsidy"][0], Decimal)
    assert engine.compute(tree.district, [week], keys=KEYS).totals["activities.subsidy"] == [Decimal("10012344.98")]
    rollups.rebuild()
    for period in (week, this_year):
        want = engine.compute(tree.district, [period], keys=KEYS).totals
        rolled = engine.compute(tree.district, [period], keys=KEYS, source=engine.ROLLUP)
        assert rolled.source == engine.ROLLUP and rolled.totals == want
    got = registry.get("activities.subsidy")
    assert got.decimals == 2
