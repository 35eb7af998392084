"""Excel exports never carry formulas from what people typed (issue 13, "formula injection")."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from core.xlsx import safe_row

RISKY = ["=1+1", '=HYPERLINK("http://example.invalid","点我")', "+86 138", "-2", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("write_only", [True, False])
def test_risky_strings_are_text_cells(write_only):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("名单") if write_only else wb.active
    ws.append(safe_row(ws, [*RISKY, "张三", 5, None, 2.5]))
    ws.append(safe_row(ws, ["李四", 1]))
    buffer = BytesIO()
    wb.save(buffer)
    sheet = load_workbook(BytesIO(buffer.getvalue())).worksheets[0]
    first = list(sheet.iter_rows(min_row=1, max_row=1))[0]
    for cell, value in zip(first, RISKY, strict=False):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)
    assert [(c.value, c.data_type) for c in first[len(RISKY) : len(RISKY) + 4]] == [
        ("张三", "s"),
        (5, "n"),
        (None, "n"),
        (2.5, "n"),
    ]
    second = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert [(c.value, c.quotePrefix) for c in second[:2]] == [("李四", False), (1, False)]


def test_the_scorecard_export_writes_org_names_as_text(tree, users):
    """The 成绩单's breakdown lists the orgs below by name; a name is typed by union staff."""
    from orgs import services
    from reports import exporting, scorecard
    from reports.periods import year

    name = '=HYPERLINK("http://example.invalid","点我")'
    services.update_org(tree.union_a1, actor=users.district, short_name=name, name=name)
    content = exporting.workbook(scorecard.build(tree.town_a, year(2024)))
    sheet = load_workbook(BytesIO(content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells, "the org is listed"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
