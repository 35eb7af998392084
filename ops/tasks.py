"""Background jobs the scheduler (``manage.py run_periodic``) enqueues: the nightly backup and retention."""

from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

# A backup is taken when the newest archive is older than this (the scheduler asks every hour).
BACKUP_EVERY_HOURS = 23


@task()
def nightly_backup() -> dict:
    """With ``BACKUP_DIR`` set: a backup when the last one is a day old, then 7 daily, 4 weekly and 12 monthly
    archives kept. Without it: nothing (backups are taken elsewhere, e.g. from a replica)."""
    from .services import backup

    folder = getattr(settings, "BACKUP_DIR", "")
    if not folder:
        return {"skipped": "BACKUP_DIR not set"}
    archives = backup.list_archives(Path(folder))
    if archives and (timezone.now() - archives[0].created_at).total_seconds() < BACKUP_EVERY_HOURS * 3600:
        return {"skipped": f"last backup {archives[0].path.name}"}
    archive = backup.create_backup(Path(folder))
    pruned = backup.prune_archives(Path(folder))
    return {"archive": archive.path.name, "size": archive.size, "pruned": [p.name for p in pruned]}


@task()
def apply_retention_task() -> dict:
    from .services import retention

    return retention.apply_retention()
