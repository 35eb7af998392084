"""The benchmark dataset: the demo district built by ``seed_demo --scale``, grown with COPY to a province's volume.

    .venv/bin/python bench/data.py                     # --scale 1: 1,000,000 members, 5,000,000 participations
    .venv/bin/python bench/data.py --scale 0.02 --database-url postgres://postgres@127.0.0.1:5432/bench_main_quick

``seed_demo --scale S`` builds the district exactly as ``make run`` shows it (towns, unions, employers, members with
real-looking names, pinyin, encrypted ID numbers and their history, this year's activities, appeals, rollups). The
member-list and 成绩单 benchmarks need a province's volume, which the seed does not reach at a size it can build
quickly (through its planner, ~46,000 members per unit of scale; --scale 22 took 30 minutes for 1.8 M members on the
development machine). So this module then grows it with PostgreSQL COPY:

- the roster to ``S`` × 1,000,000 members, in the seeded unions in proportion to the members each already has, with
  the seeded names and their pinyin, joining dates over 2000–2025 and their 入会/退会 history (``add_members``);
- finished activities in 2021–2025, organised by those unions and now and then their town, until there are
  ``--per-member`` (default 5) participations per member, drawn from each organiser's own members
  (``add_history``);

then ``VACUUM ANALYZE``. The database is PostgreSQL only, created if missing; its name must contain "bench". What
was built is written as the database's comment, so a second run with the same parameters reuses it and
``--rebuild`` drops and rebuilds it. A build by older code of the same parameters is migrated forward instead of
rebuilt when every migration it was built with is still there unchanged (the build keeps their digests in the table
``bench_build_migration``): a new migration costs its own run, not the hour a 1,000,000-member build takes. Tables
that migration creates start empty (the seed of the newer code did not run), which the run's output says.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_main"
MEMBERS_PER_SCALE = 1_000_000  # the roster is grown to this many members per unit of --scale
PER_ACTIVITY = 100  # participations per added activity
FIRST, LAST = datetime(2021, 1, 1, 1, tzinfo=UTC), datetime(2025, 12, 31, 1, tzinfo=UTC)


def _server_and_name(url: str) -> tuple[str, str]:
    base, name = url.rsplit("/", 1)
    if "bench" not in name:
        raise SystemExit(f"refusing to touch database {name!r}: a benchmark database's name must contain 'bench'")
    return base, name


def _admin(url: str):
    import psycopg

    base, _ = _server_and_name(url)
    return psycopg.connect(f"{base}/postgres", autocommit=True)


def built_as(url: str) -> str | None:
    """The comment left on the database by the last complete build, or None when it is missing or unfinished."""
    _, name = _server_and_name(url)
    with _admin(url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return row[0] if row else None


def schema_fingerprint() -> str:
    """A digest of every migration file: a database built by other code (another branch, an older checkout) is
    rebuilt rather than reused with columns this code does not know."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def migration_digests() -> dict[str, str]:
    """Each migration file's digest, by its path in the repository."""
    return {
        str(path.relative_to(ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(ROOT.glob("*/migrations/*.py"))
    }


def record_migrations(url: str) -> None:
    """Keep the digests of the migrations this build was made with, for a later run to migrate it forward."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_build_migration (path text PRIMARY KEY, digest text NOT NULL)")
        conn.execute("DELETE FROM bench_build_migration")
        with conn.cursor().copy("COPY bench_build_migration (path, digest) FROM STDIN") as copy:
            for row in migration_digests().items():
                copy.write_row(row)


def forward_only(url: str) -> list[str] | None:
    """The migrations added since the build, when it can be migrated forward: every migration it was built with is
    still here with the same content. None when it cannot (a migration changed or went away, or no record)."""
    import psycopg

    with psycopg.connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('bench_build_migration')").fetchone()[0]
        if not exists:
            return None
        built = dict(conn.execute("SELECT path, digest FROM bench_build_migration").fetchall())
    now = migration_digests()
    if not built or any(now.get(path) != digest for path, digest in built.items()):
        return None
    return sorted(path for path in set(now) - set(built) if not path.endswith("__init__.py"))


def recreate(url: str) -> None:
    from psycopg import sql

    _, name = _server_and_name(url)
    with _admin(url) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def mark(url: str, label: str) -> None:
    from psycopg import sql

    _, name = _server_and_name(url)
    with _admin(url) as conn:
        conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(label)))


def _manage(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _setup(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def _copier(cursor):
    """COPY rows into a model's table through psycopg's own cursor. Foreign keys are not checked row by row for
    the rest of the transaction (``session_replication_role = replica``, as a restore does): the rows point at
    records this module has just read, and checking millions of deferred constraints at COMMIT took longer than
    writing them."""
    from django.db import connection

    quote = connection.ops.quote_name
    cursor.execute("SET LOCAL session_replication_role = replica")

    def copy(model, columns, rows):
        cols = ", ".join(quote(c) for c in columns)
        with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({cols}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)

    return copy


def add_members(url: str, total: int, seed: int = 2026) -> int:
    """Grow the seeded roster to ``total`` members: more members of the seeded unions, in proportion to the members
    each already has, with the seeded names (and their pinyin), joining dates over 2000–2025, one in thirty since
    quit, one in twenty tagged 新就业形态, each with its 入会 (and 退会) history. ID numbers are not real ones: the
    hash is unique, the cipher a placeholder (the benchmarks list members, they never decrypt). Returns how many."""
    _setup(url)
    from django.db import connection, transaction
    from django.db.models import Count

    from members.models import Member, MembershipEvent, MemberTag

    rng = random.Random(seed)
    have = Member.objects.count()
    wanted = total - have
    if wanted <= 0:
        return 0
    sizes = list(Member.objects.values_list("union_id").annotate(n=Count("id")).order_by())
    unions, weights = [u for u, _ in sizes], [n for _, n in sizes]
    names = list(Member.objects.values_list("name", "name_pinyin", "name_initials").distinct()[:20_000])
    cipher = Member.objects.values_list("id_cipher", flat=True).first()
    first_id = (Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = datetime.now(UTC)
    start, span = datetime(2000, 1, 1).date(), 26 * 365
    cols = ["id", "id_type", "id_cipher", "id_hash", "id_masked", "union_id", "status", "card_no", "card_version"]
    cols += ["joined_on", "name", "name_pinyin", "name_initials", "gender", "ethnicity", "phone", "education"]
    cols += ["political", "hukou_type", "hukou_place", "employer_name", "gig_platform", "job_title", "employment"]
    cols += ["is_migrant_worker", "created_at", "updated_at"]
    events, tags = [], []

    def rows():
        chosen = rng.choices(unions, weights, k=wanted)
        for k in range(wanted):
            mid, union = first_id + k, chosen[k]
            name, py, initials = names[rng.randrange(len(names))]
            joined = start + timedelta(days=rng.randrange(span))
            status = "quit" if k % 30 == 0 else "active"
            events.append([mid, "joined", joined, union, None, "", now])
            if status == "quit":
                events.append([mid, "quit", joined + timedelta(days=400), union, None, "", now])
            if k % 20 == 0:
                tags.append([mid, "new_employment"])
            yield [mid, "resident", cipher, f"bench{mid:059d}", f"3302**********{mid % 10000:04d}", union, status,
                   f"GH{9_000_000_000 + mid:010d}", 1, joined, name, py, initials, "MF"[k % 2], "汉族",
                   f"1{rng.choice('3589')}{rng.randrange(10**9):09d}", "", "", "urban", "", "", "", "", "employed",
                   False, now, now]  # fmt: skip

    with transaction.atomic(), connection.cursor() as cur:
        copy = _copier(cur)
        copy(Member, cols, rows())
        copy(MembershipEvent, ["member_id", "kind", "on", "union_id", "other_union_id", "reason", "created_at"], events)
        copy(MemberTag, ["member_id", "tag"], tags)
        table = Member._meta.db_table
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}")
    return wanted


def add_history(url: str, per_member: float, seed: int = 2026) -> int:
    """Add finished 2021–2025 activities with participations until there are ``per_member`` per member in all.
    Returns the number of participations added."""
    _setup(url)
    from django.db import connection, transaction

    from activities.models import Activity, Participation
    from members.models import Member
    from orgs.models import Org

    rng = random.Random(seed)
    members_by_union: dict[int, list[tuple[int, str]]] = {}
    for mid, union_id, name in Member.objects.values_list("id", "union_id", "name").iterator(chunk_size=20_000):
        members_by_union.setdefault(union_id, []).append((mid, name))
    total_members = sum(len(v) for v in members_by_union.values())
    wanted = round(total_members * per_member) - Participation.objects.count()
    if wanted <= 0:
        return 0
    # Organisers: every union with members (weighted by size), and now and then its town.
    unions = sorted(members_by_union)
    weights = [len(members_by_union[u]) for u in unions]
    parent_of = {}
    paths = dict(Org.objects.filter(pk__in=unions).values_list("pk", "path"))
    towns = dict(Org.objects.filter(depth=2).values_list("path", "pk"))
    for u, path in paths.items():
        parent_of[u] = towns.get(path[:8])
    n_activities = -(-wanted // PER_ACTIVITY)
    span_hours = int((LAST - FIRST).total_seconds() // 3600)
    now = datetime.now(UTC)
    first_id = (Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    titles = ["职工健步走", "劳模工匠进基层", "职工读书分享会", "户外拓展", "亲子手工课", "技能比武", "健康讲座"]
    categories = [c for c, _ in Activity._meta.get_field("category").choices]
    plan = []  # (activity id, organiser, starts_at, participants)
    for i in range(n_activities):
        union = rng.choices(unions, weights)[0]
        pool = members_by_union[union]
        organiser = parent_of.get(union) if i % 10 == 0 and parent_of.get(union) else union
        take = min(PER_ACTIVITY, len(pool), wanted - i * PER_ACTIVITY)
        if take <= 0:
            break
        starts = FIRST + timedelta(hours=rng.randrange(span_hours))
        plan.append((first_id + i, organiser, starts, rng.sample(pool, take)))

    act_cols = ["id", "title", "organiser_id", "category", "description", "image", "starts_at", "ends_at"]
    act_cols += ["address", "capacity", "audience_tags", "open_to_public", "registration_opens_at"]
    act_cols += ["registration_closes_at", "mode", "waitlist_enabled", "status", "confirmed", "lottery_seed"]
    act_cols += ["subsidy_amount", "created_at", "updated_at"]
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cur:
        copy = _copier(cur)
        copy(
            Activity,
            act_cols,
            (
                [aid, titles[aid % len(titles)], org, categories[aid % len(categories)], "", "", s,
                 s + timedelta(hours=2), "职工之家", len(who), "[]", False, s - timedelta(days=10),
                 s - timedelta(days=1), "first_come", True, "finished", 0, "", 0, now, now]
                for aid, org, s, who in plan
            ),
        )  # fmt: skip
        copy(
            Participation,
            ["activity_id", "member_id", "name", "method", "checked_in_at"],
            ([aid, mid, name, "ticket", s] for aid, _o, s, who in plan for mid, name in who),
        )
        table = quote(Activity._meta.db_table)
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{Activity._meta.db_table}', 'id'), MAX(id)) FROM {table}")
    return sum(len(who) for *_rest, who in plan)


def ensure(url: str = DEFAULT_URL, scale: float = 1, per_member: float = 5, rebuild: bool = False) -> dict:
    """Build the dataset unless the database already holds this exact build: ``seed_demo --scale scale``, then the
    roster grown to ``scale`` × 1,000,000 members and ``per_member`` participations per member. Returns what the
    database holds and how long each step took."""
    members = round(MEMBERS_PER_SCALE * scale)
    label = (
        f"seed_demo --scale {scale:g}; members {members}; participations per member {per_member:g}; "
        f"schema {schema_fingerprint()}"
    )
    timings = {}
    built = None if rebuild else built_as(url)
    params = label.rsplit("; schema ", 1)[0]
    added = forward_only(url) if built and built.rsplit("; schema ", 1)[0] == params and built != label else None
    if built == label:
        print(f"benchmark data: reusing {url.rsplit('/', 1)[1]} ({label})")
        _manage(url, "migrate", "--noinput", "-v", "0")
    elif added is not None:
        print(
            f"benchmark data: migrating {url.rsplit('/', 1)[1]} forward ({len(added)} migrations added since it was "
            f"built; tables they create start empty): {', '.join(added)}",
            flush=True,
        )
        t = time.perf_counter()
        _manage(url, "migrate", "--noinput", "-v", "0")
        timings["migrate_forward_s"] = round(time.perf_counter() - t, 1)
        timings["migrated_forward"] = added
        record_migrations(url)
        mark(url, label)
    else:
        print(f"benchmark data: building {url.rsplit('/', 1)[1]} ({label}) …", flush=True)
        recreate(url)
        t = time.perf_counter()
        _manage(url, "migrate", "--noinput", "-v", "0")
        _manage(url, "install_appeal_calendar")
        timings["migrate_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        _manage(url, "seed_demo", "--scale", f"{scale:g}", "--force")
        timings["seed_demo_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        code = (
            "import bench.data as d; "
            f"print(d.add_members({url!r}, {members!r}), d.add_history({url!r}, {per_member!r}), d.vacuum({url!r}))"
        )
        out = subprocess.run([PYTHON, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
        added_members, added_participations = (int(x) for x in out.split()[-3:-1])
        timings["grow_s"] = round(time.perf_counter() - t, 1)
        print(
            f"  added {added_members:,} members and {added_participations:,} participations with COPY "
            f"in {timings['grow_s']} s"
        )
        record_migrations(url)
        mark(url, label)
    counts = _counts(url)
    print("  " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return {"database": url.rsplit("/", 1)[1], "build": label, "counts": counts, **timings}


def vacuum(url: str) -> int:
    """Statistics for the planner and the visibility map for index-only scans, as a database in use would have."""
    _setup(url)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    return 0


def _counts(url: str) -> dict:
    import psycopg

    tables = {
        "orgs": "orgs_org",
        "members": "members_member",
        "activities": "activities_activity",
        "participations": "activities_participation",
        "appeals": "appeals_appeal",
    }
    with psycopg.connect(url) as conn:
        return {k: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for k, t in tables.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description="基准测试数据：seed_demo --scale 加历年活动参与记录")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--scale", type=float, default=1, help="seed_demo --scale；会员数为该值乘以 100 万")
    parser.add_argument("--per-member", type=float, default=5, help="每名会员的参与记录数（含种子数据）")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    ensure(args.database_url, args.scale, args.per_member, args.rebuild)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
