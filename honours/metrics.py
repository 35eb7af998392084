"""The honours figures of the 成绩单 (section 建功立业): titles conferred in the period by category
(劳模, 工匠, 技术能手, 首席工人 and 五一劳动奖章 in 名; 奖状, 工人先锋号 and 模范集体 in 个;
劳模创新工作室 and 和谐企业 in 家), and those at 市级
or above, counted for the union the honour belongs to on the day it was conferred."""

from django.db.models import Count, Q

from core.metrics import Counter, Metric, Watch, register_counter, register_metric, register_watch

SECTION = "建功立业"

# (key, categories, label, unit, definition)
FIGURES = [
    ("model_workers", ["model_worker"], "劳动模范", "名", "统计期间内授予的各级劳动模范（区级以上）人数"),
    ("craftsmen", ["craftsman"], "工匠", "名", "统计期间内授予的工匠称号（如区设“凤麓工匠”）人数"),
    ("technicians", ["technician"], "技术能手", "名", "统计期间内授予的技术能手人数"),
    ("chief_workers", ["chief_worker"], "首席工人", "名", "统计期间内授予的首席工人人数"),
    ("medals", ["medal"], "五一劳动奖章", "名", "统计期间内获得的五一劳动奖章人数"),
    (
        "collectives",
        ["certificate", "pioneer", "model_collective"],
        "五一劳动奖状、工人先锋号、模范集体",
        "个",
        "统计期间内获得五一劳动奖状、工人先锋号、模范集体称号的集体数",
    ),
    ("studios", ["studio"], "劳模创新工作室", "家", "统计期间内命名的劳模创新工作室数"),
    ("harmonious", ["harmonious"], "和谐企业", "家", "统计期间内命名的和谐企业数"),
]
INDIVIDUAL = ["model_worker", "craftsman", "technician", "chief_worker", "medal"]
HIGH = ["city", "province", "national"]


def register() -> None:
    from .models import Award, Title

    register_watch(Watch(key="honours.awards", model=lambda: Award, audited=True))
    # Counters join the title's category (never changed once set; renaming or switching off is audited).
    register_watch(Watch(key="honours.titles", model=lambda: Title, audited=True))
    for n, (key, categories, label, unit, definition) in enumerate(FIGURES):
        register_counter(
            Counter(
                key=f"honours.{key}",
                model=lambda: Award,
                org="union",
                date="awarded_on",
                value=lambda f: Count("pk", filter=f),
                where=lambda c=categories: Q(title__category__in=c),
                description=definition,
            )
        )
        register_metric(
            Metric(
                key=f"honours.{key}",
                label=label,
                unit=unit,
                section=SECTION,
                order=200 + 10 * n,
                definition=f"{definition}，按授予日期计在荣誉所属工会（含区、市、省、全国各级）。",
                inputs=(f"honours.{key}",),
                breakdown=key == "model_workers",
            )
        )
    register_counter(
        Counter(
            key="honours.high_individual",
            model=lambda: Award,
            org="union",
            date="awarded_on",
            value=lambda f: Count("pk", filter=f),
            where=lambda: Q(title__category__in=INDIVIDUAL, level__in=HIGH),
            description="市级以上个人荣誉",
        )
    )
    register_metric(
        Metric(
            key="honours.high_individual",
            label="市级以上个人荣誉",
            unit="名",
            section=SECTION,
            order=290,
            definition="统计期间内获得市级、省级、全国荣誉称号的个人人次，按授予日期计在所属工会。",
            inputs=("honours.high_individual",),
        )
    )
