"""Incremental refresh: after a day's changes (check-ins, a new member, an appeal resolved) the refreshed rollups are
exactly what a full rebuild writes, only the declarations whose records changed are touched, and the 成绩单 reads
the rollups again."""

from datetime import date

import pytest
from pyroaring import BitMap

from activities import checkin
from reports import refresh, rollups, scorecard
from reports.models import Rollup, RollupBitmap, RollupDay
from reports.periods import Period, year

from . import fixtures
from .fixtures import at, member, travel


@pytest.fixture
def data(tree, users):
    return fixtures.build(tree, users)


def snapshot() -> tuple[list, list, list]:
    rows = sorted(Rollup.objects.values_list("counter", "org_id", "month", "value"))
    maps = sorted(
        (c, o, m, tuple(BitMap.deserialize(bytes(d))))
        for c, o, m, d in RollupBitmap.objects.values_list("counter", "org_id", "month", "data")
    )
    days = sorted(RollupDay.objects.values_list("counter", "org_id", "day", "value"))
    assert days, "the fixtures have day rows: the comparison can fail"
    return rows, maps, days


def figures(org, period):
    return [(f.metric.key, f.value, f.previous) for f in scorecard.build(org, period).figures]


def no_rebuild(monkeypatch):
    """Fail if the refresh falls back to a full rebuild."""

    def fail():
        raise AssertionError("refresh fell back to a full rebuild")

    monkeypatch.setattr(rollups, "rebuild", fail)


def test_refresh_after_a_days_changes_equals_a_rebuild(data, tree, users, monkeypatch):
    rebuild = rollups.rebuild
    rebuild()
    m, a, p = data.members, data.activities, data.appeals
    # The day: two walk-ins at the sports day, a new member, an appeal answered.
    with travel(a[4].starts_at):
        checkin.walk_in(a[4], actor=users.district, member=m[1])
        checkin.walk_in(a[4], actor=users.district, name="来宾乙")
    member(tree.union_b1, users.district, 9010, joined_on=date(2024, 6, 2))
    fixtures._resolve(p[2], users.district, at(2025, 1, 3))
    assert rollups.choose_source()[0] == rollups.RAW

    with monkeypatch.context() as patch:
        no_rebuild(patch)
        state = refresh.refresh()
    assert rollups.choose_source()[0] == rollups.ROLLUP and state.rows > 0
    refreshed = snapshot()
    card = figures(tree.district, year(2024))
    span = figures(tree.district, Period(date(2023, 2, 15), date(2024, 11, 20)))
    rebuild()
    assert snapshot() == refreshed
    assert figures(tree.district, year(2024)) == card
    assert figures(tree.district, Period(date(2023, 2, 15), date(2024, 11, 20))) == span


def test_only_what_changed_is_rewritten(data, tree, users, monkeypatch):
    rollups.rebuild()
    appeals_rows = set(Rollup.objects.filter(counter__startswith="appeals.").values_list("pk", "value"))
    assert appeals_rows
    a = data.activities
    with travel(a[4].starts_at):
        checkin.walk_in(a[4], actor=users.district, member=data.members[2])
    with monkeypatch.context() as patch:
        no_rebuild(patch)
        refresh.refresh()
    # The appeals' rollup rows were left alone; the participations were added.
    assert set(Rollup.objects.filter(counter__startswith="appeals.").values_list("pk", "value")) == appeals_rows
    after = snapshot()
    rollups.rebuild()
    assert snapshot() == after


def test_a_move_in_the_tree_rebuilds_everything(data, tree, users):
    from orgs import services as org_services

    rollups.rebuild()
    org_services.move_org(tree.union_a2, tree.town_b, actor=users.district)
    refresh.refresh()
    after = snapshot()
    rollups.rebuild()
    assert snapshot() == after
    assert rollups.choose_source()[0] == rollups.ROLLUP
