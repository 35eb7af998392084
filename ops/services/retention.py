"""Retention: what the platform stops keeping after a while, one declared rule each, applied by
``manage.py apply_retention`` and nightly by the scheduler (``ops.tasks.apply_retention_task``).

A rule names what it deletes, its period (``RETENTION_DAYS[key]`` in settings, else its default) and a function
that deletes what is older than the cut-off and returns how many things it removed. Another app declares its own
with ``register_rule`` from its ``ready``. Audit events are never deleted (append-only, a database trigger
refuses), and membership records are not files: they follow the roster's own rules.
"""

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # what goes, in Chinese, for the console
    apply: Callable[[datetime, datetime], int]  # (cut-off, now) -> how many removed
    default_days: int = DEFAULT_DAYS

    @property
    def days(self) -> int:
        return int(getattr(settings, "RETENTION_DAYS", {}).get(self.key, self.default_days))


RULES: dict[str, Rule] = {}


def register_rule(rule: Rule) -> Rule:
    RULES[rule.key] = rule
    return rule


def expire_job_files(cutoff: datetime, now: datetime) -> int:
    """Import files, error workbooks and exports of jobs finished before the cut-off: the files are deleted, the job
    row stays, saying when its file expired."""
    from core.models import Job

    expired = 0
    jobs = Job.objects.filter(finished_at__lt=cutoff).exclude(Q(input_file="") & Q(output_file=""))
    for job in jobs.order_by("pk").iterator(500):
        for f in (job.input_file, job.output_file):
            if f.name:
                default_storage.delete(f.name)
                expired += 1
        note = f"（文件已于 {timezone.localdate(now):%Y-%m-%d} 按保留期限删除）"
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(
                input_file="",
                output_file="",
                message=(job.message + note) if note not in job.message else job.message,
                result={**(job.result or {}), "file_expired_on": f"{timezone.localdate(now):%Y-%m-%d}"},
            )
    return expired


def delete_phone_codes(cutoff: datetime, now: datetime) -> int:
    """Texted verification codes (only their hashes and the phone number are stored) that expired before the
    cut-off."""
    from appeals.models import PhoneCode

    deleted, _ = PhoneCode.objects.filter(expires_at__lt=cutoff).delete()
    return deleted


def prune_sms_log(cutoff: datetime, now: datetime) -> int:
    """Lines of the file SMS backend's log (``SMS_FILE``) older than the cut-off."""
    path = Path(getattr(settings, "SMS_FILE", Path(settings.VAR_DIR) / "sms.log"))
    if not path.exists():
        return 0
    kept, dropped = [], 0
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        try:
            at = datetime.fromisoformat(json.loads(line)["at"])
        except (ValueError, KeyError, TypeError):
            kept.append(line)  # not ours to judge: keep it
            continue
        if at < cutoff:
            dropped += 1
        else:
            kept.append(line)
    if dropped:
        scratch = path.with_suffix(".retention")
        scratch.write_text("".join(kept), encoding="utf-8")
        os.replace(scratch, path)
    return dropped


def delete_task_results(cutoff: datetime, now: datetime) -> int:
    """Finished background-task records of the database queue (their arguments and results)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    done = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    deleted, _ = DBTaskResult.objects.filter(status__in=done, finished_at__lt=cutoff).delete()
    return deleted


register_rule(Rule("job_files", "导入导出文件、错误报告", expire_job_files))
register_rule(Rule("phone_codes", "短信验证码记录", delete_phone_codes))
register_rule(Rule("sms_log", "短信发送日志", prune_sms_log))
register_rule(Rule("task_results", "已完成的后台任务记录", delete_task_results))


def apply_retention(*, now: datetime | None = None) -> dict[str, int]:
    """Apply every rule at ``now`` (default: the current time); returns how many things each removed."""
    now = now or timezone.now()
    removed = {key: rule.apply(now - timedelta(days=rule.days), now) for key, rule in RULES.items()}
    audit.record(
        "ops.retention.applied",
        actor_name="retention",
        data={"removed": removed, "days": {key: rule.days for key, rule in RULES.items()}},
    )
    return removed
