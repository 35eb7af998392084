"""Benchmark: one 100,000-row roster through three importers into the same PostgreSQL table.

    .venv/bin/python bench/import_compare.py                 # 100,000 rows; ours and the floor 3 times, d-i-e once
    .venv/bin/python bench/import_compare.py --quick         # 2,000 rows, once each (CI)
    .venv/bin/python bench/import_compare.py --repeat 5 --json bench/results/import-compare.json

The contenders, each in a fresh subprocess against a freshly emptied member table (orgs, enterprises and the
importing account are kept):

* **ours** — ``members.importing.import_roster``: read with python-calamine, validate every row, then one
  transaction writing members, tags and 入会 events (COPY on PostgreSQL).
* **django-import-export** — its standard ``ModelResource`` import of the same file (its XLSX format reads with
  openpyxl), default settings: row by row, a savepoint per row inside one transaction, diffs kept. Its hooks do the
  derived work our model needs with our own helpers (``clean_person`` for the Chinese labels and date forms, ID
  hash + encryption + mask, pinyin, card numbers, the employer matched by name or 统一社会信用代码, tags, the 入会
  event, one audit event), so it stores the same rows. Looked up by ``id_hash`` (``import_id_fields``), as a shop
  would to update people already registered.
* **floor** — what no importer can beat: reading the file with python-calamine plus a PostgreSQL COPY of the same
  rows (members, tags, events) already cleaned and derived before the clock starts.

Figures: seconds (wall clock of the import call, reading included) and peak memory (the subprocess's maximum
resident set minus its resident set just before the import: Rust-side calamine buffers included). A single
django-import-export run over ``--die-max-rows`` (default 10,000) is not attempted at full size: it runs on the
first ``--die-max-rows`` rows and its seconds and memory are extrapolated linearly, which the figure's label says.
Every run is checked: as many members in the table as rows in the file.

The database is ``BENCH_IMPORT_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/bench_import_b``),
created and migrated when missing; its name must contain ``bench``.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_import_b"
UNION_CODE = "BU01"
RUN_TIMEOUT = 900  # seconds, one contender run


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


# --- Setup (the parent process) -------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the database, or recreate it when it was built from other migrations (bench/data.py's fingerprint)."""
    import data

    label = f"import_compare; schema {data.schema_fingerprint()}"
    if data.built_as(url) != label:
        data.recreate(url)
        data.mark(url, label)


def seed():
    """The importing account, district → town → 联合工会 and 50 enterprises it covers (kept between runs)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import User
    from orgs import services as org_services
    from orgs.models import Enterprise, Org, OrgKind
    from orgs.tests.factories import make_uscc

    admin = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        username="bench", password="Bench@2026x"
    )
    union = Org.objects.filter(code=UNION_CODE).first()
    if union is None:
        district = org_services.create_org(
            actor=admin, parent=None, code="BD01", name="基准区总工会", kind=OrgKind.FEDERATION
        )
        town = org_services.create_org(
            actor=admin, parent=district, code="BT01", name="基准街道总工会", kind=OrgKind.TOWN
        )
        union = org_services.create_org(
            actor=admin, parent=town, code=UNION_CODE, name="基准联合工会", kind=OrgKind.JOINT
        )
        for n in range(50):
            org_services.create_enterprise(
                actor=admin, org=town, name=f"基准制造{n:02d}有限公司", uscc=make_uscc(700_000 + n), industry="C",
                ownership="private", staff_count=2000, covering_union=union,
            )  # fmt: skip
    employers = list(Enterprise.objects.filter(covering_union=union).order_by("name").values_list("name", flat=True))
    return admin, union, employers


def empty_member_tables() -> None:
    from django.db import connection

    from members.models import Member, MembershipEvent, MemberTag

    tables = ", ".join(m._meta.db_table for m in (MemberTag, MembershipEvent, Member))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        cursor.execute("VACUUM ANALYZE")


def member_count() -> int:
    from members.models import Member, MembershipEvent, MemberTag

    return Member.objects.count(), MembershipEvent.objects.count(), MemberTag.objects.count()


def run_worker(contender: str, path: Path, url: str, rows: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", contender, "--file", str(path), "--rows", str(rows)]
    env = {**os.environ, "BENCH_IMPORT_DATABASE_URL": url}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT, env=env, cwd=ROOT)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-5000:])
        raise SystemExit(f"{contender} worker failed ({proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- The contenders (each in its own subprocess) ---------------------------------------------------------------


def worker(contender: str, path: str, rows: int) -> dict:
    _django(os.environ.get("BENCH_IMPORT_DATABASE_URL", DEFAULT_URL))
    from accounts.models import User
    from orgs.models import Org

    admin = User.objects.get(username="bench")
    union = Org.objects.get(code=UNION_CODE)
    prepare = {"ours": prepare_ours, "die": prepare_die, "die_bulk": prepare_die, "floor": prepare_floor}[contender]
    run = prepare(path, union, admin, bulk=contender == "die_bulk")
    rss_before, now_before = rss_mb(), current_rss_mb()
    start = time.perf_counter()
    extra = run()
    seconds = time.perf_counter() - start
    # ru_maxrss is a high-water mark: if the preparation peaked higher, the import's own peak is hidden. The
    # current RSS before the import is the better base; the peak is max(maxrss after) − RSS before.
    return {"seconds": seconds, "peak_mb": max(rss_mb() - now_before, 0.0), "maxrss_before": rss_before, **extra}


def prepare_ours(path, union, admin, **_):
    from core.models import Job
    from members import importing
    from members.roster_file import JOB_KIND

    job = Job.objects.create(kind=JOB_KIND, org=union, created_by=admin, params={"filename": "roster.xlsx"})
    stages: list[tuple[str, float]] = []
    original = Job.report

    def timed_report(self, *, done=None, total=None, stage=None):
        if stage is not None and (not stages or stages[-1][0] != stage):
            stages.append((stage, time.perf_counter()))
        return original(self, done=done, total=total, stage=stage)

    def run():
        Job.report = timed_report
        outcome = importing.import_roster(path, union=union, actor=admin, job=job)
        stages.append(("end", time.perf_counter()))
        Job.report = original
        assert outcome.ok, outcome.errors[:5]
        return {"stages": {a: round(t1 - t0, 2) for (a, t0), (_, t1) in zip(stages, stages[1:], strict=False)}}

    return run


def prepare_floor(path, union, admin, **_):
    """Clean and derive every row before the clock starts; the clock covers reading the file with calamine and
    COPYing members, tags and events."""
    import python_calamine
    from django.db import connection, transaction
    from django.utils import timezone

    from core import pii
    from core.pinyin import pinyin_keys
    from members import importing
    from members.models import Member, MembershipEvent, MemberTag
    from members.roster_file import RosterFile
    from members.services import card_numbers

    roster = RosterFile(path)
    today = timezone.localdate()
    now = timezone.now()
    validation = importing.validate_roster(roster, union, today=today)
    cards = iter(card_numbers(validation.auto_cards))
    prepared = []
    for _row, raw in roster.data_rows():
        values = importing._clean_row(raw, today).values
        number = values["id_number"]
        employer = validation.employers.get(values["employer_name"])
        prepared.append(
            (
                values,
                pii.encrypt(number),
                pii.lookup_hash(values["id_type"], number),
                pii.mask_id(number),
                pinyin_keys(values["name"]),
                employer,
                values["card_no"] or next(cards),
            )
        )
    fields = Member._meta.concrete_fields
    with connection.cursor() as cursor:  # sequences are not transactional: reserving ids here is what COPY needs
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Member._meta.db_table, len(prepared)],
        )
        ids = [r[0] for r in cursor.fetchall()]
    members, tags, events = [], [], []
    for pk, (values, cipher, id_hash, masked, (py, initials), employer, card) in zip(ids, prepared, strict=True):
        record = {
            **values,
            "id": pk,
            "id_type": str(values["id_type"]),
            "employment": str(values["employment"]),
            "id_cipher": cipher,
            "id_hash": id_hash,
            "id_masked": masked,
            "name_pinyin": py,
            "name_initials": initials,
            "employer_id": employer[0] if employer else None,
            "employer_name": employer[1] if employer else values["employer_name"],
            "union_id": union.pk,
            "status": "active",
            "card_no": card,
            "card_version": 1,
            "user_id": None,
            "created_at": now,
            "updated_at": now,
        }
        members.append(tuple(record[f.attname] for f in fields))
        tags += [(pk, str(t)) for t in values["tags"]]
        events.append((pk, "joined", values["joined_on"], union.pk, None, "名册导入", admin.pk, now))
    del prepared

    def run():
        workbook = python_calamine.CalamineWorkbook.from_path(path)
        read = sum(1 for _ in workbook.get_sheet_by_index(0).iter_rows()) - 1
        workbook.close()
        assert read == len(members), (read, len(members))
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            for table, columns, data in (
                (Member._meta.db_table, [f.column for f in fields], members),
                (MemberTag._meta.db_table, ("member_id", "tag"), tags),
                (
                    MembershipEvent._meta.db_table,
                    ("member_id", "kind", "on", "union_id", "other_union_id", "reason", "actor_id", "created_at"),
                    events,
                ),
            ):
                cols = ", ".join(f'"{c}"' for c in columns)
                with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for record in data:
                        copy.write_row(record)
        return {}

    return run


def prepare_die(path, union, admin, *, bulk=False):
    from import_die import member_resource
    from import_export.formats.base_formats import XLSX

    MemberResource = member_resource(bulk=bulk)

    def run():
        with open(path, "rb") as fh:
            dataset = XLSX().create_dataset(fh.read())
        result = MemberResource(union=union, actor=admin).import_data(dataset, dry_run=False)
        if result.has_errors() or result.has_validation_errors():
            first = (
                [e.error for e in result.base_errors][:3]
                + [(row, [repr(e.error) for e in errs][:2]) for row, errs in result.row_errors()[:3]]
                + [(r.number, r.validation_error) for r in result.invalid_rows[:3]]
            )
            raise AssertionError(f"django-import-export reported errors: {first}")
        return {}

    return run


# --- The parent: generate, run, check, report ------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="名册导入：本平台 vs django-import-export vs 下限（calamine + COPY）")
    parser.add_argument("--quick", action="store_true", help="2,000 rows, once each")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours and of the floor")
    parser.add_argument("--die-repeat", type=int, default=1, help="runs of django-import-export")
    parser.add_argument(
        "--die-max-rows",
        type=int,
        default=10_000,
        help="django-import-export runs on at most this many rows; more is extrapolated linearly",
    )
    parser.add_argument("--die-bulk", action="store_true", help="also measure d-i-e with use_bulk (an extra figure)")
    parser.add_argument("--only", help="comma-separated: ours,die,floor")
    parser.add_argument("--json", help="write the result here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()  # fmt: skip

    if args.worker:
        print(json.dumps(worker(args.worker, args.file, args.rows)))
        return 0
    if args.quick:
        args.rows, args.repeat, args.die_repeat = 2_000, 1, 1

    import common

    url = os.environ.get("BENCH_IMPORT_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    _django(url)
    _, _, employers = seed()
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-compare-"))
    from import_roster import generate

    path = workdir / "roster.xlsx"
    t = time.perf_counter()
    generate(path, args.rows, employers)
    print(f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
    die_rows = min(args.rows, args.die_max_rows)
    die_path = path
    if die_rows < args.rows:
        die_path = workdir / "roster-slice.xlsx"
        generate(die_path, die_rows, employers)  # the same generator: the first die_rows rows of the full file
    scale = args.rows / die_rows

    only = set((args.only or "ours,die,floor").split(","))
    plan = [("ours", path, args.rows, args.repeat), ("floor", path, args.rows, args.repeat)]
    plan.insert(1, ("die", die_path, die_rows, args.die_repeat))
    if args.die_bulk:
        plan.append(("die_bulk", die_path, die_rows, args.die_repeat))
    runs: dict[str, list[dict]] = {}
    checks = []
    from django.db import connection

    for contender, file, rows, repeat in plan:
        if contender.split("_")[0] not in only and contender not in only:
            continue
        for i in range(repeat):
            empty_member_tables()
            connection.close()
            out = run_worker(contender, file, url, rows)
            members, events, tags = member_count()
            ok = members == rows and events == rows
            checks.append(common.check(f"{contender} run {i + 1}: {rows:,} members and 入会 events stored", ok,
                                       f"members {members:,}, events {events:,}, tags {tags:,}"))  # fmt: skip
            factor = scale if contender.startswith("die") else 1
            out["seconds_scaled"], out["peak_mb_scaled"] = out["seconds"] * factor, out["peak_mb"] * factor
            runs.setdefault(contender, []).append(out)
            print(
                f"{contender} run {i + 1}: {out['seconds']:.1f} s, peak +{out['peak_mb']:.0f} MB over {rows:,} rows"
                + (f" → {out['seconds_scaled']:.1f} s at {args.rows:,} (×{factor:g})" if factor != 1 else "")
                + (f" {out.get('stages')}" if out.get("stages") else "")
            )
    empty_member_tables()

    figures, notes = [], []
    die_label = "django-import-export ModelResource"
    if scale != 1:
        die_label += f" ({die_rows:,} rows × {scale:g}, extrapolated)"

    def secs(name):
        return [r["seconds_scaled"] for r in runs.get(name, [])]

    def mem(name):
        return [r["peak_mb_scaled"] for r in runs.get(name, [])]

    n = f"{args.rows:,} rows"
    if "ours" in runs and "die" in runs:
        figures.append(common.figure(f"ours, seconds for {n} (vs django-import-export)", "s", secs("ours"),
                                     baseline=(die_label, secs("die")), target_on="ratio",
                                     target_=common.target("<=", 0.2, "at least 5× faster")))  # fmt: skip
        figures.append(common.figure(f"ours, peak memory for {n} (vs django-import-export)", "MB", mem("ours"),
                                     baseline=(die_label, mem("die"))))  # fmt: skip
    if "ours" in runs and "floor" in runs:
        floor = "the floor (calamine + COPY)"
        figures.append(common.figure(f"ours, seconds for {n} (vs the floor)", "s", secs("ours"),
                                     baseline=(floor, secs("floor")), target_on="ratio",
                                     target_=common.target("<=", 3, "within 3× of the floor")))  # fmt: skip
        figures.append(common.figure(f"ours, peak memory for {n} (vs the floor)", "MB", mem("ours"),
                                     baseline=(floor, mem("floor"))))  # fmt: skip
    if "die_bulk" in runs and "ours" in runs:
        label = die_label.replace("ModelResource", "ModelResource with use_bulk")
        figures.append(common.figure(f"ours, seconds for {n} (vs d-i-e use_bulk)", "s", secs("ours"),
                                     baseline=(label, secs("die_bulk"))))  # fmt: skip
    if "ours" in runs:
        for stage in runs["ours"][0].get("stages", {}):
            figures.append(common.figure(f"ours, stage {stage}", "s", [r["stages"][stage] for r in runs["ours"]]))
    notes.append(
        "Peak memory: the worker subprocess's ru_maxrss after the import minus its resident set just before it "
        "(Django loaded, nothing imported yet)."
    )
    if scale != 1:
        notes.append(
            f"django-import-export ran on the first {die_rows:,} rows; its seconds and memory are multiplied by "
            f"{scale:g}. Its per-row cost does not fall with size (one savepoint, one look-up and several INSERTs per "
            "row), so the linear extrapolation does not flatter ours."
        )
    result = common.result(
        "import-compare",
        "Roster import, 100,000 rows: ours against django-import-export and the floor",
        params={"rows": args.rows, "repeat": args.repeat, "die_rows": die_rows, "die_repeat": args.die_repeat,
                "database": "postgresql"},
        figures=figures,
        checks=checks,
        notes=notes,
    )  # fmt: skip
    for f in figures:
        base = f"  vs {f['baseline']['median']} ({f['baseline']['label']}) ratio {f['ratio']}" if f["baseline"] else ""
        met = f" target {f['target']['text']}: {'met' if f['met'] else 'NOT met'}" if f["target"] else ""
        print(f"{f['label']}: {f['median']} {f['unit']} [{f['min']}–{f['max']}]{base}{met}")
    return common.write(args.json, result)


if __name__ == "__main__":
    sys.exit(main())
