"""The demo's staff accounts: every state is there to see, and the demo admins can manage them."""

from io import StringIO

from django.core.management import call_command
from django.test import Client

from accounts.models import User
from accounts.policy import AccountPolicy
from accounts.selectors import account_status, staff_accounts
from core import demo as core_demo
from core.demo import DEMO_PASSWORD


def test_demo_staff_accounts_in_every_state_managed_by_the_demo_admins(db, monkeypatch):
    # The steps up to the staff accounts: the roster and later steps are not needed here.
    monkeypatch.setattr(core_demo, "_STEPS", {k: s for k, s in core_demo._STEPS.items() if s.order < 200})
    out = StringIO()
    call_command("seed_demo", force=True, scale=0.3, stdout=out)
    assert "其他工作人员账号：4" in out.getvalue()
    accounts = {u.username: u for u in User.objects.filter(username__in=["town2", "union2", "clerk1", "clerk2"])}
    assert {name: account_status(u) for name, u in accounts.items()} == {
        "town2": "active",
        "union2": "active",
        "clerk1": "pending",
        "clerk2": "disabled",
    }
    assert Client().post("/accounts/login/", {"username": "town2", "password": DEMO_PASSWORD}).status_code == 302

    district, admin, town = (User.objects.get(username=n) for n in ("district", "admin", "town"))
    for manager in (district, admin):
        policy = AccountPolicy.of(manager)
        for user in (
            staff_accounts(manager).exclude(pk=manager.pk).exclude(username="admin" if manager == district else "")
        ):
            assert policy.manages_account(user, list(user.grants.select_related("org"))), (manager, user)
    seen = set(staff_accounts(town).values_list("username", flat=True))
    assert seen == {"town", "union", "union2", "clerk1", "clerk2"}
