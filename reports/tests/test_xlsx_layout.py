"""The 成绩单's xlsx is laid out for reading and printing: numbers with thousand separators, columns as wide as
what they hold, and an A4 print setup (a page wide, as many pages tall as needed, the breakdown's header row
repeated, page numbers in the footer)."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from reports.tests import fixtures


def sheet(data, users, login):
    response = login(users.district).get(f"{reverse('reports:scorecard_xlsx')}?org={data.tree.town_a.pk}&period=2024")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_the_xlsx_prints_on_a4_and_formats_its_numbers(tree, users, login):
    data = fixtures.build(tree, users)
    ws = sheet(data, users, login)
    setup = ws.page_setup
    assert str(setup.paperSize) == ws.PAPERSIZE_A4 and setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    header = next(c.row for c in ws["A"] if c.value == "组织")
    assert ws.print_title_rows.replace("$", "") == f"{header}:{header}"
    # Every figure cell is a number with a thousand separator (and its decimals).
    numeric = [c for row in ws.iter_rows(min_row=4, min_col=2) for c in row if isinstance(c.value, (int, float))]
    assert numeric and all(c.number_format.startswith("#,##0") for c in numeric)
    # Column A fits the longest label; the figure columns are at least as wide as their numbers.
    longest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in c.value) for c in ws["A"][3:] if isinstance(c.value, str))
    assert ws.column_dimensions["A"].width >= min(longest, 44)
    for letter in "BCD":
        assert ws.column_dimensions[letter].width >= 10
