"""``/api/v1/reports``: the metric list and the 成绩单 of an org in scope, from raw tables or fresh rollups."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import core.metrics as registry
from core.testing import assert_out_of_scope
from reports import rollups

from . import budgets, fixtures
from .test_metrics import town_a_expected

SCORECARD = "/api/v1/reports/scorecard"


@pytest.fixture
def data(tree, users):
    return fixtures.build(tree, users)


def test_metric_list_is_the_registry(users, client, bearer):
    response = client.get("/api/v1/reports/metrics", headers=bearer(users.union))
    assert response.status_code == 200
    items = response.json()
    assert [m["key"] for m in items] == [m.key for m in registry.metrics()]
    first = items[0]
    assert set(first) == {"key", "label", "unit", "section", "definition", "current", "decimals", "display_unit"}
    assert {m["unit"] for m in items} <= {
        "家",
        "个",
        "人",
        "人次",
        "次",
        "件",
        "条",  # suggestions (金点子)
        "场",
        "分",
        "元",  # money: every amount is in 元 (shown as 万元), none is declared in 万元
        "份",
        "项",  # offers and draws
        "场次",  # contest events
        "册",  # books lent
        "支",  # volunteer teams
        "张",  # e-member cards issued
        "小时",
        "名",  # people holding an office (兼职副主席)
        "%",
    }


def test_scorecard_returns_every_figure_with_the_previous_period(data, users, client, bearer):
    response = client.get(f"{SCORECARD}?org=TA01&from=2024-01-01&to=2024-12-31", headers=bearer(users.district))
    assert response.status_code == 200
    body = response.json()
    assert body["org"]["code"] == "TA01" and body["source"] == "raw" and body["rollups_built_at"] is None
    assert body["period"] == {"from": "2024-01-01", "to": "2024-12-31", "label": "2024年"}
    assert body["previous_period"]["label"] == "2023年"
    got = {f["key"]: [f["value"], f["previous"]] for f in body["figures"]}
    assert got == town_a_expected(got)
    members = next(f for f in body["figures"] if f["key"] == "members.count")
    assert (members["label"], members["unit"], members["change"]) == ("会员人数", "人", 1)
    assert [c["org"]["code"] for c in body["children"]] == ["UA11", "UA12", "UA14", "UA15"]
    assert body["children"][0]["figures"]["members.count"] == 4
    assert body["children"][2]["org"]["status"] == "dissolved"


def test_scorecard_says_when_it_reads_rollups(data, users, client, bearer):
    rollups.rebuild()
    headers = bearer(users.district)
    body = client.get(f"{SCORECARD}?org=TA01&from=2024-01-01&to=2024-12-31", headers=headers).json()
    assert body["source"] == "rollup" and body["rollups_built_at"]
    got = {f["key"]: [f["value"], f["previous"]] for f in body["figures"]}
    assert got == town_a_expected(got)


def test_scorecard_is_scoped_and_checks_its_parameters(data, users, client, bearer):
    headers = bearer(users.union)  # union_a1's admin
    assert client.get(f"{SCORECARD}?org=UA11&from=2024-01-01&to=2024-12-31", headers=headers).status_code == 200
    assert_out_of_scope(
        client,
        [f"{SCORECARD}?org={code}&from=2024-01-01&to=2024-12-31" for code in ("UB11", "TA01", "D001", "NOPE")],
        headers=headers,
    )
    bad = client.get(f"{SCORECARD}?org=UA11&from=2024-12-31&to=2024-01-01", headers=headers)
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_period"
    bad = client.get(f"{SCORECARD}?org=UA11&from=2024-13-01&to=2024-12-31", headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "from"
    assert client.get(f"{SCORECARD}?org=UA11&from=2024-01-01&to=2024-12-31").status_code == 401


def test_scorecard_from_rollups_costs_the_same_queries_for_few_and_many_records(tree, users, client, bearer):
    headers = bearer(users.district)
    query = f"{SCORECARD}?org=TA01&from=2024-01-01&to=2024-12-31"
    rollups.rebuild()
    with CaptureQueriesContext(connection) as empty:
        assert client.get(query, headers=headers).json()["source"] == "rollup"
    fixtures.build(tree, users)
    rollups.rebuild()
    with CaptureQueriesContext(connection) as busy:
        assert client.get(query, headers=headers).json()["source"] == "rollup"
    assert len(busy.captured_queries) == len(empty.captured_queries)
    assert len(busy.captured_queries) <= budgets.from_rollups()
