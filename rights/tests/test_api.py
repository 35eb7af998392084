"""The rights API: open a case from an appeal and directly, sessions, extension and outcome with money as exact
decimal strings; refusals with stable codes and Chinese messages that write nothing; ID numbers always masked."""

from core.testing import assert_api_refused
from rights.models import LegalAidCase, MediationCase

from .factories import ID_NUMBER, wage_appeal

BASE = "/api/v1/rights"


def _count():
    return (MediationCase.objects.count(), LegalAidCase.objects.count())


def test_a_case_from_an_appeal_to_legal_aid_over_the_api(tree, users, client, bearer):
    headers = bearer(users.union)
    appeal = wage_appeal(tree.union_a1, users.union, employer=tree.ent_a1)
    r = client.post(
        f"{BASE}/cases/from-appeal/{appeal.pk}",
        {"amount_claimed": "12345.6"},
        content_type="application/json",
        headers=headers,
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["amount_claimed"] == "12345.60" and body["appeal_tracking_no"] == appeal.tracking_no
    assert body["parties"][0]["name"] == appeal.member.name and "*" in body["parties"][0]["id_masked"]
    assert appeal.member.reveal_id_number() not in r.content.decode()
    case_id = body["id"]
    assert_api_refused(
        client,
        headers,
        "post",
        f"{BASE}/cases/from-appeal/{appeal.pk}",
        {},
        status=409,
        code="appeal_has_case",
        state=_count,
    )
    r = client.post(
        f"{BASE}/cases/{case_id}/sessions",
        {"held_on": "2020-01-01", "notes": "x"},
        content_type="application/json",
        headers=headers,
    )
    assert r.status_code == 400 and r.json()["code"] == "invalid_held_on"
    assert_api_refused(
        client,
        headers,
        "post",
        f"{BASE}/cases/{case_id}/close",
        {"outcome": "agreed", "agreement_text": "支付", "amount_recovered": 12.5},
        status=422,
        code="invalid_request",
        state=_count,
    )
    r = client.post(
        f"{BASE}/cases/{case_id}/close",
        {"outcome": "referred", "referral": "legal_aid", "note": "企业拒绝"},
        content_type="application/json",
        headers=headers,
    )
    assert r.status_code == 200 and r.json()["status"] == "referred"
    aid_no = r.json()["legal_aid_no"]
    aid = client.get(f"{BASE}/legal-aid", headers=headers).json()["items"][0]
    assert aid["aid_no"] == aid_no and aid["parties"][0]["name"] == appeal.member.name
    listing = client.get(f"{BASE}/cases", {"status": "all"}, headers=headers).json()
    assert listing["count"] == 1 and listing["items"][0]["status"] == "referred"


def test_open_a_case_directly_and_refusals(tree, users, client, bearer):
    headers = bearer(users.town)
    body = {
        "org": "TA01",
        "enterprise_name": "甬东某劳务公司",
        "dispute_type": "wages",
        "summary": "拖欠工资",
        "amount_claimed": "0.1",
        "parties": [{"name": "王建国", "id_number": ID_NUMBER}, {"name": "李秀英"}, {"name": "赵大海"}],
    }
    r = client.post(f"{BASE}/cases", body, content_type="application/json", headers=headers)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["collective"] and data["workers"] == 3 and data["amount_claimed"] == "0.10"
    assert ID_NUMBER not in r.content.decode() and data["parties"][0]["id_masked"] == "1101**********002X"
    refused = assert_api_refused(
        client,
        headers,
        "post",
        f"{BASE}/cases",
        {**body, "parties": []},
        status=400,
        code="party_required",
        state=_count,
    )
    assert "申请人" in refused["message"]
    assert_api_refused(
        client, headers, "post", f"{BASE}/cases", {**body, "org": "TB01"}, status=400, code="invalid_org", state=_count
    )
    assert_api_refused(
        client, headers, "post", f"{BASE}/cases", {**body, "extra": 1}, status=422, code="invalid_request", state=_count
    )
    # A union admin of 乙镇 does not see the case; a viewer may not act.
    other = client.get(f"{BASE}/cases/{data['id']}", headers=bearer(users.union_b))
    assert other.status_code == 404
    r = client.post(
        f"{BASE}/cases/{data['id']}/extend", {"reason": "同意"}, content_type="application/json", headers=headers
    )
    assert r.status_code == 200 and r.json()["extended"]
    r = client.post(
        f"{BASE}/cases/{data['id']}/extend", {"reason": "再延"}, content_type="application/json", headers=headers
    )
    assert r.status_code == 409 and r.json()["code"] == "already_extended"


def test_supervision_over_the_api(tree, users, client, bearer):
    from datetime import date, timedelta

    headers = bearer(users.union)
    due = (date.today() + timedelta(days=20)).isoformat()
    body = {
        "org": "UA11",
        "enterprise_id": tree.ent_a1.pk,
        "inspected_on": date.today().isoformat(),
        "inspectors": "张明",
        "items": ["wages"],
        "problems": [{"item": "wages", "description": "工资未足额支付", "due_on": due}],
    }
    r = client.post(f"{BASE}/inspections", body, content_type="application/json", headers=headers)
    assert r.status_code == 201, r.content
    ins = r.json()
    assert ins["problems"][0]["status"] == "open"
    r = client.post(
        f"{BASE}/inspections/{ins['id']}/documents",
        {"kind": "suggestion", "content": "建议建立工资支付台账"},
        content_type="application/json",
        headers=headers,
    )
    assert (
        r.status_code == 201 and r.json()["serial"] == 1 and r.json()["number"].endswith(f"〔{date.today().year}〕1号")
    )
    problem_id = ins["problems"][0]["id"]
    r = client.post(
        f"{BASE}/problems/{problem_id}/rectify",
        {"rectification": "已补发"},
        content_type="application/json",
        headers=headers,
    )
    assert r.status_code == 200 and r.json()["status"] == "rectified"
    r = client.post(
        f"{BASE}/problems/{problem_id}/rectify",
        {"rectification": "again"},
        content_type="application/json",
        headers=headers,
    )
    assert r.status_code == 409 and r.json()["code"] == "problem_rectified"
    r = client.post(
        f"{BASE}/inspections", {**body, "items": ["nope"]}, content_type="application/json", headers=headers
    )
    assert r.status_code == 400 and r.json()["code"] == "invalid_items"
