"""Install the default handling deadlines per category and the 2026 public-holiday calendar (with the weekend days
worked in their place, 调休). Idempotent: rows that exist are left as staff edited them unless ``--reset``."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from appeals.models import Category, CategoryDeadline, Holiday

# Working days to accept and to resolve. Unpaid wages, disputes and safety hazards are taken up the next working
# day, and wages are closed sooner; everything else keeps the 2 / 15 default. See docs/appeals.md.
DEFAULT_DEADLINES = {
    Category.WAGES: (1, 10),
    Category.DISPUTE: (1, 15),
    Category.SAFETY: (1, 15),
    Category.CONTRACT: (2, 15),
    Category.SOCIAL_INSURANCE: (2, 15),
    Category.LIVING: (2, 15),
    Category.FACILITIES: (2, 15),
    Category.MENTAL: (2, 15),
    Category.OTHER: (2, 15),
}

# 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）: (name, first day off, last day off, make-up workdays).
HOLIDAYS_2026 = [
    ("元旦", date(2026, 1, 1), date(2026, 1, 3), [date(2026, 1, 4)]),
    ("春节", date(2026, 2, 15), date(2026, 2, 23), [date(2026, 2, 14), date(2026, 2, 28)]),
    ("清明节", date(2026, 4, 4), date(2026, 4, 6), []),
    ("劳动节", date(2026, 5, 1), date(2026, 5, 5), [date(2026, 5, 9)]),
    ("端午节", date(2026, 6, 19), date(2026, 6, 21), []),
    ("中秋节", date(2026, 9, 25), date(2026, 9, 27), []),
    ("国庆节", date(2026, 10, 1), date(2026, 10, 7), [date(2026, 9, 20), date(2026, 10, 10)]),
]


def calendar_rows() -> list[Holiday]:
    """Every day of the 2026 calendar that differs from the Monday–Friday week, as unsaved ``Holiday`` rows."""
    rows = []
    for name, first, last, workdays in HOLIDAYS_2026:
        day = first
        while day <= last:
            rows.append(Holiday(day=day, is_workday=False, name=name))
            day += timedelta(days=1)
        rows.extend(Holiday(day=d, is_workday=True, name=f"{name}调休上班") for d in workdays)
    return rows


class Command(BaseCommand):
    help = "安装诉求办理时限默认值和 2026 年法定节假日（含调休上班日）；已有记录不覆盖，除非 --reset"

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="用默认值覆盖已修改的时限和节假日")

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        deadlines = holidays = 0
        for category, (accept_days, resolve_days) in DEFAULT_DEADLINES.items():
            values = {"accept_days": accept_days, "resolve_days": resolve_days}
            if reset:
                _, created = CategoryDeadline.objects.update_or_create(category=category, defaults=values)
            else:
                _, created = CategoryDeadline.objects.get_or_create(category=category, defaults=values)
            deadlines += created
        for row in calendar_rows():
            values = {"is_workday": row.is_workday, "name": row.name}
            if reset:
                _, created = Holiday.objects.update_or_create(day=row.day, defaults=values)
            else:
                _, created = Holiday.objects.get_or_create(day=row.day, defaults=values)
            holidays += created
        self.stdout.write(f"办理时限：新增 {deadlines} 条；节假日：新增 {holidays} 天")
