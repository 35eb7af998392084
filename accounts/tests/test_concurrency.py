"""Account changes under real concurrency (threads, one connection each, SQLite and PostgreSQL): the row lock on the
account makes the "every account keeps one grant" rule hold when two admins revoke its two grants at once."""

import pytest

from accounts import services
from accounts.models import Grant, User
from accounts.roles import Role
from core.testing import run_at_once

from .factories import add_grant, staff

pytestmark = pytest.mark.django_db(transaction=True)


def revoke(grant_pk, actor_pk) -> int:
    services.revoke_grant(Grant.objects.get(pk=grant_pk), actor=User.objects.get(pk=actor_pk))
    return grant_pk


def test_two_admins_revoking_both_grants_at_once_leave_one(tree, users):
    accounts = []
    for n in range(6):
        user = staff(tree.union_a1, username=f"both{n}")
        add_grant(user, tree.union_a2, Role.UNION_ADMIN)
        accounts.append(user)
    calls = []
    for user in accounts:
        for grant in user.grants.all():
            # Each thread loads its own actor, as each request would.
            calls.append(lambda g=grant: revoke(g.pk, users.town.pk))
    results, errors = run_at_once(calls)
    assert (len(results), errors) == (6, ["last_grant"] * 6)
    for user in accounts:
        assert user.grants.count() == 1


def test_one_account_disabled_twice_at_once(tree, users):
    clerk = staff(tree.union_a1, username="clerk")
    results, errors = run_at_once(
        [
            lambda: services.disable_account(User.objects.get(pk=clerk.pk), actor=User.objects.get(pk=users.town.pk)),
            lambda: services.disable_account(
                User.objects.get(pk=clerk.pk), actor=User.objects.get(pk=users.district.pk)
            ),
        ]
    )
    assert (len(results), errors) == (1, ["already_disabled"])
