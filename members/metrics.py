"""The roster's contribution to the metric registry (``core.metrics``): members, new members, 入会率.

Members are counted from the membership history (``MembershipEvent``), so a figure at any date counts each
member where they were at that time: 入会 and 转入 add one to the union where they happened, 转出, 除名 and 退会
take one away, 保留会籍 and 恢复 change nothing (a retained member still holds the membership). A transfer on
2024-06-30 counts the member in the old union up to 2024-06-29 and in the new one from 2024-06-30. Members of a
union that was later dissolved stay counted where their history puts them until they are transferred or leave.
"""

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from core.metrics import (
    Chart,
    Counter,
    Measure,
    Metric,
    Watch,
    rate,
    register_chart,
    register_counter,
    register_measure,
    register_metric,
    register_watch,
)
from orgs.models import Org

from .choices import HOLDING, Tag
from .models import CardIssue, Member, MembershipEvent, MemberTag

Kind = MembershipEvent.Kind
ADDS = [Kind.JOINED, Kind.TRANSFERRED_IN]
TAKES = [Kind.TRANSFERRED_OUT, Kind.REMOVED, Kind.QUIT]


def _events():
    return MembershipEvent


def held_delta(f: Q):
    """+1 for each event that brings a membership into a union, -1 for each that takes one out."""
    return Sum(
        Case(
            When(kind__in=ADDS, then=Value(1)),
            When(kind__in=TAKES, then=Value(-1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        filter=f,
    )


def holding_today(org, periods, group_len) -> dict:
    """Members holding a membership today (在册 and 保留), per group: what 入会率 divides. Counted per union first
    (the (union, status) index answers it), then joined to the unions' paths: a province's million members are
    never joined to the tree row by row. One query, whatever the data."""
    q = connection.ops.quote_name
    members, orgs = q(Member._meta.db_table), q(Org._meta.db_table)
    holding = sorted(HOLDING)
    # Org paths are base-36 digits: a prefix never contains LIKE's wildcards.
    sql = (
        f"SELECT o.{q('path')}, s.n FROM (SELECT {q('union_id')} AS union_id, COUNT(*) AS n FROM {members} "
        f"WHERE {q('status')} IN ({', '.join(['%s'] * len(holding))}) AND {q('union_id')} IN "
        f"(SELECT {q('id')} FROM {orgs} WHERE {q('path')} LIKE %s) GROUP BY {q('union_id')}) s "
        f"JOIN {orgs} o ON o.{q('id')} = s.union_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*holding, org.path + "%"])
        rows = cursor.fetchall()
    out: dict[str, dict] = {}
    for path, n in rows:
        group = out.setdefault(path[:group_len], {"members.holding_now": 0})
        group["members.holding_now"] += n
    return out


def register() -> None:
    """Declare the roster's counters and metrics (called from ``MembersConfig.ready``)."""
    register_counter(
        Counter(
            key="members.held_delta",
            model=_events,
            org="union",
            date="on",
            value=held_delta,
            where=lambda: Q(kind__in=ADDS + TAKES),
            stock=True,
            description="会籍增减：入会、转入 +1；转出、除名、退会 -1",
        )
    )
    register_counter(
        Counter(
            key="members.joined_events",
            model=_events,
            org="union",
            date="on",
            value=lambda f: Count("pk", filter=f),
            where=lambda: Q(kind=Kind.JOINED),
            description="入会（含重新入会）",
        )
    )
    register_counter(
        Counter(
            key="members.joined_new_employment",
            model=_events,
            org="union",
            date="on",
            value=lambda f: Count("pk", filter=f),
            where=lambda: Q(kind=Kind.JOINED, member__tags__tag=Tag.NEW_EMPLOYMENT),
            description="带“新就业形态”标签的会员入会",
        )
    )
    register_counter(
        Counter(
            key="members.cards_issued",
            model=lambda: CardIssue,
            org="union",
            date="issued_at",
            value=lambda f: Count("pk", filter=f),
            description="发放的电子会员证（首次发卡、补发、换发）",
        )
    )
    # Snapshotted with the rollups: a member's status or union changes only with a membership event, which moves
    # the rollups' watermark, so the snapshot is read only while it still equals the roster.
    register_measure(
        Measure(
            keys=("members.holding_now",),
            fn=holding_today,
            current=True,
            additive=True,
            snapshot=True,
            description="当前持有会籍（在册和保留会籍）的会员数",
            models=(lambda: Member,),
        )
    )
    # The history only grows, and a member's status or union changes only with an event of it.
    register_watch(Watch(key="members.history", model=_events, append=True, covers=(lambda: Member,)))
    register_watch(Watch(key="members.tags", model=lambda: MemberTag))
    # Card issues are only ever added (members.services.issue_card, the roster import): the refresh adds them.
    register_watch(Watch(key="members.cards", model=lambda: CardIssue, append=True))
    register_chart(Chart(key="growth", title="会员增长（按月）", kind="growth", data=growth_chart, order=10))
    register_chart(
        Chart(
            key="join_rate",
            title="入会率（按下级组织，当前数）",
            kind="rate_by_child",
            data=join_rate_chart,
            order=20,
            empty="下级组织辖区内没有已建会企业的职工人数，无法计算入会率",
        )
    )
    section = "基层基础"
    register_metric(
        Metric(
            key="members.count",
            breakdown=True,
            label="会员人数",
            unit="人",
            section=section,
            order=110,
            definition="期末最后一天结束时持有会籍（在册或保留会籍）的会员数，按会籍变动记录计在当时所属的工会："
            "入会、转入计入，转出、除名、退会减去，保留会籍和恢复会籍不变。",
            inputs=("members.held_delta",),
            list_url="members",
        )
    )
    register_metric(
        Metric(
            key="members.joined",
            breakdown=True,
            label="新入会会员",
            unit="人",
            section=section,
            order=120,
            definition="统计期间内入会（含退会后重新入会、名册导入）的人数，以入会日期为准，计在入会的工会。转入不算入会。",
            inputs=("members.joined_events",),
            list_url="members",
        )
    )
    register_metric(
        Metric(
            key="members.new_employment",
            label="新就业形态劳动者入会",
            unit="人",
            section=section,
            order=130,
            definition="新入会会员中，当前带有“新就业形态”标签的人数（外卖配送、快递、网约车等）。",
            inputs=("members.joined_new_employment",),
            list_url="members",
        )
    )
    register_metric(
        Metric(
            key="members.cards_issued",
            label="发放电子会员证",
            unit="张",
            section=section,
            order=135,
            definition="统计期间内发放的电子会员证张数，计在发证时会员所属的工会：入会（含名册导入、入会申请通过）"
            "首次发卡，重新入会换发，会员证作废后补发，各计 1 张。",
            inputs=("members.cards_issued",),
            list_url="members",
        )
    )
    register_metric(
        Metric(
            key="members.join_rate",
            breakdown=True,
            label="职工入会率",
            unit="%",
            section=section,
            order=140,
            decimals=1,
            current=True,
            definition="当前会员人数（在册和保留会籍）÷ 已建会企业的职工人数 × 100%。企业名录不保留历史，"
            "此项为当前数，没有上期数，与组织页面的入会率相同。",
            inputs=("members.holding_now", "orgs.staff_covered_now"),
            formula=rate("members.holding_now", "orgs.staff_covered_now"),
        )
    )


def growth_chart(ctx) -> dict:
    """会员增长: members at the end of each month and members who joined in it, each month linking to the list."""
    monthly = ctx.compute(["members.count", "members.joined"], ctx.months).totals
    may = ctx.may("members.view")
    return {
        "labels": [f"{m.start:%Y-%m}" for m in ctx.months],
        "members": monthly["members.count"],
        "joined": monthly["members.joined"],
        "links": [
            ctx.url("members:list", under=ctx.org.pk, joined_from=f"{m.start:%Y-%m-%d}", joined_to=f"{m.end:%Y-%m-%d}")
            if may
            else None
            for m in ctx.months
        ],
    }


def join_rate_chart(ctx) -> dict:
    """入会率 of each active direct child (today's figure)."""
    by_child = ctx.compute(["members.join_rate", "members.count"], [ctx.period], breakdown=True)
    children = ctx.children()
    may = ctx.may("members.view")
    return {
        "labels": [c.display_name for c in children],
        "values": [by_child.groups.get(c.path, {}).get("members.join_rate", [None])[0] for c in children],
        "links": [ctx.url("members:list", under=c.pk) if may else None for c in children],
    }
