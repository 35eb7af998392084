"""The roster API over HTTP: scope (out of scope is 404 on every member, transfer and application endpoint), search
including pinyin and exact ID numbers, masking of ID and phone numbers, audited reveal, the membership and
transfer lifecycles, public online applications, pinned query counts and Chinese errors."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from accounts.roles import Role
from core import sms
from core.models import AuditEvent
from core.testing import api_call, assert_api_refused, assert_out_of_scope, is_chinese
from members import joining, services
from members.models import JoinApplication, Member, MembershipEvent, PlatformUnion, Transfer
from orgs.tests.factories import OrgFactory, UserFactory

from .factories import member, person

API = "/api/v1"
JSON = "application/json"

# Per request: the bearer token (with its user), the user's grants, then the list's own queries.
MEMBER_LIST_QUERIES = 5  # + COUNT, the page (union and employer joined), the page's tags
MEMBER_LIST_UNDER_QUERIES = 6  # + the `under` org
TRANSFER_LIST_QUERIES = 4  # + COUNT, the page (member, both unions and both users joined)
APPLICATION_LIST_QUERIES = 4  # + COUNT, the page (union, employer and reviewer joined)


def db_state():
    """Everything a roster endpoint could write."""
    return (
        list(Member.objects.order_by("pk").values()),
        list(Transfer.objects.order_by("pk").values()),
        list(JoinApplication.objects.order_by("pk").values()),
        MembershipEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(client, headers, method, url, body=None, *, status: int, code: str) -> dict:
    """Refused with ``status`` and ``code``, a Chinese message, and nothing written."""
    return assert_api_refused(client, headers, method, url, body, status=status, code=code, state=db_state)


def ids_of(page: dict) -> list[int]:
    return [item["id"] for item in page["items"]]


@pytest.fixture
def roster(tree, users):
    """张三 in union_a1 (劳模, works at ent_a1), 李四 in union_a2 (delivery rider), 王五 in union_b1."""
    zhang_raw = person(2, name="张三", tags=["劳模"], joined_on=date(2023, 5, 1))
    zhang = services.register_member(actor=users.union, union=tree.union_a1, employer=tree.ent_a1, **zhang_raw)
    li_raw = person(4, name="李四", gig_platform="外卖配送", joined_on=date(2024, 6, 1))
    li = services.register_member(actor=users.town, union=tree.union_a2, **li_raw)
    wang_raw = person(6, name="王五")
    wang = services.register_member(actor=users.union_b, union=tree.union_b1, **wang_raw)
    raw = {"zhang": zhang_raw, "li": li_raw, "wang": wang_raw}
    return SimpleNamespace(zhang=zhang, li=li, wang=wang, raw=raw)


@pytest.fixture
def gig_union(tree):
    union = OrgFactory(parent=tree.town_a, kind="joint", code="JA01", name="甲街道新就业形态联合工会")
    PlatformUnion.objects.create(org=union, platform="delivery")
    return union


def application_body(n: int, **overrides) -> dict:
    raw = person(n)
    body = {
        "union": "UA11",
        "name": raw["name"],
        "id_number": raw["id_number"],
        "phone": raw["phone"],
        "consent": True,
        "consent_version": joining.CONSENT_VERSION,
    }
    return {**body, **overrides}


def submit(tree, n: int):
    """An application to union_a1 through the service, as the public endpoint would make it."""
    raw = person(n, joined_on=None)
    return joining.submit_application(
        union=tree.union_a1, employer=tree.ent_a1, consent=True, consent_version=joining.CONSENT_VERSION, **raw
    )


# --- Authentication ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/members"),
        ("post", "/members"),
        ("get", "/members/1"),
        ("get", "/members/verify-card?token=x"),
        ("get", "/transfers"),
        ("post", "/transfers/1/accept"),
        ("get", "/applications"),
        ("post", "/applications/1/approve"),
    ],
)
def test_staff_endpoints_need_a_token(client, tree, method, url):
    response = api_call(client, method, f"{API}{url}", {}, {} if method == "post" else None)
    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")
    assert is_chinese(response.json()["message"])


# --- Listing, search and masking --------------------------------------------------------------------------------


def test_list_is_scoped_and_never_shows_id_or_phone_numbers(client, tree, users, bearer, roster):
    response = client.get(f"{API}/members", headers=bearer(users.town))
    data = response.json()
    assert set(ids_of(data)) == {roster.zhang.pk, roster.li.pk}
    text = response.content.decode()
    for raw in roster.raw.values():
        assert raw["id_number"] not in text and raw["phone"] not in text
    item = next(i for i in data["items"] if i["id"] == roster.zhang.pk)
    assert item["id_masked"] == roster.zhang.id_masked and "*" in item["id_masked"]
    assert item["phone_masked"] == roster.raw["zhang"]["phone"][:3] + "****" + roster.raw["zhang"]["phone"][-4:]
    assert item["union"] == {"code": "UA11", "name": tree.union_a1.name}
    assert item["employer"] == {"id": tree.ent_a1.pk, "name": tree.ent_a1.name}
    assert item["tags"] == [{"code": "model_worker", "label": "劳动模范"}]
    assert "id_number" not in item and "phone" not in item

    assert ids_of(client.get(f"{API}/members", headers=bearer(users.union)).json()) == [roster.zhang.pk]
    assert ids_of(client.get(f"{API}/members", headers=bearer(users.district)).json()) == [
        roster.wang.pk,
        roster.li.pk,
        roster.zhang.pk,
    ]
    # The platform's IT staff do no roster work.
    assert client.get(f"{API}/members", headers=bearer(users.sysadmin)).json()["count"] == 0


@pytest.mark.parametrize("query", ["张三", "张", "zhangsan", "ZhangSan", "zs", "zhang", "phone", "card", "id", "id_x"])
def test_search_by_name_pinyin_phone_card_and_exact_id(client, tree, users, bearer, roster, query):
    zhang = roster.zhang
    q = {
        "phone": roster.raw["zhang"]["phone"],
        "card": zhang.card_no.lower(),
        "id": roster.raw["zhang"]["id_number"],
        "id_x": roster.raw["zhang"]["id_number"][:-1] + " " + roster.raw["zhang"]["id_number"][-1],
    }.get(query, query)
    data = client.get(f"{API}/members", {"q": q}, headers=bearer(users.district)).json()
    assert ids_of(data) == [zhang.pk], q


def test_search_never_finds_beyond_scope_nor_by_partial_id(client, tree, users, bearer, roster):
    headers = bearer(users.town)
    wang_id = roster.raw["wang"]["id_number"]
    zhang_id = roster.raw["zhang"]["id_number"]
    for q in ("王五", "ww", wang_id, roster.raw["wang"]["phone"], roster.wang.card_no, zhang_id[:-2], zhang_id[-6:]):
        assert client.get(f"{API}/members", {"q": q}, headers=headers).json()["count"] == 0, q


def test_filters(client, tree, users, bearer, roster):
    headers = bearer(users.district)
    services.change_status(roster.li, "retain", actor=users.town, on=date(2025, 1, 1), reason="长期病假")

    def found(**params):
        return set(ids_of(client.get(f"{API}/members", params, headers=headers).json()))

    z, li, w = roster.zhang.pk, roster.li.pk, roster.wang.pk
    assert found(union="ua11") == {z}
    assert found(union="TA01") == set()  # direct only: nobody is registered at a town
    assert found(under="TA01") == {z, li}
    assert found(under="D001") == {z, li, w}
    assert found(status="retained") == {li}
    assert found(status="active") == {z, w}
    assert found(tag="model_worker") == {z}
    assert found(tag="new_employment") == {li}
    assert found(employer=tree.ent_a1.pk) == {z}
    assert found(gig_platform="delivery") == {li}
    assert found(joined_from="2024-01-01") == {li, w}
    assert found(joined_to="2024-01-01") == {z}
    assert found(joined_from="2023-05-01", joined_to="2023-05-01") == {z}
    assert found(under="TA01", tag="model_worker", q="zs") == {z}


def test_filters_never_widen_scope(client, tree, users, bearer, roster):
    headers = bearer(users.union_b)
    for params in ({"union": "UA11"}, {"under": "TA01"}, {"under": "D001"}, {"employer": tree.ent_a1.pk}):
        assert client.get(f"{API}/members", params, headers=headers).json()["count"] == 0, params
    assert client.get(f"{API}/members", {"under": "UB11"}, headers=headers).json()["count"] == 1


def test_detail_is_masked_with_tags_and_history(client, tree, users, bearer, roster):
    response = client.get(f"{API}/members/{roster.zhang.pk}", headers=bearer(users.union))
    assert response.status_code == 200
    text = response.content.decode()
    assert roster.raw["zhang"]["id_number"] not in text and roster.raw["zhang"]["phone"] not in text
    data = response.json()
    assert (data["name"], data["gender_label"], data["status_label"]) == ("张三", "男", "在册")
    assert data["id_masked"] == roster.zhang.id_masked
    assert [t["code"] for t in data["tags"]] == ["model_worker"]
    assert data["events"] == [
        {
            "kind": "joined",
            "kind_label": "入会",
            "on": "2023-05-01",
            "union": {"code": "UA11", "name": tree.union_a1.name},
            "other_union": None,
            "reason": "",
            "actor_name": str(users.union),
        }
    ]
    assert data["pending_transfer"] is None and data["has_account"] is False
    # With a masked number's first and last four characters, the birth date would give the number away.
    born, today = roster.zhang.birth_date, date.today()
    assert "birth_date" not in data and born.isoformat() not in text
    assert data["age"] == today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# --- Revealing an ID number -------------------------------------------------------------------------------------


def test_reveal_needs_the_pii_grant_and_a_reason_and_is_audited(client, tree, users, bearer, roster):
    url = f"{API}/members/{roster.zhang.pk}/reveal-id"
    # An admin who sees the member but holds no PII grant.
    refused(client, bearer(users.town), "post", url, {"reason": "核对身份"}, status=403, code="permission_denied")

    officer = UserFactory(grant=(tree.town_a, Role.PII_OFFICER))
    headers = bearer(officer)
    refused(client, headers, "post", url, {"reason": " "}, status=400, code="reason_required")
    refused(client, headers, "post", url, {}, status=422, code="invalid_request")

    response = client.post(url, {"reason": "核对医疗互助报销身份"}, content_type=JSON, headers=headers)
    assert response.status_code == 200
    assert response.json() == {"id_number": roster.raw["zhang"]["id_number"]}
    event = AuditEvent.objects.get(action="members.member.id_revealed")
    assert event.actor == officer and event.data["reason"] == "核对医疗互助报销身份"
    assert roster.raw["zhang"]["id_number"] not in str(event.data)

    # The officer's grant is a sub-tree like any other.
    other = UserFactory(grant=(tree.town_b, Role.PII_OFFICER))
    refused(client, bearer(other), "post", url, {"reason": "核对身份"}, status=404, code="not_found")


# --- Registering and changing members ---------------------------------------------------------------------------


def test_register_a_member_with_labels_and_an_employer(client, tree, users, bearer):
    raw = person(30)
    body = {
        "union": "ua11",
        "employer": tree.ent_a1.pk,
        "name": "赵 六",
        "id_number": raw["id_number"],
        "phone": raw["phone"],
        "education": "本科",
        "political": "群众",
        "tags": ["困难职工", "craftsman"],
        "is_migrant_worker": "是",
        "joined_on": "2024.3.5",
    }
    response = client.post(f"{API}/members", body, content_type=JSON, headers=bearer(users.union))
    assert response.status_code == 201, response.content.decode()
    assert raw["id_number"] not in response.content.decode()
    data = response.json()
    assert (data["name"], data["union"]["code"], data["joined_on"], data["education"]) == (
        "赵六",
        "UA11",
        "2024-03-05",
        "bachelor",
    )
    assert data["employer"]["id"] == tree.ent_a1.pk and data["employer_name"] == tree.ent_a1.name
    assert {t["code"] for t in data["tags"]} == {"hardship", "craftsman"}
    assert data["is_migrant_worker"] is True and data["card_no"].startswith("GH")
    assert [e["kind"] for e in data["events"]] == ["joined"]
    m = Member.objects.get(pk=data["id"])
    assert m.reveal_id_number() == raw["id_number"]
    assert AuditEvent.objects.filter(action="members.member.registered", object_id=str(m.pk)).exists()

    # The same person again, anywhere on the platform.
    again = {**body, "union": "UB11", "employer": None}
    refused(client, bearer(users.union_b), "post", f"{API}/members", again, status=400, code="already_member")


def test_register_reports_every_problem_at_once_in_chinese(client, tree, users, bearer):
    body = {"union": "UA11", "name": "", "id_number": "110105194912310021", "phone": "1380000", "education": "幼儿园"}
    data = refused(client, bearer(users.union), "post", f"{API}/members", body, status=400, code="name_required")
    found = {(e["field"], e["code"]) for e in data["errors"]}
    assert found == {
        ("name", "name_required"),
        ("id_number", "invalid_id_checksum"),
        ("phone", "invalid_mobile"),
        ("education", "invalid_education"),
    }
    assert all(is_chinese(e["message"]) for e in data["errors"])


def test_register_refusals(client, tree, users, bearer):
    headers = bearer(users.union)
    body = {"name": "赵六", "id_number": person(31)["id_number"], "phone": "13900000031"}
    # A union outside the caller's scope, an unknown one, an employer they cannot see: 404 for that field.
    for union in ("UB11", "NOPE"):
        data = refused(
            client, headers, "post", f"{API}/members", {**body, "union": union}, status=404, code="not_found"
        )
        assert data["field"] == "union"
    bad_employer = {**body, "union": "UA11", "employer": tree.ent_b1.pk}
    data = refused(client, headers, "post", f"{API}/members", bad_employer, status=404, code="not_found")
    assert data["field"] == "employer"
    # A town federation holds no members itself.
    town = bearer(users.town)
    refused(
        client, town, "post", f"{API}/members", {**body, "union": "TA01"}, status=400, code="union_cannot_hold_members"
    )
    # A PII officer sees the roster but may not add to it.
    officer = bearer(UserFactory(grant=(tree.town_a, Role.PII_OFFICER)))
    refused(client, officer, "post", f"{API}/members", {**body, "union": "UA11"}, status=403, code="permission_denied")


def test_update_changes_only_the_fields_sent(client, tree, users, bearer, roster):
    url = f"{API}/members/{roster.zhang.pk}"
    headers = bearer(users.union)
    response = client.patch(url, {"phone": "13912345678", "tags": ["工匠"]}, content_type=JSON, headers=headers)
    assert response.status_code == 200, response.content.decode()
    assert "13912345678" not in response.content.decode()
    data = response.json()
    assert data["phone_masked"] == "139****5678" and [t["code"] for t in data["tags"]] == ["craftsman"]
    assert (data["name"], data["employer"]["id"], data["joined_on"]) == ("张三", tree.ent_a1.pk, "2023-05-01")
    zhang = Member.objects.get(pk=roster.zhang.pk)
    assert zhang.phone == "13912345678" and zhang.reveal_id_number() == roster.raw["zhang"]["id_number"]
    event = AuditEvent.objects.filter(action="members.member.updated").get()
    assert set(event.changes) == {"phone"}

    data = refused(
        client,
        headers,
        "patch",
        url,
        {"phone": "12", "birth_date": "1990-02-30"},
        status=400,
        code="invalid_birth_date",
    )
    assert {e["field"] for e in data["errors"]} == {"phone", "birth_date"}
    refused(client, headers, "patch", url, {"union": "UA12"}, status=422, code="invalid_request")
    refused(client, headers, "patch", url, {"name": None}, status=422, code="invalid_request")


def test_status_changes_are_kept_in_the_history(client, tree, users, bearer, roster):
    url = f"{API}/members/{roster.zhang.pk}/status"
    headers = bearer(users.union)
    refused(
        client,
        headers,
        "post",
        url,
        {"change": "restore", "reason": "回来了"},
        status=400,
        code="status_change_not_allowed",
    )
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    body = {"change": "retain", "on": tomorrow, "reason": "出国务工"}
    refused(client, headers, "post", url, body, status=400, code="invalid_date")
    refused(client, headers, "post", url, {**body, "reason": ""}, status=400, code="reason_required")

    response = client.post(
        url, {"change": "retain", "on": "2025-02-01", "reason": "出国务工"}, content_type=JSON, headers=headers
    )
    assert response.status_code == 200 and response.json()["status"] == "retained"
    response = client.post(url, {"change": "restore", "reason": "回国复工"}, content_type=JSON, headers=headers)
    data = response.json()
    assert data["status"] == "active"
    assert [(e["kind"], e["reason"]) for e in data["events"]] == [
        ("joined", ""),
        ("retained", "出国务工"),
        ("restored", "回国复工"),
    ]
    assert data["events"][-1]["on"] == date.today().isoformat()
    response = client.post(url, {"change": "quit", "reason": "本人申请"}, content_type=JSON, headers=headers)
    assert response.json()["status"] == "quit"


# --- Cards ------------------------------------------------------------------------------------------------------


def test_card_verify_and_revoke(client, tree, users, bearer, roster):
    headers = bearer(users.union)
    card = client.get(f"{API}/members/{roster.zhang.pk}/card", headers=headers).json()
    assert card["card_no"] == roster.zhang.card_no and card["status"] == "valid"
    assert card["verify_url"].endswith(f"/verify/{card['token']}/")

    # Any staff member may check any card, like at the door of an event.
    other_staff = bearer(users.union_b)
    response = client.get(f"{API}/members/verify-card", {"token": card["token"]}, headers=other_staff)
    assert response.json() == {
        "genuine": True,
        "code": "genuine",
        "message": "真实有效",
        "name": "张三",
        "union": {"code": "UA11", "name": tree.union_a1.name},
        "card_no": roster.zhang.card_no,
    }
    assert roster.raw["zhang"]["id_number"] not in response.content.decode()
    assert roster.raw["zhang"]["phone"] not in response.content.decode()
    forged = client.get(f"{API}/members/verify-card", {"token": card["token"][:-3] + "abc"}, headers=other_staff)
    assert forged.json()["code"] == "forged" and forged.json()["name"] is None
    # An account without any staff grant (a member's own login) cannot use the card check.
    refused(
        client, bearer(users.nobody), "get", f"{API}/members/verify-card?token=x", status=403, code="permission_denied"
    )

    refused(
        client,
        headers,
        "post",
        f"{API}/members/{roster.zhang.pk}/revoke-card",
        {"reason": ""},
        status=400,
        code="reason_required",
    )
    response = client.post(
        f"{API}/members/{roster.zhang.pk}/revoke-card", {"reason": "手机遗失"}, content_type=JSON, headers=headers
    )
    new = response.json()
    assert response.status_code == 200 and new["token"] != card["token"] and new["card_no"] == card["card_no"]
    old = client.get(f"{API}/members/verify-card", {"token": card["token"]}, headers=other_staff).json()
    assert (old["genuine"], old["code"]) == (False, "revoked")
    assert client.get(f"{API}/members/verify-card", {"token": new["token"]}, headers=other_staff).json()["genuine"]
    assert AuditEvent.objects.filter(action="members.card.revoked").count() == 1

    services.change_status(roster.zhang, "quit", actor=users.union, on=date.today(), reason="本人申请")
    assert client.get(f"{API}/members/{roster.zhang.pk}/card", headers=headers).json()["status"] == "ended"


# --- Transfers --------------------------------------------------------------------------------------------------


def test_transfer_to_another_towns_union_is_accepted_by_the_receiving_end(client, tree, users, bearer, roster):
    town_a, union_a, union_b = bearer(users.town), bearer(users.union), bearer(users.union_b)
    body = {"member": roster.zhang.pk, "to_union": "ub11", "reason": "工作调动"}
    response = client.post(f"{API}/transfers", body, content_type=JSON, headers=town_a)
    assert response.status_code == 201, response.content.decode()
    transfer = response.json()
    assert (transfer["status"], transfer["from_union"]["code"], transfer["to_union"]) == (
        "pending",
        "UA11",
        {"code": "UB11", "name": tree.union_b1.name},
    )
    assert roster.raw["zhang"]["id_number"] not in response.content.decode()
    url = f"{API}/transfers/{transfer['id']}"

    # Both ends see it, each in its own direction.
    def listed(headers, **params):
        return ids_of(client.get(f"{API}/transfers", params, headers=headers).json())

    assert listed(union_a, direction="outgoing") == [transfer["id"]] and listed(union_a, direction="incoming") == []
    assert listed(union_b, direction="incoming") == [transfer["id"]] and listed(union_b, direction="outgoing") == []
    assert listed(union_b, status="pending") == [transfer["id"]] and listed(union_b, status="accepted") == []
    assert client.get(url, headers=union_b).json()["member"]["name"] == "张三"
    pending = client.get(f"{API}/members/{roster.zhang.pk}", headers=union_a).json()["pending_transfer"]
    assert (pending["id"], pending["to_union"]["code"]) == (transfer["id"], "UB11")
    # The receiving union does not see the member's record until it accepts.
    refused(client, union_b, "get", f"{API}/members/{roster.zhang.pk}", status=404, code="not_found")

    # Only the sending end cancels; only the receiving end accepts.
    refused(client, union_b, "post", f"{url}/cancel", status=403, code="permission_denied")
    refused(client, union_a, "post", f"{url}/accept", {"note": "同意"}, status=403, code="permission_denied")
    refused(client, union_a, "post", f"{url}/reject", {"note": "不同意"}, status=403, code="permission_denied")

    response = client.post(f"{url}/accept", {"note": "欢迎", "on": "2025-03-01"}, content_type=JSON, headers=union_b)
    assert response.status_code == 200, response.content.decode()
    assert (response.json()["status"], response.json()["decided_by"]) == ("accepted", str(users.union_b))
    refused(client, union_b, "post", f"{url}/accept", {}, status=400, code="transfer_not_pending")

    data = client.get(f"{API}/members/{roster.zhang.pk}", headers=union_b).json()
    assert data["union"]["code"] == "UB11" and data["pending_transfer"] is None
    assert [(e["kind"], e["union"]["code"], (e["other_union"] or {}).get("code")) for e in data["events"]] == [
        ("joined", "UA11", None),
        ("transferred_out", "UA11", "UB11"),
        ("transferred_in", "UB11", "UA11"),
    ]
    # The sending union no longer sees the member but still sees the transfer it made.
    refused(client, union_a, "get", f"{API}/members/{roster.zhang.pk}", status=404, code="not_found")
    assert client.get(url, headers=union_a).json()["status"] == "accepted"


def test_transfer_rejected_and_cancelled(client, tree, users, bearer, roster):
    town_a, union_b = bearer(users.town), bearer(users.union_b)
    body = {"member": roster.li.pk, "to_union": "UB11", "reason": "搬家"}
    first = client.post(f"{API}/transfers", body, content_type=JSON, headers=town_a).json()
    refused(client, town_a, "post", f"{API}/transfers", body, status=400, code="transfer_pending")
    refused(
        client,
        union_b,
        "post",
        f"{API}/transfers/{first['id']}/reject",
        {"note": ""},
        status=400,
        code="reason_required",
    )
    response = client.post(
        f"{API}/transfers/{first['id']}/reject", {"note": "查无此人"}, content_type=JSON, headers=union_b
    )
    assert (response.json()["status"], response.json()["decision_note"]) == ("rejected", "查无此人")

    second = client.post(f"{API}/transfers", body, content_type=JSON, headers=town_a).json()
    response = client.post(f"{API}/transfers/{second['id']}/cancel", headers=town_a)
    assert response.json()["status"] == "cancelled"
    assert Member.objects.get(pk=roster.li.pk).union == tree.union_a2
    assert client.get(f"{API}/transfers", {"member": roster.li.pk}, headers=town_a).json()["count"] == 2


def test_the_receiving_union_reveals_nothing_but_its_name(client, tree, users, bearer, roster):
    headers = bearer(users.town)
    body = {"member": roster.zhang.pk, "reason": "工作调动"}
    data = refused(
        client, headers, "post", f"{API}/transfers", {**body, "to_union": "NOPE"}, status=404, code="not_found"
    )
    assert data["field"] == "to_union"
    # A town federation of another sub-tree exists but holds no members: its kind is not told.
    data = refused(
        client,
        headers,
        "post",
        f"{API}/transfers",
        {**body, "to_union": "TB01"},
        status=400,
        code="union_cannot_hold_members",
    )
    assert data["field"] == "to_union" and tree.town_b.name in data["message"]
    assert "镇街" not in data["message"] and "总工会是" not in data["message"]
    refused(
        client,
        headers,
        "post",
        f"{API}/transfers",
        {**body, "to_union": "UA11"},
        status=400,
        code="transfer_same_union",
    )


# --- Scope: every endpoint answers 404 outside it ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["union_b", "town_b_officer"])
def test_every_endpoint_answers_404_out_of_scope_and_writes_nothing(client, tree, users, bearer, roster, who):
    user = users.union_b if who == "union_b" else UserFactory(grant=(tree.town_b, Role.PII_OFFICER))
    headers = bearer(user)
    zhang = roster.zhang
    transfer = services.request_transfer(roster.li, tree.union_a1, actor=users.town, reason="厂区调整")
    app = submit(tree, 40)
    before = db_state()

    m, t, a = f"{API}/members/{zhang.pk}", f"{API}/transfers/{transfer.pk}", f"{API}/applications/{app.pk}"
    assert_out_of_scope(client, [m, f"{m}/card", t, a], headers=headers)
    assert_out_of_scope(client, [m], method="patch", data={"name": "越权"}, content_type=JSON, headers=headers)
    posts = {
        f"{m}/status": {"change": "quit", "reason": "越权"},
        f"{m}/reveal-id": {"reason": "越权查看"},
        f"{m}/revoke-card": {"reason": "越权"},
        f"{t}/accept": {"note": "越权"},
        f"{t}/reject": {"note": "越权"},
        f"{t}/cancel": None,
        f"{a}/approve": None,
        f"{a}/reject": {"reason": "越权"},
        f"{API}/transfers": {"member": zhang.pk, "to_union": "UB11", "reason": "越权"},
        f"{API}/members": {
            "union": "UA11",
            "name": "越权",
            "id_number": person(41)["id_number"],
            "phone": "13900000041",
        },
    }
    for url, body in posts.items():
        assert_out_of_scope(
            client, [url], method="post", data=body, content_type=JSON if body else None, headers=headers
        )
    # Unknown ids answer exactly like out-of-scope ones.
    assert_out_of_scope(
        client, [f"{API}/members/999999", f"{API}/transfers/999999", f"{API}/applications/999999"], headers=headers
    )
    assert db_state() == before
    body = client.get(m, headers=headers).json()
    assert body["code"] == "not_found" and is_chinese(body["message"])
    # Lists show none of it either.
    for url in ("/members", "/transfers", "/applications"):
        assert client.get(f"{API}{url}", headers=headers).json()["count"] == (1 if url == "/members" else 0), url


# --- Online applications ----------------------------------------------------------------------------------------


def test_public_application_endpoints_work_without_a_token(
    client, tree, users, bearer, gig_union, django_capture_on_commit_callbacks
):
    consent = client.get(f"{API}/applications/consent").json()
    assert consent == {"version": joining.CONSENT_VERSION, "text": joining.CONSENT_TEXT}

    unions = client.get(f"{API}/applications/unions", {"employer": tree.ent_a1.pk})
    assert unions.status_code == 200 and unions.json() == [{"code": "UA11", "name": tree.union_a1.name}]
    assert client.get(f"{API}/applications/unions", {"employer": tree.ent_a3.pk}).json() == []  # no union yet
    assert client.get(f"{API}/applications/unions", {"employer": 999999}).json() == []
    assert client.get(f"{API}/applications/unions", {"gig_platform": "delivery"}).json() == [
        {"code": "JA01", "name": gig_union.name}
    ]
    refused(client, {}, "get", f"{API}/applications/unions", status=400, code="employer_required")

    body = application_body(50, employer=tree.ent_a1.pk)
    response = client.post(f"{API}/applications", body, content_type=JSON, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 201, response.content.decode()
    receipt = response.json()
    assert (receipt["status"], receipt["union"]["code"]) == ("pending", "UA11")
    assert body["id_number"] not in response.content.decode() and body["phone"] not in response.content.decode()
    app = JoinApplication.objects.get(pk=receipt["id"])
    assert app.consent_version == joining.CONSENT_VERSION and app.consent_ip == "10.9.8.7"

    rider = application_body(51, union="JA01", gig_platform="外卖配送")
    assert client.post(f"{API}/applications", rider, content_type=JSON).status_code == 201

    # The union admin reviews and approves: the worker joins and is texted a link to set a password.
    headers = bearer(users.union)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}/applications/{app.pk}/approve", headers=headers)
    assert response.status_code == 200, response.content.decode()
    approved = response.json()
    assert approved["status"] == "approved" and approved["decided_by"] == str(users.union)
    joined = Member.objects.get(pk=approved["member_id"])
    assert (joined.union, joined.employer, joined.user.phone) == (tree.union_a1, tree.ent_a1, body["phone"])
    assert [m.phone for m in sms.outbox] == [body["phone"]]
    refused(client, headers, "post", f"{API}/applications/{app.pk}/approve", status=400, code="application_decided")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"consent": False}, "consent_required"),
        ({"consent_version": "2020-01"}, "consent_required"),
        ({"union": "UB11"}, "union_not_eligible"),  # exists, but does not cover the employer
        ({"union": "NOPE"}, "union_not_eligible"),  # unknown: the same answer
        ({"employer": 999999}, "employer_not_found"),
        ({"employer": None}, "employer_required"),
        ({"phone": "123"}, "invalid_mobile"),
    ],
)
def test_public_application_refusals(client, tree, overrides, code):
    body = {**application_body(60, employer=tree.ent_a1.pk), **overrides}
    refused(client, {}, "post", f"{API}/applications", body, status=400, code=code)


def test_a_public_application_without_consent_fields_is_refused(client, tree):
    body = application_body(61, employer=tree.ent_a1.pk)
    del body["consent"]
    data = refused(client, {}, "post", f"{API}/applications", body, status=422, code="invalid_request")
    assert data["errors"][0]["field"] == "consent"


def test_applications_are_listed_masked_and_rejected_with_a_reason(
    client, tree, users, bearer, django_capture_on_commit_callbacks
):
    first, second = submit(tree, 70), submit(tree, 71)
    headers = bearer(users.union)
    response = client.get(f"{API}/applications", headers=headers)
    assert ids_of(response.json()) == [second.pk, first.pk]
    for app in (first, second):
        assert app.reveal_id_number() not in response.content.decode() and app.phone not in response.content.decode()
    item = response.json()["items"][1]
    assert "birth_date" not in item and first.birth_date.isoformat() not in response.content.decode()
    assert (item["id_masked"], item["phone_masked"], item["union"]["code"]) == (
        first.id_masked,
        first.phone_masked,
        "UA11",
    )

    url = f"{API}/applications/{first.pk}/reject"
    refused(client, headers, "post", url, {"reason": ""}, status=400, code="reason_required")
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "非本单位职工"}, content_type=JSON, headers=headers)
    assert (response.json()["status"], response.json()["reject_reason"]) == ("rejected", "非本单位职工")
    assert "非本单位职工" in sms.outbox[0].text
    assert ids_of(client.get(f"{API}/applications", {"status": "pending"}, headers=headers).json()) == [second.pk]
    assert ids_of(client.get(f"{API}/applications", {"status": "rejected"}, headers=headers).json()) == [first.pk]
    # A PII officer sees the roster but reviews no applications.
    officer = bearer(UserFactory(grant=(tree.town_a, Role.PII_OFFICER)))
    assert client.get(f"{API}/applications", headers=officer).json()["count"] == 0


# --- Query counts -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_member_list_query_count_is_pinned(client, tree, users, bearer, django_assert_num_queries, rows):
    for i in range(rows):
        union = tree.union_a1 if i % 2 else tree.village_a2
        tags = ["劳模", "困难职工"] if i % 3 else []
        member(union, users.town, 100 + i, tags=tags, employer=tree.ent_a1 if i % 2 else None)
    headers = bearer(users.town)
    with django_assert_num_queries(MEMBER_LIST_QUERIES):
        response = client.get(f"{API}/members?page_size=100", headers=headers)
    items = response.json()["items"]
    assert len(items) == rows and sum(len(i["tags"]) for i in items) == 2 * sum(1 for i in range(rows) if i % 3)
    with django_assert_num_queries(MEMBER_LIST_UNDER_QUERIES):
        response = client.get(f"{API}/members?page_size=100&under=UA12&tag=hardship", headers=headers)
    assert response.json()["count"] == sum(1 for i in range(rows) if i % 2 == 0 and i % 3)


@pytest.mark.parametrize("rows", [3, 30])
def test_transfer_list_query_count_is_pinned(client, tree, users, bearer, django_assert_num_queries, rows):
    for i in range(rows):
        m = member(tree.union_a1, users.union, 200 + i)
        t = services.request_transfer(m, tree.union_b1 if i % 2 else tree.union_a2, actor=users.union, reason="调动")
        if i % 6 == 0:  # some already decided, so the page mixes statuses and reviewers
            services.reject_transfer(t, actor=users.town, note="不接收")
    headers = bearer(users.town)
    with django_assert_num_queries(TRANSFER_LIST_QUERIES):
        response = client.get(f"{API}/transfers?page_size=100", headers=headers)
    assert len(response.json()["items"]) == rows
    with django_assert_num_queries(TRANSFER_LIST_QUERIES):
        response = client.get(f"{API}/transfers?page_size=100&direction=incoming", headers=headers)
    assert response.json()["count"] == sum(1 for i in range(rows) if i % 2 == 0)


@pytest.mark.parametrize("rows", [3, 30])
def test_application_list_query_count_is_pinned(client, tree, users, bearer, django_assert_num_queries, rows):
    apps = [submit(tree, 300 + i) for i in range(rows)]
    joining.reject_application(apps[0], actor=users.union, reason="重复申请")
    headers = bearer(users.town)
    with django_assert_num_queries(APPLICATION_LIST_QUERIES):
        response = client.get(f"{API}/applications?page_size=100", headers=headers)
    items = response.json()["items"]
    assert len(items) == rows and items[-1]["decided_by"] == str(users.union)


# --- Validation errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("get", "/members?page_size=1000", None, "page_size"),
        ("get", "/members?status=gone", None, "status"),
        ("get", "/members?tag=vip", None, "tag"),
        ("get", "/members?joined_from=yesterday", None, "joined_from"),
        ("get", "/members?employer=abc", None, "employer"),
        ("get", "/transfers?direction=sideways", None, "direction"),
        ("get", "/applications?status=maybe", None, "status"),
        ("post", "/members", {"union": "UA11", "name": "赵六"}, "id_number"),
        ("post", "/members", {"union": "UA11", "name": "赵六", "id_number": "x", "phone": "1", "nick": "六"}, "nick"),
        ("post", "/members/{m}/status", {"change": "expel", "reason": "违纪"}, "change"),
        ("post", "/members/{m}/status", {"change": "quit", "on": "2025-02-30", "reason": "本人申请"}, "on"),
        ("post", "/transfers", {"member": "张三", "to_union": "UB11", "reason": "调动"}, "member"),
        ("post", "/transfers/{t}/accept", {"on": "明天"}, "on"),
    ],
)
def test_invalid_requests_answer_422_in_chinese(client, tree, users, bearer, roster, method, url, body, field):
    transfer = services.request_transfer(roster.zhang, tree.union_a2, actor=users.union, reason="调动")
    url = url.format(m=roster.li.pk, t=transfer.pk)
    data = refused(client, bearer(users.town), method, f"{API}{url}", body, status=422, code="invalid_request")
    assert data["errors"][0]["field"] == field
    assert all(is_chinese(e["message"]) for e in data["errors"])
    assert is_chinese(data["message"])


def test_a_body_that_is_not_json_is_refused(client, tree, users, bearer, roster):
    before = db_state()
    response = client.post(
        f"{API}/members/{roster.zhang.pk}/status", data="{oops", content_type=JSON, headers=bearer(users.union)
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_request")
    assert is_chinese(response.json()["message"]) and db_state() == before
