"""A schema-driven fuzz run of the whole API (issue 13, "keep it held").

schemathesis reads the committed schema (docs/openapi.json, which core/tests/test_openapi.py keeps equal to the live
one), generates requests for every operation (valid ones and edge cases: huge numbers, far dates, long strings,
control characters) and sends them in-process through the WSGI application, with the bearer token of the staff
user of the widest scope (区总工会管理员) and of the narrowest (基层工会管理员), on the test district of the shared
fixtures. Every answer must be no server error and must match the schema: its status is documented, its body is
JSON of the documented shape, its headers are the documented ones. Writes run inside the test's transaction, so
destructive operations are harmless; object ids are mostly missing ones (404, documented).

Run with `make fuzz` (FUZZ=1; it is not collected otherwise). Bounded: ``FUZZ_EXAMPLES`` examples per operation
and role (default 10).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis import checks as st_checks
from schemathesis.specs.openapi import checks as oa_checks

from config.wsgi import application
from core.management.commands.export_openapi import DEFAULT_PATH

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))

schema = schemathesis.openapi.from_path(str(DEFAULT_PATH))
schema.app = application

CHECKS = [
    st_checks.not_a_server_error,
    oa_checks.status_code_conformance,
    oa_checks.content_type_conformance,
    oa_checks.response_schema_conformance,
    oa_checks.response_headers_conformance,
]


@pytest.fixture
def fuzz_headers(tree, users, bearer, request):
    """The bearer token of the role under test. While the WSGI application runs in this process, Django must not
    close the test's database connection at the end of each request (its test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield bearer(getattr(users, request.param))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("fuzz_headers", ["district", "union"], indirect=True)
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api(case, fuzz_headers):
    case.call_and_validate(headers=fuzz_headers, checks=CHECKS)
