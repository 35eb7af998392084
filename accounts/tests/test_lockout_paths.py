"""The lock-out holds on every login path and whatever the body looks like (issue 13, "lock-out bypass").

A failed password counts towards the same (account, IP) lock-out whether it came through the console's login form,
the member site's phone login or ``POST /api/v1/auth/token``, sent as a form, as multipart or as JSON; every failure
leaves an audit event; once locked, the right password is refused on every path, and the API says so in JSON with
``Retry-After``. The token endpoint takes JSON only: another content type is refused (415, JSON) without looking at
the password, so it can neither hand out a token nor be used to guess one."""

import json

import pytest
from django.test import Client
from django.test.client import encode_multipart

from core.models import AuditEvent
from members import joining
from members.tests.factories import member

PASSWORD = "Demo@2026"
TOKEN = "/api/v1/auth/token"
IP = "10.9.9.9"


def console(client, username, password, *, multipart=False):
    data = {"username": username, "password": password}
    if multipart:
        return client.post("/accounts/login/", data, REMOTE_ADDR=IP)  # the test client's default is multipart
    return client.post(
        "/accounts/login/",
        "&".join(f"{k}={v}" for k, v in data.items()),
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR=IP,
    )


def api(client, username, password, content_type="application/json"):
    body = json.dumps({"username": username, "password": password})
    return client.generic("POST", TOKEN, body, content_type=content_type, REMOTE_ADDR=IP)


def failures(username):
    return AuditEvent.objects.filter(action="accounts.login.failed", actor_name=username).count()


def assert_locked_everywhere(username, password, *, member_site=False):
    response = api(Client(), username, password)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "login_locked" and int(response["Retry-After"]) == 30 * 60
    page = "/m/login/" if member_site else "/accounts/login/"
    html = Client().post(page, {"username": username, "password": password}, REMOTE_ADDR=IP)
    assert html.status_code == 429 and "登录失败次数过多" in html.content.decode()
    assert int(html["Retry-After"]) == 30 * 60


def test_failures_on_every_path_add_up_to_one_lock_out(users):
    client = Client()
    assert console(client, "district", "wrong1").status_code == 200
    assert console(client, "district", "wrong2", multipart=True).status_code == 200
    assert api(client, "district", "wrong3").status_code == 401
    assert api(client, "district", "wrong4", "application/json; charset=utf-8").status_code == 401
    assert failures("district") == 4
    # The fifth failure, on any path, locks the account on this address for every path.
    assert api(client, "district", "wrong5").status_code == 429
    assert failures("district") == 5
    assert_locked_everywhere("district", PASSWORD)
    assert not AuditEvent.objects.filter(action="accounts.token.created").exists()


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",  # no boundary: the shape that once answered an HTML 400 and was never counted
        "multipart/form-data; boundary=xyz",
        "application/x-www-form-urlencoded",
        "text/plain",
        "",
    ],
)
def test_the_token_endpoint_takes_json_only(users, content_type):
    for password in ("wrong", PASSWORD):
        response = api(Client(), "district", password, content_type)
        assert response.status_code == 415, response.content
        assert response.json()["code"] == "unsupported_media_type"
        assert "application/json" in response.json()["message"]
    assert not AuditEvent.objects.filter(action__in=["accounts.token.created", "accounts.login.succeeded"]).exists()
    # Nothing was checked, so nothing counts against the account: it still logs in.
    assert api(Client(), "district", PASSWORD).status_code == 200


def test_a_real_multipart_form_is_refused_too(users):
    body = encode_multipart("BoUnDaRy", {"username": "district", "password": PASSWORD})
    response = Client().generic(
        "POST", TOKEN, body, content_type="multipart/form-data; boundary=BoUnDaRy", REMOTE_ADDR=IP
    )
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"


def test_member_phone_login_counts_every_spelling_of_the_phone(tree, users):
    m = member(tree.union_a1, users.union, 1)
    user = joining.ensure_account(m, actor=users.union)
    user.set_password(PASSWORD)
    user.save()
    phone = m.phone
    spellings = [
        phone,
        f"{phone[:3]} {phone[3:7]} {phone[7:]}",
        f"{phone[:3]}-{phone[3:7]}-{phone[7:]}",
        f"+86{phone}",
        phone.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    ]
    client = Client()
    for spelling in spellings[:4]:
        response = client.post("/m/login/", {"username": spelling, "password": "wrong"}, REMOTE_ADDR=IP)
        assert response.status_code == 200
    # The fifth failure locks the phone, however it was typed.
    assert client.post("/m/login/", {"username": spellings[4], "password": "wrong"}, REMOTE_ADDR=IP).status_code == 429
    for spelling in spellings:
        locked = Client().post("/m/login/", {"username": spelling, "password": PASSWORD}, REMOTE_ADDR=IP)
        assert locked.status_code == 429, spelling
    assert api(Client(), f"{phone[:3]} {phone[3:]}", PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(action="accounts.login.failed").count() >= 5


def test_a_lock_out_over_the_api_is_json_with_retry_after(users):
    for _ in range(4):
        assert api(Client(), "town", "wrong").status_code == 401
    locked = api(Client(), "town", "wrong")
    assert locked.status_code == 429 and locked.json()["code"] == "login_locked"
    assert locked["Retry-After"] == "1800"
    again = api(Client(), "town", PASSWORD)
    assert again.status_code == 429 and again.json()["code"] == "login_locked" and again["Retry-After"] == "1800"
    assert AuditEvent.objects.filter(action="accounts.login.failed", actor_name="town", outcome="denied").exists()
