"""The 基层基础 figures of notices: notices sent (for the sender) and the report-back rates (for the receiving org's
sub-tree, never a sibling's)."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from reports import engine
from reports.periods import year

from ..models import Delivery
from ..services import notices
from .factories import plain, task


def test_notice_figures(tree, users):
    t = task(users.district, tree.district, kinds=["grassroots"], due=2)  # UA11, UA12, UB11
    plain(users.town, tree.town_a)
    a1 = Delivery.objects.get(notice=t, org=tree.union_a1)
    notices.report_back(a1, actor=users.union, answers={"f1": "3", "f2": "2026-01-01", "f3": "是"})
    b1 = Delivery.objects.get(notice=t, org=tree.union_b1)
    with time_machine.travel(timezone.now() + timedelta(days=5), tick=False):
        notices.report_back(b1, actor=users.union_b, answers={"f1": "3", "f2": "2026-01-01", "f3": "否"})
    this_year = year(timezone.localdate().year)
    district = engine.compute(tree.district, [this_year]).totals
    assert district["unionlife.notices_sent"] == [2]
    assert district["unionlife.report_rate"] == [66.7]
    assert district["unionlife.report_on_time_rate"] == [33.3]
    town_a = engine.compute(tree.town_a, [this_year]).totals
    assert town_a["unionlife.notices_sent"] == [1]
    assert town_a["unionlife.report_rate"] == [50.0]
    town_b = engine.compute(tree.town_b, [this_year]).totals
    assert town_b["unionlife.notices_sent"] == [0]
    assert town_b["unionlife.report_rate"] == [100.0] and town_b["unionlife.report_on_time_rate"] == [0.0]
