"""Benchmark: a registration rush through the HTTP API, served the way ``make run`` serves it.

    .venv/bin/python bench/rush.py                      # PostgreSQL: 2,000 members, 100 seats, 3 repeats
    .venv/bin/python bench/rush.py --db sqlite          # the same on SQLite (WAL, IMMEDIATE transactions)
    .venv/bin/python bench/rush.py --quick              # 300 members, 20 seats, 1 repeat (CI)
    .venv/bin/python bench/rush.py --json bench/results/rush-postgres.json --connections 32
    DATABASE_URL=postgres://user@host:5432/bench_x .venv/bin/python bench/rush.py

Steps: a fresh database (PostgreSQL: ``DATABASE_URL`` or ``postgres://postgres@127.0.0.1:5432/bench_rush``, created
and dropped with psycopg, its name must contain "bench"; SQLite: a file in a temporary directory) is migrated and
seeded (a district → town → 10 unions, N members each with a member account and an API token, and one 先到先得
activity with a waitlist per repeat), then gunicorn starts exactly as ``make run`` starts it (``config.wsgi`` with
``config/gunicorn.py``; ``BIND`` on a free loopback port, ``WEB_WORKERS``/``WEB_THREADS`` as configured or their
defaults). A load generator in a separate process opens ``--connections`` concurrent connections from threads and,
after a warm-up, repeats ``--repeat`` times: one ``GET /api/v1/auth/me`` per member (the baseline: token check and
a tiny answer), then one ``POST /api/v1/activities/{id}/register`` per member against that repeat's fresh activity
(the same members every time). Each request is on a new connection, as separate phones would send them.

Figures (``bench/common.py``; median and spread over the repeats): registration p50/p95/p99 latency next to the
baseline's same percentile, and registration requests per second next to the baseline's; on PostgreSQL the target
is p99 < 1 s. Checks, every repeat: exactly the seats confirmed (the activity's counter and the rows), one
registration per member, the rest waitlisted, every answer 200, no 5xx, no connection errors. Everything is
bounded: an overall ``--timeout``, a deadline in the load generator, per-request timeouts, only 127.0.0.1. Without
``--json`` the result is only printed.
"""

import argparse
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import common  # noqa: E402

BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_rush"
HOST = "127.0.0.1"


# --- The load generator (runs in its own process) -----------------------------------------------------------


def percentile(sorted_values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    rank = max(1, min(len(sorted_values), round(p / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def run_phase(port: int, method: str, path: str, tokens: list[str], connections: int, deadline: float) -> dict:
    """Send one request per token with ``connections`` threads, each request on a new connection (as separate
    phones would); returns statuses, error codes, latencies and throughput."""
    work: queue.Queue = queue.Queue()
    for token in tokens:
        work.put(token)
    results: list[tuple[int, float, str]] = []
    lock = threading.Lock()

    def worker():
        while time.monotonic() < deadline:
            try:
                token = work.get_nowait()
            except queue.Empty:
                return
            started = time.perf_counter()
            try:
                conn = HTTPConnection(HOST, port, timeout=max(1.0, min(60.0, deadline - time.monotonic())))
                conn.request(
                    method,
                    path,
                    body=b"" if method == "POST" else None,
                    headers={"Authorization": f"Bearer {token}", "Connection": "close"},
                )
                response = conn.getresponse()
                body = response.read()
                status = response.status
                conn.close()
            except OSError as exc:
                status, body = 0, repr(exc).encode()
            elapsed = time.perf_counter() - started
            # The registration's status (confirmed, waitlisted) or the refusal's code: what the client was told.
            try:
                data = json.loads(body)
            except ValueError:
                data = None
            outcome = (data.get("status") or data.get("code") or "") if isinstance(data, dict) else "non-json"
            with lock:
                results.append((status, elapsed, str(outcome)))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()) + 5)
    wall = time.perf_counter() - started
    latencies = sorted(r[1] * 1000 for r in results)
    statuses = Counter(str(r[0]) for r in results)
    return {
        "requests": len(tokens),
        "answered": len(results),
        "unsent": len(tokens) - len(results),
        "statuses": dict(sorted(statuses.items())),
        "outcomes": dict(sorted(Counter(r[2] for r in results).items())),
        "server_errors": sum(n for s, n in statuses.items() if s.startswith("5")),
        "connection_errors": statuses.get("0", 0),
        "wall_seconds": round(wall, 3),
        "rps": round(len(results) / wall, 1) if wall else None,
        "latency_ms": {
            "p50": round(percentile(latencies, 50), 1) if latencies else None,
            "p95": round(percentile(latencies, 95), 1) if latencies else None,
            "p99": round(percentile(latencies, 99), 1) if latencies else None,
            "max": round(latencies[-1], 1) if latencies else None,
        },
    }


def load_main(spec_path: str, out_path: str) -> int:
    """Entry of the load-generator process: a warm-up, then per repeat the baseline and the registration against
    that repeat's activity; writes the results as JSON."""
    spec = json.loads(Path(spec_path).read_text())
    deadline = time.monotonic() + spec["seconds"]
    port, tokens, n = spec["port"], spec["tokens"], spec["connections"]
    # Warm-up: every gunicorn worker imports the URL conf and the API on its first requests; not measured.
    run_phase(port, "GET", "/api/v1/auth/me", tokens[: min(len(tokens), 2 * n)], n, deadline)
    repeats = []
    for activity_id in spec["activity_ids"]:
        baseline = run_phase(port, "GET", "/api/v1/auth/me", tokens, n, deadline)
        register = run_phase(port, "POST", f"/api/v1/activities/{activity_id}/register", tokens, n, deadline)
        repeats.append({"activity_id": activity_id, "baseline": baseline, "register": register})
    Path(out_path).write_text(json.dumps(repeats))
    return 0


# --- Database, seed, server (the parent process) ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def pg_admin(url: str):
    """A psycopg connection (autocommit) to the server's ``postgres`` database, and the benchmark db's name."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to create and drop {name!r}: the benchmark database's name must contain 'bench'")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return psycopg.connect(admin, autocommit=True, connect_timeout=10), name


def pg_recreate(url: str) -> None:
    conn, name = pg_admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def pg_drop(url: str) -> None:
    conn, name = pg_admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(members: int, seats: int, activities: int) -> dict:
    """The org tree, ``members`` members with accounts and tokens (bulk: seeding is not what is measured), and
    ``activities`` first-come activities with ``seats`` seats and a waitlist, created and published through the
    services."""
    from datetime import date

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import ApiToken, User, _hash_token
    from accounts.roles import Role
    from activities import services
    from members.models import Member
    from orgs.tests.factories import OrgFactory, UserFactory

    district = OrgFactory(federation=True, code="BD01", name="基准测试区总工会")
    town = OrgFactory(town=True, parent=district, code="BT01", name="基准测试街道总工会")
    unions = [OrgFactory(parent=town, code=f"BU{i:02d}", name=f"基准测试第{i + 1}工会") for i in range(10)]
    staff = UserFactory(username="bench-staff", grant=(town, Role.FEDERATION_ADMIN))
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"m{i}", display_name=f"会员{i}", phone=f"139{i:08d}", password=unusable)
            for i in range(members)
        ],
        batch_size=500,
    )
    people = []
    for i, user in enumerate(users):
        m = Member(
            union=unions[i % len(unions)],
            card_no=f"BR{i:010d}",
            joined_on=date(2024, 3, 1),
            name=f"会员{i}",
            gender="M",
            phone=user.phone,
            user=user,
        )
        m.set_id_number(f"33020319900101{i:04d}")
        people.append(m)
    Member.objects.bulk_create(people, batch_size=500)
    expires = timezone.now() + timedelta(hours=6)
    raws = [os.urandom(24).hex() for _ in users]
    ApiToken.objects.bulk_create(
        [ApiToken(user=u, key_hash=_hash_token(raw), expires_at=expires) for u, raw in zip(users, raws, strict=True)],
        batch_size=500,
    )
    now = timezone.now()
    ids = []
    for i in range(activities):
        activity = services.create_activity(
            actor=staff,
            organiser=town,
            title=f"职工音乐节（抢票压测第{i + 1}场）",
            category="culture",
            address="基准测试剧场",
            capacity=seats,
            starts_at=now + timedelta(days=2),
            ends_at=now + timedelta(days=2, hours=3),
            registration_opens_at=now - timedelta(hours=1),
            registration_closes_at=now + timedelta(days=1),
            mode="first_come",
            waitlist_enabled=True,
        )
        services.publish(activity, actor=staff)
        ids.append(activity.pk)
    return {"activity_ids": ids, "tokens": raws}


def verdict(activity_id: int, members: int, seats: int) -> dict:
    """What the database says after the rush."""
    from django.db.models import Count

    from activities.models import Activity, Registration

    rows = Registration.objects.filter(activity_id=activity_id)
    by_status = dict(rows.values_list("status").annotate(n=Count("id")).order_by().values_list("status", "n"))
    confirmed = Activity.objects.get(pk=activity_id).confirmed
    distinct = rows.values("member").distinct().count()
    return {
        "activity_confirmed_counter": confirmed,
        "registrations_by_status": by_status,
        "registrations": rows.count(),
        "distinct_members": distinct,
        "exactly_seats_confirmed": confirmed == seats and by_status.get("confirmed", 0) == seats,
        "one_registration_per_member": distinct == rows.count() == members,
        "rest_waitlisted": by_status.get("waitlisted", 0) == members - seats,
    }


def wait_ready(port: int, proc: subprocess.Popen, until: float) -> None:
    """Poll ``/healthz`` until gunicorn answers 200."""
    while time.monotonic() < until:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up; see its log")
        try:
            conn = HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not become ready in time")


def stop(proc: subprocess.Popen) -> None:
    """Stop the gunicorn master this script started (its own session), gracefully first."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def table(params: dict, repeats: list[dict]) -> str:
    """A Markdown table of every repeat."""
    lines = [
        f"**{params['database']}** · {params['members']} members → {params['seats']} seats · "
        f"{params['connections']} connections · gunicorn {params['web_workers']} workers × "
        f"{params['web_threads']} threads · {params['cpus']} CPUs",
        "",
        "| repeat | endpoint | answers by status | 5xx | p50 ms | p95 ms | p99 ms | req/s | database |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for i, rep in enumerate(repeats, 1):
        v = rep["verdict"]
        db = (
            f"confirmed {v['activity_confirmed_counter']}, {v['registrations_by_status']}, "
            f"one per member: {'yes' if v['one_registration_per_member'] else 'NO'}"
        )
        for label, phase, note in (
            ("GET /auth/me (baseline)", rep["baseline"], ""),
            ("POST /activities/{id}/register", rep["register"], db),
        ):
            lat = phase["latency_ms"]
            statuses = ", ".join(f"{k}: {n}" for k, n in phase["statuses"].items())
            lines.append(
                f"| {i} | {label} | {statuses} | {phase['server_errors']} | {lat['p50']} | {lat['p95']} "
                f"| {lat['p99']} | {phase['rps']} | {note} |"
            )
    return "\n".join(lines)


def checks_of(repeats: list[dict], members: int, seats: int) -> list:
    """The correctness checks of every repeat (``bench/common.py``)."""
    checks = []
    for i, rep in enumerate(repeats, 1):
        v, b, r = rep["verdict"], rep["baseline"], rep["register"]
        checks += [
            common.check(
                f"repeat {i}: exactly {seats} confirmed (counter and rows)",
                v["exactly_seats_confirmed"],
                f"counter {v['activity_confirmed_counter']}, rows {v['registrations_by_status'].get('confirmed', 0)}",
            ),
            common.check(
                f"repeat {i}: one registration per member",
                v["one_registration_per_member"],
                f"{v['registrations']} registrations, {v['distinct_members']} distinct members of {members}",
            ),
            common.check(
                f"repeat {i}: the other {members - seats} waitlisted",
                v["rest_waitlisted"],
                str(v["registrations_by_status"]),
            ),
            common.check(
                f"repeat {i}: every request answered 200, no 5xx, no connection errors",
                r["unsent"] == 0
                and b["unsent"] == 0
                and set(r["statuses"]) == {"200"}
                and set(b["statuses"]) == {"200"},
                f"register {r['statuses']}, baseline {b['statuses']}, unsent {r['unsent'] + b['unsent']}",
            ),
            common.check(
                f"repeat {i}: 0 server errors (5xx)",
                r["server_errors"] == 0 and b["server_errors"] == 0,
                f"register {r['server_errors']}, baseline {b['server_errors']}",
            ),
            common.check(
                f"repeat {i}: 0 connection errors",
                r["connection_errors"] == 0 and b["connection_errors"] == 0,
                f"register {r['connection_errors']}, baseline {b['connection_errors']}",
            ),
        ]
    return checks


def figures_of(repeats: list[dict], postgres: bool) -> list:
    """Registration latency percentiles and throughput next to the baseline's, median over the repeats."""
    figures = []
    for p in ("p50", "p95", "p99"):
        reg = [rep["register"]["latency_ms"][p] for rep in repeats]
        base = [rep["baseline"]["latency_ms"][p] for rep in repeats]
        target = common.target("<", 1000, "p99 < 1 s") if p == "p99" and postgres else None
        figures.append(
            common.figure(
                f"POST /activities/{{id}}/register {p}",
                "ms",
                reg,
                baseline=(f"GET /auth/me {p}", base),
                target_=target,
            )
        )
    figures.append(
        common.figure(
            "POST /activities/{id}/register throughput",
            "req/s",
            [rep["register"]["rps"] for rep in repeats],
            baseline=("GET /auth/me throughput", [rep["baseline"]["rps"] for rep in repeats]),
            lower_is_better=False,
        )
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description="报名抢票基准测试（HTTP API，按 make run 的方式部署）")
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--quick", action="store_true", help="300 members, 20 seats, 1 repeat")
    parser.add_argument("--members", type=int)
    parser.add_argument("--seats", type=int)
    parser.add_argument("--repeat", type=int, help="rounds of baseline + registration, each on a fresh activity")
    parser.add_argument("--json", help="write the result here (bench/common.py's format)")
    parser.add_argument("--connections", type=int, default=64, help="concurrent connections of the load generator")
    parser.add_argument("--timeout", type=int, default=900, help="overall limit in seconds")
    parser.add_argument("--keep", action="store_true", help="keep the database and the temporary directory")
    parser.add_argument("--load", nargs=2, metavar=("SPEC", "OUT"), help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.load:
        return load_main(*args.load)
    members = args.members or (300 if args.quick else 2000)
    seats = args.seats or (20 if args.quick else 100)
    repeat = args.repeat or (1 if args.quick else 3)
    if not (0 < seats < members <= 20_000) or not 1 <= args.connections <= 256 or not 1 <= repeat <= 20:
        parser.error("need 0 < seats < members ≤ 20000, 1 ≤ connections ≤ 256 and 1 ≤ repeat ≤ 20")
    until = time.monotonic() + args.timeout

    workdir = Path(tempfile.mkdtemp(prefix="bench-rush-"))
    postgres = args.db == "postgres"
    if postgres:
        db_url = os.environ.get("DATABASE_URL", DEFAULT_PG)
        if not db_url.startswith(("postgres://", "postgresql://")):
            parser.error("--db postgres needs a postgres:// DATABASE_URL")
        pg_recreate(db_url)
    else:
        db_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        # Secrets, media and logs of this run stay in its own directory, never in the project's var/.
        "VAR_DIR": str(workdir / "var"),
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
    }
    os.environ.update(env)
    gunicorn = None
    log_path = workdir / "gunicorn.log"
    try:
        t = time.perf_counter()
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", interactive=False, verbosity=0)
        connections.close_all()
        # gunicorn boots (its workers import the project) while the members are seeded; it serves only after both.
        port = free_port()
        with open(log_path, "wb") as log:
            gunicorn = subprocess.Popen(
                [str(BIN / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.py"],
                cwd=ROOT,
                env={**env, "BIND": f"{HOST}:{port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        seeded = seed(members, seats, repeat)
        connections.close_all()
        wait_ready(port, gunicorn, min(until, time.monotonic() + 90))
        print(f"database {args.db} migrated, {members} members seeded, gunicorn ready: {time.perf_counter() - t:.1f} s")
        spec = workdir / "spec.json"
        out = workdir / "load.json"
        seconds = max(10, int(until - time.monotonic()) - 60)
        spec.write_text(
            json.dumps(
                {
                    "port": port,
                    "tokens": seeded["tokens"],
                    "connections": args.connections,
                    "activity_ids": seeded["activity_ids"],
                    "seconds": seconds,
                }
            )
        )
        t = time.perf_counter()
        subprocess.run([PYTHON, __file__, "--load", str(spec), str(out)], cwd=ROOT, check=True, timeout=seconds + 30)
        print(f"load phases done in {time.perf_counter() - t:.1f} s")
        repeats = json.loads(out.read_text())
        stop(gunicorn)
        connections.close_all()

        import multiprocessing

        from config import gunicorn as gconf

        for rep in repeats:
            rep["verdict"] = verdict(rep["activity_id"], members, seats)
        params = {
            "database": "PostgreSQL" if postgres else "SQLite",
            "members": members,
            "seats": seats,
            "repeat": repeat,
            "connections": args.connections,
            "web_workers": gconf.workers,
            "web_threads": gconf.threads,
            "cpus": multiprocessing.cpu_count(),
        }
        print(table(params, repeats))
        notes = [
            "Each request opens a new connection (Connection: close), as separate phones would.",
            f"Queueing: {args.connections} connections on {gconf.workers} × {gconf.threads} server threads, so by "
            "Little's law the latency is about connections ÷ throughput; p99 follows the load level.",
        ]
        if not postgres:
            notes.append("SQLite: no latency target (one writer at a time, one machine); figures only.")
        data = common.result(
            f"rush-{args.db}",
            f"Registration rush: {members} members → {seats} seats over HTTP ({params['database']})",
            params=params,
            figures=figures_of(repeats, postgres),
            checks=checks_of(repeats, members, seats),
            notes=notes,
        )
        data["repeats"] = repeats
        status = common.write(args.json, data)
        if status:
            print(f"FAILED: see {log_path}" if args.keep else "FAILED (rerun with --keep to inspect gunicorn's log)")
        return status
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        if postgres and not args.keep:
            pg_drop(db_url)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
