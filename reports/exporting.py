"""The 成绩单 as an xlsx workbook, laid out like the printed report: title, org, period, one block per section
(指标, 本期, 上期, 增减, 单位) and the breakdown by child org. Figures are written as numbers, not text, so they can
be summed in Excel (and read back in tests)."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.append([f"{card.org.name}{card.period.label}工作成绩单"])
    ws["A1"].font = Font(size=16, bold=True)
    ws.append([f"统计期间：{card.period.start:%Y-%m-%d} 至 {card.period.end:%Y-%m-%d}（上期 {card.previous.label}）"])
    source = card.source_label + (
        f"（{timezone.localtime(card.built_at):%Y-%m-%d %H:%M} 汇总）" if card.source == "rollup" else ""
    )
    ws.append([f"数据来源：{source}；生成时间：{timezone.localtime():%Y-%m-%d %H:%M}"])
    for section in card.sections:
        ws.append([])
        ws.append([section.name])
        row = ws.max_row
        ws.cell(row, 1).font = Font(bold=True, color="FFFFFF")
        for col in range(1, 6):
            ws.cell(row, col).fill = SECTION
        ws.append(["指标", "本期", "上期", "增减", "单位"])
        for col in range(1, 6):
            cell = ws.cell(ws.max_row, col)
            cell.font, cell.fill, cell.border = Font(bold=True), HEAD, BOX
        for f in section.figures:
            label = f.metric.label + ("（当前数）" if f.metric.current else "")
            # A rate's change is in percentage points; the unit column says % for all three numbers.
            ws.append([label, f.value, f.previous, f.change, f.metric.unit])
            r = ws.max_row
            for col in range(1, 6):
                ws.cell(r, col).border = BOX
            for col in (2, 3, 4):
                ws.cell(r, col).number_format = number_format(f.metric.decimals)
    if card.rows:
        ws.append([])
        ws.append(["分组织明细（本期）"])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
        ws.append(["组织", *[f"{m.label}（{m.unit}）" for m in card.columns]])
        for col in range(1, len(card.columns) + 2):
            cell = ws.cell(ws.max_row, col)
            cell.font, cell.fill, cell.border = Font(bold=True), HEAD, BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for line in card.rows:
            ws.append([line.label, *[line.values.get(m.key) for m in card.columns]])
            r = ws.max_row
            for col in range(1, len(card.columns) + 2):
                ws.cell(r, col).border = BOX
            for i, m in enumerate(card.columns, start=2):
                ws.cell(r, i).number_format = number_format(m.decimals)
    ws.column_dimensions["A"].width = 30
    for col in range(2, max(6, len(card.columns) + 2)):
        ws.column_dimensions[get_column_letter(col)].width = 14
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
