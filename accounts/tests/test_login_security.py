"""Login security: lock-out, idle timeout, password policy, and audit of every login."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from core.models import AuditEvent


def _login(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_successful_login_reaches_the_console_and_is_audited(client, users):
    response = _login(client, "district", "Demo@2026")
    assert response.status_code == 302 and response["Location"] == "/console/"
    assert client.get("/console/").status_code == 200
    event = AuditEvent.objects.get(action="accounts.login.succeeded")
    assert event.actor == users.district and event.ip == "10.0.0.1"


def test_bad_password_shows_chinese_error_and_is_audited(client, users):
    response = _login(client, "district", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    event = AuditEvent.objects.get(action="accounts.login.failed")
    assert (event.actor_name, event.outcome, event.actor) == ("district", "failure", None)


def test_lockout_after_five_failures_per_username_and_ip(users):
    client = Client()
    for _ in range(4):
        assert _login(client, "district", "wrong").status_code == 200
    # The fifth failure locks the (username, IP) pair ...
    assert _login(client, "district", "wrong").status_code == 429
    # ... and the sixth attempt is refused even with the right password.
    locked = _login(client, "district", "Demo@2026")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert AuditEvent.objects.filter(action="accounts.login.failed", outcome="denied").exists()
    assert not AuditEvent.objects.filter(action="accounts.login.succeeded").exists()
    # Another address, or another account from this address, is not locked.
    assert _login(Client(), "district", "Demo@2026", ip="10.0.0.2").status_code == 302
    assert _login(Client(), "town", "Demo@2026").status_code == 302


def test_lockout_ends_after_thirty_minutes(users):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            _login(Client(), "district", "wrong")
        traveller.shift(timedelta(minutes=29))
        assert _login(Client(), "district", "Demo@2026").status_code == 429
        # An attempt while locked restarts the 30 minutes (django-axes counts it as a failure).
        traveller.shift(timedelta(minutes=29))
        assert _login(Client(), "district", "Demo@2026").status_code == 429
        traveller.shift(timedelta(minutes=31))
        assert _login(Client(), "district", "Demo@2026").status_code == 302


def test_success_resets_the_failure_count(users):
    for _ in range(4):
        _login(Client(), "district", "wrong")
    assert _login(Client(), "district", "Demo@2026").status_code == 302
    for _ in range(4):
        _login(Client(), "district", "wrong")
    assert _login(Client(), "district", "Demo@2026").status_code == 302


def test_idle_session_expires_after_thirty_minutes(users):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        assert _login(client, "district", "Demo@2026").status_code == 302
        # Activity keeps the session alive: each request slides the 30-minute window.
        for _ in range(3):
            traveller.shift(timedelta(minutes=29))
            assert client.get("/console/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/console/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_logout_is_a_post_and_is_audited(users):
    client = Client()
    _login(client, "district", "Demo@2026")
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/console/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.logout", actor=users.district).exists()


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Demo@2026", True),
        ("Gonghui#88", True),
        ("union2026A", True),
        ("abcdefgh", False),  # one class
        ("abcd1234", False),  # two classes
        ("12345678", False),  # digits only
        ("Ab1!", False),  # too short
        ("Password1", False),  # common
    ],
)
def test_password_policy(password, ok, db):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_password_policy_messages_are_chinese(db):
    with pytest.raises(ValidationError) as excinfo:
        validate_password("abcdefgh")
    assert any("至少" in m for m in excinfo.value.messages)


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_member_accounts_are_sent_to_the_member_site(tree, users, client):
    from members import joining
    from members.tests.factories import member

    m = member(tree.union_a1, users.union, 7)
    user = joining.ensure_account(m)
    user.set_password("Worker@2026")
    user.save()
    response = client.post("/accounts/login/", {"username": m.phone, "password": "Worker@2026"})
    assert response.status_code == 200 and "/m/login/" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_app_declares_a_role_without_a_migration(tree, users):
    """Roles are declarations: a registered role's permissions hold over the grant's sub-tree and it has a label."""
    from accounts.models import Grant
    from accounts.roles import ROLE_LABELS, ROLE_PERMISSIONS, add_permissions, register_role, role_label
    from core.scoping import can

    register_role("test_officer", "测试专员", {"tests.view"})
    try:
        Grant.objects.create(user=users.nobody, org=tree.town_a, role="test_officer")
        users.nobody.__dict__.pop("_active_grants", None)
        users.nobody.__dict__.pop("_scope_cache", None)
        assert can(users.nobody, "tests.view", tree.union_a1) and not can(users.nobody, "tests.view", tree.town_b)
        assert role_label("test_officer") == "测试专员"
        assert Grant.objects.get(user=users.nobody).get_role_display() == "测试专员"
        add_permissions("test_officer", {"tests.handle"})
        assert {"tests.view", "tests.handle"} <= ROLE_PERMISSIONS["test_officer"]
    finally:
        ROLE_LABELS.pop("test_officer")
        ROLE_PERMISSIONS.pop("test_officer")
