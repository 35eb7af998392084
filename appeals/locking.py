"""Which rows the appeals services lock (``core.locking``), in rank order: an appeal (50), a texted code (55).

- every handling step and the worker's answers lock the appeal's row, so two staff acting on one item are
  serialised and the second sees the first's outcome;
- a merge locks both items together, in primary-key order, so two crossing merges cannot deadlock;
- checking a texted code locks the live codes of the number, so a code is used once and wrong attempts are all
  counted;
- escalation locks the overdue items, skipping those another run holds (PostgreSQL).
"""

from core.locking import lock, lock_one

from .models import Appeal, PhoneCode


def lock_appeal(appeal, *related: str) -> Appeal:
    """The appeal re-read under its row lock (joining ``related``; only the appeal's row is locked)."""
    return lock_one(Appeal.objects.select_related(*related), pk=appeal.pk)


def lock_appeals(*appeals, related=("org", "member__user")) -> dict[int, Appeal]:
    """Several appeals under their row locks, taken in primary-key order; by primary key."""
    rows = lock(Appeal.objects.select_related(*related).filter(pk__in=[a.pk for a in appeals]))
    return {row.pk: row for row in rows}


def lock_live_code(phone: str, now) -> PhoneCode | None:
    """The newest unused, unexpired code texted to ``phone``, under the row locks of all such codes, or ``None``."""
    rows = lock(PhoneCode.objects.filter(phone=phone, used_at__isnull=True, expires_at__gt=now))
    return max(rows, key=lambda c: (c.created_at, c.pk), default=None)


def lock_overdue(queryset) -> list[Appeal]:
    """The overdue appeals in ``queryset`` under their row locks; rows another run holds are skipped (PostgreSQL)."""
    return lock(queryset.select_related("org"), skip_locked=True)
