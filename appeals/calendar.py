"""Working days: Monday to Friday, less public holidays, plus the weekend days worked in their place (调休), as
kept in ``Holiday``. Deadlines are the end of the n-th working day after the day something arrived."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import Holiday


def _exceptions(start: date, end: date) -> dict[date, bool]:
    return dict(Holiday.objects.filter(day__gte=start, day__lte=end).values_list("day", "is_workday"))


def is_workday(day: date, exceptions: dict[date, bool]) -> bool:
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count)."""
    # A generous window for the calendar look-up: long holidays (春节, 国庆) add at most a week or two.
    exceptions = _exceptions(start, start + timedelta(days=days * 2 + 30))
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_workday(day, exceptions):
            counted += 1
    return day


def deadline_after(moment: datetime, days: int) -> datetime:
    """End of the ``days``-th working day after the local day of ``moment``."""
    local = timezone.localtime(moment)
    due = add_working_days(local.date(), days)
    return timezone.make_aware(datetime.combine(due, time(23, 59, 59)))
