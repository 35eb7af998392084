"""The OpenAPI document names the error codes each operation can answer (``x-error-codes``, core/openapi.py), and
every code it names is declared in an app's errors.py (so docs/errors.md explains it)."""

import pytest

from core import errors as core_errors
from core.errors import all_codes
from core.openapi import derived_codes, raises


@pytest.fixture(scope="module")
def schema():
    from config.api import api

    return api.get_openapi_schema()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, details in item.items():
            yield f"{method.upper()} {path}", details


def test_every_operation_names_its_error_codes_and_each_is_declared(schema):
    from core.management.commands.export_errors import load_catalogues

    load_catalogues()
    declared = {c.code for c in all_codes()}
    missing, unknown = [], []
    for key, details in operations(schema):
        codes = details.get("x-error-codes")
        if not codes:
            missing.append(key)
        unknown += [f"{key}: {c}" for c in codes or () if c not in declared]
    assert not missing, "operations without x-error-codes:\n" + "\n".join(missing)
    assert not unknown, "codes not declared in any errors.py:\n" + "\n".join(unknown)


def test_the_codes_come_from_the_services_the_endpoint_calls(schema):
    """Read from the code: the registration endpoint reaches ``services.register`` (full, closed, not eligible); the
    review endpoint reaches ``review_registration`` (decided already); a read answers no ``busy``; a staff operation
    may answer ``staff_only``; an operation that needs no token promises no ``unauthorized``."""
    ops = dict(operations(schema))
    register = ops["POST /api/v1/activities/{activity_id}/register"]["x-error-codes"]
    assert {"activity_full", "registration_closed", "not_eligible", "not_found", "busy"} <= set(register)
    review = ops["POST /api/v1/activities/{activity_id}/registrations/{registration_id}/review"]["x-error-codes"]
    assert {"registration_decided", "activity_full", "permission_denied", "staff_only"} <= set(review)
    progress = ops["POST /api/v1/appeals/{tracking_no}/accept"]["x-error-codes"]
    assert {"appeal_not_open", "already_accepted", "permission_denied"} <= set(progress)
    detail = ops["GET /api/v1/activities/{activity_id}"]["x-error-codes"]
    assert "busy" not in detail and "not_found" in detail
    token = ops["POST /api/v1/auth/token"]["x-error-codes"]
    assert "invalid_credentials" in token and "unauthorized" not in token


def test_derivation_follows_calls_and_declarations():
    """The test of the test: a code named two calls deep is found, ``raises`` adds one the reading cannot see, and a
    function naming none finds none."""
    from activities import services

    found = {c.code for c in derived_codes(services.cancel_registration)}
    assert {"registration_not_active", "cancel_deadline_passed"} <= found

    @raises(core_errors.BUSY)
    def endpoint(request):
        return services.cancel_registration(request)

    assert "busy" in {c.code for c in derived_codes(endpoint)}
    assert "cancel_deadline_passed" in {c.code for c in derived_codes(endpoint)}

    def nothing(request):
        return request

    assert derived_codes(nothing) == set()
