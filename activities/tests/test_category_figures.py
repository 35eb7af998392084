"""Activities and participations by category: each category's 场 and 人次 are figures of the 成绩单 (心理健康
讲座 场 among them), declared from the category choices; from the raw tables and from the rollups alike."""

from django.utils import timezone

import core.metrics as registry
from activities.models import Category, Participation
from reports import engine, rollups
from reports.periods import year

from .factories import open_activity


def test_each_category_has_its_figures():
    keys = {m.key for m in registry.metrics()}
    for category in Category.values:
        assert {f"activities.count.{category}", f"activities.participations.{category}"} <= keys
    assert registry.get("activities.count.mental").label == "开展心理健康活动"
    assert registry.get("activities.count.mental").unit == "场"


def test_activities_and_participations_count_by_category(tree, users):
    mental = [open_activity(tree.union_a1, users.union, category="mental", title=f"心理健康讲座{i}") for i in (1, 2)]
    open_activity(tree.union_a1, users.union, category="sports")
    open_activity(tree.union_a1, users.union, category="mental", publish=False)  # a draft: not held
    open_activity(tree.union_b1, users.union_b, category="mental")  # another town
    for i in range(3):
        Participation.objects.create(
            activity=mental[0], name=f"来宾{i}", method=Participation.Method.values[0], checked_in_at=timezone.now()
        )
    this_year = year(mental[0].starts_at.astimezone(timezone.get_current_timezone()).year)
    keys = [
        "activities.count.mental",
        "activities.count.sports",
        "activities.participations.mental",
        "activities.count",
    ]
    raw = engine.compute(tree.town_a, [this_year], keys=keys).totals
    assert raw == {
        "activities.count.mental": [2],
        "activities.count.sports": [1],
        "activities.participations.mental": [3],
        "activities.count": [3],
    }
    assert engine.compute(tree.district, [this_year], keys=keys).totals["activities.count.mental"] == [3]
    rollups.rebuild()
    rolled = engine.compute(tree.town_a, [this_year], keys=keys, source=engine.ROLLUP)
    assert rolled.source == engine.ROLLUP and rolled.totals == raw
