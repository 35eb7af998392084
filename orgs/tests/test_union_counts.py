"""The number of unions of a town, as three places show it on the demo district: the 成绩单 (its 基层工会数 and the
district's breakdown row), the org page (its figure and 组织构成) and the tree. The first two count the same
thing and must agree; the tree counts something else (direct children) and must say so."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.demo import DEFAULT_SEED, DemoContext, demo_steps
from orgs.demo import DEMO_ROOT_CODE
from orgs.models import COVERING_KINDS, Org, OrgKind, OrgStatus
from orgs.selectors import children
from reports import periods, scorecard


@pytest.fixture
def demo(db):
    """The demo district's tree and staff logins (the steps the counts depend on; members and the rest are not
    needed to count unions)."""
    ctx = DemoContext(seed=DEFAULT_SEED, scale=0.3)
    for step in demo_steps():
        if step.name in ("orgs", "accounts"):
            ctx.reseed(step.name)
            step.build(ctx)
    return Org.objects.get(code=DEMO_ROOT_CODE)


def node_html(tree_html: str, org: Org) -> str:
    """The tree's ``<li>`` of ``org`` (up to its children's placeholder)."""
    match = re.search(rf'<li class="node" data-code="{re.escape(org.code)}">(.*?)<div id="kids-', tree_html, re.S)
    assert match, org.code
    return match.group(1)


def test_the_union_count_of_a_town_agrees_on_the_scorecard_and_the_org_page_and_the_tree_says_what_it_counts(
    demo, client
):
    client.force_login(User.objects.get(username="district"))
    year = timezone.localdate().year
    response = client.get(f"{reverse('reports:scorecard')}?org={demo.pk}&period={year}")
    assert response.status_code == 200
    breakdown = {row.org.pk: row.values["orgs.unions"] for row in response.context["card"].rows if not row.own}
    tree = client.get(reverse("orgs:tree_children", args=[demo.pk])).content.decode()

    towns = list(children(demo).filter(kind=OrgKind.TOWN, status=OrgStatus.ACTIVE))
    assert len(towns) >= 5
    differs = 0
    for town in towns:
        # The town's own 成绩单 and its row in the district's breakdown.
        own = {f.metric.key: f.value for f in scorecard.build(town, periods.year(year)).figures}
        assert own["orgs.unions"] == breakdown[town.pk]
        # The raw truth: active unions of the kinds the 成绩单 counts, anywhere under the town.
        truth = Org.objects.subtree(town).filter(status=OrgStatus.ACTIVE, kind__in=COVERING_KINDS).count()
        assert own["orgs.unions"] == truth > 0

        # The org page: the figure card and the 组织构成 line both say 基层工会数 and give the same number.
        html = client.get(reverse("orgs:detail", args=[town.pk])).content.decode()
        shown = re.findall(r"data-union-count>([\d,]+)<", html)
        assert shown == [f"{truth:,}", f"{truth:,}"], town.name
        assert "基层工会数" in html and "与成绩单同口径" in html and "其中基层工会数（成绩单口径）" in html

        # The tree: the number beside a town is its direct children, labelled so (not as 基层工会数).
        node = node_html(tree, town)
        direct = children(town).filter(status=OrgStatus.ACTIVE).count()
        assert f"直属下级 {direct}</span>" in node and "不是基层工会数" in node
        differs += direct != truth
    # The demo has towns whose unions sit below 联合工会 or 社区工会: there the two numbers really differ, which is
    # why the tree names its own.
    assert differs > 0
