"""A schema-driven fuzz run of the whole API (issue 13, "keep it held"), part of ``make test`` (scripts/test.sh).

schemathesis reads the committed schema (docs/openapi.json, which core/tests/test_openapi.py keeps equal to the live
one), generates requests for every operation (valid ones and edge cases: huge numbers, far dates, long strings,
control characters) and sends them over HTTP to a live server this module starts on the test database, with the
bearer token of the staff user of the widest scope (区总工会管理员) and of the narrowest (基层工会管理员) of the
shared test district. Every answer must be no server error and must match the schema: its status is documented, its
body is JSON of the documented shape, its headers are the documented ones.

Writes commit (it is a real server), so every operation other than a read is pointed at missing objects: its path
parameters are replaced by ids no row has (404, documented). Collection writes (create a member, an activity …)
run with what the fuzzer generates; they only add rows to the scratch district.

Bounded: ``FUZZ_EXAMPLES`` examples per operation (default 3), each sent as both users. When the run ends it prints
what it did and fails unless every operation of the schema was exercised. Run the module whole and without xdist
(``make fuzz``); it is collected only with FUZZ=1, which scripts/test.sh sets for its fuzz step.
"""

import os
import sys
import time
from collections import Counter
from types import SimpleNamespace
from urllib.request import urlopen

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis import checks as st_checks
from schemathesis.specs.openapi import checks as oa_checks

from core.management.commands.export_openapi import DEFAULT_PATH

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
MISSING_ID = 2_000_000_000
MISSING_KEY = "zz-missing"

schema = schemathesis.openapi.from_path(str(DEFAULT_PATH))

CHECKS = [
    st_checks.not_a_server_error,
    oa_checks.status_code_conformance,
    oa_checks.content_type_conformance,
    oa_checks.response_schema_conformance,
    oa_checks.response_headers_conformance,
]

# Operations the run does not send, with the reason (none today: every operation is exercised).
EXCLUDED: dict[str, str] = {}

EXERCISED: Counter = Counter()  # operation label -> cases sent
STATUSES: Counter = Counter()  # (role, status) -> answers
STARTED = time.monotonic()


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """The test database, created whatever the tests are marked: the cases themselves must not hold a transaction
    (pytest-django's ``db`` wraps each test in one, and on SQLite it holds the write lock the live server waits for)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="module")
def live(request, django_db_setup, django_db_blocker):
    """The shared test district, committed, served over HTTP by a live server thread; the two users' tokens. When
    the run is over, reports what it did and fails unless every operation of the schema was exercised."""
    from django.core.management import call_command
    from django.test.testcases import LiveServerThread

    from accounts.models import ApiToken
    from conftest import build_tree, build_users
    from core.testing import api_headers

    with django_db_blocker.unblock():
        tree = build_tree()
        users = build_users(tree)
        roles = {role: api_headers(ApiToken.issue(getattr(users, role))[1]) for role in ("district", "union")}
        server = LiveServerThread("127.0.0.1", lambda handler: handler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        url = f"http://127.0.0.1:{server.port}"
        # The first request imports and compiles what every later one reuses: not part of any case's time budget.
        urlopen(f"{url}/healthz", timeout=120).read()
        try:
            yield SimpleNamespace(url=url, roles=roles)
        finally:
            server.terminate()
            call_command("flush", interactive=False, verbosity=0)
    _report_and_check(request)


def _report_and_check(request) -> None:
    """Print what the run did; unless the run was filtered (``-k``), fail when an operation was not exercised."""
    expected = _operation_ids() - set(EXCLUDED)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        _report(reporter.write_line)
    selected = [item for item in request.session.items if getattr(item, "originalname", "") == "test_api"]
    if len(selected) >= len(expected):
        assert set(EXERCISED) == expected, f"not exercised: {sorted(expected - set(EXERCISED))}"


def _operation_ids() -> set[str]:
    return {
        operation["operationId"]
        for path in schema.raw_schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


def _report(write) -> None:
    in_schema = _operation_ids()
    write(
        f"\nfuzz: {len(EXERCISED)} of {len(in_schema)} operations exercised ({len(EXCLUDED)} excluded), "
        f"{sum(EXERCISED.values())} cases, {sum(STATUSES.values())} requests as district and union admin, "
        f"{time.monotonic() - STARTED:.0f} s, up to {EXAMPLES} examples per operation"
    )
    for role in ("district", "union"):
        counts = sorted((status, n) for (r, status), n in STATUSES.items() if r == role)
        write(f"fuzz: {role}: " + ", ".join(f"{status}×{n}" for status, n in counts))


def _point_writes_at_missing_objects(case) -> None:
    """A write (anything but GET) on an object is sent to an id no row has: the run never changes what exists."""
    if case.method.upper() == "GET" or not case.path_parameters:
        return
    for name, value in case.path_parameters.items():
        case.path_parameters[name] = MISSING_ID if isinstance(value, int) else MISSING_KEY


@(schema.exclude(operation_id=list(EXCLUDED)) if EXCLUDED else schema).parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api(case, live):
    _point_writes_at_missing_objects(case)
    for role, headers in live.roles.items():
        t0 = time.monotonic()
        # The role's token, whatever the case generated for the security scheme's header.
        case.headers = {**(case.headers or {}), **headers}
        response = case.call_and_validate(base_url=live.url, checks=CHECKS, timeout=60)
        if os.environ.get("FUZZ_DEBUG"):
            print(
                f"{time.monotonic() - t0:.2f}s {case.method} {case.formatted_path} {response.status_code}",
                file=sys.stderr,
            )
        STATUSES[(role, response.status_code)] += 1
    EXERCISED[case.operation.definition.raw.get("operationId") or case.operation.label] += 1
