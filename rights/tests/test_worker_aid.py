"""Legal aid from the worker (the phone pages, the member API and the public API): a member applies as themselves,
a worker without an account proves their mobile number with the texted code appeals use; both follow their legal
aid and mediation cases and rate a closed legal-aid case once; staff see that it was applied for online and the
rating. Every write leaves an audit event; nothing of another worker's answers."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from appeals.api.public import access_pass
from core import sms
from core.models import AuditEvent
from core.testing import api_headers
from members import joining
from members.tests.factories import member

from .. import services
from ..models import AidParty, LegalAidCase
from .factories import case

API = "/api/v1"
JSON = "application/json"
PHONE = "13712340000"


def _member(tree, users, n=9501):
    m = member(tree.union_a1, users.union, n)
    user = joining.ensure_account(m)
    m.refresh_from_db()
    return m, user


def _code(capture, phone=PHONE) -> str:
    from appeals import services as appeal_services

    with capture(execute=True):
        appeal_services.send_phone_code(phone, ip="127.0.0.1")
    return sms.outbox[-1].text.split("验证码是 ")[1][:6]


APPLY = {"dispute_type": "wages", "summary": "公司拖欠我三个月工资共计两万元，多次讨要未果", "amount_claimed": "20000"}


def test_a_member_applies_on_the_phone_page_follows_and_rates(tree, users, login):
    m, user = _member(tree, users)
    client = login(user)
    home = client.get(reverse("rights:worker_home"))
    assert home.status_code == 200 and "还没有法律援助申请" in home.content.decode()
    refused = client.post(reverse("rights:aid_apply"), {**APPLY, "summary": "欠薪"})
    assert refused.status_code == 400 and "至少 10 个字" in refused.content.decode()
    response = client.post(reverse("rights:aid_apply"), APPLY)
    aid = LegalAidCase.objects.get()
    assert response.status_code == 302 and response.url == reverse("rights:my_aid", args=[aid.aid_no])
    # Taken by the town federation above the member's union, with the member as its party.
    assert aid.applied_online and aid.org == tree.town_a and aid.amount_claimed == Decimal("20000.00")
    (party,) = aid.parties.all()
    assert (party.member, party.name, party.phone) == (m, m.name, m.phone)
    assert AuditEvent.objects.filter(action="rights.aid.applied", object_id=str(aid.pk)).count() == 1
    page = client.get(reverse("rights:my_aid", args=[aid.aid_no])).content.decode()
    assert "援助中" in page and "待指派" in page and 'id="rating"' not in page
    assert aid.aid_no in client.get(reverse("rights:worker_home")).content.decode()
    # Rating before the case is closed is refused.
    early = client.post(reverse("rights:aid_rate", args=[aid.aid_no]), {"rating": "5"})
    assert early.status_code == 400 and "尚未结案" in early.content.decode()
    services.close_aid(aid, actor=users.town, outcome="仲裁裁决支付工资", amount_recovered="20000")
    assert 'id="rating"' in client.get(reverse("rights:my_aid", args=[aid.aid_no])).content.decode()
    done = client.post(reverse("rights:aid_rate", args=[aid.aid_no]), {"rating": "4", "comment": "律师很负责"})
    assert done.status_code == 302
    aid.refresh_from_db()
    assert (aid.rating, aid.rating_comment) == (4, "律师很负责") and aid.rated_at is not None
    assert AuditEvent.objects.filter(action="rights.aid.rated", object_id=str(aid.pk)).count() == 1
    again = client.post(reverse("rights:aid_rate", args=[aid.aid_no]), {"rating": "1"})
    assert again.status_code == 400 and "已评价过" in again.content.decode()
    # Staff see that it was applied for online, and the rating, on the list and the page.
    staff = login(users.town)
    listing = staff.get(reverse("rights:aids")).content.decode()
    assert "网上申请" in listing and "4 星" in listing
    detail = staff.get(reverse("rights:aid", args=[aid.pk])).content.decode()
    assert "职工网上申请" in detail and "律师很负责" in detail


def test_a_worker_without_an_account_proves_the_number_with_the_texted_code(
    client, tree, users, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    form = client.get(reverse("rights:aid_apply")).content.decode()
    assert reverse("appeals:send_code") in form  # the appeals' code button
    data = {**APPLY, "name": "孙立", "phone": PHONE, "town": tree.town_b.pk}
    missing = client.post(reverse("rights:aid_apply"), data)
    assert missing.status_code == 400 and "短信验证码" in missing.content.decode()
    code = _code(django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    assert client.post(reverse("rights:aid_apply"), {**data, "code": wrong}).status_code == 400
    assert not LegalAidCase.objects.exists()
    response = client.post(reverse("rights:aid_apply"), {**data, "code": code})
    assert response.status_code == 302
    aid = LegalAidCase.objects.get()
    assert aid.org == tree.town_b and aid.applied_online
    assert list(aid.parties.values_list("member", "name", "phone")) == [(None, "孙立", PHONE)]
    # The session remembers the number: the home page lists the application.
    assert aid.aid_no in client.get(reverse("rights:worker_home")).content.decode()


def test_the_home_page_checks_the_number_before_listing(client, tree, users, django_capture_on_commit_callbacks):
    sms.outbox.clear()
    aid = services.apply_online(name="孙立", phone=PHONE, town=tree.town_a, **APPLY)
    other = client.get(reverse("rights:worker_home")).content.decode()
    assert aid.aid_no not in other and "查询我的申请" in other
    code = _code(django_capture_on_commit_callbacks)
    response = client.post(reverse("rights:worker_home"), {"phone": PHONE, "code": code})
    assert response.status_code == 302
    assert aid.aid_no in client.get(reverse("rights:worker_home")).content.decode()
    assert client.get(reverse("rights:my_aid", args=[aid.aid_no])).status_code == 200


def test_the_worker_follows_a_mediation_case_without_staff_notes(client, tree, users, login):
    m, user = _member(tree, users)
    c = case(tree.union_a1, users.union, workers=2)
    c.parties.filter(name="职工1").update(member=m)
    services.record_session(c, actor=users.union, held_on=timezone.localdate(), notes="企业私下承认资金困难")
    services.close_case(c, actor=users.union, outcome="referred", referral="legal_aid", note="内部说明不外传")
    page = login(user).get(reverse("rights:my_case", args=[c.case_no])).content.decode()
    assert "调解不成，转介法律援助" in page and 'data-kind="mediation_session"' in page
    assert "资金困难" not in page and "内部说明" not in page and "职工2" not in page and "13900000002" not in page
    # The referral opened a legal-aid case: the worker is its party and sees it.
    home = login(user).get(reverse("rights:worker_home")).content.decode()
    assert c.legal_aid.aid_no in home and c.case_no in home


def test_the_member_api(client, tree, users):
    m, user = _member(tree, users)
    _, raw = ApiToken.issue(user)
    h = api_headers(raw)
    url = f"{API}/me/rights/legal-aid"
    refused = client.post(url, data={**APPLY, "dispute_type": "x", "summary": ""}, content_type=JSON, headers=h)
    assert refused.status_code == 400
    assert {e["code"] for e in refused.json()["errors"]} == {"invalid_dispute_type", "application_summary_short"}
    unknown = client.post(url, data={**APPLY, "town": "NOPE"}, content_type=JSON, headers=h)
    assert unknown.status_code == 400 and unknown.json()["code"] == "town_not_found"
    created = client.post(url, data=APPLY, content_type=JSON, headers=h)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["applied_online"] and body["status"] == "open" and body["can_rate"] is False
    no = body["aid_no"]
    assert [a["aid_no"] for a in client.get(url, headers=h).json()["items"]] == [no]
    early = client.post(f"{url}/{no}/rating", data={"rating": 5}, content_type=JSON, headers=h)
    assert early.status_code == 409 and early.json()["code"] == "aid_not_closed"
    services.close_aid(LegalAidCase.objects.get(aid_no=no), actor=users.town, outcome="和解", amount_recovered="1")
    bad = client.post(f"{url}/{no}/rating", data={"rating": 6}, content_type=JSON, headers=h)
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_rating"
    shape = client.post(f"{url}/{no}/rating", data={"rating": "five"}, content_type=JSON, headers=h)
    assert shape.status_code == 422
    rated = client.post(f"{url}/{no}/rating", data={"rating": 5, "comment": "满意"}, content_type=JSON, headers=h)
    assert rated.status_code == 200 and rated.json()["rating"] == 5 and rated.json()["can_rate"] is False
    twice = client.post(f"{url}/{no}/rating", data={"rating": 1}, content_type=JSON, headers=h)
    assert twice.status_code == 409 and twice.json()["code"] == "aid_already_rated"
    assert client.get(f"{url}/FY0000", headers=h).status_code == 404
    # Staff API shows where it came from and the rating.
    staff = client.get(f"{API}/rights/legal-aid/{LegalAidCase.objects.get(aid_no=no).pk}", headers=_bearer(users.town))
    assert staff.json()["applied_online"] is True and staff.json()["rating"] == 5
    # Cases: none yet; a token of a non-member is refused.
    assert client.get(f"{API}/me/rights/cases", headers=h).json()["count"] == 0
    assert client.get(f"{API}/me/rights/cases", headers=_bearer(users.town)).status_code == 403


def _bearer(user):
    _, raw = ApiToken.issue(user)
    return api_headers(raw)


def test_the_public_api(client, tree, users, django_capture_on_commit_callbacks):
    sms.outbox.clear()
    code = _code(django_capture_on_commit_callbacks)
    url = f"{API}/public/rights/legal-aid"
    data = {**APPLY, "name": "孙立", "phone": PHONE, "town": "TA01"}
    wrong = "000000" if code != "000000" else "111111"
    assert client.post(url, data={**data, "code": wrong}, content_type=JSON).json()["code"] == "code_wrong"
    refused = client.post(url, data={**data, "code": code, "name": ""}, content_type=JSON)
    assert refused.status_code == 400 and refused.json()["code"] == "applicant_name_required"
    created = client.post(url, data={**data, "code": code}, content_type=JSON)  # the code is still usable
    assert created.status_code == 201, created.json()
    body = created.json()
    no, access = body["aid_no"], body["access"]
    assert AidParty.objects.get(aid__aid_no=no).phone == PHONE
    used = client.post(f"{API}/public/rights/lookup", data={"phone": PHONE, "code": code}, content_type=JSON)
    assert used.status_code == 400 and used.json()["code"] == "code_expired"
    found = client.post(f"{API}/public/rights/lookup", data={"phone": PHONE, "access": access}, content_type=JSON)
    assert [a["aid_no"] for a in found.json()["legal_aid"]] == [no] and found.json()["cases"] == []
    services.close_aid(LegalAidCase.objects.get(aid_no=no), actor=users.town, outcome="和解", amount_recovered="0")
    other = {"phone": "13900001111", "access": access_pass("13900001111")["access"], "rating": 5}
    assert client.post(f"{url}/{no}/rating", data=other, content_type=JSON).status_code == 404
    rated = client.post(f"{url}/{no}/rating", data={"phone": PHONE, "access": access, "rating": 3}, content_type=JSON)
    assert rated.status_code == 200 and rated.json()["rating"] == 3
    again = client.post(f"{url}/{no}/rating", data={"phone": PHONE, "access": access, "rating": 3}, content_type=JSON)
    assert again.status_code == 409


@pytest.mark.django_db(transaction=True)
def test_two_ratings_at_once_rate_once(tree, users):
    from core.testing import run_at_once

    aid = services.apply_online(name="孙立", phone=PHONE, town=tree.town_a, **APPLY)
    services.close_aid(aid, actor=users.town, outcome="和解", amount_recovered="0")

    def rate(n):
        services.rate_aid(LegalAidCase.objects.get(pk=aid.pk), rating=n)

    _, codes = run_at_once([lambda: rate(5), lambda: rate(1)])
    assert codes == ["aid_already_rated"]
    assert AuditEvent.objects.filter(action="rights.aid.rated").count() == 1
