"""The contests figures of the 成绩单 (section 建功立业): contests held (次, counted for the organiser on the day the
contest starts), events held (场次, on the day held) and entrants (人次, one per entry, counted for the entrant's
union on the day the event is held)."""

from django.db.models import Count

from core.metrics import Counter, Metric, Watch, register_counter, register_metric, register_watch

SECTION = "建功立业"


def register() -> None:
    from .models import Contest, Entry, Event

    register_watch(Watch(key="contests.contests", model=lambda: Contest, audited=True))
    register_watch(Watch(key="contests.events", model=lambda: Event, audited=True))
    register_watch(Watch(key="contests.entries", model=lambda: Entry, audited=True))
    count = lambda f: Count("pk", filter=f)  # noqa: E731
    register_counter(
        Counter(
            key="contests.contests", model=lambda: Contest, org="organiser", date="starts_on", value=count,
            description="开始的劳动竞赛、技术比武",
        )
    )  # fmt: skip
    register_counter(
        Counter(
            key="contests.events", model=lambda: Event, org="contest__organiser", date="held_on", value=count,
            description="举行的竞赛项目（场次）",
        )
    )  # fmt: skip
    register_counter(
        Counter(
            key="contests.entries", model=lambda: Entry, org="union", date="event__held_on", value=count,
            description="参赛人次",
        )
    )  # fmt: skip
    register_metric(
        Metric(
            key="contests.contests", label="开展劳动竞赛、技术比武", unit="次", section=SECTION, order=100,
            definition="统计期间内开始的劳动竞赛和技术比武次数，计在主办单位。", inputs=("contests.contests",),
            breakdown=True,
        )
    )  # fmt: skip
    register_metric(
        Metric(
            key="contests.events", label="竞赛项目", unit="场次", section=SECTION, order=110,
            definition="统计期间内举行的竞赛项目（工种）场次，按比赛日期计在主办单位。", inputs=("contests.events",),
        )
    )  # fmt: skip
    register_metric(
        Metric(
            key="contests.entries", label="参赛职工", unit="人次", section=SECTION, order=120,
            definition="统计期间内各竞赛项目的参赛人次（一人参加两个项目计两人次），按比赛日期计在选手所属工会。",
            inputs=("contests.entries",), breakdown=True,
        )
    )  # fmt: skip
