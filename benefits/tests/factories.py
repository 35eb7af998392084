"""Member-offers test data, built through the real services."""

from datetime import timedelta

from django.utils import timezone

from members import joining
from members.tests.factories import member

from .. import services


def in_days(n: int):
    return timezone.localdate() + timedelta(days=n)


def member_with_account(union, actor, n=None):
    """A member of ``union`` with a login (the phone site and the vouchers need one)."""
    m = member(union, actor, n)
    joining.ensure_account(m)
    m.refresh_from_db()
    return m


def merchant(org, actor, *, name="甬东百货商场", phone="19800007001", category="shopping", **fields):
    """A merchant of ``org`` with one partner login (``p<phone>``)."""
    return services.create_merchant(
        actor=actor,
        org=org,
        name=name,
        category=category,
        phone=phone,
        accounts=[{"phone": phone, "display_name": f"{name}收银员"}],
        **fields,
    )


def cashier(merchant_):
    """The merchant's first login account."""
    return merchant_.partner.users.order_by("pk").first()


def offer(merchant_, actor, *, kind="discount", quota=None, per_member=1, **fields):
    data = {
        "title": "职工专享 8.8 折" if kind == "discount" else "满 200 减 30 代金券",
        "kind": kind,
        "discount": "8.8折" if kind == "discount" else "",
        "face_value": None if kind == "discount" else "30.00",
        "starts_on": in_days(-1),
        "ends_on": in_days(30),
        "quota": quota,
        "per_member": per_member,
    }
    data.update(fields)
    return services.create_offer(merchant_, actor=actor, **data)


def draw(org, actor, *, prizes=(("电饭煲", 1), ("保温杯", 2)), **fields):
    data = {
        "title": "“五一”好运抽奖",
        "kind": "lucky",
        "entries_close_at": timezone.now() + timedelta(days=3),
        "prizes": [{"name": n, "quantity": q} for n, q in prizes],
    }
    data.update(fields)
    return services.create_draw(actor=actor, org=org, **data)
