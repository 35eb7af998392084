"""The benchmark figures and the performance document rendered from them (the benchmarks themselves run in
`make bench-quick`, in CI)."""

import pytest

from bench import common, report


def test_figure_is_median_and_spread_with_its_baseline_and_ratio():
    fig = common.figure("p99", "ms", [300.0, 100.0, 200.0], baseline=("baseline p99", [50.0, 40.0, 60.0]))
    assert (fig["median"], fig["min"], fig["max"]) == (200.0, 100.0, 300.0)
    assert fig["baseline"]["median"] == 50.0
    assert fig["ratio"] == 4.0
    assert fig["met"] is None


@pytest.mark.parametrize(
    ("runs", "met"),
    [([900.0, 950.0, 1200.0], True), ([1100.0, 1000.0, 990.0], False)],
)
def test_a_target_applies_to_the_median(runs, met):
    fig = common.figure("p99", "ms", runs, target_=common.target("<", 1000, "p99 < 1 s"))
    assert fig["met"] is met


def test_a_target_can_apply_to_the_ratio():
    fig = common.figure(
        "seconds",
        "s",
        [10.0],
        baseline=("django-import-export", [60.0]),
        target_on="ratio",
        target_=common.target("<=", 0.2, "≥ 5× faster"),
    )
    assert fig["ratio"] == pytest.approx(0.167, abs=0.001)
    assert fig["met"] is True


def test_exit_status_follows_the_checks(tmp_path):
    ok = common.result("x", "X", params={}, figures=[], checks=[common.check("exact", True)])
    bad = common.result("x", "X", params={}, figures=[], checks=[common.check("exact", False, "101 confirmed")])
    assert common.write(tmp_path / "ok.json", ok) == 0
    assert common.write(tmp_path / "bad.json", bad) == 1
    assert common.write(None, common.result("x", "X", params={}, figures=[], checks=[])) == 1, "no checks, no pass"


def _summary(*benches):
    return {
        "measured_at": "2026-11-22T23:00:00+00:00",
        "quick": False,
        "scale": 22,
        "dataset": {"counts": {"members": 1_000_000, "participations": 5_000_000}},
        "machine": {"cores": 2, "memory_gib": 23.5, "python": "3.11.7", "sqlite": "3.40.1", "load_average": [1, 1, 1]},
        "duration_s": 1500,
        "benchmarks": list(benches),
    }


def test_the_document_states_each_target_and_where_we_stand():
    rush = common.result(
        "rush-postgres",
        "Registration rush (PostgreSQL)",
        params={"members": 2000, "seats": 100},
        figures=[
            common.figure(
                "register p99",
                "ms",
                [1500.0, 1400.0, 1600.0],
                baseline=("GET /auth/me p99", [300.0, 310.0, 290.0]),
                target_=common.target("<", 1000, "p99 < 1 s"),
            ),
            common.figure(
                "register throughput", "req/s", [80.0], baseline=("GET /auth/me", [200.0]), lower_is_better=False
            ),
        ],
        checks=[common.check("exactly 100 confirmed", True)],
    )
    lite = common.result(
        "rush-sqlite",
        "Registration rush (SQLite)",
        params={},
        figures=[common.figure("register throughput", "req/s", [40.0], lower_is_better=False)],
        checks=[common.check("exactly 100 confirmed", True)],
    )
    broken = common.result("scorecard", "成绩单", params={}, figures=[], checks=[])
    broken["failed"] = "exited with status 1"
    doc = report.render(_summary({**rush, "duration_s": 60}, {**lite, "duration_s": 30}, {**broken, "duration_s": 5}))
    assert "2 cores, 23.5 GiB" in doc
    assert "| Registration rush (PostgreSQL) | register p99 | p99 < 1 s | 1,500 ms (1,400–1,600) | 300 ms" in doc
    assert "**not met**" in doc
    assert "5.0× slower than GET /auth/me p99 (300 ms)" in doc
    assert "0.40× of GET /auth/me (200 req/s)" in doc
    assert "SQLite is 0.50× that on PostgreSQL" in doc
    assert "**成绩单** did not complete: exited with status 1." in doc


def test_a_partial_rerun_says_which_benchmarks_are_newer():
    lite = common.result("rush-sqlite", "Registration rush (SQLite)", params={}, figures=[], checks=[])
    summary = _summary({**lite, "duration_s": 30})
    assert "(re-run since" not in report.render(summary)
    summary["rerun"] = ["rush-sqlite"]
    assert "the whole suite in 25.0 minutes (re-run since: rush-sqlite)." in report.render(summary)


def test_a_run_at_another_scale_is_separate_and_records_its_build_time():
    from bench import run

    assert run.main_database(False, 1).endswith("/bench_main")
    assert run.main_database(False, 10).endswith("/bench_main_s10")
    assert run.main_database(True, 0.02).endswith("/bench_main_quick")
    assert run.results_file(False, 1).name == "latest.json"
    assert run.results_file(False, 10).name == "scale-10.json"

    fig = common.figure(
        "console page, first page p95", "ms", [80.0, 90.0], target_=common.target("<", 150, "p95 < 150 ms")
    )
    summary = _summary(
        common.result(
            "member-list",
            "Member list at 10,000,000 members",
            params={},
            figures=[fig],
            checks=[common.check("every answer 200", True)],
            notes=["Interleaved with the admin."],
        )
    )
    summary |= {"scale": 10}
    summary["dataset"] = {
        "database": "bench_main_s10",
        "counts": {"members": 10_000_000, "participations": 50_000_000},
        "migrate_s": 30.0,
        "seed_demo_s": 600.0,
        "grow_s": 5370.0,
    }
    text = report.render_scale(summary)
    assert text.startswith("## At 10,000,000 members (`make bench SCALE=10`)")
    assert "Built in 100.0 minutes (migrate 30 s, seed_demo 600 s, COPY 5,370 s)." in text
    assert "| console page, first page p95 | 85" in text and "p95 < 150 ms: met" in text
    assert "Checks: every answer 200 ✔." in text and "> Interleaved with the admin." in text
