"""The org and enterprise API over HTTP: tokens, scope (out of scope is 404 everywhere), the tree rules with
their stable codes, audit rows, paging, pinned query counts and Chinese validation errors."""

import pytest

from core.models import AuditEvent
from core.testing import api_call, api_headers, assert_api_refused, assert_out_of_scope, is_chinese
from orgs import services
from orgs.models import Enterprise, Org, OrgKind
from orgs.tests.factories import EnterpriseFactory, OrgFactory, make_uscc

API = "/api/v1"
JSON = "application/json"
VALID_USCC = make_uscc(7777)
BAD_USCCS = ["91330211MA2AXXXX1", "913302117900000000", "12345"]

# Per request: the bearer token (with its user), the user's grants, then the list's own queries.
ORG_LIST_QUERIES = 5  # + COUNT, the page, the parents of the page
ORG_LIST_UNDER_QUERIES = 6  # + the `under` org
ENTERPRISE_LIST_QUERIES = 4  # + COUNT, the page (org and covering union joined)
ENTERPRISE_LIST_ORG_QUERIES = 5  # + the `org` filter's org (its scope is already loaded)


def db_state():
    """Everything an endpoint could write: the tree, the register and the audit trail."""
    return (
        list(Org.objects.order_by("pk").values()),
        list(Enterprise.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def refused(client, headers, method, url, body=None, *, status: int, code: str) -> dict:
    """Refused with ``status`` and ``code``, a Chinese message, and nothing written."""
    return assert_api_refused(client, headers, method, url, body, status=status, code=code, state=db_state)


def codes_of(page: dict) -> list[str]:
    return [item["code"] for item in page["items"]]


def new_org_body(**extra) -> dict:
    return {"parent": "TA01", "code": "UA99", "name": "甲九新材料有限公司工会", "kind": "grassroots", **extra}


def new_enterprise_body(**extra) -> dict:
    body = {"org": "TA01", "name": "甲九新材料有限公司", "uscc": VALID_USCC, "industry": "C", "ownership": "private"}
    return {**body, **extra}


# --- Authentication ---------------------------------------------------------------------------------------------


def test_token_round_trip(client, users):
    response = client.post(f"{API}/auth/token", data={"username": "town", "password": "Demo@2026"}, content_type=JSON)
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    listed = client.get(f"{API}/orgs", headers=api_headers(token))
    assert listed.status_code == 200
    assert set(codes_of(listed.json())) == {"TA01", "UA11", "UA12", "UA13"}

    wrong = client.post(f"{API}/auth/token", data={"username": "town", "password": "wrong"}, content_type=JSON)
    assert (wrong.status_code, wrong.json()["code"]) == (401, "invalid_credentials")


@pytest.mark.parametrize("headers", [{}, api_headers("not-a-token"), {"Authorization": "Token abc"}])
def test_without_a_valid_token_every_endpoint_answers_401(client, tree, headers):
    for method, url in [
        ("get", f"{API}/orgs"),
        ("get", f"{API}/orgs/TA01"),
        ("post", f"{API}/orgs"),
        ("get", f"{API}/enterprises"),
        ("patch", f"{API}/enterprises/{tree.ent_a1.pk}"),
    ]:
        response = api_call(client, method, url, headers, {} if method != "get" else None)
        assert response.status_code == 401, (method, url)
        assert response.json()["code"] == "unauthorized"
        assert is_chinese(response.json()["message"])


# --- Scope ------------------------------------------------------------------------------------------------------


def test_town_admin_lists_exactly_its_subtree(client, tree, users, bearer):
    response = client.get(f"{API}/orgs", headers=bearer(users.town))
    data = response.json()
    assert data["count"] == 4
    assert {i["code"]: i["parent_code"] for i in data["items"]} == {
        "TA01": "D001",
        "UA11": "TA01",
        "UA12": "TA01",
        "UA13": "UA12",
    }
    ents = client.get(f"{API}/enterprises", headers=bearer(users.town)).json()
    assert {i["id"] for i in ents["items"]} == {tree.ent_a1.pk, tree.ent_a2.pk, tree.ent_a3.pk}


def test_union_admin_sees_only_its_own_union(client, tree, users, bearer):
    data = client.get(f"{API}/orgs", headers=bearer(users.union)).json()
    assert [(i["code"], i["parent_code"]) for i in data["items"]] == [("UA11", "TA01")]
    # Enterprises are seen from the org they are registered at and from the union covering them: its own employer.
    ents = client.get(f"{API}/enterprises", headers=bearer(users.union)).json()
    assert [i["id"] for i in ents["items"]] == [tree.ent_a1.pk]


def test_sysadmin_sees_everything(client, tree, users, bearer):
    assert client.get(f"{API}/orgs", headers=bearer(users.sysadmin)).json()["count"] == 7
    assert client.get(f"{API}/enterprises", headers=bearer(users.sysadmin)).json()["count"] == 4


@pytest.mark.parametrize(
    ("who", "org", "ent", "target"),
    [
        # A grassroots admin guessing a sibling town's union.
        ("union_b", "union_a1", "ent_a1", "UB11"),
        # A town admin, who could move or dissolve it if it were theirs, guessing the other town's union.
        ("town", "union_b1", "ent_b1", "TA01"),
    ],
)
def test_every_endpoint_answers_404_out_of_scope_and_writes_nothing(client, tree, users, bearer, who, org, ent, target):
    headers = bearer(getattr(users, who))
    org_url = f"{API}/orgs/{getattr(tree, org).code}"
    ent_url = f"{API}/enterprises/{getattr(tree, ent).pk}"
    other = getattr(tree, org).code
    before = db_state()

    assert_out_of_scope(client, [org_url, f"{org_url}/children", f"{org_url}/coverage", ent_url], headers=headers)
    assert_out_of_scope(
        client, [org_url], method="patch", data={"name": "越权修改"}, content_type=JSON, headers=headers
    )
    assert_out_of_scope(
        client, [f"{org_url}/move"], method="post", data={"parent": target}, content_type=JSON, headers=headers
    )
    assert_out_of_scope(
        client,
        [f"{org_url}/dissolve"],
        method="post",
        data={"on": "2026-05-01", "reason": "越权撤销"},
        content_type=JSON,
        headers=headers,
    )
    assert_out_of_scope(client, [ent_url], method="patch", data={"name": "越权"}, content_type=JSON, headers=headers)
    # Naming an out-of-scope org in a body is the same 404.
    assert_out_of_scope(
        client, [f"{API}/orgs"], method="post", data=new_org_body(parent=other), content_type=JSON, headers=headers
    )
    assert_out_of_scope(
        client,
        [f"{API}/enterprises"],
        method="post",
        data=new_enterprise_body(org=other),
        content_type=JSON,
        headers=headers,
    )
    # Unknown objects answer exactly like out-of-scope ones.
    assert_out_of_scope(
        client, [f"{API}/orgs/NOPE", f"{API}/orgs/NOPE/coverage", f"{API}/enterprises/999999"], headers=headers
    )

    assert db_state() == before
    body = client.get(org_url, headers=headers).json()
    assert body["code"] == "not_found" and is_chinese(body["message"])


def test_filters_never_widen_scope(client, tree, users, bearer):
    headers = bearer(users.town)
    for query in ("under=UB11", "parent=TB01", "under=D001", "q=UB11"):
        assert client.get(f"{API}/orgs?{query}", headers=headers).json()["count"] == 0, query
    for query in ("org=TB01", f"q={tree.ent_b1.uscc}", "covering_union=UB11"):
        assert client.get(f"{API}/enterprises?{query}", headers=headers).json()["count"] == 0, query


def test_visible_but_not_permitted_is_403_permission_denied(client, tree, users, bearer):
    union = bearer(users.union)
    dissolve = {"on": "2026-05-01", "reason": "破产"}
    refused(client, union, "post", f"{API}/orgs/UA11/dissolve", dissolve, status=403, code="permission_denied")
    refused(client, union, "post", f"{API}/orgs", new_org_body(parent="UA11"), status=403, code="permission_denied")
    # Only platform-wide admins may set up a new root federation.
    root = {"code": "D002", "name": "另一个区总工会", "kind": "federation"}
    refused(client, bearer(users.district), "post", f"{API}/orgs", root, status=403, code="permission_denied")
    created = client.post(f"{API}/orgs", data=root, content_type=JSON, headers=bearer(users.sysadmin))
    assert created.status_code == 201 and created.json()["parent"] is None and created.json()["depth"] == 1


def test_move_to_a_parent_outside_scope_is_404(client, tree, users, bearer):
    data = refused(
        client, bearer(users.town), "post", f"{API}/orgs/UA11/move", {"parent": "TB01"}, status=404, code="not_found"
    )
    assert data["field"] == "parent"


# --- The tree rules through the API ----------------------------------------------------------------------------


def test_move_under_own_descendant_is_refused(client, tree, users, bearer):
    data = refused(
        client,
        bearer(users.district),
        "post",
        f"{API}/orgs/TA01/move",
        {"parent": "UA12"},
        status=400,
        code="org_move_into_descendant",
    )
    assert "下级" in data["message"]


def test_dissolve_with_active_children_is_refused(client, tree, users, bearer):
    refused(
        client,
        bearer(users.town),
        "post",
        f"{API}/orgs/UA12/dissolve",
        {"on": "2026-05-01", "reason": "企业破产"},
        status=400,
        code="org_has_active_children",
    )


def test_duplicate_code_is_refused(client, tree, users, bearer):
    headers = bearer(users.town)
    refused(client, headers, "post", f"{API}/orgs", new_org_body(code="ua11"), status=400, code="org_code_taken")
    refused(client, headers, "patch", f"{API}/orgs/UA12", {"code": "UA11"}, status=400, code="org_code_taken")


@pytest.mark.parametrize("bad", BAD_USCCS)
def test_malformed_uscc_is_refused(client, tree, users, bearer, bad):
    headers = bearer(users.town)
    ent = f"{API}/enterprises/{tree.ent_a3.pk}"
    for method, url, body in [
        ("post", f"{API}/orgs", new_org_body(uscc=bad)),
        ("patch", f"{API}/orgs/UA11", {"uscc": bad}),
        ("post", f"{API}/enterprises", new_enterprise_body(uscc=bad)),
        ("patch", ent, {"uscc": bad}),
    ]:
        data = refused(client, headers, method, url, body, status=400, code="invalid_uscc")
        assert data["field"] == "uscc" and "统一社会信用代码" in data["message"]


def test_covering_union_outside_scope_is_refused(client, tree, users, bearer):
    url = f"{API}/enterprises/{tree.ent_a3.pk}"
    body = {"covering_union": "UB11"}
    data = refused(client, bearer(users.town), "patch", url, body, status=400, code="covering_union_not_found")
    assert data["field"] == "covering_union"


# --- Successful writes and their audit rows ---------------------------------------------------------------------


def test_create_org(client, tree, users, bearer):
    body = new_org_body(code=" ua99 ", uscc=VALID_USCC.lower(), founded_on="2020-03-08", contact_phone="13912345678")
    response = client.post(f"{API}/orgs", data=body, content_type=JSON, headers=bearer(users.town))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["code"], data["uscc"], data["founded_on"]) == ("UA99", VALID_USCC, "2020-03-08")
    assert (data["parent"], data["parent_code"], data["depth"]) == ({"code": "TA01", "name": "甲街道总工会"}, "TA01", 3)
    assert data["kind_label"] == "基层工会" and data["status"] == "active"
    org = Org.objects.get(code="UA99")
    event = AuditEvent.objects.get(action="orgs.org.created")
    assert (event.actor, event.object_id, event.data) == (users.town, str(org.pk), {"parent": "TA01"})
    assert client.get(f"{API}/orgs/ua99", headers=bearer(users.town)).json()["id"] == org.pk


def test_update_org_changes_only_the_fields_sent(client, tree, users, bearer):
    headers = bearer(users.union)
    services.update_org(tree.union_a1, actor=users.district, region="镇海区", short_name="甲一工会")
    response = client.patch(
        f"{API}/orgs/UA11",
        data={"chair_name": "王建国", "contact_phone": "0574-87654321", "region": ""},
        content_type=JSON,
        headers=headers,
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["chair_name"], data["region"], data["short_name"]) == ("王建国", "", "甲一工会")
    assert data["name"] == "甲一机械有限公司工会"
    event = AuditEvent.objects.filter(action="orgs.org.updated").latest("id")
    assert event.actor == users.union
    assert event.changes == {
        "chair_name": ["", "王建国"],
        "contact_phone": ["", "0574-87654321"],
        "region": ["镇海区", ""],
    }
    events = AuditEvent.objects.count()
    assert client.patch(f"{API}/orgs/UA11", data={}, content_type=JSON, headers=headers).status_code == 200
    assert AuditEvent.objects.count() == events, "an empty patch changes nothing and records nothing"


def test_move_org(client, tree, users, bearer):
    response = client.post(
        f"{API}/orgs/UA12/move", data={"parent": "tb01"}, content_type=JSON, headers=bearer(users.district)
    )
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == {"code": "TB01", "name": "乙镇总工会"}
    village = Org.objects.get(code="UA13")
    assert village.path.startswith(Org.objects.get(code="UA12").path)
    assert village.path.startswith(tree.town_b.path)
    event = AuditEvent.objects.get(action="orgs.org.moved")
    assert (event.actor, event.data) == (users.district, {"from": "TA01", "to": "TB01"})
    # The town admin no longer sees the moved sub-tree.
    assert set(codes_of(client.get(f"{API}/orgs", headers=bearer(users.town)).json())) == {"TA01", "UA11"}


def test_dissolve_org(client, tree, users, bearer):
    response = client.post(
        f"{API}/orgs/UA13/dissolve",
        data={"on": "2026-05-01", "reason": "村改居合并"},
        content_type=JSON,
        headers=bearer(users.town),
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["status_label"], data["dissolved_on"], data["dissolved_reason"]) == (
        "dissolved",
        "已撤销",
        "2026-05-01",
        "村改居合并",
    )
    event = AuditEvent.objects.get(action="orgs.org.dissolved")
    assert (event.actor, event.data) == (users.town, {"on": "2026-05-01", "reason": "村改居合并"})
    listed = client.get(f"{API}/orgs?status=dissolved", headers=bearer(users.town))
    assert codes_of(listed.json()) == ["UA13"]


def test_create_and_update_enterprise(client, tree, users, bearer):
    headers = bearer(users.town)
    body = new_enterprise_body(covering_union="ua11", staff_count=120, contact_phone="13912345678")
    response = client.post(f"{API}/enterprises", data=body, content_type=JSON, headers=headers)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["org"] == {"code": "TA01", "name": "甲街道总工会"}
    assert (data["covering_union"]["code"], data["covered"], data["industry_label"]) == ("UA11", True, "制造业")
    ent = Enterprise.objects.get(pk=data["id"])
    created = AuditEvent.objects.get(action="orgs.enterprise.created")
    assert (created.actor, created.object_id) == (users.town, str(ent.pk))

    url = f"{API}/enterprises/{ent.pk}"
    response = client.patch(url, data={"covering_union": None, "staff_count": 80}, content_type=JSON, headers=headers)
    assert response.status_code == 200, response.content
    assert (response.json()["covering_union"], response.json()["covered"]) == (None, False)
    assert response.json()["name"] == "甲九新材料有限公司"
    updated = AuditEvent.objects.get(action="orgs.enterprise.updated")
    assert updated.changes == {"staff_count": [120, 80], "covering_union": ["甲一机械有限公司工会", None]}


def test_union_admin_patches_its_own_union(client, tree, users, bearer):
    response = client.patch(
        f"{API}/orgs/UA11", data={"address": "镇海区骆驼街道 1 号"}, content_type=JSON, headers=bearer(users.union)
    )
    assert response.status_code == 200 and response.json()["address"] == "镇海区骆驼街道 1 号"


# --- Reading: detail, children, coverage, filters, paging -------------------------------------------------------


def test_detail_children_and_coverage(client, tree, users, bearer):
    headers = bearer(users.town)
    detail = client.get(f"{API}/orgs/UA12", headers=headers).json()
    assert detail["parent"] == {"code": "TA01", "name": "甲街道总工会"}
    assert (detail["numchild"], detail["dissolved_on"], detail["uscc"]) == (1, None, "")
    assert set(detail) >= {"address", "founded_on", "chair_name", "contact_name", "contact_phone", "dissolved_reason"}

    children = client.get(f"{API}/orgs/TA01/children", headers=headers).json()
    assert (children["count"], codes_of(children)) == (2, ["UA11", "UA12"])

    figures = client.get(f"{API}/orgs/TA01/coverage", headers=headers).json()
    assert figures["org"] == {"code": "TA01", "name": "甲街道总工会"}
    assert set(figures["unions_by_kind"]) == {kind.value for kind in OrgKind}
    assert (figures["enterprises"], figures["enterprises_covered"], figures["union_rate"]) == (3, 2, 66.7)
    # No members yet: 0 members against the 100 staff of the two covered enterprises.
    assert (figures["members"], figures["join_rate"], figures["members_by_tag"]["hardship"]) == (0, 0.0, 0)


def test_org_list_filters_and_paging(client, tree, users, bearer):
    headers = bearer(users.district)

    def listed(query: str) -> list[str]:
        response = client.get(f"{API}/orgs?{query}", headers=headers)
        assert response.status_code == 200, response.content
        return codes_of(response.json())

    assert listed("q=甲二") == ["UA12", "UA13"]
    assert listed("q=jiayi") == ["UA11"]  # pinyin
    assert listed("q=jyjx") == ["UA11"]  # initials
    assert listed("q=ub11") == ["UB11"]  # code
    assert listed("kind=town") == ["TA01", "TB01"]
    assert listed("kind=village") == ["UA13"]
    assert listed("parent=TA01") == ["UA11", "UA12"]
    assert listed("under=UA12") == ["UA12", "UA13"]
    assert listed("under=TA01&kind=grassroots") == ["UA11", "UA12"]
    assert listed("parent=NOPE") == []
    assert listed("status=dissolved") == []

    page = client.get(f"{API}/orgs?page=2&page_size=3", headers=headers).json()
    assert (page["count"], page["page"], page["page_size"], len(page["items"])) == (7, 2, 3, 3)
    beyond = client.get(f"{API}/orgs?page=9&page_size=3", headers=headers).json()
    assert (beyond["count"], beyond["items"]) == (7, [])


def test_enterprise_list_filters(client, tree, users, bearer, settings):
    headers = bearer(users.district)

    def listed(query: str) -> set[int]:
        response = client.get(f"{API}/enterprises?{query}", headers=headers)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    closed = EnterpriseFactory(
        org=tree.town_b, name="乙二服装厂", industry="F", ownership="collective", status="closed"
    )
    assert listed("org=TA01") == {tree.ent_a1.pk, tree.ent_a2.pk, tree.ent_a3.pk}
    assert listed("covering_union=ua11") == {tree.ent_a1.pk}
    assert listed("covered=false") == {tree.ent_a3.pk, closed.pk}
    assert listed("covered=true&org=TB01") == {tree.ent_b1.pk}
    assert listed("industry=F") == listed("ownership=collective") == listed("status=closed") == {closed.pk}
    assert listed("q=甲三") == listed("q=jiasan") == listed(f"q={tree.ent_a3.uscc.lower()}") == {tree.ent_a3.pk}
    assert client.get(f"{API}/enterprises", headers=headers).json()["page_size"] == settings.PAGE_SIZE


# --- Pinned query counts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_org_list_query_count_is_pinned(client, tree, users, bearer, django_assert_num_queries, rows):
    town = OrgFactory(town=True, parent=tree.district, code="TX01")
    unions = [OrgFactory(parent=town) for _ in range(rows - 1)]
    for union in unions[::3]:  # rows under several different parents, so the parents query does real work
        OrgFactory(parent=union, kind="village")
    headers = bearer(users.district)
    expected = 1 + (rows - 1) + len(unions[::3])

    with django_assert_num_queries(ORG_LIST_UNDER_QUERIES):
        response = client.get(f"{API}/orgs?under=TX01&page_size=100", headers=headers)
    assert response.json()["count"] == len(response.json()["items"]) == expected
    parents = {i["code"]: i["parent_code"] for i in response.json()["items"]}
    assert parents["TX01"] == "D001" and all(parents[u.code] == "TX01" for u in unions)

    with django_assert_num_queries(ORG_LIST_QUERIES):
        response = client.get(f"{API}/orgs?page_size=100", headers=headers)
    assert len(response.json()["items"]) == 7 + expected


@pytest.mark.parametrize("rows", [3, 30])
def test_enterprise_list_query_count_is_pinned(client, tree, users, bearer, django_assert_num_queries, rows):
    for i in range(rows):
        EnterpriseFactory(org=tree.union_a2 if i % 2 else tree.town_a, covering_union=tree.union_a1 if i % 3 else None)
    headers = bearer(users.town)

    with django_assert_num_queries(ENTERPRISE_LIST_QUERIES):
        response = client.get(f"{API}/enterprises?page_size=100", headers=headers)
    assert len(response.json()["items"]) == 3 + rows

    with django_assert_num_queries(ENTERPRISE_LIST_ORG_QUERIES):
        response = client.get(f"{API}/enterprises?org=UA12&page_size=100", headers=headers)
    assert response.json()["count"] == rows // 2


# --- Validation errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("get", "/orgs?page_size=1000", None, "page_size"),
        ("get", "/orgs?page=0", None, "page"),
        ("get", "/orgs?kind=company", None, "kind"),
        ("get", "/enterprises?covered=maybe", None, "covered"),
        ("get", "/enterprises?page_size=abc", None, "page_size"),
        ("post", "/orgs/UA13/dissolve", {"on": "2026-13-01", "reason": "合并"}, "on"),
        ("post", "/orgs/UA13/dissolve", {"reason": "合并"}, "on"),
        ("post", "/orgs", {**new_org_body(), "founded_on": "去年"}, "founded_on"),
        ("patch", "/orgs/UA11", {"name": None}, "name"),
        ("patch", "/orgs/UA11", {"chairman": "王建国"}, "chairman"),
        ("post", "/enterprises", new_enterprise_body(staff_count=-1), "staff_count"),
        ("post", "/enterprises", new_enterprise_body(staff_count=2**31), "staff_count"),  # same on both databases
    ],
)
def test_invalid_requests_answer_422_in_chinese(client, tree, users, bearer, method, url, body, field):
    data = refused(client, bearer(users.town), method, f"{API}{url}", body, status=422, code="invalid_request")
    assert data["errors"][0]["field"] == field
    assert all(is_chinese(e["message"]) for e in data["errors"])


def test_a_body_that_is_not_json_is_refused(client, tree, users, bearer):
    headers = bearer(users.town)
    before = db_state()
    response = client.post(f"{API}/orgs/UA13/dissolve", data="{oops", content_type=JSON, headers=headers)
    assert (response.status_code, response.json()["code"]) == (400, "invalid_request")
    assert is_chinese(response.json()["message"]) and db_state() == before


def test_a_union_admin_cannot_patch_its_own_kind(client, tree, users, bearer):
    """Issue 13: a 基层工会 admin turned its own org into a 镇街总工会 with a PATCH."""
    before = db_state()
    for kind in ("town", "village"):
        response = client.patch(f"{API}/orgs/UA11", data={"kind": kind}, content_type=JSON, headers=bearer(users.union))
        assert response.status_code == 403, response.content
        assert (response.json()["code"], response.json()["field"]) == ("org_kind_change_denied", "kind")
    assert Org.objects.get(code="UA11").kind == "grassroots" and db_state() == before
    # The same kind again is no change and is accepted.
    same = client.patch(f"{API}/orgs/UA11", data={"kind": "grassroots"}, content_type=JSON, headers=bearer(users.union))
    assert same.status_code == 200
    # Those who may move it may change its kind, under the placement rules.
    moved = client.patch(f"{API}/orgs/UA13", data={"kind": "grassroots"}, content_type=JSON, headers=bearer(users.town))
    assert moved.status_code == 200 and moved.json()["kind"] == "grassroots"
    wrong = client.patch(f"{API}/orgs/UA13", data={"kind": "town"}, content_type=JSON, headers=bearer(users.town))
    assert (wrong.status_code, wrong.json()["code"]) == (400, "kind_not_allowed_here")


@pytest.mark.parametrize("field", ["chair_name", "uscc", "region", "address", "short_name", "contact_phone", "name"])
def test_null_in_a_patch_clears_nothing(client, tree, users, bearer, field):
    """Issue 13: ``null`` blanked the chair, the 统一社会信用代码, the region and the address."""
    services.update_org(
        tree.union_a1, actor=users.district, chair_name="王建国", uscc=VALID_USCC, region="镇海区", address="路 1 号"
    )
    before = db_state()
    response = client.patch(f"{API}/orgs/UA11", data={field: None}, content_type=JSON, headers=bearer(users.union))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    assert db_state() == before
    org = Org.objects.get(code="UA11")
    assert (org.chair_name, org.uscc, org.region, org.address) == ("王建国", VALID_USCC, "镇海区", "路 1 号")


def test_required_fields_cannot_be_cleared(client, tree, users, bearer):
    for field in ("name", "code"):
        response = client.patch(f"{API}/orgs/UA11", data={field: ""}, content_type=JSON, headers=bearer(users.union))
        assert response.status_code == 400 and response.json()["field"] == field
    assert Org.objects.get(code="UA11").name == "甲一机械有限公司工会"
