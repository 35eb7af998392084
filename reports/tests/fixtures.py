"""A hand-counted district for the metric tests, built through the real services (time travel for the dated steps).

Tree (conftest ``tree``): district → town_a → (union_a1, union_a2 → village_a2), town_b → union_b1, plus
union_a4 (under town_a, founded 2020, dissolved 2024-07-01) and union_a5 (under town_a, founded 2024-04-01). Every
other org was founded on 2010-01-01. The period under test is 2024; the previous period is 2023.

Members (joined on):
  m1  union_a1  2024-01-01 (first day)          m2  union_a1  2023-12-31 (the day before)
  m3  union_a2  2024-12-31 (last day)           m4  union_a2  2025-01-01 (the day after)
  m5  union_b1  2024-03-01 (sibling town)       m6  village_a2 2022-05-01, 新就业形态, transferred to union_b1 on
                                                    2024-06-30
  m7  union_a1  2024-02-01, 新就业形态, quit on 2024-10-01
  m8  union_a1  2023-03-01, retained on 2024-05-01
  m9  union_a1  2020-01-01

Activities (start, local time):
  act1 union_a1 2024-01-01 00:30: m1, m2, m9 confirmed; m1, m2 checked in; one walk-in guest; rated 5 (m1), 4 (m2)
  act2 union_a1 2024-12-31 23:00: m1 confirmed and checked in
  act3 union_a1 2023-12-31 23:30: m2 checked in (previous year)
  act4 union_b1 2024-06-01 10:00: m5 checked in (sibling)
  act5 union_a1 2024-05-01 10:00: cancelled
  act6 union_a4 2024-03-01 10:00 (before it was dissolved): m9 walks in

Appeals (submitted, local time):
  ap1 union_a1 2024-01-01 00:05 appeal: resolved the same day, rated 满意
  ap2 union_a1 2024-12-31 23:55 appeal: open
  ap3 union_a1 2023-12-31 23:55 appeal: resolved, rated 基本满意 (previous year)
  ap4 union_b1 2024-05-05 10:00 appeal: resolved, rated 满意 (sibling)
  ap5 union_a1 2024-03-01 10:00 suggestion: accepted, adopted, resolved on time, rated 基本满意
  ap6 union_a2 2024-07-01 10:00 appeal: resolved, rated 不满意 (reopened: not resolved now, rated 不满意)
  ap7 union_a2 2024-08-01 10:00 appeal: resolved after its deadline (late)
"""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import time_machine

from activities import checkin
from activities import services as activity_services
from appeals import services as appeal_services
from members import services as member_services
from members.tests.factories import member
from orgs import services as org_services
from orgs.models import Org
from orgs.tests.factories import OrgFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)


def _activity(organiser, actor, starts: datetime, *, title: str):
    with travel(starts - timedelta(days=3)):
        activity = activity_services.create_activity(
            actor=actor,
            organiser=organiser,
            title=title,
            category="sports",
            address="职工之家",
            capacity=20,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=20),
            registration_opens_at=starts - timedelta(days=4),
            registration_closes_at=starts - timedelta(days=1),
        )
        return activity_services.publish(activity, actor=actor)


def _register(activity, members):
    with travel(activity.starts_at - timedelta(days=3)):
        return {m.pk: activity_services.register(activity, m) for m in members}


def _check_in(activity, actor, registrations, guests=(), walk_ins=()):
    with travel(activity.starts_at + timedelta(minutes=5)):
        for reg in registrations:
            checkin.check_in_ticket(activity, reg.ticket_code, actor=actor)
        for name in guests:
            checkin.walk_in(activity, actor=actor, name=name)
        for m in walk_ins:
            checkin.walk_in(activity, actor=actor, member=m)


def _finish(activity, actor, ratings=()):
    with travel(activity.ends_at + timedelta(minutes=30)):
        activity = activity_services.finish(activity, actor=actor)
        for m, rating in ratings:
            checkin.rate(activity, m, rating=rating)
    return activity


def _appeal(worker, moment: datetime, *, kind="appeal"):
    with travel(moment):
        return appeal_services.submit(
            kind=kind, category="living", description="食堂饭菜价格偏高，希望工会协调", name="", phone="", member=worker
        )


def _resolve(appeal, actor, moment: datetime, *, rating: str | None = None):
    with travel(moment):
        appeal_services.resolve(appeal, actor=actor, reply="已与企业协商，价格已下调。")
        if rating:
            appeal_services.rate(appeal, satisfaction=rating)


def build(tree, users) -> SimpleNamespace:
    """The district of the module docstring; returns the orgs, members, activities and appeals by name."""
    Org.objects.filter(path__startswith=tree.district.path).update(founded_on=date(2010, 1, 1))
    union_a4 = OrgFactory(parent=tree.town_a, code="UA14", name="甲四已撤销工会", founded_on=date(2020, 1, 1))
    union_a5 = OrgFactory(parent=tree.town_a, code="UA15", name="甲五新建工会", founded_on=date(2024, 4, 1))
    for o in (tree.district, tree.town_a, tree.town_b, tree.union_a1, tree.union_a2, tree.village_a2, tree.union_b1):
        o.refresh_from_db()
    fed = users.district
    m = {}
    m[1] = member(tree.union_a1, fed, 9001, joined_on=date(2024, 1, 1))
    m[2] = member(tree.union_a1, fed, 9002, joined_on=date(2023, 12, 31))
    m[3] = member(tree.union_a2, fed, 9003, joined_on=date(2024, 12, 31))
    m[4] = member(tree.union_a2, fed, 9004, joined_on=date(2025, 1, 1))
    m[5] = member(tree.union_b1, fed, 9005, joined_on=date(2024, 3, 1))
    m[6] = member(tree.village_a2, fed, 9006, joined_on=date(2022, 5, 1), tags=["new_employment"])
    m[7] = member(tree.union_a1, fed, 9007, joined_on=date(2024, 2, 1), tags=["new_employment"])
    m[8] = member(tree.union_a1, fed, 9008, joined_on=date(2023, 3, 1))
    m[9] = member(tree.union_a1, fed, 9009, joined_on=date(2020, 1, 1))
    transfer = member_services.request_transfer(m[6], tree.union_b1, actor=fed, reason="换了工作")
    member_services.accept_transfer(transfer, actor=fed, on=date(2024, 6, 30))
    member_services.change_status(m[7], "quit", actor=fed, on=date(2024, 10, 1), reason="本人申请退会")
    member_services.change_status(m[8], "retain", actor=fed, on=date(2024, 5, 1), reason="待岗期间保留会籍")
    for k in m:
        m[k].refresh_from_db()

    a = {}
    a[1] = _activity(tree.union_a1, fed, at(2024, 1, 1, 0, 30), title="元旦长跑")
    regs = _register(a[1], [m[1], m[2], m[9]])
    _check_in(a[1], fed, [regs[m[1].pk], regs[m[2].pk]], guests=["来宾甲"])
    a[1] = _finish(a[1], fed, [(m[1], 5), (m[2], 4)])
    a[2] = _activity(tree.union_a1, fed, at(2024, 12, 31, 23, 0), title="跨年晚会")
    regs = _register(a[2], [m[1]])
    _check_in(a[2], fed, [regs[m[1].pk]])
    a[3] = _activity(tree.union_a1, fed, at(2023, 12, 31, 23, 30), title="2023 跨年晚会")
    regs = _register(a[3], [m[2]])
    _check_in(a[3], fed, [regs[m[2].pk]])
    a[4] = _activity(tree.union_b1, fed, at(2024, 6, 1), title="乙镇趣味运动会")
    regs = _register(a[4], [m[5]])
    _check_in(a[4], fed, [regs[m[5].pk]])
    a[5] = _activity(tree.union_a1, fed, at(2024, 5, 1), title="取消的活动")
    with travel(at(2024, 4, 20)):
        a[5] = activity_services.cancel_activity(a[5], actor=fed, reason="场地维修")
    a[6] = _activity(union_a4, fed, at(2024, 3, 1), title="甲四工会读书会")
    _check_in(a[6], fed, [], walk_ins=[m[9]])
    with travel(at(2024, 7, 1)):
        org_services.dissolve_org(union_a4, actor=fed, on=date(2024, 7, 1), reason="企业关闭")
    union_a4.refresh_from_db()

    p = {}
    p[1] = _appeal(m[1], at(2024, 1, 1, 0, 5))
    _resolve(p[1], fed, at(2024, 1, 1, 9), rating="satisfied")
    p[2] = _appeal(m[1], at(2024, 12, 31, 23, 55))
    p[3] = _appeal(m[2], at(2023, 12, 31, 23, 55))
    _resolve(p[3], fed, at(2024, 1, 2, 9), rating="fairly")
    p[4] = _appeal(m[5], at(2024, 5, 5))
    _resolve(p[4], fed, at(2024, 5, 6), rating="satisfied")
    p[5] = _appeal(m[9], at(2024, 3, 1), kind="suggestion")
    with travel(at(2024, 3, 2)):
        appeal_services.accept(p[5], actor=fed)
        appeal_services.adopt(p[5], actor=fed)
    _resolve(p[5], fed, at(2024, 3, 4), rating="fairly")
    p[6] = _appeal(m[3], at(2024, 7, 1))
    _resolve(p[6], fed, at(2024, 7, 2), rating="unsatisfied")
    p[7] = _appeal(m[3], at(2024, 8, 1))
    _resolve(p[7], fed, at(2024, 10, 8))
    for k in p:
        p[k].refresh_from_db()
    return SimpleNamespace(tree=tree, union_a4=union_a4, union_a5=union_a5, members=m, activities=a, appeals=p)
