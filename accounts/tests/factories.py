"""Staff accounts for tests: through the real service where the test is about accounts, directly where an account
is only the setting."""

import re
from itertools import count

from core import sms
from orgs.tests.factories import UserFactory

from .. import services
from ..models import Grant
from ..roles import Role

_phones = count(1)


def next_phone() -> str:
    """A fresh valid mobile number for each call."""
    return f"1370000{next(_phones):04d}"


def staff(org, role=Role.UNION_ADMIN, *, username=None, **fields):
    """An account holding ``role`` on ``org``, with the password Demo@2026 (no service: a setting, not the test)."""
    kwargs = {"grant": (org, role), "phone": fields.pop("phone", next_phone()), **fields}
    if username:
        kwargs["username"] = username
    return UserFactory(**kwargs)


def add_grant(user, org, role):
    """A second grant, written directly (a setting)."""
    return Grant.objects.create(user=user, org=org, role=role)


def create(actor, org, role=Role.UNION_ADMIN, *, username="clerk", display_name="王小明", phone=None, **extra):
    """An account opened through ``services.create_staff_account``."""
    return services.create_staff_account(
        actor=actor,
        username=username,
        display_name=display_name,
        phone=phone or next_phone(),
        org=org,
        role=role,
        **extra,
    )


def link_path(phone: str) -> str:
    """The path of the last one-time link texted to ``phone`` (locmem SMS backend)."""
    text = [m.text for m in sms.outbox if m.phone == phone][-1]
    return re.search(r"https?://[^/\s]+(/\S+/)", text).group(1)
