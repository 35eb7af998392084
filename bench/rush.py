"""Benchmark: a registration rush through the HTTP API, served the way ``make run`` serves it.

    .venv/bin/python bench/rush.py                      # PostgreSQL: 2,000 members, 100 seats
    .venv/bin/python bench/rush.py --db sqlite          # the same on SQLite (WAL, IMMEDIATE transactions)
    .venv/bin/python bench/rush.py --quick              # 300 members, 20 seats (CI)
    DATABASE_URL=postgres://user@host:5432/bench_x .venv/bin/python bench/rush.py

Steps: a fresh database (PostgreSQL: ``DATABASE_URL`` or ``postgres://postgres@127.0.0.1:5432/bench_rush``, created
and dropped with psycopg, its name must contain "bench"; SQLite: a file in a temporary directory) is migrated and
seeded (a district → town → 10 unions, N members each with a member account and an API token, one 先到先得
activity with waitlist), then gunicorn starts exactly as ``make run`` starts it (``config.wsgi`` with
``config/gunicorn.py``; ``BIND`` on a free loopback port, ``WEB_WORKERS`` as configured or its default). A load
generator in a separate process opens ``--connections`` concurrent connections from threads and sends, after a
warm-up, one ``GET /api/v1/auth/me`` per member (the baseline: token check and a tiny answer) and then one
``POST /api/v1/activities/{id}/register`` per member. Reported for both: answers by status, p50/p95/p99 latency,
requests per second, and their ratio; for registration also the database's verdict (exactly the seats
confirmed, one registration per member, the rest waitlisted). Results go to ``bench/results/rush-<db>.json`` and
a Markdown table is printed. Everything is bounded: an overall ``--timeout``, a deadline in the load generator,
only 127.0.0.1.
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
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
RESULTS = ROOT / "bench" / "results"
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
    """Entry of the load-generator process: warm-up, baseline, registration; writes the results as JSON."""
    spec = json.loads(Path(spec_path).read_text())
    deadline = time.monotonic() + spec["seconds"]
    port, tokens, n = spec["port"], spec["tokens"], spec["connections"]
    # Warm-up: every gunicorn worker imports the URL conf and the API on its first requests; not measured.
    run_phase(port, "GET", "/api/v1/auth/me", tokens[: min(len(tokens), 4 * n)], n, deadline)
    baseline = run_phase(port, "GET", "/api/v1/auth/me", tokens, n, deadline)
    register = run_phase(port, "POST", f"/api/v1/activities/{spec['activity_id']}/register", tokens, n, deadline)
    Path(out_path).write_text(json.dumps({"baseline": baseline, "register": register}))
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


def seed(members: int, seats: int) -> dict:
    """The org tree, ``members`` members with accounts and tokens (bulk: seeding is not what is measured), and one
    first-come activity with ``seats`` seats and a waitlist, created and published through the services."""
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
    activity = services.create_activity(
        actor=staff,
        organiser=town,
        title="职工音乐节（抢票压测）",
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
    return {"activity_id": activity.pk, "tokens": raws}


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
        "one_registration_per_member": distinct == rows.count(),
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


def table(result: dict) -> str:
    """The Markdown table of one run."""
    b, r = result["baseline"], result["register"]
    lines = [
        f"**{result['database']}** · {result['members']} members → {result['seats']} seats · "
        f"{result['connections']} connections · gunicorn {result['web_workers']} workers × "
        f"{result['web_threads']} threads · {result['cpus']} CPUs",
        "",
        "| endpoint | requests | answers by status | 5xx | p50 ms | p95 ms | p99 ms | req/s |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, phase in (("GET /auth/me (baseline)", b), ("POST /activities/{id}/register", r)):
        lat = phase["latency_ms"]
        statuses = ", ".join(f"{k}: {v}" for k, v in phase["statuses"].items())
        lines.append(
            f"| {label} | {phase['requests']} | {statuses} | {phase['server_errors']} | {lat['p50']} | {lat['p95']} "
            f"| {lat['p99']} | {phase['rps']} |"
        )
    v = result["verdict"]
    lines += [
        "",
        f"registration / baseline: throughput × {result['ratio']['rps']}, p50 × {result['ratio']['p50']}, "
        f"p99 × {result['ratio']['p99']}",
        f"database: confirmed {v['activity_confirmed_counter']} (exactly {result['seats']}: "
        f"{'yes' if v['exactly_seats_confirmed'] else 'NO'}), registrations {v['registrations_by_status']}, "
        f"one per member: {'yes' if v['one_registration_per_member'] else 'NO'}",
    ]
    if "vs_postgresql" in result:
        c = result["vs_postgresql"]
        lines.append(
            f"vs PostgreSQL ({c['postgresql_file']}): registration throughput × {c['register_rps_ratio']}, "
            f"baseline throughput × {c['baseline_rps_ratio']}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="报名抢票基准测试（HTTP API，按 make run 的方式部署）")
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--quick", action="store_true", help="300 members, 20 seats")
    parser.add_argument("--members", type=int)
    parser.add_argument("--seats", type=int)
    parser.add_argument("--connections", type=int, default=64, help="concurrent connections of the load generator")
    parser.add_argument("--timeout", type=int, default=900, help="overall limit in seconds")
    parser.add_argument("--keep", action="store_true", help="keep the database and the temporary directory")
    parser.add_argument("--load", nargs=2, metavar=("SPEC", "OUT"), help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.load:
        return load_main(*args.load)
    members = args.members or (300 if args.quick else 2000)
    seats = args.seats or (20 if args.quick else 100)
    if not (0 < seats < members <= 20_000) or not 1 <= args.connections <= 256:
        parser.error("need 0 < seats < members ≤ 20000 and 1 ≤ connections ≤ 256")
    until = time.monotonic() + args.timeout

    workdir = Path(tempfile.mkdtemp(prefix="bench-rush-"))
    if args.db == "postgres":
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
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=max(10, until - time.monotonic()),
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connections

        seeded = seed(members, seats)
        connections.close_all()
        print(f"database {args.db}: migrated and seeded {members} members in {time.perf_counter() - t:.1f} s")

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
        wait_ready(port, gunicorn, min(until, time.monotonic() + 90))
        spec = workdir / "spec.json"
        out = workdir / "load.json"
        seconds = max(10, int(until - time.monotonic()) - 60)
        spec.write_text(
            json.dumps(
                {
                    "port": port,
                    "tokens": seeded["tokens"],
                    "connections": args.connections,
                    "activity_id": seeded["activity_id"],
                    "seconds": seconds,
                }
            )
        )
        subprocess.run([PYTHON, __file__, "--load", str(spec), str(out)], cwd=ROOT, check=True, timeout=seconds + 30)
        load = json.loads(out.read_text())
        stop(gunicorn)
        connections.close_all()

        import multiprocessing

        from config import gunicorn as gconf

        b, r = load["baseline"], load["register"]

        def ratio(x, y):
            return round(x / y, 2) if x and y else None

        result = {
            "database": "PostgreSQL" if args.db == "postgres" else "SQLite",
            "members": members,
            "seats": seats,
            "connections": args.connections,
            "web_workers": gconf.workers,
            "web_threads": gconf.threads,
            "cpus": multiprocessing.cpu_count(),
            "when": time.strftime("%Y-%m-%d %H:%M:%S"),
            "baseline": b,
            "register": r,
            "ratio": {
                "rps": ratio(r["rps"], b["rps"]),
                "p50": ratio(r["latency_ms"]["p50"], b["latency_ms"]["p50"]),
                "p99": ratio(r["latency_ms"]["p99"], b["latency_ms"]["p99"]),
            },
            "verdict": verdict(seeded["activity_id"], members, seats),
        }
        pg_file = RESULTS / "rush-postgres.json"
        if args.db == "sqlite" and pg_file.exists():
            pg = json.loads(pg_file.read_text())
            if pg.get("members") == members and pg.get("seats") == seats:
                result["vs_postgresql"] = {
                    "postgresql_file": str(pg_file.relative_to(ROOT)),
                    "register_rps_ratio": ratio(r["rps"], pg["register"]["rps"]),
                    "baseline_rps_ratio": ratio(b["rps"], pg["baseline"]["rps"]),
                }
        RESULTS.mkdir(parents=True, exist_ok=True)
        suffix = "-quick" if args.quick else ""
        (RESULTS / f"rush-{args.db}{suffix}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        print(table(result))
        ok = (
            result["verdict"]["exactly_seats_confirmed"]
            and result["verdict"]["one_registration_per_member"]
            and r["server_errors"] == 0
            and b["server_errors"] == 0
            and r["unsent"] == 0
            and r["connection_errors"] == 0
            and set(r["statuses"]) == {"200"}
        )
        if not ok:
            print(f"FAILED: see {log_path}" if args.keep else "FAILED (rerun with --keep to inspect gunicorn's log)")
        return 0 if ok else 1
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        if args.db == "postgres" and not args.keep:
            pg_drop(db_url)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
