"""Enqueue periodic background jobs on a schedule: a small, bounded loop started beside the task worker by
scripts/serve.sh. The jobs themselves run in the worker (db_worker or rqworker), so a slow job never delays the
schedule and a crash in one never stops the others.

Today's jobs: ``appeals.tasks.escalate_overdue`` and ``rights.tasks.escalate_overdue_problems`` (every
``--minutes``, default 10), ``reports.tasks.refresh_rollups_task`` (every ``--rollup-minutes``, default 1: brings
the report rollups up to date incrementally when anything counted has changed, so a change shows from the rollups
within a minute), ``ops.tasks.nightly_backup`` (hourly; backs up when ``BACKUP_DIR`` is set and the last archive is
a day old) and ``ops.tasks.apply_retention_task`` (daily). With several servers, run one copy; a second copy only
enqueues duplicates, which find nothing left to do (escalation moves an item and gives it new deadlines, under
``SKIP LOCKED``)."""

import logging
import signal
import time
from dataclasses import dataclass

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

logger = logging.getLogger("core.periodic")


@dataclass
class PeriodicJob:
    """A task (dotted path to a django-tasks ``Task``) enqueued every ``minutes``."""

    task: str
    minutes: float
    due: float = 0.0  # monotonic time of the next run; 0 runs at start-up, catching up after downtime


def default_jobs(minutes: float, rollup_minutes: float = 1) -> list[PeriodicJob]:
    return [
        PeriodicJob("appeals.tasks.escalate_overdue", minutes),
        PeriodicJob("rights.tasks.escalate_overdue_problems", minutes),
        # Weekly: the 劳动关系预警 digest to each town's staff.
        PeriodicJob("rights.tasks.weekly_risk_digest", 7 * 24 * 60),
        PeriodicJob("reports.tasks.refresh_rollups_task", rollup_minutes),
        # Hourly: takes the nightly backup once the last one is a day old (only when BACKUP_DIR is set).
        PeriodicJob("ops.tasks.nightly_backup", 60),
        PeriodicJob("ops.tasks.apply_retention_task", 24 * 60),
        # Daily: 换届 reminders 6 months and 1 month before a union's term ends (each fires once).
        PeriodicJob("unionlife.tasks.send_term_reminders", 24 * 60),
        # Daily: a collective contract's expiry reminder 60 days before it ends (each fires once).
        PeriodicJob("rights.tasks.send_contract_reminders", 24 * 60),
        # Daily: overdue reminders for library loans at 1, 7 and 30 days past due (each fires once per loan).
        PeriodicJob("library.tasks.send_overdue_reminders", 24 * 60),
    ]


class Command(BaseCommand):
    help = "定时任务：按间隔将周期性任务（诉求超期升级等）加入后台任务队列；--once 只执行一轮"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="每个任务只加入队列一次后退出")
        parser.add_argument("--minutes", type=float, default=10, help="任务间隔（分钟），默认 10")
        parser.add_argument(
            "--rollup-minutes", type=float, default=1, help="统计汇总数据检查更新的间隔（分钟），默认 1"
        )
        parser.add_argument("--rounds", type=int, default=0, help="最多执行多少轮后退出（0 为不限，直到收到停止信号）")

    def handle(self, *args, once=False, minutes=10, rounds=0, rollup_minutes=1, **options):
        self.verbosity = options.get("verbosity", 1)
        if minutes <= 0:
            minutes = 10
        jobs = default_jobs(minutes, rollup_minutes if rollup_minutes > 0 else 1)
        self.stopping = False
        if not once:
            # gunicorn's Ctrl-C or `kill` stops the loop between sleeps, never in the middle of enqueueing.
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        done = 0
        while not self.stopping:
            now = time.monotonic()
            for job in jobs:
                if once or job.due <= now:
                    self._enqueue(job)
                    job.due = now + job.minutes * 60
            done += 1
            if once or (rounds and done >= rounds):
                break
            # Sleep until the next job is due, a second at a time so a stop signal is honoured promptly.
            wake = min(job.due for job in jobs)
            while not self.stopping and time.monotonic() < wake:
                time.sleep(min(1.0, max(0.0, wake - time.monotonic())))

    def _enqueue(self, job: PeriodicJob) -> None:
        try:
            result = import_string(job.task).enqueue()
        except Exception:
            # The database may be away for a moment (a restart, a failover): log it and try at the next interval.
            logger.exception("periodic job %s could not be enqueued", job.task)
            return
        if self.verbosity >= 2:
            self.stdout.write(f"{job.task}: {result.id}")

    def _stop(self, signum, frame):
        self.stopping = True
