"""Care test data, built through the real services."""

from datetime import date
from decimal import Decimal

from accounts.roles import Role
from members.tests.factories import make_id_number, member
from orgs.tests.factories import UserFactory

from ..models import Programme
from ..services import hardship, payouts


def officer(org, username: str):
    """A 关爱专员 (care officer) of ``org``."""
    return UserFactory(username=username, grant=(org, "care_officer"))


def town_officer(tree):
    return officer(tree.town_a, "care_town")


def union_officer(tree):
    return officer(tree.union_a1, "care_union")


_n = iter(range(1, 100000))


def hardship_file(union, actor, *, verify_by=None, level="deep", name="王秀英", n=None, **extra):
    n = next(_n) if n is None else n
    file = hardship.create_file(
        actor=actor,
        union=union,
        name=name,
        id_number_value=extra.pop("id_number", make_id_number(7000 + n, area="330206")),
        cause=extra.pop("cause", "illness"),
        level=level,
        household_size=extra.pop("household_size", 3),
        household_income=extra.pop("household_income", Decimal("2400.00")),
        bank_account=extra.pop("bank_account", "6222021234567890123"),
        **extra,
    )
    if verify_by is not None:
        file = hardship.verify_file(file, actor=verify_by)
    return file


def programme(org, actor, *, budget="10000.00", amount="500.00", eligibility="open", kind="winter", title="冬送温暖"):
    return payouts.create_programme(
        actor=actor,
        org=org,
        kind=kind,
        title=title,
        year=2026,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        eligibility=eligibility,
        standard_amount=amount,
        budget=budget,
    )


def roster_member(union, actor, n, **kw):
    return member(union, actor, n, **kw)


__all__ = ["Programme", "Role", "hardship_file", "officer", "programme", "roster_member", "town_officer"]
