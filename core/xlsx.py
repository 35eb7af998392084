"""Cells of Excel exports that hold what people typed: never formulas (formula injection, CWE-1236).

openpyxl turns any string beginning with ``=`` into a formula, and Excel evaluates cells beginning with ``+``, ``-``
or ``@`` too once they are edited; a member named ``=HYPERLINK("http://…","点我")`` would put a live link (or worse)
into a union clerk's spreadsheet. ``safe_row`` writes such strings as text cells with Excel's quote prefix (shown as
typed, kept as text when edited); everything else passes unchanged. XlsxWriter's ``write_string`` already writes
text cells.
"""

from openpyxl.cell.cell import Cell

# What makes Excel (or LibreOffice) read a cell as a formula, plus the tab and carriage return that can hide one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value) -> bool:
    """Whether ``value`` is a string a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def text_cell(ws, value: str) -> Cell:
    """A cell of ``ws`` holding ``value`` as text, whatever it begins with (``append`` sets its place)."""
    cell = Cell(ws, row=1, column=1)
    cell.value = value
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _plain_cell(ws, value) -> Cell:
    cell = Cell(ws, row=1, column=1)
    cell.value = value
    return cell


def safe_row(ws, values) -> list:
    """``values`` for ``ws.append`` (normal or write-only sheets), with every risky string as a text cell. Each value
    gets a cell of its own: a write-only sheet would otherwise carry one cell's style over to the next."""
    return [None if v is None else (text_cell(ws, v) if is_risky(v) else _plain_cell(ws, v)) for v in values]
