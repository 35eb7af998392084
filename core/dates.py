"""Dates as people write them in rosters: ``2021-03-05``, ``2021.3.5``, ``2021/03/05``, ``2021年3月5日``,
``20210305``, an Excel serial number (``44260``) or a cell already read as a date."""

import re
from datetime import date, datetime, timedelta

_PARTS = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, counting its phantom 1900-02-29


def parse_loose_date(value) -> date | None:
    """The date ``value`` stands for, or ``None`` when it is empty. Raises ``ValueError`` when it cannot be trusted
    (an impossible day, an ambiguous format such as ``3/5/2021``)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != int(value) or not 1 <= value <= 2958465:
            raise ValueError(f"not an Excel day number: {value}")
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = str(value).strip().translate(str.maketrans("０１２３４５６７８９．／－", "0123456789./-"))
    if not text:
        return None
    if text.isdigit() and len(text) == 8:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if text.isdigit() and 3 <= len(text) <= 6:
        return parse_loose_date(int(text))  # a serial number that arrived as text
    match = _PARTS.match(text)
    if not match:
        raise ValueError(f"unrecognised date: {text}")
    year, month, day = (int(g) for g in match.groups())
    return date(year, month, day)
