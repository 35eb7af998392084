"""Dates as people write them in rosters: ``2021-03-05``, ``2021.3.5``, ``2021/03/05``, ``2021年3月5日``,
``20210305``, an Excel serial number (``44260``) or a cell already read as a date."""

import re
from datetime import date, datetime, timedelta

# Dates people mean (a birthday, a join date, an activity's day) lie between these years; anything else is a typo
# (0001, 9999) that breaks date arithmetic and local-time conversion (9999-12-31 23:00 UTC is year 10000 in Beijing).
MIN_YEAR, MAX_YEAR = 1900, 2100
REAL_DATES_MESSAGE = f"请填写 {MIN_YEAR} 年到 {MAX_YEAR} 年之间的日期"


def is_real(value) -> bool:
    """Whether a date or date-time lies within ``MIN_YEAR``–``MAX_YEAR``."""
    return MIN_YEAR <= value.year <= MAX_YEAR


def validate_real_date(value) -> None:
    """Form and model validator: a date (or date-time) between 1900 and 2100."""
    from django.core.exceptions import ValidationError

    if value is not None and not is_real(value):
        raise ValidationError(REAL_DATES_MESSAGE, code="date_out_of_range")


def parse_filter_date(value) -> date | None:
    """An ISO date typed into a list filter, or None when empty, malformed or outside 1900–2100."""
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return day if is_real(day) else None


_PARTS = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, counting its phantom 1900-02-29


class DateOutOfRange(ValueError):
    """A real calendar day outside ``MIN_YEAR``–``MAX_YEAR`` (``9999-12-31`` typed into a roster)."""


def parse_loose_date(value) -> date | None:
    """The date ``value`` stands for, or ``None`` when it is empty. Raises ``ValueError`` when it cannot be trusted
    (an impossible day, an ambiguous format such as ``3/5/2021``), ``DateOutOfRange`` when it lies outside
    1900–2100."""
    day = _parse_loose_date(value)
    if day is not None and not is_real(day):
        raise DateOutOfRange(day)
    return day


def _parse_loose_date(value) -> date | None:
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
        return _parse_loose_date(int(text))  # a serial number that arrived as text
    match = _PARTS.match(text)
    if not match:
        raise ValueError(f"unrecognised date: {text}")
    year, month, day = (int(g) for g in match.groups())
    return date(year, month, day)


def safe_template_localtime(value, use_tz=None):
    """Django's ``template_localtime``, except that a date-time local time cannot represent (9999-12-31 23:00 UTC is
    year 10000 in Beijing) is shown as stored instead of failing the whole page (issue 13: one stored typo made every
    console page listing it answer 500). Installed into the template engine by ``core.apps``."""
    from django.utils import timezone

    try:
        return timezone.template_localtime(value, use_tz)
    except OverflowError:
        return value
