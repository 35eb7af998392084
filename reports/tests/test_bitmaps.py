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

from . import fixtures

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
    # A partial edge month is read raw (its days only).
    with CaptureQueriesContext(connection) as queries:
        engine.compute(tree.district, [PERIODS[1]], keys=["activities.participants"], source=engine.ROLLUP)
    assert [q["sql"] for q in queries.captured_queries if table in q["sql"]]
