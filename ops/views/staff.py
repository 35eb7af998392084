"""The 系统运行 page of the console, for the 系统管理员: health, backups, retention and the PII key."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import pii
from core.scoping import has_any

from .. import errors
from ..services import backup, health, retention, rotation


@login_required
@require_GET
def status(request):
    if not has_any(request.user, "ops.view"):
        raise errors.PERMISSION_DENIED()
    folder = getattr(settings, "BACKUP_DIR", "")
    archives = backup.list_archives(Path(folder))[:30] if folder else []
    retired = [pii.key_id(s) for s in pii.retired_secrets()]
    context = {
        "checks": health.run_checks(),
        "backup_dir": folder,
        "archives": archives,
        "last_archive": archives[0] if archives else None,
        "rules": list(retention.RULES.values()),
        "key_id": pii.current_key_id(),
        "retired": retired,
        # Counting rows still under an old key scans the roster: only while a rotation is under way.
        "remaining": sum(rotation.remaining().values()) if retired else None,
    }
    return render(request, "ops/staff/status.html", context)
