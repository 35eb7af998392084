"""The figures of a sub-tree and a period (``appeals.selectors.figures``) on a hand-made fixture with exact numbers:
where an appeal counts (the org handling it now), the first and last day of the period, on-time and late steps,
handling time, escalation, satisfaction and adoption, by kind and by category."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from appeals import selectors, services
from members.tests.factories import member

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def at(m, d, hh=10, mm=0, ss=0):
    return datetime(2026, m, d, hh, mm, ss, tzinfo=SHANGHAI)


def _do(moment, action, *args, **kwargs):
    with time_machine.travel(moment, tick=False):
        return action(*args, **kwargs)


@pytest.fixture
def march(tree, users):
    """Nine appeals around March 2026 (2 March is a Monday; no holidays in the calendar)."""
    n = iter(range(800, 900))

    def submit(moment, union, **fields):
        worker = member(union, users.district, next(n))
        defaults = {"kind": "appeal", "category": "wages", "description": "公司拖欠工资两个月", "name": "", "phone": ""}
        return _do(moment, services.submit, member=worker, **(defaults | fields))

    town, union = users.town, users.union
    # a1: on time throughout, 48 hours, 满意.
    a1 = submit(at(3, 2, 9), tree.union_a1)
    _do(at(3, 3, 9), services.accept, a1, actor=union)
    _do(at(3, 4, 9), services.resolve, a1, actor=union, reply="已协调企业补发工资。")
    _do(at(3, 5), services.rate, a1, satisfaction="satisfied")
    # a2: a suggestion on the last minute of the period, adopted, 72 hours, 基本满意.
    a2 = submit(
        at(3, 31, 23, 59), tree.union_a1, kind="suggestion", category="facilities", description="建议增设职工书屋"
    )
    _do(at(4, 1, 9), services.accept, a2, actor=union)
    _do(at(4, 1, 10), services.adopt, a2, actor=union)
    _do(at(4, 3, 23, 59), services.resolve, a2, actor=union, reply="已在三楼开设职工书屋。")
    _do(at(4, 4), services.rate, a2, satisfaction="fairly")
    # a7: a photo report accepted and resolved late (due Tuesday 24 March and Friday 10 April), 576 hours.
    a7 = submit(at(3, 20), tree.union_a1, kind="snapshot", category="safety", description="消防通道堆放杂物")
    _do(at(3, 25), services.accept, a7, actor=union)
    _do(at(4, 13), services.resolve, a7, actor=union, reply="已督促企业清理消防通道。")
    # a3: the sibling union misses the accept deadline; escalated to the town, accepted there, replied to, and
    # reopened after 不满意, so it is not resolved now.
    a3 = submit(at(3, 10), tree.union_a2, category="contract", description="公司不肯签订劳动合同")
    assert _do(at(3, 13, 0, 5), services.escalate_overdue) == 1
    _do(at(3, 13), services.accept, a3, actor=town)
    _do(at(3, 20), services.resolve, a3, actor=town, reply="已督促企业补签劳动合同。")
    _do(at(3, 21), services.rate, a3, satisfaction="unsatisfied", comment="合同还没签")
    # a8: raised in union_a1 but handed to its sibling union_a2: it counts there, not in union_a1.
    a8 = submit(at(3, 12), tree.union_a1, category="social_insurance", description="单位未缴纳社保")
    _do(at(3, 12, 11), services.hand_over, a8, tree.union_a2, actor=town, reason="该职工实际在甲二电子工作")
    # a4: another town.
    submit(at(3, 15), tree.union_b1)
    # The edges: one second before the period and its first second after (accepted so that they stay put).
    a5 = submit(at(2, 28, 23, 59, 59), tree.union_a1)
    _do(at(3, 2), services.accept, a5, actor=union)
    submit(at(4, 1, 0, 0, 0), tree.union_a1)
    # The first second of the period counts.
    a9 = submit(at(3, 1, 0, 0, 0), tree.union_b1, kind="suggestion", category="other", description="建议开通夜班班车")
    return {"a1": a1, "a2": a2, "a3": a3, "a7": a7, "a8": a8, "a9": a9}


def test_a_grassroots_union_counts_only_what_it_handles_now(tree, march, django_assert_num_queries):
    with django_assert_num_queries(1):
        result = selectors.figures(tree.union_a1, *MARCH)
    assert result["total"] == {
        "received": 3,  # a1, a2 (last minute), a7; not a8 (handed over), a5/a6 (outside the period)
        "accepted": 3,
        "accepted_on_time": 2,
        "resolved": 3,
        "resolved_on_time": 2,
        "escalated": 0,
        "escalations": 0,
        "rated": 2,
        "satisfied": 2,
        "adopted": 1,
        "accepted_on_time_rate": 66.7,
        "resolved_on_time_rate": 66.7,
        "avg_handling_hours": 232.0,  # (48 + 72 + 576) / 3
        "avg_handling_days": 9.7,
        "satisfaction_rate": 100.0,
    }
    kinds = result["by_kind"]
    assert set(kinds) == {"appeal", "suggestion", "snapshot", "open_day"}
    assert [kinds[k]["received"] for k in ("appeal", "suggestion", "snapshot", "open_day")] == [1, 1, 1, 0]
    assert kinds["suggestion"]["adopted"] == 1 and kinds["appeal"]["adopted"] == 0
    assert kinds["snapshot"]["avg_handling_hours"] == 576.0 and kinds["snapshot"]["resolved_on_time"] == 0
    assert kinds["open_day"]["avg_handling_hours"] is None and kinds["open_day"]["satisfaction_rate"] is None
    categories = result["by_category"]
    assert len(categories) == 9
    assert {c: g["received"] for c, g in categories.items() if g["received"]} == {
        "wages": 1,
        "facilities": 1,
        "safety": 1,
    }
    assert categories["wages"]["avg_handling_hours"] == 48.0 and categories["facilities"]["satisfaction_rate"] == 100


def test_the_sibling_union_gets_the_handed_over_item(tree, march):
    total = selectors.figures(tree.union_a2, *MARCH)["total"]
    assert (total["received"], total["accepted"], total["resolved"]) == (1, 0, 0)
    assert selectors.figures(tree.union_a2, *MARCH)["by_category"]["social_insurance"]["received"] == 1


def test_the_town_adds_the_escalated_and_handed_over_items(tree, march):
    result = selectors.figures(tree.town_a, *MARCH)
    total = result["total"]
    assert {k: total[k] for k in ("received", "accepted", "accepted_on_time", "resolved", "resolved_on_time")} == {
        "received": 5,
        "accepted": 4,
        # a3's deadline restarted at the town, which accepted it the same day.
        "accepted_on_time": 3,
        "resolved": 3,  # a3 was reopened
        "resolved_on_time": 2,
    }
    assert (total["escalated"], total["escalations"]) == (1, 1)
    assert (total["rated"], total["satisfied"], total["satisfaction_rate"]) == (3, 2, 66.7)
    assert total["avg_handling_hours"] == 232.0
    assert result["by_category"]["contract"]["escalated"] == 1


def test_the_district_and_the_edges_of_the_period(tree, march):
    total = selectors.figures(tree.district, *MARCH)["total"]
    assert total["received"] == 7  # + a4 and a9 (the first second of 1 March) in the other town
    # The first day alone and the last day alone.
    assert selectors.figures(tree.district, date(2026, 3, 1), date(2026, 3, 1))["total"]["received"] == 1
    last = selectors.figures(tree.district, date(2026, 3, 31), date(2026, 3, 31))["total"]
    assert (last["received"], last["adopted"]) == (1, 1)
    # Widening the period by a day at each end takes in the two items just outside it.
    wider = selectors.figures(tree.district, date(2026, 2, 28), date(2026, 4, 1))["total"]
    assert wider["received"] == 9
    assert selectors.figures(tree.town_b, *MARCH)["total"]["received"] == 2


def test_an_empty_sub_tree(tree, march):
    result = selectors.figures(tree.village_a2, *MARCH)
    assert result["total"]["received"] == 0
    assert result["total"]["satisfaction_rate"] is None and result["total"]["avg_handling_days"] is None


def test_suggestions_received_are_a_figure_of_jian_gong_li_ye(tree, march):
    """金点子: the suggestions submitted in the period (a2 in union_a1, a9 in union_b1), for the union handling them."""
    from reports import engine
    from reports.periods import Period

    march = Period(*MARCH)
    assert engine.compute(tree.union_a1, [march], keys=["appeals.suggestions"]).totals == {"appeals.suggestions": [1]}
    assert engine.compute(tree.district, [march], keys=["appeals.suggestions"]).totals == {"appeals.suggestions": [2]}
    import core.metrics as registry

    metric = registry.get("appeals.suggestions")
    assert (metric.section, metric.unit) == ("建功立业", "条")
