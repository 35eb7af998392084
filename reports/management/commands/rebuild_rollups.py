"""``manage.py rebuild_rollups``: rebuild the reports' monthly rollups from the source tables (``--background``:
enqueue the background task instead). Run it regularly (e.g. nightly from cron) and after bulk loads."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "重建统计汇总数据（按组织、按月份）；加 --background 交给后台任务执行"

    def add_arguments(self, parser):
        parser.add_argument("--background", action="store_true", help="放入后台任务队列，不在当前进程执行")

    def handle(self, *args, background: bool, **options):
        """Rebuild now (printing rows and time) or enqueue ``rebuild_rollups_task``."""
        if background:
            from reports.tasks import rebuild_rollups_task

            result = rebuild_rollups_task.enqueue()
            self.stdout.write(f"已加入后台任务队列：{result.id}")
            return
        from reports.rollups import rebuild

        state = rebuild()
        self.stdout.write(self.style.SUCCESS(f"汇总完成：{state.rows} 行，用时 {state.seconds} 秒"))
