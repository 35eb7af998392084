"""``manage.py generate_metrics_doc``: write ``docs/metrics.md`` from the metric registry (``--check``: only compare).

Staff and developers read the definitions there; ``reports/tests/test_docs.py`` fails when the committed file no
longer matches the registry, so a new or changed metric always shows up in review.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEFAULT_PATH = Path(settings.BASE_DIR) / "docs" / "metrics.md"

INTRO = """# 指标说明（Metrics）

本文件由 `python manage.py generate_metrics_doc` 根据指标注册表（`reports/registry.py` 及各应用的 `metrics.py`）
自动生成，请勿手工修改。

## 统计口径

- **统计期间**：开始和结束日期都包含在内，按北京时间（Asia/Shanghai）自然日计算。年度、季度、月份等整月期间的
  “上期”是紧挨着的同样月数（如 2024 年第二季度的上期是第一季度）；其他期间的上期是紧挨着的同样天数。
- **范围**：一个组织的数字包括它本身和全部下级组织的记录；兄弟组织的记录从不计入。下级组织的划分按当前的组织架构，
  调整隶属的组织带着它的全部历史记录。
- **时点数（存量）**，如会员人数、基层工会数：期末最后一天结束时的数。会员按会籍变动记录计在当时所属的工会：
  2024-06-30 转会的会员，6 月 29 日及以前计在原工会，6 月 30 日起计在新工会。
- **期间数（流量）**，如新入会、参与人次、收到诉求：发生日期在统计期间内的记录。活动按开始时间，诉求按提交时间计；
  办结、评价等状态是这些记录当前的状态。
- **当前数**：企业名录不保留历史，建会率、入会率、建会覆盖企业为当前数，不随期间变化，没有上期数。
- **撤销的组织**：撤销日期当天起不再计入基层工会数；它的会员、活动、诉求等记录保留，仍按发生时间计入各期数字和上级组织。
  已撤销的下级组织只在有数字时出现在分组织明细中，并标注“已撤销”。
- **金额**：单位为“元”的指标是金额，按分精确累计（不经浮点数），汇总数据也以分为单位保存，与原始记录分毫不差。
  成绩单页面、打印件和 xlsx 显示为万元、保留两位小数（四舍五入）；接口的 `value` 为元，`value_exact` 为元的精确值
  （十进制字符串），`display_unit` 为“万元”。
- **取消和草稿**：已取消和草稿状态的活动不计入开展活动场次。
- **数据来源**：成绩单优先读取按组织、按月份的汇总数据（`python manage.py rebuild_rollups` 或后台任务重建）。
  汇总之后源数据有任何变化，在下次重建前改读原始记录，页面和接口以 `source`（`rollup` 或 `raw`）注明。
  去重人数（如参与人数）不能按组织或月份相加，汇总数据按每个组织的全部下级、按自然年、季度、月份分别预先去重；
  多年、自定义日期范围等其他期间，以及分组织明细中的“本级”，按原始记录去重。会员人数的当前数（入会率的分子）
  随汇总数据一起记录；企业名录的当前数（建会率等）始终按原始记录计算。
"""


def render() -> str:
    """The document: the common rules, then every metric by section, then the counters behind the rollups."""
    import core.metrics as registry

    lines = [INTRO]
    for section in registry.SECTIONS:
        chosen = [m for m in registry.metrics() if m.section == section]
        if not chosen:
            continue
        lines.append(f"## {section}\n")
        lines.append("| 指标 | 代码 | 单位 | 口径 |")
        lines.append("| --- | --- | --- | --- |")
        for m in chosen:
            note = "（当前数）" if m.current else ""
            lines.append(f"| {m.label}{note} | `{m.key}` | {m.unit} | {m.definition} |")
        lines.append("")
    lines.append("## 汇总计数项（rollups）\n")
    lines.append("按组织、按月份汇总的计数项，成绩单的大多数指标由它们相加或相除得到。\n")
    lines.append("| 代码 | 类型 | 说明 |")
    lines.append("| --- | --- | --- |")
    for key, counter in sorted(registry.COUNTERS.items()):
        kind = "时点数增减" if counter.stock else "期间数"
        lines.append(f"| `{key}` | {kind} | {counter.description} |")
    for key, distinct in sorted(registry.DISTINCTS.items()):
        lines.append(f"| `{key}` | 去重数（按年、季度、月） | {distinct.description} |")
    for key, measure in sorted(registry.MEASURES.items()):
        if measure.snapshot:
            lines.append(f"| `{key}` | 当前数（随汇总记录） | {measure.description} |")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "根据指标注册表生成 docs/metrics.md；加 --check 只检查文件是否最新"

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DEFAULT_PATH, help="输出文件（默认 docs/metrics.md）")
        parser.add_argument("--check", action="store_true", help="只比较，不写入；文件过期时以非零状态退出")

    def handle(self, *args, path: Path, check: bool, **options):
        """Write the document, or with ``--check`` fail when the file differs from the registry."""
        text = render()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if check:
            if current != text:
                raise CommandError(f"{path} 已过期，请运行 python manage.py generate_metrics_doc 并提交该文件")
            self.stdout.write(f"{path} 是最新的")
            return
        if current == text:
            self.stdout.write(f"{path} 无变化")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"已写入 {path}"))
