"""Who may grant which role where (accounts.policy; docs/permissions.md "Managing staff accounts"), as a matrix:
every actor × role × org, once against the policy and once through the service that opens an account, which must
write nothing when it refuses."""

import pytest

from accounts import services
from accounts.models import Grant, User
from accounts.policy import AccountPolicy
from accounts.roles import ROLE_LABELS, Role, register_role
from core.errors import DomainError
from core.models import AuditEvent

from .factories import create, next_phone, staff

OK = None
DENIED = "permission_denied"  # the org is outside the actor's accounts.manage scope
HIGH = "role_too_high"  # the role ranks above the actor's
PEER = "peer_admin"  # a 总工会管理员 of the actor's own org: the level above appoints those
KIND = "role_not_for_org"  # 总工会管理员 only on a 区/市 or 镇街总工会

ORGS = ("district", "town_a", "union_a1", "town_b")
ROLES = (Role.SYSADMIN, Role.FEDERATION_ADMIN, Role.UNION_ADMIN, Role.PII_OFFICER)
NOWHERE = {role: (DENIED,) * 4 for role in ROLES}

# actor -> role -> outcome on (district, town_a, union_a1, town_b)
MATRIX = {
    "sysadmin": {
        Role.SYSADMIN: (OK, OK, OK, OK),
        Role.FEDERATION_ADMIN: (OK, OK, KIND, OK),
        Role.UNION_ADMIN: (OK, OK, OK, OK),
        Role.PII_OFFICER: (OK, OK, OK, OK),
    },
    "district": {
        Role.SYSADMIN: (HIGH, HIGH, HIGH, HIGH),
        Role.FEDERATION_ADMIN: (PEER, OK, KIND, OK),
        Role.UNION_ADMIN: (OK, OK, OK, OK),
        Role.PII_OFFICER: (OK, OK, OK, OK),
    },
    "town": {
        Role.SYSADMIN: (DENIED, HIGH, HIGH, DENIED),
        Role.FEDERATION_ADMIN: (DENIED, PEER, KIND, DENIED),
        Role.UNION_ADMIN: (DENIED, OK, OK, DENIED),
        Role.PII_OFFICER: (DENIED, OK, OK, DENIED),
    },
    "union": NOWHERE,
    "pii": NOWHERE,
    "nobody": NOWHERE,
}
# Roles apps declare (关爱专员 …) are outside the rank order, like 个人信息查看员: any managing grant covering the org
# may give them.
APP_ROLES = [code for code in ROLE_LABELS if code not in Role.values]
for by_role in MATRIX.values():
    for code in APP_ROLES:
        by_role.setdefault(code, by_role[Role.PII_OFFICER])


@pytest.fixture
def actors(tree, users):
    return {
        "sysadmin": users.sysadmin,
        "district": users.district,
        "town": users.town,
        "union": users.union,
        "pii": staff(tree.district, Role.PII_OFFICER, username="pii"),
        "nobody": users.nobody,
    }


def cells():
    for actor, by_role in MATRIX.items():
        for role, outcomes in by_role.items():
            for org, outcome in zip(ORGS, outcomes, strict=True):
                yield actor, role, org, outcome


def test_the_matrix_covers_every_actor_role_and_org():
    assert {role for by_role in MATRIX.values() for role in by_role} == set(ROLE_LABELS)
    assert all(len(by_role) == len(ROLE_LABELS) for by_role in MATRIX.values())


def test_policy_matrix(tree, actors):
    wrong = []
    for actor, role, org_name, expected in cells():
        refusal = AccountPolicy.of(actors[actor]).refusal(role, getattr(tree, org_name))
        got = refusal.code if refusal else None
        if got != expected:
            wrong.append(f"{actor} grants {role} on {org_name}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_service_matrix_opens_exactly_the_allowed_accounts(tree, actors):
    wrong = []
    for n, (actor, role, org_name, expected) in enumerate(cells()):
        before = (User.objects.count(), Grant.objects.count(), AuditEvent.objects.count())
        username = f"cell{n}"
        try:
            create(actors[actor], getattr(tree, org_name), role, username=username, reason="核对会员身份")
            got = None
        except DomainError as exc:
            got = exc.code
            if (User.objects.count(), Grant.objects.count(), AuditEvent.objects.count()) != before:
                wrong.append(f"{actor} / {role} / {org_name}: refused but wrote something")
        if got != expected:
            wrong.append(f"{actor} grants {role} on {org_name}: expected {expected}, got {got}")
        elif got is None:
            grant = Grant.objects.get(user__username=username)
            assert (grant.org, grant.role) == (getattr(tree, org_name), role)
    assert not wrong, "\n".join(wrong)


def test_refusals_of_authority_are_403_and_of_kind_400(tree, users):
    for actor, org, role, code, status in [
        (users.district, tree.town_a, Role.SYSADMIN, HIGH, 403),
        (users.district, tree.district, Role.FEDERATION_ADMIN, PEER, 403),
        (users.town, tree.town_b, Role.UNION_ADMIN, DENIED, 403),
        (users.district, tree.union_a1, Role.FEDERATION_ADMIN, KIND, 400),
    ]:
        with pytest.raises(DomainError) as caught:
            create(actor, org, role, username="x" + code.replace("_", ""))
        assert (caught.value.code, caught.value.status) == (code, status)


def test_a_dissolved_org_takes_no_new_grant(tree, users):
    from orgs import services as org_services

    org_services.dissolve_org(
        tree.village_a2, actor=users.district, on=tree.village_a2.created_at.date(), reason="企业关闭"
    )
    tree.village_a2.refresh_from_db()
    assert AccountPolicy.of(users.district).refusal(Role.UNION_ADMIN, tree.village_a2).code == "org_dissolved"
    with pytest.raises(DomainError) as caught:
        create(users.district, tree.village_a2)
    assert caught.value.code == "org_dissolved"


def test_nobody_grants_to_themselves_not_even_a_lower_role(tree, users):
    with pytest.raises(DomainError) as caught:
        services.add_grant(users.district, actor=users.district, org=tree.union_a1, role=Role.PII_OFFICER, reason="x")
    assert caught.value.code == "self_change"
    assert not users.district.grants.filter(role=Role.PII_OFFICER).exists()


def test_offered_roles_follow_the_rank(tree, users, actors):
    assert AccountPolicy.of(users.sysadmin).offered_roles() == [
        Role.SYSADMIN,
        Role.FEDERATION_ADMIN,
        Role.UNION_ADMIN,
        Role.PII_OFFICER,
        *APP_ROLES,
    ]
    assert AccountPolicy.of(users.town).offered_roles() == [
        Role.FEDERATION_ADMIN,
        Role.UNION_ADMIN,
        Role.PII_OFFICER,
        *APP_ROLES,
    ]
    assert AccountPolicy.of(users.union).offered_roles() == []
    assert AccountPolicy.of(actors["pii"]).offered_roles() == []
    assert AccountPolicy.of(users.district).grantable_roles(tree.town_b) == [
        Role.FEDERATION_ADMIN,
        Role.UNION_ADMIN,
        Role.PII_OFFICER,
        *APP_ROLES,
    ]
    assert AccountPolicy.of(users.town).grantable_roles(tree.town_a) == [Role.UNION_ADMIN, Role.PII_OFFICER, *APP_ROLES]


def test_a_superuser_without_grants_counts_as_sysadmin(tree):
    root = User.objects.create_superuser("root", phone=next_phone(), password="Root@2026x")
    assert AccountPolicy.of(root).refusal(Role.SYSADMIN, tree.town_b) is None


def test_a_disabled_actor_has_no_powers(tree, users):
    users.district.is_active = False
    assert AccountPolicy.of(users.district).refusal(Role.UNION_ADMIN, tree.union_a1).code == DENIED


def test_a_role_an_app_declares_is_granted_like_the_personal_data_officer(tree, users):
    """Roles are declarations: one an app adds is outside the rank order and takes a 总工会管理员 covering the org."""
    from accounts.roles import ROLE_PERMISSIONS

    register_role("test_officer", "测试专员", {"tests.view"})
    try:
        assert AccountPolicy.of(users.town).refusal("test_officer", tree.town_a) is None
        assert AccountPolicy.of(users.town).refusal("test_officer", tree.town_b).code == DENIED
        assert "test_officer" in AccountPolicy.of(users.district).offered_roles()
        grant = services.add_grant(users.union, actor=users.town, org=tree.union_a1, role="test_officer")
        assert grant.get_role_display() == "测试专员"
        assert AccountPolicy.of(users.district).refusal("no_such_role", tree.town_a).code == "invalid_role"
    finally:
        ROLE_LABELS.pop("test_officer")
        ROLE_PERMISSIONS.pop("test_officer")
