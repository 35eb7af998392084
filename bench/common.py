"""What every benchmark shares: figures as median and spread over repeated runs, next to a baseline measured in the
same run, checks of correctness, and one JSON shape that ``bench/run.py`` gathers into ``bench/results/latest.json``
and ``docs/performance.md``.

A benchmark script accepts ``--json PATH`` and writes there::

    {"benchmark": "rush-postgres", "title": "...", "params": {...},
     "figures": [figure(...), ...], "checks": [check(...), ...], "notes": ["..."]}

Exit status 0 only when every check holds; figures are never asserted (this machine is noisy), targets are only
reported as met or not.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def summary(runs: list[float], digits: int = 1) -> dict:
    """Median, min and max of repeated measurements (the spread is max − min)."""
    if not runs:
        raise ValueError("no runs")
    return {
        "runs": [round(r, digits) for r in runs],
        "median": round(statistics.median(runs), digits),
        "min": round(min(runs), digits),
        "max": round(max(runs), digits),
    }


def target(op: str, value: float, text: str) -> dict:
    """A target such as ``target("<", 1000, "p99 < 1 s")``; ``op`` is one of < <= > >=."""
    assert op in {"<", "<=", ">", ">="}
    return {"op": op, "value": value, "text": text}


def _meets(value: float, t: dict) -> bool:
    return {
        "<": value < t["value"],
        "<=": value <= t["value"],
        ">": value > t["value"],
        ">=": value >= t["value"],
    }[t["op"]]


def figure(
    label: str,
    unit: str,
    runs: list[float],
    *,
    baseline: tuple[str, list[float]] | None = None,
    target_on: str = "median",
    target_: dict | None = None,
    lower_is_better: bool = True,
) -> dict:
    """One measured figure over repeated runs, with its baseline (label, runs) measured in the same run.

    ``ratio`` is ours ÷ baseline (medians). A target applies to our median (``target_on="median"``) or, for targets
    on a ratio, to the ratio (``target_on="ratio"``)."""
    out = {"label": label, "unit": unit, **summary(runs), "lower_is_better": lower_is_better}
    if baseline is not None:
        b_label, b_runs = baseline
        out["baseline"] = {"label": b_label, **summary(b_runs)}
        out["ratio"] = round(out["median"] / out["baseline"]["median"], 3) if out["baseline"]["median"] else None
    else:
        out["baseline"], out["ratio"] = None, None
    out["target"] = None
    out["met"] = None
    if target_ is not None:
        value = out["ratio"] if target_on == "ratio" else out["median"]
        out["target"] = {**target_, "on": target_on}
        out["met"] = None if value is None else _meets(value, target_)
    return out


def check(label: str, ok: bool, detail: str = "") -> dict:
    """A correctness check: these are asserted everywhere, CI included."""
    return {"label": label, "ok": bool(ok), "detail": detail}


def machine() -> dict:
    """Cores, memory, CPU model, OS, Python and database versions, load average: recorded with every result."""
    info = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kb = int(next(line for line in meminfo.splitlines() if line.startswith("MemTotal")).split()[1])
        info["memory_gib"] = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        info["memory_gib"] = None
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(line for line in cpuinfo.splitlines() if line.startswith("model name")).split(":", 1)[1]
        info["cpu"] = info["cpu"].strip()
    except (OSError, StopIteration):
        info["cpu"] = platform.processor() or None
    try:
        out = subprocess.run(["psql", "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
        info["postgresql_client"] = out or None
    except (OSError, subprocess.SubprocessError):
        info["postgresql_client"] = None
    import sqlite3

    info["sqlite"] = sqlite3.sqlite_version
    return info


def result(benchmark: str, title: str, *, params: dict, figures: list, checks: list, notes=()) -> dict:
    return {
        "benchmark": benchmark,
        "title": title,
        "params": params,
        "figures": figures,
        "checks": checks,
        "notes": list(notes),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }


def write(path: str | Path | None, data: dict) -> int:
    """Write the result (when a path is given), print the checks, and return the exit status: 0 when all hold."""
    if path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    failed = [c for c in data["checks"] if not c["ok"]]
    for c in data["checks"]:
        print(f"  [{'ok' if c['ok'] else 'FAILED'}] {c['label']}{': ' + c['detail'] if c['detail'] else ''}")
    return 1 if failed or not data["checks"] else 0
