"""Staff account services: every rule and refusal with its stable code, nothing written on refusal, the audit
events, and the one-time link texted after commit (and only then)."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client

from accounts import services
from accounts.models import ApiToken, Grant, User
from accounts.roles import Role
from core import sms
from core.errors import DomainError, ValidationFailed
from core.models import AuditEvent
from core.testing import api_headers

from .factories import add_grant, create, link_path, next_phone, staff

PASSWORD = "Clerk@2026x"


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()


def state():
    """Everything an account service could write."""
    return (
        list(
            User.objects.order_by("pk").values_list("pk", "username", "display_name", "phone", "is_active", "password")
        ),
        list(Grant.objects.order_by("pk").values_list("pk", "user_id", "org_id", "role")),
        list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        AuditEvent.objects.count(),
    )


def refused(code, fn, *args, **kwargs) -> DomainError:
    """``fn`` refuses with ``code`` and writes nothing."""
    before = state()
    with pytest.raises(DomainError) as caught:
        fn(*args, **kwargs)
    assert caught.value.code == code, caught.value.as_dict()
    assert state() == before, "a refusal must write nothing"
    return caught.value


def set_password(path: str, password: str = PASSWORD) -> Client:
    """Follow a one-time link in a fresh browser session and set ``password``; returns the logged-in client."""
    client = Client()
    step = client.get(path)
    assert step.status_code == 302, "Django moves the token out of the URL into the session"
    response = client.post(step["Location"], {"new_password1": password, "new_password2": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


# --- Creating ---------------------------------------------------------------------------------------------------


def test_create_opens_a_pending_account_and_texts_the_link_after_commit(
    tree, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user = create(
            users.town, tree.union_a1, username=" Wang.XM ", display_name=" 王小明 ", phone="+86 139-1234-0001"
        )
        assert sms.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    user.refresh_from_db()
    assert (user.username, user.display_name, user.phone) == ("wang.xm", "王小明", "13912340001")
    assert user.is_active and not user.has_usable_password()
    (grant,) = user.grants.all()
    assert (grant.org, grant.role, grant.created_by) == (tree.union_a1, Role.UNION_ADMIN, users.town)
    (message,) = sms.outbox
    assert message.phone == "13912340001" and "wang.xm" in message.text and "/accounts/password/" in message.text
    assert tree.union_a1.display_name in message.text and "基层工会管理员" in message.text
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk)).order_by("id")
    assert [e.action for e in events] == ["accounts.user.created", "accounts.grant.created"]
    assert all(e.actor == users.town and e.org == tree.union_a1 for e in events)
    assert events[1].data["role"] == "union_admin" and events[1].data["org"] == "UA11"


def test_the_link_sets_the_password_once_and_the_account_logs_in(tree, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = create(users.town, tree.union_a1, phone="13912340002")
    path = link_path("13912340002")
    assert path.startswith("/accounts/password/")
    clerk = set_password(path)
    assert clerk.get("/console/").status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.password.changed", actor=user).exists()
    # The link is void now.
    again = Client().get(path, follow=True).content.decode()
    assert "该链接已使用或已失效" in again
    assert Client().post("/accounts/login/", {"username": "clerk", "password": PASSWORD}).status_code == 302


def test_every_input_problem_is_reported_at_once_and_nothing_is_written(tree, users):
    staff(tree.town_a, Role.UNION_ADMIN, username="taken", phone="13912340003")
    error = refused(
        "username_taken",
        create,
        users.town,
        tree.union_a1,
        username="Taken",
        display_name=" ",
        phone="13912340003",
    )
    assert isinstance(error, ValidationFailed)
    assert [(e.code, e.field) for e in error.errors] == [
        ("username_taken", "username"),
        ("display_name_required", "display_name"),
        ("phone_taken", "phone"),
    ]
    assert all(any("\u4e00" <= c <= "\u9fff" for c in str(e.message)) for e in error.errors)


@pytest.mark.parametrize(
    ("username", "phone", "code"),
    [
        ("", "13912340004", "username_required"),
        ("ab", "13912340004", "invalid_username"),
        ("9lives", "13912340004", "invalid_username"),
        ("张三", "13912340004", "invalid_username"),
        ("m123", "13912340004", "username_reserved"),
        ("p13912340004", "13912340004", "username_reserved"),
        ("clerk", "", "phone_required"),
        ("clerk", "1391234000", "invalid_mobile"),
        ("clerk", "12912340004", "invalid_mobile"),
        ("clerk", "0574-87654321", "invalid_mobile"),
    ],
)
def test_username_and_mobile_rules(tree, users, username, phone, code):
    refused(
        code,
        services.create_staff_account,
        actor=users.town,
        username=username,
        display_name="王",
        phone=phone,
        org=tree.union_a1,
        role=Role.UNION_ADMIN,
    )


def test_a_members_phone_may_also_be_a_staff_phone(tree, users):
    # A union clerk is often a member too: member and partner logins do not hold the number.
    User.objects.create(username="m900", phone="13912340005")
    assert create(users.town, tree.union_a1, phone="13912340005").phone == "13912340005"


def test_a_pii_officer_grant_needs_a_reason(tree, users):
    error = refused("reason_required", create, users.district, tree.district, Role.PII_OFFICER)
    assert error.field == "reason"
    user = create(users.district, tree.district, Role.PII_OFFICER, reason="核对会员身份信息")
    event = AuditEvent.objects.get(action="accounts.grant.created", object_id=str(user.pk))
    assert event.data["reason"] == "核对会员身份信息"


def test_an_unknown_role_is_refused(tree, users):
    refused("invalid_role", create, users.district, tree.union_a1, "chairman")


# --- Reset, disable, enable, edit --------------------------------------------------------------------------------


@pytest.fixture
def clerk(tree, users, django_capture_on_commit_callbacks):
    """A union clerk who has set their password from the link and logged in on the console and the API."""
    with django_capture_on_commit_callbacks(execute=True):
        user = create(users.town, tree.union_a1, username="clerk", phone="13912340010")
    session = set_password(link_path("13912340010"))
    _, raw = ApiToken.issue(user)
    user.refresh_from_db()
    user.session, user.token = session, raw
    sms.outbox.clear()
    return user


def api_ok(raw: str) -> bool:
    return Client().get("/api/v1/auth/me", headers=api_headers(raw)).status_code == 200


def test_reset_voids_password_links_sessions_and_tokens(tree, users, clerk, django_capture_on_commit_callbacks):
    old_token = default_token_generator.make_token(clerk)  # a link made before the reset
    with django_capture_on_commit_callbacks(execute=True):
        services.reset_password(clerk, actor=users.town)
    clerk.refresh_from_db()
    assert not clerk.has_usable_password()
    assert not default_token_generator.check_token(clerk, old_token)
    assert clerk.session.get("/console/").status_code == 302  # the session ended
    assert not api_ok(clerk.token)
    assert ApiToken.objects.get(user=clerk).revoked_at is not None
    assert Client().post("/accounts/login/", {"username": "clerk", "password": PASSWORD}).status_code == 200
    (message,) = sms.outbox
    assert message.phone == clerk.phone and "重置" in message.text
    event = AuditEvent.objects.get(action="accounts.user.password_reset")
    assert (event.actor, event.data["tokens_revoked"]) == (users.town, 1)
    set_password(link_path(clerk.phone), "Again@2026x")
    clerk.refresh_from_db()
    assert clerk.check_password("Again@2026x")


def test_disable_stops_logins_sessions_tokens_and_links(tree, users, clerk):
    pending = default_token_generator.make_token(clerk)
    services.disable_account(clerk, actor=users.town, reason="调离岗位")
    clerk.refresh_from_db()
    assert not clerk.is_active
    assert clerk.session.get("/console/").status_code == 302
    assert not api_ok(clerk.token) and ApiToken.objects.get(user=clerk).revoked_at is not None
    login = Client().post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert login.status_code == 200 and "用户名或密码不正确" in login.content.decode()
    # A link still within its time does not open for a disabled account.
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(clerk.pk))
    page = Client().get(f"/accounts/password/{uid}/{pending}/", follow=True).content.decode()
    assert "该链接已使用或已失效" in page
    event = AuditEvent.objects.get(action="accounts.user.disabled")
    assert event.changes == {"is_active": [True, False]} and event.data["reason"] == "调离岗位"
    refused("already_disabled", services.disable_account, clerk, actor=users.town)
    refused("account_disabled", services.reset_password, clerk, actor=users.town)

    services.enable_account(clerk, actor=users.town)
    clerk.refresh_from_db()
    assert clerk.is_active
    assert Client().post("/accounts/login/", {"username": "clerk", "password": PASSWORD}).status_code == 302
    assert not api_ok(clerk.token), "tokens revoked on disable stay revoked"
    assert AuditEvent.objects.filter(action="accounts.user.enabled").count() == 1
    refused("already_active", services.enable_account, clerk, actor=users.town)


def test_edit_name_and_phone(tree, users, clerk):
    staff(tree.town_b, username="other", phone="13912340011")
    refused("phone_taken", services.update_staff_account, clerk, actor=users.town, phone="13912340011")
    refused("invalid_mobile", services.update_staff_account, clerk, actor=users.town, phone="123")
    services.update_staff_account(clerk, actor=users.town, display_name="王晓明", phone="139 1234 0012")
    clerk.refresh_from_db()
    assert (clerk.display_name, clerk.phone) == ("王晓明", "13912340012")
    event = AuditEvent.objects.get(action="accounts.user.updated")
    assert event.changes == {"display_name": ["王小明", "王晓明"], "phone": ["13912340010", "13912340012"]}
    # Saving the same values writes no event.
    services.update_staff_account(clerk, actor=users.town, display_name="王晓明", phone="13912340012")
    assert AuditEvent.objects.filter(action="accounts.user.updated").count() == 1


def test_nobody_changes_their_own_account(tree, users):
    for fn, kwargs in [
        (services.disable_account, {}),
        (services.reset_password, {}),
        (services.update_staff_account, {"display_name": "我"}),
    ]:
        refused("self_change", fn, users.district, actor=users.district, **kwargs)
    refused("self_change", services.enable_account, users.district, actor=users.district)


def test_an_admin_cannot_touch_accounts_above_or_beside_them(tree, users):
    peer = staff(tree.district, Role.FEDERATION_ADMIN, username="peer")
    for actor, target, code in [
        (users.district, users.sysadmin, "account_not_manageable"),  # visible (a grant in the district), but above
        (users.district, peer, "account_not_manageable"),  # 总工会管理员 of the same org: the level above manages
        (peer, users.district, "account_not_manageable"),
        (users.town, users.district, "permission_denied"),  # not visible to a town admin at all
        (users.town, users.union_b, "permission_denied"),
        (users.union, users.union, "self_change"),
        (users.union, users.town, "permission_denied"),  # no accounts.manage at all
    ]:
        for fn in (services.disable_account, services.reset_password, services.update_staff_account):
            refused(code, fn, target, actor=actor)
    users.union_b.is_active = False
    users.union_b.save()
    refused("permission_denied", services.enable_account, users.union_b, actor=users.town)


def test_an_account_spanning_two_scopes_is_visible_from_both_and_managed_from_above(tree, users):
    both = staff(tree.union_a1, username="both")
    add_grant(both, tree.union_b1, Role.UNION_ADMIN)
    refused("account_not_manageable", services.disable_account, both, actor=users.town)
    services.disable_account(both, actor=users.district)
    # The town admin may still give up their side: revoke the grant in their own sub-tree.
    grant = both.grants.get(org=tree.union_a1)
    services.revoke_grant(grant, actor=users.town)
    assert list(both.grants.values_list("org__code", flat=True)) == ["UB11"]


def test_an_account_without_grants_is_nobodys_to_manage(tree, users):
    member = User.objects.create(username="m901", phone="13912340013")
    refused("permission_denied", services.reset_password, member, actor=users.district)
    refused(
        "permission_denied", services.add_grant, member, actor=users.district, org=tree.union_a1, role=Role.UNION_ADMIN
    )


# --- Grants -----------------------------------------------------------------------------------------------------


def test_add_change_and_revoke_grants(tree, users, clerk):
    grant = services.add_grant(clerk, actor=users.town, org=tree.union_a2, role=Role.UNION_ADMIN)
    assert (grant.created_by, grant.org) == (users.town, tree.union_a2)
    refused("grant_exists", services.add_grant, clerk, actor=users.town, org=tree.union_a2, role=Role.UNION_ADMIN)
    refused("peer_admin", services.add_grant, clerk, actor=users.town, org=tree.town_a, role=Role.FEDERATION_ADMIN)
    refused("permission_denied", services.add_grant, clerk, actor=users.town, org=tree.union_b1, role=Role.UNION_ADMIN)

    changed = services.change_role(grant, actor=users.town, role=Role.PII_OFFICER, reason="核对身份信息")
    assert changed.role == Role.PII_OFFICER
    event = AuditEvent.objects.get(action="accounts.grant.role_changed")
    assert event.changes == {"role": ["union_admin", "pii_officer"]} and event.data["reason"] == "核对身份信息"
    refused("same_role", services.change_role, changed, actor=users.town, role=Role.PII_OFFICER)
    refused(
        "reason_required",
        services.change_role,
        clerk.grants.get(org=tree.union_a1),
        actor=users.town,
        role=Role.PII_OFFICER,
    )
    refused("role_not_for_org", services.change_role, changed, actor=users.town, role=Role.FEDERATION_ADMIN)

    services.revoke_grant(changed, actor=users.town)
    assert list(clerk.grants.values_list("org__code", "role")) == [("UA11", "union_admin")]
    event = AuditEvent.objects.get(action="accounts.grant.revoked")
    assert event.data["org"] == "UA12" and event.org == tree.union_a2 and event.object_id == str(clerk.pk)


def test_every_account_keeps_one_grant(tree, users, clerk):
    refused("last_grant", services.revoke_grant, clerk.grants.get(), actor=users.town)


def test_grants_beyond_the_actors_authority_are_left_alone(tree, users):
    town_b_admin = staff(tree.town_b, Role.FEDERATION_ADMIN, username="townb")
    add_grant(town_b_admin, tree.union_a1, Role.UNION_ADMIN)
    federation = town_b_admin.grants.get(org=tree.town_b)
    refused("permission_denied", services.revoke_grant, federation, actor=users.town)
    refused("permission_denied", services.change_role, federation, actor=users.town, role=Role.UNION_ADMIN)
    # The district may: a 总工会管理员 strictly below it.
    services.change_role(federation, actor=users.district, role=Role.UNION_ADMIN)
    refused("grant_not_manageable", services.revoke_grant, users.sysadmin.grants.get(), actor=users.district)
    peer = staff(tree.district, Role.FEDERATION_ADMIN, username="peer")
    add_grant(peer, tree.union_a1, Role.UNION_ADMIN)
    refused("grant_not_manageable", services.revoke_grant, peer.grants.get(org=tree.district), actor=users.district)
    refused(
        "grant_not_manageable",
        services.change_role,
        peer.grants.get(org=tree.district),
        actor=users.district,
        role=Role.UNION_ADMIN,
    )


def test_nobody_removes_their_own_last_admin_grant_but_may_give_up_others(tree, users):
    own = users.district.grants.get()
    add_grant(users.district, tree.union_a1, Role.UNION_ADMIN)
    refused("last_admin_grant", services.revoke_grant, own, actor=users.district)
    refused("self_change", services.change_role, own, actor=users.district, role=Role.UNION_ADMIN)
    # A second admin grant: now the first may go, and the powers of this request follow at once.
    add_grant(users.district, tree.town_b, Role.FEDERATION_ADMIN)
    services.revoke_grant(own, actor=users.district)
    assert set(users.district.grants.values_list("org__code", flat=True)) == {"UA11", "TB01"}
    refused(
        "permission_denied", services.revoke_grant, users.district.grants.get(org=tree.union_a1), actor=users.district
    )
    services.revoke_grant(users.district.grants.get(org=tree.town_b), actor=users.sysadmin)
    refused("permission_denied", create, User.objects.get(pk=users.district.pk), tree.union_b1)


def test_a_grant_revoked_meanwhile_is_a_conflict(tree, users, clerk):
    grant = services.add_grant(clerk, actor=users.town, org=tree.union_a2, role=Role.UNION_ADMIN)
    stale = Grant.objects.get(pk=grant.pk)
    services.revoke_grant(grant, actor=users.town)
    refused("conflict", services.change_role, stale, actor=users.town, role=Role.PII_OFFICER, reason="x")


def test_account_events_are_scoped_to_the_grants_org(tree, users):
    user = create(users.district, tree.union_b1, username="clerkb", phone=next_phone())
    events = AuditEvent.objects.filter(object_id=str(user.pk), object_type="accounts.user")
    assert set(events.values_list("org__code", flat=True)) == {"UB11"}
    assert not AuditEvent.objects.restrict(users.town, "audit.view").filter(object_id=str(user.pk)).exists()
