"""The 成绩单 as an xlsx workbook, laid out like the printed report: title, org, period, one block per section
(指标, 本期, 上期, 增减, 单位) and the breakdown by child org. Figures are written as numbers, not text, so they can
be summed in Excel (and read back in tests)."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.xlsx import safe_row

from .scorecard import Scorecard

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill("solid", fgColor="F3D6DB")
SECTION = PatternFill("solid", fgColor="C8102E")


def number_format(decimals: int) -> str:
    return "#,##0" if not decimals else "#,##0." + "0" * decimals


def workbook(card: Scorecard) -> bytes:
    """The xlsx bytes of ``card``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "成绩单"
    # Printed on A4: as wide as a page, as many pages tall as it needs (fitToHeight 0; 1 would shrink a long
    # breakdown onto one unreadable page), centred, with the page number in the footer.
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.right.text = f"{card.org.name} · {card.period.label}"
    ws.append(safe_row(ws, [f"{card.org.name}{card.period.label}工作成绩单"]))
    ws["A1"].font = Font(size=16, bold=True)
    ws.append(
        safe_row(
            ws, [f"统计期间：{card.period.start:%Y-%m-%d} 至 {card.period.end:%Y-%m-%d}（上期 {card.previous.label}）"]
        )
    )
    source = card.source_label + (
        f"（{timezone.localtime(card.built_at):%Y-%m-%d %H:%M} 汇总）" if card.source == "rollup" else ""
    )
    ws.append(safe_row(ws, [f"数据来源：{source}；生成时间：{timezone.localtime():%Y-%m-%d %H:%M}"]))
    for section in card.sections:
        ws.append([])
        ws.append(safe_row(ws, [section.name]))
        row = ws.max_row
        ws.cell(row, 1).font = Font(bold=True, color="FFFFFF")
        for col in range(1, 6):
            ws.cell(row, col).fill = SECTION
        ws.append(safe_row(ws, ["指标", "本期", "上期", "增减", "单位"]))
        for col in range(1, 6):
            cell = ws.cell(ws.max_row, col)
            cell.font, cell.fill, cell.border = Font(bold=True), HEAD, BOX
        for f in section.figures:
            label = f.metric.label + ("（当前数）" if f.metric.current else "")
            # A rate's change is in percentage points; the unit column says % for all three numbers.
            m = f.metric  # money in 万元 (two decimals), like the page
            ws.append(safe_row(ws, [label, m.shown(f.value), m.shown(f.previous), m.shown(f.change), m.display_unit]))
            r = ws.max_row
            for col in range(1, 6):
                ws.cell(r, col).border = BOX
            for col in (2, 3, 4):
                ws.cell(r, col).number_format = number_format(f.metric.display_decimals)
    if card.rows:
        ws.append([])
        ws.append(safe_row(ws, ["分组织明细（本期）"]))
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
        ws.append(safe_row(ws, ["组织", *[f"{m.label}（{m.display_unit}）" for m in card.columns]]))
        # The breakdown's header row is repeated on every printed page it runs over.
        ws.print_title_rows = f"{ws.max_row}:{ws.max_row}"
        for col in range(1, len(card.columns) + 2):
            cell = ws.cell(ws.max_row, col)
            cell.font, cell.fill, cell.border = Font(bold=True), HEAD, BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for line in card.rows:
            ws.append(safe_row(ws, [line.label, *[m.shown(line.values.get(m.key)) for m in card.columns]]))
            r = ws.max_row
            for col in range(1, len(card.columns) + 2):
                ws.cell(r, col).border = BOX
            for i, m in enumerate(card.columns, start=2):
                ws.cell(r, i).number_format = number_format(m.display_decimals)
    # Column widths from what they hold: the longest label in column A (a CJK character is two widths wide),
    # numbers with their thousand separators elsewhere.
    widths: dict[int, float] = {}
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if cell.value is None:
                continue
            text = cell.value if isinstance(cell.value, str) else f"{cell.value:,}"
            width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) + 2
            widths[cell.column] = max(widths.get(cell.column, 0), width)
    ws.column_dimensions["A"].width = min(max(widths.get(1, 20), 20), 44)
    for col in range(2, max(6, len(card.columns) + 2)):
        ws.column_dimensions[get_column_letter(col)].width = min(max(widths.get(col, 10), 10), 18)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
