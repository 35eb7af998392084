"""Every error under /api/v1 is JSON ``{code, message}`` (issue 13, "the API contract"): unknown paths, methods an
operation does not take, bodies over the size limit, lock-outs (with ``Retry-After``), crashes; and the console's
endpoints refuse a member's or a partner's token with 403 instead of answering an empty list."""

import json

import pytest
from django.conf import settings
from django.test import Client

from activities.partner_accounts import partner_username
from members import joining
from members.tests.factories import member
from orgs.tests.factories import UserFactory


def assert_json_error(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body["code"] == code and body["message"], body
    return body


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/members/x/y/z", "/api/v1/"])
def test_unknown_paths_are_json_404(client, users, bearer, path):
    assert_json_error(client.get(path, headers=bearer(users.town)), 404, "not_found")
    assert_json_error(client.get(path), 404, "not_found")


def test_a_method_the_operation_does_not_take_is_json_405(client, users, bearer):
    response = client.delete("/api/v1/auth/token")
    assert_json_error(response, 405, "method_not_allowed")
    assert "POST" in response["Allow"]
    assert_json_error(client.put("/api/v1/orgs", headers=bearer(users.town)), 405, "method_not_allowed")


def test_a_body_over_the_limit_is_json_413(client, users, bearer):
    big = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = client.post("/api/v1/auth/token", big, content_type="application/json")
    assert_json_error(response, 413, "payload_too_large")
    response = client.patch(
        f"/api/v1/orgs/{users.union.grants.get().org.code}",
        big,
        content_type="application/json",
        headers=bearer(users.union),
    )
    assert_json_error(response, 413, "payload_too_large")


def test_a_crash_is_json_500_without_details(users, bearer, monkeypatch):
    from accounts.api import public

    def boom(request):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(public.me, "__code__", boom.__code__)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/auth/me", headers=bearer(users.town))
    body = assert_json_error(response, 500, "server_error")
    assert "secret" not in json.dumps(body)


def _member_token(tree, users, bearer):
    m = member(tree.union_a1, users.union, 1)
    return bearer(joining.ensure_account(m, actor=users.union))


def _partner_token(users, bearer):
    partner = UserFactory(username=partner_username("13900001111"))
    from activities import proposals

    proposals.create_partner(
        actor=users.town, org=users.town.grants.get().org, name="合伙人", kind="social", users=[partner]
    )
    return bearer(partner)


STAFF_ENDPOINTS = [
    "/api/v1/members",
    "/api/v1/orgs",
    "/api/v1/enterprises",
    "/api/v1/activities",
    "/api/v1/activity-series",
    "/api/v1/appeals",
    "/api/v1/applications",
    "/api/v1/transfers",
    "/api/v1/staff-accounts",
]


def test_member_and_partner_tokens_on_staff_endpoints_are_403(tree, users, bearer, client):
    for headers in (_member_token(tree, users, bearer), _partner_token(users, bearer)):
        for path in STAFF_ENDPOINTS:
            assert_json_error(client.get(path, headers=headers), 403, "staff_only")
        # Their own endpoints still answer.
        assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    assert client.get("/api/v1/me/appeals", headers=_member_token_again(tree, users, bearer)).status_code == 200
    # Staff keep their answers.
    for path in STAFF_ENDPOINTS:
        assert client.get(path, headers=bearer(users.town)).status_code == 200, path


def _member_token_again(tree, users, bearer):
    from members.models import Member

    return bearer(Member.objects.get(user__isnull=False).user)


def _token_operations():
    """``(method, path, operation)`` for every operation of the API that takes a token, paths with their parameters
    filled in (auth is checked before parameters are read, so any value does)."""
    import re

    from config.api import api

    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if operation.auth_param is None:  # public: no token
                    continue
                url = "/api/v1" + re.sub(r"\{[^}]+\}", "1", prefix + path)
                for method in operation.methods:
                    yield method, url, operation


def test_every_staff_operation_refuses_member_and_partner_tokens(tree, users, bearer, client):
    """Walks the mounted routers: every operation outside the public, member and partner modules (reports included:
    its module does not say ``staff``) answers a member's and a partner's token with 403
    ``staff_only`` before it reads a parameter. A new operation that answers them anything else fails here."""
    from config.api import audience_of_operation

    staff_ops = [(m, url, op) for m, url, op in _token_operations() if audience_of_operation(op) == "staff"]
    modules = {op.view_func.__module__ for _, _, op in staff_ops}
    assert {"reports.api", "places.api.staff", "rights.api.staff", "care.api.staff"} <= modules
    assert len(staff_ops) > 100
    tokens = {"member": _member_token(tree, users, bearer), "partner": _partner_token(users, bearer)}
    wrong = []
    for who, headers in tokens.items():
        for method, url, _ in staff_ops:
            response = client.generic(method, url, "{}", content_type="application/json", headers=headers)
            if response.status_code != 403 or response.json().get("code") != "staff_only":
                wrong.append(f"{who}: {method} {url} → {response.status_code}")
    assert not wrong, "staff operations answering a member's or partner's token:\n" + "\n".join(wrong)


def test_operations_outside_staff_modules_are_the_declared_audiences():
    """What is not staff's is declared so by its module's name; the list of such modules is short and reviewed."""
    from config.api import audience_of_operation

    open_modules = {op.view_func.__module__ for _, _, op in _token_operations() if audience_of_operation(op) != "staff"}
    assert {m.split(".")[-1] for m in open_modules} <= {"public", "member", "partner"}, open_modules
