"""The staff account API over HTTP: scope (an account or grant outside it is 404 on every endpoint), the grant rules
as a matrix with their stable codes and statuses, refusals as JSON {code, message} with nothing written, the flows,
and a pinned query count for the list."""

import pytest

from accounts.models import ApiToken, Grant, User
from accounts.roles import Role
from core import sms
from core.models import AuditEvent
from core.testing import api_call, assert_api_refused, assert_out_of_scope, is_chinese

from .factories import add_grant, create, link_path, staff
from .test_grant_rules import MATRIX, ORGS

API = "/api/v1/staff-accounts"
JSON = "application/json"
# The token (with its user), the caller's grants, COUNT, the page, the page's visible grants (with their orgs).
LIST_QUERIES = 5


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()


def db_state():
    return (
        list(
            User.objects.order_by("pk").values_list("pk", "username", "is_active", "password", "display_name", "phone")
        ),
        list(Grant.objects.order_by("pk").values_list("pk", "user_id", "org_id", "role")),
        list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        AuditEvent.objects.count(),
    )


def refused(client, headers, method, url, body=None, *, status: int, code: str) -> dict:
    return assert_api_refused(client, headers, method, url, body, status=status, code=code, state=db_state)


def body(**extra) -> dict:
    return {
        "username": "wangxm",
        "display_name": "王小明",
        "phone": "13922220001",
        "org": "UA11",
        "role": "union_admin",
    } | extra


def endpoints(account_id, grant_id) -> list[tuple[str, str, dict | None]]:
    """Every endpoint that names an account (and one of its grants), with a valid body."""
    url = f"{API}/{account_id}"
    return [
        ("get", url, None),
        ("patch", url, {"display_name": "x"}),
        ("post", f"{url}/password-reset", None),
        ("post", f"{url}/disable", {"reason": ""}),
        ("post", f"{url}/enable", None),
        ("get", f"{url}/events", None),
        ("post", f"{url}/grants", {"org": "UA11", "role": "union_admin"}),
        ("patch", f"{url}/grants/{grant_id}", {"role": "pii_officer", "reason": "x"}),
        ("delete", f"{url}/grants/{grant_id}", None),
    ]


def test_outside_scope_is_404_on_every_endpoint(tree, users, bearer, client):
    other = users.union_b
    mine = staff(tree.union_a1, username="mine")
    before = db_state()
    for actor in (users.town, users.union, users.nobody):
        headers = bearer(actor)
        for method, url, data in endpoints(other.pk, other.grants.get().pk):
            kwargs = {"data": data, "content_type": JSON} if data is not None else {}
            assert_out_of_scope(client, [url], method=method, headers=headers, **kwargs)
    headers = bearer(users.town)
    for method, url, data in endpoints(mine.pk, other.grants.get().pk)[-2:]:
        assert_out_of_scope(client, [url], method=method, headers=headers, data=data, content_type=JSON)
    response = client.get(f"{API}/{other.pk}", headers=headers)
    assert response.json() == {"code": "not_found", "message": "对象不存在或不在您的管理范围内"}
    assert db_state()[:2] == before[:2]


def test_a_token_is_needed(client, users):
    response = client.get(API)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_create_matrix_over_the_api(tree, users, bearer, client):
    actors = {
        "sysadmin": users.sysadmin,
        "district": users.district,
        "town": users.town,
        "union": users.union,
        "pii": staff(tree.district, Role.PII_OFFICER, username="pii"),
        "nobody": users.nobody,
    }
    # Through the API an org outside the scope is not found (404); rank refusals are 403; the wrong kind is 400.
    statuses = {None: 201, "permission_denied": 404, "role_too_high": 403, "peer_admin": 403, "role_not_for_org": 400}
    wrong = []
    n = 0
    for actor, by_role in MATRIX.items():
        headers = bearer(actors[actor])
        for role, outcomes in by_role.items():
            for org_name, outcome in zip(ORGS, outcomes, strict=True):
                n += 1
                org = getattr(tree, org_name)
                payload = body(username=f"cell{n}", phone=f"1392222{n:04d}", org=org.code, role=role, reason="核对")
                before = db_state()
                response = api_call(client, "post", API, headers, payload)
                expected_code = "not_found" if outcome == "permission_denied" else outcome
                got = response.json().get("code") if response.status_code != 201 else None
                if (response.status_code, got) != (statuses[outcome], expected_code):
                    wrong.append(f"{actor} {role} {org_name}: {response.status_code} {response.content.decode()}")
                if response.status_code != 201 and db_state() != before:
                    wrong.append(f"{actor} {role} {org_name}: refused but wrote something")
    assert not wrong, "\n".join(wrong)


def test_create_read_and_list(tree, users, bearer, client, django_capture_on_commit_callbacks):
    headers = bearer(users.town)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_call(client, "post", API, headers, body(username="WangXM", phone="139 2222 0001"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["username"], data["phone"], data["status"], data["status_label"]) == (
        "wangxm",
        "13922220001",
        "pending",
        "待设置密码",
    )
    assert data["last_login"] is None and data["manageable"] is True and data["hidden_grants"] == 0
    assert [(g["org"]["code"], g["role"], g["role_label"]) for g in data["grants"]] == [
        ("UA11", "union_admin", "基层工会管理员")
    ]
    assert link_path("13922220001").startswith("/accounts/password/")

    listed = client.get(API, {"q": "王小"}, headers=headers).json()
    assert [a["username"] for a in listed["items"]] == ["wangxm"] and listed["count"] == 1
    everyone = client.get(API, headers=headers).json()
    assert [a["username"] for a in everyone["items"]] == ["town", "union", "wangxm"]
    assert client.get(API, {"org": "UB11"}, headers=headers).json()["count"] == 0
    assert client.get(API, {"role": "federation_admin"}, headers=headers).json()["items"][0]["username"] == "town"
    assert client.get(API, {"status": "pending"}, headers=headers).json()["count"] == 1
    paged = client.get(API, {"page_size": 2, "page": 2}, headers=headers).json()
    assert paged["count"] == 3 and [a["username"] for a in paged["items"]] == ["wangxm"]
    bad = client.get(API, {"role": "chairman"}, headers=headers)
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_role" and is_chinese(bad.json()["message"])
    bad = client.get(API, {"status": "gone"}, headers=headers)
    assert bad.status_code == 422 and is_chinese(bad.json()["message"])


def test_refusals_are_json_with_stable_codes(tree, users, bearer, client):
    headers = bearer(users.town)
    staff(tree.town_a, username="taken", phone="13922220009")
    data = refused(
        client,
        headers,
        "post",
        API,
        body(username="taken", display_name="", phone="123"),
        status=400,
        code="username_taken",
    )
    assert [(e["code"], e["field"]) for e in data["errors"]] == [
        ("username_taken", "username"),
        ("display_name_required", "display_name"),
        ("invalid_mobile", "phone"),
    ]
    refused(client, headers, "post", API, body(org="UB11"), status=404, code="not_found")
    refused(client, headers, "post", API, body(role="pii_officer"), status=400, code="reason_required")
    refused(client, headers, "post", API, body(extra="x"), status=422, code="invalid_request")
    own = f"{API}/{users.town.pk}"
    refused(client, headers, "post", f"{own}/disable", {}, status=403, code="self_change")
    refused(
        client, headers, "delete", f"{own}/grants/{users.town.grants.get().pk}", status=403, code="last_admin_grant"
    )
    union = f"{API}/{users.union.pk}"
    refused(client, headers, "delete", f"{union}/grants/{users.union.grants.get().pk}", status=400, code="last_grant")
    refused(client, headers, "post", f"{union}/enable", status=400, code="already_active")
    refused(
        client,
        headers,
        "patch",
        f"{union}/grants/{users.union.grants.get().pk}",
        {"role": "federation_admin"},
        status=400,
        code="role_not_for_org",
    )
    district = bearer(users.district)
    refused(
        client, district, "post", f"{API}/{users.sysadmin.pk}/password-reset", status=403, code="account_not_manageable"
    )


def test_reset_disable_enable_edit_grants_and_events(tree, users, bearer, client, django_capture_on_commit_callbacks):
    clerk = staff(tree.union_a1, username="clerk", phone="13922220002")
    clerk_headers = bearer(clerk)
    assert client.get("/api/v1/auth/me", headers=clerk_headers).status_code == 200
    headers = bearer(users.town)
    url = f"{API}/{clerk.pk}"

    with django_capture_on_commit_callbacks(execute=True):
        response = api_call(client, "post", f"{url}/password-reset", headers)
    assert response.status_code == 200 and response.json()["status"] == "pending"
    assert client.get("/api/v1/auth/me", headers=clerk_headers).status_code == 401
    assert link_path("13922220002")

    response = api_call(client, "post", f"{url}/disable", headers, {"reason": "离职"})
    assert response.status_code == 200 and response.json()["status"] == "disabled"
    response = api_call(client, "post", f"{url}/enable", headers)
    assert response.json()["status"] == "pending"

    response = api_call(client, "patch", url, headers, {"phone": "13922220003"})
    assert response.status_code == 200 and response.json()["phone"] == "13922220003"

    response = api_call(client, "post", f"{url}/grants", headers, {"org": "UA12", "role": "union_admin"})
    assert response.status_code == 201, response.content
    grant_id = response.json()["id"]
    response = api_call(
        client, "patch", f"{url}/grants/{grant_id}", headers, {"role": "pii_officer", "reason": "核对身份"}
    )
    assert response.status_code == 200 and response.json()["role"] == "pii_officer"
    response = api_call(client, "delete", f"{url}/grants/{grant_id}", headers)
    assert response.status_code == 204 and not Grant.objects.filter(pk=grant_id).exists()

    events = client.get(f"{url}/events", headers=headers).json()
    assert [e["action"] for e in events] == [
        "accounts.grant.revoked",
        "accounts.grant.role_changed",
        "accounts.grant.created",
        "accounts.user.updated",
        "accounts.user.enabled",
        "accounts.user.disabled",
        "accounts.user.password_reset",
    ]
    assert events[1]["changes"] == {"role": ["union_admin", "pii_officer"]} and events[1]["action_label"] == "变更角色"


def test_an_account_spanning_two_scopes_shows_only_the_callers_side(tree, users, bearer, client):
    both = staff(tree.union_a1, username="both")
    add_grant(both, tree.union_b1, Role.UNION_ADMIN)
    data = client.get(f"{API}/{both.pk}", headers=bearer(users.town)).json()
    assert [g["org"]["code"] for g in data["grants"]] == ["UA11"]
    assert (data["hidden_grants"], data["manageable"]) == (1, False)
    data = client.get(f"{API}/{both.pk}", headers=bearer(users.district)).json()
    assert (len(data["grants"]), data["hidden_grants"], data["manageable"]) == (2, 0, True)


def test_the_list_has_a_pinned_query_count(tree, users, bearer, client, django_assert_num_queries):
    headers = bearer(users.district)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(API, headers=headers).status_code == 200
    for n in range(30):
        add_grant(staff(tree.union_a2, username=f"clerk{n:02d}"), tree.union_a1, Role.PII_OFFICER)
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(API, {"page_size": 50}, headers=headers).json()
    assert page["count"] == 35 and all(len(a["grants"]) in (1, 2) for a in page["items"])


def test_an_account_opened_elsewhere_is_not_found(tree, users, bearer, client):
    user = create(users.district, tree.union_b1, username="clerkb")
    assert client.get(f"{API}/{user.pk}", headers=bearer(users.town)).status_code == 404
    assert client.get(f"{API}/{user.pk}", headers=bearer(users.district)).status_code == 200
