"""Report periods: a year, a range of years, a quarter, a month or any range of days, each with the period of the
same length immediately before it (the 同期 figures of a 成绩单 compare against).

Dates are inclusive local dates (Asia/Shanghai). A period made of whole months (a year, a quarter) has as its
previous period the same number of whole months before it (so the quarter before Q2 is Q1, whatever the number of
days); any other period has the same number of days before it.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
# The oldest and latest dates a report may ask for: enough for any union's history, and no overflow on dates.
EARLIEST = date(1949, 1, 1)
LATEST = date(2099, 12, 31)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return add_months(month_start(day), 1) - timedelta(days=1)


def add_months(day: date, n: int) -> date:
    """The first of the month ``n`` months after ``day``'s month (``day`` must be a first of month)."""
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def local_start(day: date) -> datetime:
    """Local midnight at the start of ``day``, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Period:
    """Inclusive local dates ``start``..``end``."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int | None:
        """How many whole calendar months the period is, or None when it does not start and end on month edges."""
        if self.start.day != 1 or self.end != month_end(self.end):
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> "Period":
        """The period of the same length immediately before this one."""
        months = self.whole_months
        if months:
            start = add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    @property
    def label(self) -> str:
        """``2024年``, ``2021—2025年``, ``2024年第二季度``, ``2024年3月`` or ``2024-03-05 至 2024-04-01``."""
        s, e = self.start, self.end
        months = self.whole_months
        if months and s.month == 1 and e.month == 12:
            return f"{s.year}年" if s.year == e.year else f"{s.year}—{e.year}年"
        if months == 3 and s.month in (1, 4, 7, 10):
            return f"{s.year}年{QUARTER_NAMES[(s.month - 1) // 3 + 1]}"
        if months == 1:
            return f"{s.year}年{s.month}月"
        return f"{s:%Y-%m-%d} 至 {e:%Y-%m-%d}"

    @property
    def calendar_kind(self) -> str | None:
        """``"year"``, ``"quarter"`` or ``"month"`` when the period is exactly one calendar year, quarter or month
        (the periods distinct counts are rolled up for, ``registry.PERIOD_KINDS``), else None."""
        months, s = self.whole_months, self.start
        if months == 12 and s.month == 1:
            return "year"
        if months == 3 and s.month in (1, 4, 7, 10):
            return "quarter"
        if months == 1:
            return "month"
        return None

    def as_query(self) -> str:
        return f"from={self.start:%Y-%m-%d}&to={self.end:%Y-%m-%d}"


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31))


def years(first: int, last: int) -> Period:
    return Period(date(first, 1, 1), date(last, 12, 31))


def quarter(y: int, q: int) -> Period:
    start = date(y, 3 * (q - 1) + 1, 1)
    return Period(start, add_months(start, 3) - timedelta(days=1))


def month(y: int, m: int) -> Period:
    start = date(y, m, 1)
    return Period(start, month_end(start))


class PeriodError(ValueError):
    """A period that cannot be read; the message is Chinese, for the page or API."""


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise PeriodError(f"{what}：请填写 YYYY-MM-DD 格式的有效日期") from None


def _check(period: Period) -> Period:
    if period.start < EARLIEST or period.end > LATEST:
        raise PeriodError(f"统计期间须在 {EARLIEST.year} 年至 {LATEST.year} 年之间")
    return period


def parse(params, *, today: date | None = None) -> Period:
    """A period from request parameters, the first that is given of: ``period`` (``2024``, ``2021-2025``,
    ``2024Q2``, ``2024-03``), ``from`` and ``to`` (dates); with none, the current year."""
    today = today or timezone.localdate()
    text = (params.get("period") or "").strip().upper()
    start, end = (params.get("from") or "").strip(), (params.get("to") or "").strip()
    if not text and (start or end):
        if not (start and end):
            raise PeriodError("统计期间：请同时填写开始和结束日期")
        first, last = _date(start, "开始日期"), _date(end, "结束日期")
        if last < first:
            raise PeriodError("统计期间：结束日期不能早于开始日期")
        return _check(Period(first, last))
    if not text:
        return year(today.year)
    if m := re.fullmatch(r"(\d{4})", text):
        return _check(year(int(m[1])))
    if m := re.fullmatch(r"(\d{4})\s*[-—~至]\s*(\d{4})", text):
        first, last = int(m[1]), int(m[2])
        if last < first:
            raise PeriodError("统计期间：结束年份不能早于开始年份")
        return _check(years(first, last))
    if m := re.fullmatch(r"(\d{4})\s*-?Q([1-4])", text):
        return _check(quarter(int(m[1]), int(m[2])))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        if 1 <= int(m[2]) <= 12:
            return _check(month(int(m[1]), int(m[2])))
    raise PeriodError("统计期间：请填写年份（2024）、年份范围（2021-2025）、季度（2024Q2）或月份（2024-03）")


def period_param(period: Period) -> str:
    """The ``period`` parameter that names ``period``, or "" when it needs ``from``/``to``."""
    months = period.whole_months
    s, e = period.start, period.end
    if months and s.month == 1 and e.month == 12:
        return f"{s.year}" if s.year == e.year else f"{s.year}-{e.year}"
    if months == 3 and s.month in (1, 4, 7, 10):
        return f"{s.year}Q{(s.month - 1) // 3 + 1}"
    if months == 1:
        return f"{s.year}-{s.month:02d}"
    return ""
