"""Distinct people of any period from the rollups' bitmaps: the same figure as the raw table for several years, a
custom span with partial edge months and a span inside one month, without reading the raw rows of whole months."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Participation
from reports import bitmaps, engine, rollups
from reports.models import RollupBitmap
from reports.periods import Period

from . import budgets, fixtures

KEYS = ["activities.participants", "places.ordering_units"]
PERIODS = [
    Period(date(2020, 1, 1), date(2024, 12, 31)),  # five years
    Period(date(2023, 2, 15), date(2024, 11, 20)),  # a custom span, partial months at both edges
    Period(date(2024, 1, 1), date(2024, 8, 31)),  # whole months, not a calendar period
    Period(date(2024, 3, 2), date(2024, 3, 30)),  # inside one month: raw days only
]


@pytest.fixture
def data(tree, users):
    return fixtures.build(tree, users)


def test_cover_uses_years_then_quarters_then_months():
    assert bitmaps.cover(date(2023, 2, 1), date(2025, 5, 1)) == [
        ("month", date(2023, 2, 1)),
        ("month", date(2023, 3, 1)),
        ("quarter", date(2023, 4, 1)),
        ("quarter", date(2023, 7, 1)),
        ("quarter", date(2023, 10, 1)),
        ("year", date(2024, 1, 1)),
        ("quarter", date(2025, 1, 1)),
        ("month", date(2025, 4, 1)),
        ("month", date(2025, 5, 1)),
    ]


def test_any_period_from_bitmaps_equals_raw(data, tree):
    rollups.rebuild()
    assert RollupBitmap.objects.filter(counter="activities.people@month", org=tree.town_a).exists()
    for org in (tree.district, tree.town_a):
        raw = engine.compute(org, PERIODS, keys=KEYS, source=engine.RAW).totals
        rolled = engine.compute(org, PERIODS, keys=KEYS, source=engine.ROLLUP).totals
        assert rolled == raw, org.code
    assert engine.compute(tree.district, PERIODS[:1], keys=KEYS, source=engine.RAW).totals[
        "activities.participants"
    ] == [5]  # the hand count of test_metrics (m1 m2 guest m9 in 2024, m2 in 2023)


def test_whole_months_do_not_read_the_participations(data, tree):
    rollups.rebuild()
    table = f'"{Participation._meta.db_table}"'
    with CaptureQueriesContext(connection) as queries:
        engine.compute(tree.district, [PERIODS[2]], keys=["activities.participants"], source=engine.ROLLUP)
    assert not [q["sql"] for q in queries.captured_queries if table in q["sql"] and "FROM" in q["sql"]]
    # Partial edge months come from the day bitmaps and the day rows (reports.days) of an org with children …
    with CaptureQueriesContext(connection) as queries:
        engine.compute(tree.district, [PERIODS[1]], keys=["activities.participants"], source=engine.ROLLUP)
    assert not [q["sql"] for q in queries.captured_queries if table in q["sql"] and "FROM" in q["sql"]]
    # … while a union without children reads its own rows raw (its edge days only).
    with CaptureQueriesContext(connection) as queries:
        engine.compute(tree.union_a1, [PERIODS[1]], keys=["activities.participants"], source=engine.ROLLUP)
    assert [q["sql"] for q in queries.captured_queries if table in q["sql"]]


def test_custom_span_scorecard_equals_raw_with_one_query_per_model(data, tree):
    """A span with partial edge months (2023-02-15..2024-11-20, and its previous period): every figure and every
    row of the breakdown equal the raw tables', and the edge days cost one query per model the counters count, not
    one per counter."""
    import core.metrics as registry
    from reports import scorecard

    rollups.rebuild()
    span = PERIODS[1]
    for org in (tree.district, tree.town_a):
        rolled = scorecard.build(org, span, prefer="rollup")
        raw = scorecard.build(org, span, prefer="raw")
        assert rolled.source == "rollup"
        assert [(f.metric.key, f.value, f.previous) for f in rolled.figures] == [
            (f.metric.key, f.value, f.previous) for f in raw.figures
        ], org.code
        assert [r.values for r in rolled.rows] == [r.values for r in raw.rows], org.code
    assert any(f.value for f in rolled.figures)  # the fixtures have rows in the span: the equality can fail

    counters = list(registry.COUNTERS.values())
    alone = [c for c in counters if not engine.shareable(c)]
    groups = {(c.model(), c.org) for c in counters if engine.shareable(c)}
    assert registry.COUNTERS["members.joined_new_employment"] in alone  # joins the member's tags: rows repeat
    assert len(groups) + len(alone) < len(counters) * 2 / 3  # 22 queries for 43 counters
    with CaptureQueriesContext(connection) as queries:
        engine.evaluate_counters(
            [c.key for c in counters],
            tree.district,
            len(tree.district.path) + 3,
            [span, span.previous()],
            engine.ROLLUP,
        )
    # The district's children all have day rows: its children, their marks, their day rows and every counter's whole
    # months, whatever the number of counters; no raw table.
    assert len(queries.captured_queries) == 4
    # A town's unions have none: one query per model (and per lone counter) for the edges, and the whole months.
    with CaptureQueriesContext(connection) as queries:
        engine.evaluate_counters(
            [c.key for c in counters], tree.town_a, len(tree.town_a.path) + 3, [span, span.previous()], engine.ROLLUP
        )
    assert len(queries.captured_queries) <= 2 + len(groups) + len(alone)
    # The whole 成绩单 of the span, breakdown by child included (it was 65 queries with one per counter).
    with CaptureQueriesContext(connection) as queries:
        scorecard.build(tree.district, span, prefer="rollup")
    # Whole months from the rollups, the edge days raw: within the budget of a raw 成绩单.
    assert len(queries.captured_queries) <= budgets.from_raw()


def test_counters_of_one_model_in_one_query_equal_each_alone(data, tree):
    """``raw_counters`` gives each counter the values its own query gives, also for a stock (since ever)."""
    import core.metrics as registry

    ranges = [
        (date(2023, 2, 15), date(2023, 2, 28)),
        (date(2024, 11, 1), date(2024, 11, 20)),
        (None, date(2024, 6, 30)),
    ]
    by_model: dict = {}
    for c in registry.COUNTERS.values():
        if engine.shareable(c):
            by_model.setdefault((c.model(), c.org), []).append(c)
    checked = 0
    for org in (tree.district, tree.town_a):
        group_len = len(org.path) + 3
        for counters in by_model.values():
            if len(counters) < 2:
                continue
            together = engine.raw_counters(counters, org.path, group_len, {c.key: ranges for c in counters})
            for c in counters:
                alone = engine.raw_counter(c, org.path, group_len, ranges)
                assert {g: v for g, v in together[c.key].items() if any(v)} == {
                    g: v for g, v in alone.items() if any(v)
                }, c.key
                checked += any(any(v) for v in alone.values())
    assert checked >= 5
