"""Test data for the volunteers module, built through the real services."""

from datetime import timedelta

from django.utils import timezone

from places.tests.factories import member_with_account

from .. import services

__all__ = ["member_with_account", "shift", "team", "team_with"]


def team(org, actor, name="甲一青年志愿服务队", **fields):
    return services.create_team(actor=actor, org=org, name=name, **fields)


def team_with(org, actor, *, n=3, first=100, name="甲一青年志愿服务队", union=None):
    """A team of ``org`` with ``n`` volunteers (members with logins, of ``union``, by default ``org``), the first its
    leader: ``(team, [members])``."""
    people = [member_with_account(union or org, actor, first + i) for i in range(n)]
    t = services.create_team(actor=actor, org=org, name=name, leader=people[0])
    for m in people[1:]:
        services.add_volunteer(t, m, actor=actor)
    t.refresh_from_db()
    return t, people


def shift(team_, actor, *, quota=3, days=1, hours=3, title="社区助老服务岗", **fields):
    """A shift of ``team_`` starting ``days`` from now at nine (local time) and lasting ``hours``."""
    day = timezone.localdate() + timedelta(days=days)
    starts = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 9))
    return services.create_shift(
        team_, actor=actor, title=title, starts_at=starts, ends_at=starts + timedelta(hours=hours), quota=quota,
        **fields,
    )  # fmt: skip
