"""Benchmark: import a 100,000-row roster through the real import path into a fresh database.

    .venv/bin/python bench/import_roster.py [--rows N] [--keep FILE]
    DATABASE_URL=postgres://user@host:5432/dbname .venv/bin/python bench/import_roster.py

A valid roster is generated with XlsxWriter (constant memory; names, unique ID numbers, phones, coded fields as
Chinese labels, dates in the four forms people write, tags, employers of the register), a fresh database is
created (SQLite in a temporary file by default; with ``DATABASE_URL``, a ``test_<name>`` database next to it,
dropped afterwards), and the file goes through ``importing.start_import`` → the background task (run inline) →
validation → one transaction of bulk inserts. Prints the time of each stage, rows per second and peak memory
(the process's maximum resident set, which includes calamine's Rust-side sheet), and asserts every row arrived.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文博宇浩然子涵欣怡梓萱一诺思远"
EDUCATION = ["初中", "高中/中专/技校", "大专", "本科", "硕士研究生"]
POLITICAL = ["群众", "中共党员", "共青团员"]
TAGS = ["", "", "", "困难职工", "工匠", "劳模、工匠", "退役军人"]


def maxrss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def id_number(i: int, birth: date) -> str:
    from stdnum.cn import ric

    body = f"3302{i // 1000 % 100:02d}{birth:%Y%m%d}{i % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def generate(path: Path, rows: int, employers: list[str]) -> None:
    """A valid roster of ``rows`` people, every ID number distinct, written row by row."""
    import xlsxwriter

    from members.roster_file import COLUMNS
    from members.validation import LABELS

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("会员名册")
    ws.write_row(0, 0, [LABELS[f] for f in COLUMNS])
    col = {f: i for i, f in enumerate(COLUMNS)}
    day_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for i in range(rows):
        # Birth dates spread over 40 years; (area, birth, sequence) keeps every number distinct.
        birth = date(1965, 1, 1) + timedelta(days=(i // 100_000) + (i * 7919) % 14_600)
        joined = date(2015, 1, 1) + timedelta(days=i % 3_000)
        r = i + 1
        ws.write_string(r, col["name"], SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)])
        ws.write_string(r, col["id_number"], id_number(i, birth))
        ws.write_string(r, col["phone"], f"13{i % 7 + 3}{i:08d}")
        ws.write_string(r, col["education"], EDUCATION[i % len(EDUCATION)])
        ws.write_string(r, col["political"], POLITICAL[i % len(POLITICAL)])
        ws.write_string(r, col["hukou_type"], "农村" if i % 3 else "城镇")
        ws.write_string(r, col["employer_name"], employers[i % len(employers)] if i % 4 else f"个体商户{i % 500}")
        ws.write_string(r, col["is_migrant_worker"], "是" if i % 3 else "否")
        if TAGS[i % len(TAGS)]:
            ws.write_string(r, col["tags"], TAGS[i % len(TAGS)])
        form = i % 5
        if form == 0:
            ws.write_datetime(r, col["joined_on"], joined, day_fmt)
        elif form == 1:
            ws.write_string(r, col["joined_on"], f"{joined.year}.{joined.month}.{joined.day}")
        elif form == 2:
            ws.write_string(r, col["joined_on"], f"{joined:%Y/%m/%d}")
        elif form == 3:
            ws.write_string(r, col["joined_on"], f"{joined.year}年{joined.month}月{joined.day}日")
        else:
            ws.write_number(r, col["joined_on"], (joined - date(1899, 12, 30)).days)
    wb.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="名册导入基准测试")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", help="also keep the generated roster at this path")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")  # tasks run inline
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = workdir / "media"
    from django.db import connection

    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        # A file, not the in-memory test database: WAL and fsyncs as in a real deployment.
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(workdir / "bench.sqlite3")
    t = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    took = time.perf_counter() - t
    print(f"database: {vendor} {connection.settings_dict['NAME']} (created and migrated in {took:.1f} s)")
    try:
        return run(args, workdir)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args, workdir: Path) -> int:
    from django.core.files import File

    from accounts.models import User
    from core.models import Job
    from members import importing
    from members.models import Member, MembershipEvent, MemberTag
    from orgs import services as org_services
    from orgs.models import OrgKind
    from orgs.tests.factories import make_uscc

    admin = User.objects.create_superuser(username="bench", password="Bench@2026x")
    district = org_services.create_org(
        actor=admin, parent=None, code="BD01", name="基准区总工会", kind=OrgKind.FEDERATION
    )
    town = org_services.create_org(actor=admin, parent=district, code="BT01", name="基准街道总工会", kind=OrgKind.TOWN)
    union = org_services.create_org(actor=admin, parent=town, code="BU01", name="基准联合工会", kind=OrgKind.JOINT)
    employers = []
    for n in range(50):
        ent = org_services.create_enterprise(
            actor=admin, org=town, name=f"基准制造{n:02d}有限公司", uscc=make_uscc(700_000 + n), industry="C",
            ownership="private", staff_count=2000, covering_union=union,
        )  # fmt: skip
        employers.append(ent.name)

    path = Path(args.keep) if args.keep else workdir / "roster.xlsx"
    t = time.perf_counter()
    generate(path, args.rows, employers)
    print(f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")

    # Stage timings from the job's own progress reports.
    stages: list[tuple[str, float]] = []
    original_report = Job.report

    def timed_report(self, *, done=None, total=None, stage=None):
        if stage is not None and (not stages or stages[-1][0] != stage):
            stages.append((stage, time.perf_counter()))
        return original_report(self, done=done, total=total, stage=stage)

    Job.report = timed_report
    rss_before = maxrss_mb()
    start = time.perf_counter()
    with open(path, "rb") as fh:
        job = importing.start_import(actor=admin, union=union, upload=File(fh, name="roster.xlsx"))
    elapsed = time.perf_counter() - start
    Job.report = original_report
    job.refresh_from_db()

    stages.append(("done", start + elapsed))
    print(f"import: {job.get_status_display()} · {job.message}")
    print(f"  upload checks + storing the file: {stages[0][1] - start:.1f} s")
    for (name, began), (_, ended) in zip(stages, stages[1:], strict=False):
        print(f"  {name}: {ended - began:.1f} s")
    print(f"  total: {elapsed:.1f} s ({args.rows / elapsed:,.0f} rows/s)")
    print(f"peak memory (max RSS): {maxrss_mb():.0f} MB (before the import: {rss_before:.0f} MB)")
    members = Member.objects.filter(union=union).count()
    print(
        f"rows in database: members {members:,}, events {MembershipEvent.objects.count():,}, "
        f"tags {MemberTag.objects.count():,}, employers linked {Member.objects.exclude(employer=None).count():,}"
    )
    assert job.status == Job.Status.SUCCEEDED, job.result.get("errors", [])[:5]
    assert members == args.rows, (members, args.rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
