"""The library figures of section 文化文明 of the 成绩单 (``core.metrics`` declarations): books lent (册, a loan
counts in the period it was made, for the org of the room that lent it) and active readers (人, different members
who borrowed in the period)."""

from django.db.models import Count

from core.metrics import (
    Counter,
    Distinct,
    Metric,
    Watch,
    register_counter,
    register_distinct,
    register_metric,
    register_watch,
)

from .models import Loan, ReadingRoom

SECTION = "文化文明"


def register() -> None:
    """Declare the counters and metrics (called from ``LibraryConfig.ready``)."""
    where = {"model": lambda: Loan, "org": "room__org", "date": "lent_at"}
    register_counter(
        Counter(key="library.loans", value=lambda f: Count("pk", filter=f), description="借出的图书册次", **where)
    )
    register_distinct(
        Distinct(
            key="library.readers",
            value=lambda f: Count("member", distinct=True, filter=f),
            ids="member",
            description="借阅图书的不同会员人数",
            **where,
        )
    )
    # A room's org never changes; a loan's room and date never change (a return sets other fields).
    register_watch(Watch(key="library.loans", model=lambda: Loan, append=True, covers=(lambda: ReadingRoom,)))
    for metric in [
        Metric(
            key="library.loans",
            label="职工书屋借阅图书",
            unit="册",
            section=SECTION,
            order=610,
            breakdown=True,
            definition="统计期间内各职工书屋、漂流书吧借出的图书册次（按借出日期），计在借出书屋所属的组织。",
            inputs=("library.loans",),
        ),
        Metric(
            key="library.readers",
            label="职工书屋活跃读者",
            unit="人",
            section=SECTION,
            order=620,
            definition="统计期间内在职工书屋借阅过图书的不同会员人数（一人多次借阅计一人）。",
            inputs=("library.readers",),
        ),
    ]:
        register_metric(metric)
