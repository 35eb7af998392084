"""Benchmark: the staff roster list at ~1,000,000 members (issue 7, item 3), next to the Django admin changelist.

    .venv/bin/python bench/member_list.py --database-url postgres://postgres@127.0.0.1:5432/bench_main
    .venv/bin/python bench/member_list.py --quick          # 5 requests per case; tiny SQLite data if no URL is given

The database is an existing one built by ``bench/data.py`` (``seed_demo`` grown to 1,000,000 members in one
district at ``--scale 1``), already migrated. Nothing in it changes: the whole run happens inside one transaction
that is rolled back at the end (the bench users, their grant, the API token and the sessions exist only inside it).
Without ``--database-url`` (and without ``DATABASE_URL``) a temporary SQLite file is migrated and seeded with
``seed_demo --scale 0.02``.

Requests go through ``django.test.Client`` in this process against the real URLs, with ``bench.settings_admin``
(the test settings, DEBUG off, plus ``/bench-admin/``). Who asks:

* ours (console page ``/console/members/`` and API ``GET /api/v1/members``): a 区总工会 administrator whose grant
  is on the district's root, so the whole tree is in scope through the same path filter every scoped user gets;
* the baseline: a superuser on a bench-only admin site with the ``ModelAdmin`` a Django shop would write
  (``bench/urls_admin.py``: same columns, ``search_fields`` on name/pinyin/initials/phone, ``list_filter`` on
  status, ``list_select_related``, the default paginator with its COUNTs, the same page size and ordering).

Cases, each for the page, the API and the admin: the first page (default filters: the whole scope), a deep page
(``--deep-page``, default 2,000: offset ~40,000, what paging far or following a link into the middle costs), and a
pinyin search (full pinyin, default ``zhangwei``). Per case: a warm-up, then ``--requests`` timed requests (each
timed alone, rendering included), p50 and p95 of those; repeated ``--repeat`` times, the figures are the median
and spread of the per-run p50/p95, ours against the admin's measured in the same run (interleaved). Checks: every
answer 200, the first and deep pages list exactly the rows of the reference query (scope, ordering newest joined
first), every search result matches the pinyin.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402

SETTINGS = "bench.settings_admin"
OUR_ROW = re.compile(r'href="/console/members/(\d+)/"')
ADMIN_ROW = re.compile(r'href="/bench-admin/members/member/(\d+)/change/')


class Rollback(Exception):
    """Raised at the end of the run so that nothing it wrote stays."""


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def setup_django(database_url: str | None, quick: bool) -> str:
    """Point Django at the database (a seeded temporary SQLite file when none is given) and set it up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("VAR_DIR", str(ROOT / "var"))
    seeded = False
    if not database_url:
        tmp = Path(tempfile.mkdtemp(prefix="bench_member_list_"))
        database_url = f"sqlite:///{tmp / 'db.sqlite3'}"
        seeded = True
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    if seeded:
        import io

        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("seed_demo", scale=0.02, force=True, verbosity=0, stdout=io.StringIO())
    return database_url


def describe(url: str) -> str:
    """The database URL without credentials."""
    return re.sub(r"//[^@/]*@", "//", url)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="a seeded, migrated database")
    parser.add_argument("--quick", action="store_true", help="5 requests per case, one run (CI)")
    parser.add_argument("--repeat", type=int, default=None, help="runs (default 3; --quick 1)")
    parser.add_argument("--requests", type=int, default=None, help="timed requests per case (default 30; --quick 5)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per case first (default 3)")
    parser.add_argument("--deep-page", type=int, default=2000, help="the deep page's number (default 2000)")
    parser.add_argument("--search", default="zhangwei", help="the pinyin searched for (default zhangwei)")
    parser.add_argument("--timeout", type=float, default=1800, help="overall time limit in seconds")
    parser.add_argument("--json", default=None, help="write the result here")
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 3)
    n = args.requests or (5 if args.quick else 30)
    warmup = 1 if args.quick else args.warmup
    deadline = time.monotonic() + args.timeout

    url = setup_django(args.database_url, args.quick)
    from django.db import connection, transaction

    try:
        with transaction.atomic():
            data = run(args, repeat=repeat, n=n, warmup=warmup, deadline=deadline)
            data["params"]["database"] = f"{connection.vendor}: {describe(url)}"
            raise Rollback
    except Rollback:
        pass
    print_table(data)
    return common.write(args.json, data)


def run(args, *, repeat: int, n: int, warmup: int, deadline: float) -> dict:
    from django.conf import settings
    from django.test import Client

    from accounts.models import ApiToken, Grant, User
    from accounts.roles import Role
    from members.models import Member
    from orgs.models import Org, OrgKind

    root = Org.objects.filter(depth=1, kind=OrgKind.FEDERATION).order_by("path").first()
    if root is None:
        raise SystemExit("no 区总工会 in the database: seed it with manage.py seed_demo first")
    ours_user = User.objects.create(username="bench_member_list", display_name="基准测试")
    Grant.objects.create(user=ours_user, org=root, role=Role.FEDERATION_ADMIN)
    admin_user = User.objects.create(username="bench_member_list_admin", is_staff=True, is_superuser=True)
    _, raw_token = ApiToken.issue(ours_user)
    ours, api, admin = Client(), Client(headers={"Authorization": f"Bearer {raw_token}"}), Client()
    ours.force_login(ours_user)
    admin.force_login(admin_user)

    # The reference answers, from plain queries (not timed).
    per_page = settings.PAGE_SIZE
    scoped = Member.objects.filter(union__path__startswith=root.path).order_by("-joined_on", "-id")
    total = scoped.count()
    pages = max(1, -(-total // per_page))
    deep = min(args.deep_page, pages)
    q = args.search.lower()
    if not Member.objects.filter(name_pinyin__startswith=q).exists():
        # Small data without the name: search the most common full pinyin instead.
        from django.db.models import Count

        q = Member.objects.values("name_pinyin").annotate(n=Count("id")).order_by("-n", "name_pinyin")[0]["name_pinyin"]
    found = scoped.filter(name_pinyin__startswith=q)
    expected = {
        "first": list(scoped.values_list("pk", flat=True)[:per_page]),
        "deep": list(scoped.values_list("pk", flat=True)[(deep - 1) * per_page : deep * per_page]),
        "search": list(found.values_list("pk", flat=True)[:per_page]),
    }
    # The API lists newest registered first (``-id``), the console newest joined first.
    by_id = scoped.order_by("-id")
    expected_api = {
        "first": list(by_id.values_list("pk", flat=True)[:per_page]),
        "deep": list(by_id.values_list("pk", flat=True)[(deep - 1) * per_page : deep * per_page]),
        "search": list(by_id.filter(name_pinyin__startswith=q).values_list("pk", flat=True)[:per_page]),
    }
    found_count = found.count()

    def pinyin_of(ids: list[int]) -> dict[int, str]:
        """The listed members' pinyin (looked up by id: a search matches more members than are worth loading)."""
        return dict(Member.objects.filter(pk__in=ids).values_list("pk", "name_pinyin"))

    cases = {
        "first": ("first page", {}, {}),
        "deep": (f"page {deep:,}", {"page": deep}, {"p": deep}),
        "search": (f"pinyin search '{q}'", {"q": q}, {"q": q}),
    }
    targets = {
        "page": lambda params: ours.get("/console/members/", params),
        "api": lambda params: api.get("/api/v1/members", params),
        "admin": lambda params: admin.get("/bench-admin/members/member/", params),
    }

    def ids_of(kind: str, response) -> list[int]:
        if kind == "api":
            return [item["id"] for item in response.json()["items"]]
        pattern = ADMIN_ROW if kind == "admin" else OUR_ROW
        seen: list[int] = []
        for pk in map(int, pattern.findall(response.content.decode())):
            if pk not in seen:
                seen.append(pk)
        return seen

    checks, statuses = [], {}
    # One untimed request per case and target for the correctness checks.
    for case, (title, ours_params, admin_params) in cases.items():
        for kind in targets:
            response = targets[kind](admin_params if kind == "admin" else ours_params)
            got = ids_of(kind, response) if response.status_code == 200 else []
            label = f"{kind} {title}"
            pinyin = pinyin_of(got)
            if case == "search" and kind == "admin":
                ok = bool(got) and all(q in pinyin.get(pk, "") for pk in got)
                detail = f"{len(got)} rows, every name's pinyin contains {q}"
            elif case == "search":
                want = expected_api if kind == "api" else expected
                ok = got == want["search"] and all(pinyin.get(pk, "").startswith(q) for pk in got)
                detail = f"{len(got)} rows of {found_count}, every name's pinyin starts with {q}"
            else:
                ok = got == (expected_api if kind == "api" else expected)[case]
                order = "newest first" if kind == "api" else "newest joined first"
                detail = f"{len(got)} rows, those of the reference query ({order})"
            if kind == "api" and response.status_code == 200:
                count = response.json()["count"]
                ok = ok and count >= len(got)
            checks.append(common.check(label, response.status_code == 200 and ok, detail))

    samples: dict[tuple[str, str], list[list[float]]] = {(c, k): [] for c in cases for k in targets}
    for _ in range(repeat):
        for case, (_, ours_params, admin_params) in cases.items():
            for kind in targets:
                params = admin_params if kind == "admin" else ours_params
                for _ in range(warmup):
                    targets[kind](params)
                times = []
                for _ in range(n):
                    if time.monotonic() > deadline:
                        raise SystemExit(f"--timeout ({args.timeout:g} s) reached")
                    started = time.perf_counter()
                    response = targets[kind](params)
                    times.append((time.perf_counter() - started) * 1000)
                    statuses.setdefault(kind, {}).setdefault(response.status_code, 0)
                    statuses[kind][response.status_code] += 1
                samples[(case, kind)].append(times)
    for kind, by_status in statuses.items():
        checks.append(common.check(f"{kind}: every timed answer 200", set(by_status) == {200}, str(by_status)))

    figures = []
    for case, (title, _, _) in cases.items():
        admin_runs = samples[(case, "admin")]
        for kind, what in (("page", "console page,"), ("api", "API,")):
            runs = samples[(case, kind)]
            figures.append(
                common.figure(
                    f"{what} {title} p95",
                    "ms",
                    [percentile(t, 95) for t in runs],
                    baseline=(f"Django admin, {title} p95", [percentile(t, 95) for t in admin_runs]),
                    target_=common.target("<", 150, "p95 < 150 ms"),
                )
            )
            figures.append(
                common.figure(
                    f"{what} {title} p50",
                    "ms",
                    [percentile(t, 50) for t in runs],
                    baseline=(f"Django admin, {title} p50", [percentile(t, 50) for t in admin_runs]),
                )
            )
    return common.result(
        "member-list",
        f"Member list at {total:,} members: console page and API against the Django admin changelist",
        params={
            "members_in_scope": total,
            "page_size": per_page,
            "pages": pages,
            "deep_page": deep,
            "search": q,
            "search_matches": found_count,
            "requests_per_case": n,
            "warmup": warmup,
            "repeat": repeat,
        },
        figures=figures,
        checks=checks,
        notes=[
            "In-process django.test.Client, DEBUG off; each request timed alone (rendering included).",
            "Ours: a 区总工会 administrator granted on the root (the whole tree via the scope's path filter); "
            "admin: a superuser on a bench-only AdminSite (bench/urls_admin.py).",
            f"Median of {repeat} runs of p50/p95 over {n} requests after {warmup} warm-up requests per case.",
            "Above 10,000 rows the roster's count is capped (console: 超过 10,000 条; API: count_exact false).",
        ],
    )


def print_table(data: dict) -> None:
    p = data["params"]
    print(f"member list: {p['members_in_scope']:,} members in scope, {p['pages']:,} pages of {p['page_size']}")
    print(f"{'case':<40} {'ours ms':>9} {'admin ms':>9} {'ratio':>7}  target")
    for f in data["figures"]:
        met = "" if f["met"] is None else ("met" if f["met"] else "NOT met")
        base = f["baseline"]["median"] if f["baseline"] else float("nan")
        print(f"{f['label']:<40} {f['median']:>9.1f} {base:>9.1f} {f['ratio'] or 0:>7.3f}  {met}")


if __name__ == "__main__":
    sys.exit(main())
