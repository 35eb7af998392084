"""Rebuilding the rollups: the command, the background task, the demo step, and what a rebuild writes."""

from datetime import date

import pytest
from django.core.management import call_command

from members.tests.factories import member
from reports import rollups
from reports.models import Rollup, RollupState
from reports.tasks import rebuild_rollups_task


def test_command_task_and_state(tree, users, capsys):
    member(tree.union_a1, users.district, 1, joined_on=date(2024, 3, 5))
    member(tree.union_a1, users.district, 2, joined_on=date(2024, 3, 31))
    member(tree.union_b1, users.district, 3, joined_on=date(2024, 4, 1))
    call_command("rebuild_rollups")
    assert "汇总完成" in capsys.readouterr().out
    rows = set(Rollup.objects.filter(counter="members.joined_events").values_list("org__code", "month", "value"))
    # Each org's row is its whole sub-tree's: the unions, their towns and the district; no staging rows are left.
    assert rows == {
        ("UA11", date(2024, 3, 1), 2),
        ("TA01", date(2024, 3, 1), 2),
        ("D001", date(2024, 3, 1), 2),
        ("UB11", date(2024, 4, 1), 1),
        ("TB01", date(2024, 4, 1), 1),
        ("D001", date(2024, 4, 1), 1),
    }
    assert not Rollup.objects.filter(counter__startswith=rollups.OWN).exists()
    first = RollupState.objects.get()
    result = rebuild_rollups_task.enqueue()  # the test settings run tasks inline
    assert result.return_value.endswith(" s") and RollupState.objects.get().built_at >= first.built_at
    assert RollupState.objects.count() == 1
    call_command("rebuild_rollups", "--background")
    assert "已加入后台任务队列" in capsys.readouterr().out


def test_moving_an_org_makes_the_rollups_stale(tree, users):
    from orgs import services as org_services

    member(tree.union_a1, users.district, 4, joined_on=date(2024, 3, 5))
    rollups.rebuild()
    assert rollups.choose_source()[0] == "rollup"
    org_services.move_org(tree.union_a1, tree.town_b, actor=users.district)
    assert rollups.choose_source()[0] == "raw"  # town_a's and town_b's totals no longer hold


def test_without_rollups_the_raw_tables_answer(db):
    assert rollups.choose_source() == ("raw", None)
    assert rollups.choose_source("rollup")[0] == "raw"  # nothing to force when nothing was built


def test_the_demo_district_ends_with_fresh_rollups(db):
    from core.demo import demo_steps

    assert demo_steps()[-1].name == "reports"

    class Ctx:
        counts: list = []

    rollups.build_demo_rollups(Ctx)
    assert Ctx.counts[-1][0] == "统计汇总数据" and rollups.choose_source()[0] == "rollup"


def test_the_periodic_job_rebuilds_only_stale_rollups(tree, users):
    """``run_periodic`` enqueues ``refresh_rollups_task`` (tasks run inline in tests): it rebuilds after a counted
    change and does nothing while the rollups are fresh."""
    member(tree.union_a1, users.union, 900)
    assert rollups.choose_source()[0] == "raw"  # nothing built yet
    call_command("run_periodic", "--once")
    assert rollups.choose_source()[0] == "rollup"
    built = rollups.state().built_at
    call_command("run_periodic", "--once")
    assert rollups.state().built_at == built  # fresh: not rebuilt
    member(tree.union_a1, users.union, 901)
    assert rollups.choose_source()[0] == "raw"
    call_command("run_periodic", "--once")
    assert rollups.choose_source()[0] == "rollup" and rollups.state().built_at > built


def test_distinct_people_and_members_holding_today_come_from_the_rollups(tree, users):
    """A year's (quarter's, month's) distinct people and today's members holding a membership are rows of the
    rollups: the 成绩单 reads neither the participations nor the roster. A range of days is counted raw."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from activities.models import Participation
    from members.models import Member
    from reports import engine, scorecard
    from reports.periods import Period, year

    from . import fixtures

    fixtures.build(tree, users)
    rollups.rebuild()
    assert Rollup.objects.filter(counter="activities.people@year", org=tree.town_a, month=date(2024, 1, 1)).exists()
    assert Rollup.objects.filter(counter="activities.people@quarter").exists()
    assert Rollup.objects.filter(counter="activities.people@month").exists()
    assert Rollup.objects.filter(counter="members.holding_now", org=tree.district).exists()
    tables = (Participation._meta.db_table, Member._meta.db_table)
    with CaptureQueriesContext(connection) as marks:
        rollups.watermark()
    mark_sql = {q["sql"] for q in marks.captured_queries}
    with CaptureQueriesContext(connection) as queries:
        card = scorecard.build(tree.town_a, year(2024))
    assert card.source == "rollup"
    read = [q["sql"] for q in queries.captured_queries if q["sql"] not in mark_sql]  # not the watermark
    assert not [sql for sql in read if any(f'"{t}"' in sql for t in tables)]
    figures = {f.metric.key: (f.value, f.previous) for f in card.figures}
    assert figures["activities.participants"] == (4, 1)  # the hand count of test_metrics.TOWN_A
    assert figures["members.join_rate"] == (6.0, None)
    days = [Period(date(2024, 1, 1), date(2024, 12, 30))]
    with CaptureQueriesContext(connection) as queries:
        engine.compute(tree.town_a, days, keys=["activities.participants"], source="rollup")
    assert not [q["sql"] for q in queries.captured_queries if f'"{tables[0]}"' in q["sql"]]  # day bitmaps
    with CaptureQueriesContext(connection) as queries:
        engine.compute(tree.union_a1, days, keys=["activities.participants"], source="rollup")
    assert [q["sql"] for q in queries.captured_queries if f'"{tables[0]}"' in q["sql"]]  # a leaf: its own rows


def test_rollups_built_for_another_registry_are_not_fresh(tree, users):
    rollups.rebuild()
    assert rollups.choose_source()[0] == "rollup"
    state = RollupState.objects.get()
    state.watermark = {**state.watermark, "layout": "members.held_delta"}  # before the distinct counts existed
    state.save()
    assert rollups.choose_source()[0] == "raw"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_outside_a_transaction_vacuums_the_rollup_tables(tree, users):
    """The rebuild replaces every row of the rollup tables; outside a transaction (the task, the command) it vacuums
    them at once, so no 成绩单 steps over the rows it replaced, whether or not autovacuum runs. (How many dead rows
    a vacuum can remove depends on the other transactions of the moment: the test asks that it ran.)"""
    from django.db import connection

    from . import fixtures

    fixtures.build(tree, users)
    rollups.rebuild()
    tables = ["reports_rollup", "reports_rollupday", "reports_rollupbitmap"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        (before,) = cursor.fetchone()
        rollups.rebuild()  # the first one's rows are now dead, until vacuumed
        cursor.execute("SELECT relname, last_vacuum FROM pg_stat_user_tables WHERE relname = ANY(%s)", [tables])
        found = dict(cursor.fetchall())
    assert sorted(found) == sorted(tables)
    assert all(at is not None and at >= before for at in found.values()), found
