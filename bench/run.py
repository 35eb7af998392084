"""``make bench`` and ``make bench-quick``: every benchmark, one after another, each in its own process.

    .venv/bin/python bench/run.py                  # --scale 1: 1,000,000 members, 5,000,000 participations
    .venv/bin/python bench/run.py --scale 0.2      # smaller or larger (make bench SCALE=0.2)
    .venv/bin/python bench/run.py --quick          # CI: tiny sizes, one repetition, only correctness matters
    .venv/bin/python bench/run.py --only rush-postgres,scorecard
    .venv/bin/python bench/run.py --scale 10       # a separate run at 10,000,000 members (make bench SCALE=10)

Builds (or reuses) the dataset with ``bench/data.py`` (``seed_demo --scale`` plus past years' participations), runs
each benchmark script with ``--json``, and gathers what they wrote into ``bench/results/latest.json`` and the tables
of ``docs/performance.md`` (quick runs write ``bench/results/quick.json`` and leave the document alone). Exits
non-zero when any benchmark fails to complete or any of its correctness checks fails; figures and targets are
reported, never asserted. Each benchmark has its own time limit.

A run at another scale than 1 (``--scale 10``) is a separate run: its own database (``bench_main_s10``), its own
results (``bench/results/scale-10.json``, with the time the data took to build) and its own section of
``docs/performance.md``; by default it runs only the benchmarks whose cost grows with the roster (member list,
成绩单), with time limits grown with the scale. Above scale 1 the 成绩单 benchmark runs with ``--no-compare``: after
a day's changes the incremental refresh is timed against the full rebuild the run measured first, not compared with
a second one (half an hour at 10,000,000 members). The 1,000,000-member figures are left as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common, data, report  # noqa: E402

PYTHON = data.PYTHON
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


# How long each step of the data's build took (bench/data.py): kept across runs that reuse the data.
BUILD_TIMES = ("migrate_s", "seed_demo_s", "grow_s")

# Benchmarks whose cost grows with the roster: what a run at another scale measures unless told otherwise.
SCALED = ("member-list", "scorecard")


def main_database(quick: bool, scale: float) -> str:
    """``bench_main`` for the standard run (scale 1), ``bench_main_quick``, or ``bench_main_s10`` for --scale 10."""
    if quick:
        return f"{SERVER}/bench_main_quick"
    return f"{SERVER}/bench_main" + ("" if scale == 1 else "_s" + f"{scale:g}".replace(".", "_"))


def results_file(quick: bool, scale: float) -> Path:
    if quick:
        return common.RESULTS / "quick.json"
    return common.RESULTS / ("latest.json" if scale == 1 else f"scale-{scale:g}.json")


def benchmarks(quick: bool, repeat: int | None, main_db: str) -> list[dict]:
    """The suite, in the order it runs. ``args`` are appended to ``python bench/<script>``."""
    rep = ["--repeat", str(repeat)] if repeat else []
    q = ["--quick"] if quick else []
    suffix = "_quick" if quick else ""
    return [
        {
            "name": "rush-postgres",
            "script": "rush.py",
            "args": ["--db", "postgres", *q, *rep],
            "env": {"DATABASE_URL": f"{SERVER}/bench_rush{suffix}"},
            "limit_s": 900,
        },
        {
            "name": "rush-sqlite",
            "script": "rush.py",
            "args": ["--db", "sqlite", *q, *rep],
            "env": {},
            "limit_s": 900,
        },
        {
            "name": "import",
            "script": "import_compare.py",
            "args": [*q, *rep],
            "env": {"BENCH_IMPORT_DATABASE_URL": f"{SERVER}/bench_import{suffix}"},
            "limit_s": 1200,
        },
        {
            "name": "member-list",
            "script": "member_list.py",
            "args": ["--database-url", main_db, *q, *rep],
            "env": {},
            "limit_s": 600,
        },
        {
            "name": "places-finder-postgres",
            "script": "places_finder.py",
            "args": ["--db", "postgres", *q, *rep],
            "env": {"DATABASE_URL": f"{SERVER}/bench_places{suffix}"},
            "limit_s": 600,
        },
        {
            "name": "places-finder-sqlite",
            "script": "places_finder.py",
            "args": ["--db", "sqlite", *q, *rep],
            "env": {},
            "limit_s": 600,
        },
        {
            "name": "scorecard",
            "script": "scorecard.py",
            "args": ["--database-url", main_db, "--no-generate", *q, *rep],
            "env": {},
            "limit_s": 900,
        },
    ]


def run_one(bench: dict, out_dir: Path) -> dict:
    """Run one benchmark script; its JSON, or a record of how it failed."""
    out = out_dir / f"{bench['name']}.json"
    out.unlink(missing_ok=True)
    cmd = [PYTHON, str(ROOT / "bench" / bench["script"]), *bench["args"], "--json", str(out)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **bench["env"]}
    print(f"\n=== {bench['name']}: {' '.join(cmd[1:])}", flush=True)
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, timeout=bench["limit_s"])
        code, why = proc.returncode, None
    except subprocess.TimeoutExpired:
        code, why = None, f"did not finish within {bench['limit_s']} s"
    took = round(time.perf_counter() - t, 1)
    if out.exists():
        res = json.loads(out.read_text(encoding="utf-8"))
    else:
        res = {"benchmark": bench["name"], "title": bench["name"], "figures": [], "checks": [], "notes": []}
    res["benchmark"] = bench["name"]
    res["duration_s"] = took
    res["exit_code"] = code
    if why is None and code != 0:
        why = f"exited with status {code}"
    if why is None and not out.exists():
        why = "wrote no result"
    if why is None and (not res["checks"] or not all(c["ok"] for c in res["checks"])):
        why = "a correctness check failed"
    res["failed"] = why
    print(f"=== {bench['name']}: {'FAILED: ' + why if why else 'ok'} in {took} s", flush=True)
    return res


def main() -> int:
    parser = argparse.ArgumentParser(description="全部基准测试")
    parser.add_argument("--quick", action="store_true", help="CI 用的小规模快速运行（只检查正确性）")
    parser.add_argument("--scale", type=float, default=None, help="数据规模：seed_demo --scale，会员 100 万 × 该值")
    parser.add_argument("--repeat", type=int, default=None, help="每项重复次数（默认由各项自定）")
    parser.add_argument("--only", default="", help="只运行这些项，逗号分隔")
    parser.add_argument("--rebuild-data", action="store_true", help="即使已有同参数的数据也重新生成")
    args = parser.parse_args()
    started = time.perf_counter()
    scale = args.scale if args.scale is not None else (0.02 if args.quick else 1)
    main_db = main_database(args.quick, scale)
    target = results_file(args.quick, scale)
    dataset = data.ensure(main_db, scale=scale, per_member=5, rebuild=args.rebuild_data)
    forward = "migrated_forward" in dataset
    if target.exists() and (forward or not any(k.endswith("_s") for k in dataset)):
        # The data was reused or migrated forward: keep the build times measured when it was built.
        before = json.loads(target.read_text(encoding="utf-8")).get("dataset", {})
        if forward or before.get("build") == dataset["build"]:
            dataset |= {k: v for k, v in before.items() if k in BUILD_TIMES}
    out_dir = common.RESULTS / ("quick" if args.quick else "runs" if scale == 1 else f"runs-scale-{scale:g}")
    out_dir.mkdir(parents=True, exist_ok=True)
    suite = benchmarks(args.quick, args.repeat, main_db)
    separate = not args.quick and scale != 1
    if separate:
        for bench in suite:
            bench["limit_s"] = round(bench["limit_s"] * max(1.0, scale))
            if bench["name"] == "scorecard" and scale > 1:
                bench["args"].append("--no-compare")  # no second full rebuild after a day's changes
        if not args.only:
            args.only = ",".join(SCALED)
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {b["name"] for b in suite}
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
        suite = [b for b in suite if b["name"] in wanted]
    results = [run_one(b, out_dir) for b in suite]
    summary = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "scale": scale,
        "dataset": dataset,
        "machine": common.machine(),
        "duration_s": round(time.perf_counter() - started, 1),
        "benchmarks": results,
    }
    if args.only and not args.quick and target.exists():
        # A partial run replaces only the benchmarks it ran.
        previous = json.loads(target.read_text(encoding="utf-8"))
        ran = {r["benchmark"] for r in results}
        summary["benchmarks"] = [b for b in previous["benchmarks"] if b["benchmark"] not in ran] + results
        order = [b["name"] for b in benchmarks(False, None, main_db)]
        summary["benchmarks"].sort(key=lambda b: order.index(b["benchmark"]) if b["benchmark"] in order else 99)
        # The document's "whole suite" time: the benchmarks' own times, those kept and those just re-run.
        summary["duration_s"] = round(sum(b.get("duration_s", 0) for b in summary["benchmarks"]), 1)
        summary["rerun"] = sorted(ran)
        # Partial runs side by side on data another of them built: the build times are in the file by now.
        before = previous.get("dataset", {})
        if before.get("build") == dataset["build"]:
            summary["dataset"] = {k: v for k, v in before.items() if k in BUILD_TIMES} | dataset
    target.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {target.relative_to(ROOT)}")
    if not args.quick:
        doc = ROOT / "docs" / "performance.md"
        report.main()
        print(f"written {doc.relative_to(ROOT)}")
    failed = [r for r in results if r["failed"]]
    print(f"\n{len(results) - len(failed)} of {len(results)} benchmarks completed with every check holding", end="")
    print(f" in {summary['duration_s']:.0f} s" + ("" if not failed else "; failed: "))
    for r in failed:
        print(f"  - {r['benchmark']}: {r['failed']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
