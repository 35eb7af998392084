"""The 成绩单 page, its print view and xlsx, the dashboard and the metric definitions: scoped, with the figures of
the hand-counted fixture, and the xlsx read back with the same figures."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.testing import assert_out_of_scope
from reports import rollups, scorecard
from reports.periods import year

from . import budgets, fixtures
from .test_metrics import town_a_expected


@pytest.fixture
def data(tree, users):
    return fixtures.build(tree, users)


def url(name, org, **params):
    query = "&".join(f"{k}={v}" for k, v in {"org": org.pk, **params}.items())
    return f"{reverse(name)}?{query}"


def test_scorecard_page_shows_each_figure_beside_the_previous_year_and_the_children(data, users, login):
    t = data.tree
    response = login(users.district).get(url("reports:scorecard", t.town_a, period="2024"))
    assert response.status_code == 200
    html = response.content.decode()
    card = response.context["card"]
    assert [s.name for s in card.sections] == ["建功立业", "维权维稳", "文化文明", "基层基础"]
    figures = {f.metric.key: (f.value, f.previous) for f in card.figures}
    assert figures == town_a_expected(figures, as_tuples=True)
    assert "2024年" in html and "2023年" in html and "原始记录" in html
    # The breakdown: town_a's unions, the dissolved one marked, linked to their own 成绩单.
    assert [r.label for r in card.rows] == [
        "甲一机械有限公司工会",
        "甲二电子有限公司工会",
        "甲四已撤销工会（已撤销）",
        "甲五新建工会",
    ]
    assert f"?org={t.union_a1.pk}&amp;period=2024" in html
    a1 = card.rows[0].values
    assert (a1["members.count"], a1["members.joined"], a1["appeals.received"]) == (4, 2, 3)


def test_scorecard_reads_fresh_rollups_and_says_so(data, users, login):
    rollups.rebuild()
    response = login(users.district).get(url("reports:scorecard", data.tree.town_a, period="2024"))
    card = response.context["card"]
    assert card.source == "rollup" and "汇总数据" in response.content.decode()
    got = {f.metric.key: [f.value, f.previous] for f in card.figures}
    assert got == town_a_expected(got)


def test_quarters_ranges_and_custom_dates_pick_the_right_previous_period(data, users, login):
    client = login(users.district)
    card = client.get(url("reports:scorecard", data.tree.town_a, period="2024Q1")).context["card"]
    assert (card.period.label, card.previous.label) == ("2024年第一季度", "2023年第四季度")
    card = client.get(url("reports:scorecard", data.tree.town_a, period="2023-2024")).context["card"]
    assert (card.period.label, card.previous.label) == ("2023—2024年", "2021—2022年")
    card = client.get(url("reports:scorecard", data.tree.town_a, **{"from": "2024-06-30", "to": "2024-06-30"}))
    card = card.context["card"]
    assert card.previous.label == "2024-06-29 至 2024-06-29"
    assert {f.metric.key: f.value for f in card.figures}["members.count"] == 5
    response = client.get(url("reports:scorecard", data.tree.town_a, period="2024年度"))
    assert response.status_code == 200 and "统计期间：请填写年份" in response.content.decode()


def test_print_view_is_an_a4_report_with_the_figures(data, users, login):
    response = login(users.district).get(url("reports:scorecard_print", data.tree.town_a, period="2024"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲街道总工会<br>2024年工作成绩单" in html
    for name in ("建功立业", "维权维稳", "文化文明", "基层基础", "分组织明细"):
        assert f"<h2>{name}</h2>" in html
    assert 'data-metric="members.count"' in html and "66.7" in html and "40.0" in html
    css = (Path(settings.BASE_DIR) / "static" / "src" / "report-print.css").read_text(encoding="utf-8")
    assert "@page { size: A4;" in css and "report-print.css" in html


def test_xlsx_has_the_same_figures_as_the_page(data, users, login):
    t = data.tree
    response = login(users.district).get(url("reports:scorecard_xlsx", t.town_a, period="2024"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] == "甲街道总工会2024年工作成绩单"
    card = scorecard.build(t.town_a, year(2024))
    by_label = {r[0]: r[1:5] for r in rows if r and r[0]}
    # Sections without any data are left out of the card (and the xlsx).
    for f in [f for section in card.sections for f in section.figures]:
        label = f.metric.label + ("（当前数）" if f.metric.current else "")
        m = f.metric  # money in 万元 with two decimals, like the page
        assert by_label[label] == [m.shown(f.value), m.shown(f.previous), m.shown(f.change), m.display_unit], label
    # Sections in the same order as the page, then the breakdown with the same rows and numbers.
    section_rows = [r[0] for r in rows if r and r[0] in {s.name for s in card.sections}]
    assert section_rows == [s.name for s in card.sections]
    header = rows.index(next(r for r in rows if r[0] == "组织"))
    for line, row in zip(card.rows, rows[header + 1 :], strict=False):
        assert row[0] == line.label
        assert row[1 : 1 + len(card.columns)] == [line.values[m.key] for m in card.columns]


def test_dashboard_data_and_links(data, users, login):
    t = data.tree
    response = login(users.district).get(url("reports:dashboard", t.town_a, period="2024"))
    assert response.status_code == 200
    charts = response.context["charts"]
    assert json.loads(json.dumps(charts))["growth"]["labels"][0] == "2024-01"  # JSON-ready as embedded
    assert charts["growth"]["members"][-1] == 5 and sum(charts["growth"]["joined"]) == 3
    assert (
        charts["growth"]["links"][0]
        == f"/console/members/?under={t.town_a.pk}&joined_from=2024-01-01&joined_to=2024-01-31"
    )
    assert charts["join_rate"]["labels"][:2] == ["甲一机械有限公司工会", "甲二电子有限公司工会"]
    assert charts["join_rate"]["links"][0] == f"/console/members/?under={t.union_a1.pk}"
    assert charts["series"]["labels"] == ["未归入系列"] and charts["series"]["values"] == [5]
    assert sum(sum(s["values"]) for s in charts["appeals"]["series"]) == 5
    assert charts["satisfaction"]["values"][0] == 100.0  # January: ap1 rated 满意
    assert 'id="chart-data"' in response.content.decode()


def test_pages_are_scoped(data, users, login):
    t = data.tree
    union = login(users.union)  # union_a1's admin
    assert union.get(url("reports:scorecard", t.union_a1, period="2024")).status_code == 200
    urls = [
        url(name, org, period="2024")
        for name in ("reports:scorecard", "reports:scorecard_print", "reports:scorecard_xlsx", "reports:dashboard")
        for org in (t.town_a, t.union_b1, t.district)
    ]
    assert_out_of_scope(union, urls)
    # Without an org, the pages open at the top of the user's scope.
    assert union.get(reverse("reports:scorecard")).context["org"] == t.union_a1
    assert login(users.nobody).get(reverse("reports:scorecard")).status_code == 403
    assert login(users.sysadmin).get(reverse("reports:index")).status_code == 403  # IT staff: no union figures
    assert login(users.district).get(reverse("reports:metrics")).status_code == 200


def test_scorecard_page_costs_the_same_queries_for_an_empty_and_a_busy_district(tree, users, login):
    """Raw tables: one query per model the counters count (the counters of one model share it,
    reports.engine.raw_counters) and per measure, never one per counter; the same for few and many records."""
    client = login(users.district)
    page = url("reports:scorecard", tree.town_a, period="2024")
    with CaptureQueriesContext(connection) as empty:
        assert client.get(page).status_code == 200
    fixtures.build(tree, users)
    with CaptureQueriesContext(connection) as busy:
        assert client.get(page).status_code == 200
    assert len(busy.captured_queries) == len(empty.captured_queries)
    assert len(busy.captured_queries) <= budgets.from_raw()
