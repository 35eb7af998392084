"""What ``/healthz`` and the 系统运行 page report: one check per component, each ``ok``, ``warning`` (working but
needing attention: a queue falling behind, a backup overdue), ``error`` (down) or ``off`` (not configured here).

``/healthz`` answers 503 as soon as one component is ``error``, so a load balancer takes the machine out of
service; a ``warning`` keeps 200 (the web still serves: a stale backup is no reason to stop registrations).
Each check is bounded (a short socket timeout for Redis) so a dead dependency does not hang the probe.
"""

import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

OK, WARNING, ERROR, OFF = "ok", "warning", "error", "off"

# A queued task older than this means no worker is taking jobs (the queue itself still answers).
QUEUE_WARNING_SECONDS = 15 * 60
# Below this much free space, uploads, imports and the SQLite journal start failing.
MIN_FREE_DISK_BYTES = 512 * 1024 * 1024
# The nightly backup is late after this long.
BACKUP_WARNING_HOURS = 26


@dataclass
class Check:
    name: str
    status: str
    detail: dict = field(default_factory=dict)


def check_database() -> Check:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the same to a load balancer
        return Check("database", ERROR, {"error": type(exc).__name__})
    return Check("database", OK, {"vendor": connection.vendor, "ms": round((time.perf_counter() - started) * 1000, 1)})


def check_cache() -> Check:
    """Redis (the shared cache: login throttling, the check-in codes) when ``REDIS_URL`` is set."""
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" not in backend.lower():
        return Check("cache", OFF, {"backend": backend.rsplit(".", 1)[-1]})
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CACHES["default"]["LOCATION"], socket_timeout=1, socket_connect_timeout=1
        )
        client.ping()
    except Exception as exc:
        return Check("cache", ERROR, {"error": type(exc).__name__})
    return Check("cache", OK, {"backend": "redis"})


def _oldest_age(enqueued) -> float | None:
    return (timezone.now() - enqueued).total_seconds() if enqueued else None


def check_tasks() -> Check:
    """The task queue answers, and how long the oldest waiting job has waited (a worker that stopped shows up as
    a growing age, a warning: requests keep working and the jobs run when the worker returns)."""
    backend = settings.TASKS["default"]["BACKEND"]
    detail: dict = {"backend": backend.rsplit(".", 1)[-1]}
    try:
        if backend.startswith("django_tasks_db"):
            from django_tasks_db.models import DBTaskResult

            waiting = DBTaskResult.objects.ready()
            oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
            detail["waiting"] = waiting.count()
            age = _oldest_age(oldest)
        elif backend.startswith("django_tasks_rq"):
            import django_rq

            queue = django_rq.get_queue("default")
            queue.connection.ping()
            detail["waiting"] = queue.count
            job = queue.jobs[0] if queue.count else None
            age = _oldest_age(job.enqueued_at.replace(tzinfo=UTC)) if job and job.enqueued_at else None
        else:
            return Check("tasks", OFF, detail | {"note": "inline"})
    except Exception as exc:
        return Check("tasks", ERROR, detail | {"error": type(exc).__name__})
    detail["oldest_seconds"] = round(age) if age is not None else None
    status = WARNING if age is not None and age > QUEUE_WARNING_SECONDS else OK
    return Check("tasks", status, detail)


def check_disk() -> Check:
    """Free space where uploads and (on SQLite) the database live."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    minimum = getattr(settings, "HEALTH_MIN_FREE_DISK_BYTES", MIN_FREE_DISK_BYTES)
    try:
        usage = shutil.disk_usage(path)
    except OSError as exc:
        return Check("disk", ERROR, {"error": type(exc).__name__})
    detail = {"free_bytes": usage.free, "total_bytes": usage.total, "min_free_bytes": minimum}
    return Check("disk", ERROR if usage.free < minimum else OK, detail)


def check_backup() -> Check:
    """The newest archive in ``BACKUP_DIR`` (``off`` when backups are not configured on this machine)."""
    from . import backup

    folder = getattr(settings, "BACKUP_DIR", "")
    if not folder:
        return Check("backup", OFF)
    try:
        archives = backup.list_archives(Path(folder))
    except OSError as exc:
        return Check("backup", ERROR, {"error": type(exc).__name__})
    if not archives:
        return Check("backup", WARNING, {"last": None})
    last = archives[0]
    late = timezone.now() - last.created_at > timedelta(hours=BACKUP_WARNING_HOURS)
    detail = {"last": last.created_at.isoformat(), "size_bytes": last.size, "name": last.path.name}
    return Check("backup", WARNING if late else OK, detail)


CHECKS = (check_database, check_cache, check_tasks, check_disk, check_backup)


def run_checks(only: set[str] | None = None) -> list[Check]:
    """Every check, or those named in ``only`` (``database``, ``cache``, ``tasks``, ``disk``, ``backup``)."""
    return [check() for check in CHECKS if only is None or check.__name__.removeprefix("check_") in only]


def overall(checks: list[Check]) -> str:
    return ERROR if any(c.status == ERROR for c in checks) else OK
