"""Contests test data, built through the real services."""

from datetime import timedelta

from django.utils import timezone

from members import joining
from members.models import Member
from members.tests.factories import member
from orgs.tests.factories import UserFactory

from .. import services


def member_with_account(union, actor, n=None) -> Member:
    m = member(union, actor, n)
    joining.ensure_account(m)
    return Member.objects.select_related("user", "union").get(pk=m.pk)


def contest(actor, organiser, *, kind="skills", title="职工职业技能竞赛"):
    today = timezone.localdate()
    return services.create_contest(
        actor=actor, organiser=organiser, kind=kind, title=title, year=today.year, starts_on=today,
        ends_on=today + timedelta(days=30),
    )  # fmt: skip


def event(actor, c, *, name="焊工", mode="individual", rounds=(("理论", 100), ("实操", 100))):
    e = services.add_event(c, actor=actor, name=name, mode=mode, held_on=c.starts_on)
    for rname, top in rounds:
        services.add_round(e, actor=actor, name=rname, max_score=top)
    return e


def judge(actor, e, username):
    user = UserFactory(username=username)
    services.assign_judge(e, actor=actor, user=user)
    return user


__all__ = ["contest", "event", "judge", "member_with_account"]
