"""Account changes under real concurrency (threads, one connection each, SQLite and PostgreSQL): the row lock on the
account makes the "every account keeps one grant" rule hold when two admins revoke its two grants at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from accounts import services
from accounts.models import Grant, User
from accounts.roles import Role
from core.errors import DomainError

from .factories import add_grant, staff

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(calls):
    """Run the callables in threads released together; return the error codes (None for a success)."""
    barrier = threading.Barrier(len(calls))

    def one(fn):
        try:
            barrier.wait(timeout=30)
            fn()
            return None
        except DomainError as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        outcomes = list(pool.map(one, calls))
    close_old_connections()
    return outcomes


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
            calls.append(
                lambda g=grant: services.revoke_grant(
                    Grant.objects.get(pk=g.pk), actor=User.objects.get(pk=users.town.pk)
                )
            )
    outcomes = run_at_once(calls)
    assert sorted(outcomes, key=str) == [None] * 6 + ["last_grant"] * 6
    for user in accounts:
        assert user.grants.count() == 1


def test_one_account_disabled_twice_at_once(tree, users):
    clerk = staff(tree.union_a1, username="clerk")
    outcomes = run_at_once(
        [
            lambda: services.disable_account(User.objects.get(pk=clerk.pk), actor=User.objects.get(pk=users.town.pk)),
            lambda: services.disable_account(
                User.objects.get(pk=clerk.pk), actor=User.objects.get(pk=users.district.pk)
            ),
        ]
    )
    assert sorted(outcomes, key=str) == [None, "already_disabled"]
