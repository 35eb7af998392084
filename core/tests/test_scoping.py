"""The permission matrix: who sees which orgs, enterprises and audit events."""

import pytest

from accounts.models import Grant
from accounts.roles import Role
from core.scoping import EVERYTHING, can, scope_paths
from orgs.models import Enterprise, Org
from orgs.tests.factories import UserFactory

ALL = {"D001", "TA01", "TB01", "UA11", "UA12", "UA13", "UB11"}


def codes(qs):
    return set(qs.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("who", "perm", "expected"),
    [
        ("sysadmin", "orgs.view", ALL),
        ("district", "orgs.view", ALL),
        ("town", "orgs.view", {"TA01", "UA11", "UA12", "UA13"}),
        ("union", "orgs.view", {"UA11"}),
        ("union_b", "orgs.view", {"UB11"}),
        ("nobody", "orgs.view", set()),
        ("union", "orgs.move", set()),
        ("union", "orgs.change", {"UA11"}),
        ("town", "orgs.dissolve", {"TA01", "UA11", "UA12", "UA13"}),
    ],
)
def test_org_scope_matrix(users, who, perm, expected):
    assert codes(Org.objects.restrict(getattr(users, who), perm)) == expected


def test_enterprise_scope_follows_the_registering_org(tree, users):
    town_ents = set(Enterprise.objects.restrict(users.town, "enterprises.view").values_list("pk", flat=True))
    assert town_ents == {tree.ent_a1.pk, tree.ent_a2.pk, tree.ent_a3.pk}
    assert not Enterprise.objects.restrict(users.town, "enterprises.view").filter(pk=tree.ent_b1.pk).exists()


def test_several_grants_union_their_subtrees(tree):
    user = UserFactory(grant=(tree.union_a1, Role.UNION_ADMIN))
    Grant.objects.create(user=user, org=tree.union_b1, role=Role.UNION_ADMIN)
    assert codes(Org.objects.restrict(user, "orgs.view")) == {"UA11", "UB11"}


def test_nested_grants_collapse_to_one_prefix(tree):
    user = UserFactory(grant=(tree.town_a, Role.FEDERATION_ADMIN))
    Grant.objects.create(user=user, org=tree.union_a1, role=Role.FEDERATION_ADMIN)
    assert sorted(scope_paths(user, "orgs.view")) == [tree.town_a.path, tree.union_a1.path]
    qs = Org.objects.restrict(user, "orgs.view")
    assert str(qs.query).count("LIKE") == 1  # the inner grant adds no condition


def test_sysadmin_is_global(users):
    assert scope_paths(users.sysadmin, "orgs.view") is EVERYTHING


def test_inactive_users_and_dissolved_grants_see_nothing(tree, users):
    users.town.is_active = False
    users.town.save()
    assert codes(Org.objects.restrict(users.town, "orgs.view")) == set()
    Org.objects.filter(pk=tree.union_b1.pk).update(status="dissolved", dissolved_on="2026-01-01")
    assert codes(Org.objects.restrict(users.union_b, "orgs.view")) == set()


def test_can_checks_one_object(tree, users):
    assert can(users.town, "orgs.add", tree.union_a2)
    assert not can(users.town, "orgs.add", tree.town_b)
    assert not can(users.union, "orgs.add", tree.union_a1)
    assert not can(users.nobody, "orgs.view", tree.district)


def test_a_sibling_with_a_longer_code_prefix_is_not_in_scope(tree, users):
    """Paths are fixed-width steps, so a sibling is never a string prefix match of another sibling."""
    from orgs.tests.factories import OrgFactory

    for _ in range(40):  # enough siblings to roll the step over (0009 → 000A … 0010)
        OrgFactory(parent=tree.town_a)
    assert not Org.objects.restrict(users.union, "orgs.view").exclude(pk=tree.union_a1.pk).exists()


def test_unscoped_model_cannot_be_restricted(users):
    from accounts.models import ApiToken

    ApiToken.objects.__class__  # noqa: B018 - the manager exists
    with pytest.raises(AttributeError):
        ApiToken.objects.restrict(users.town, "orgs.view")
