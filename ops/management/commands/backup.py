"""``manage.py backup [--to DIR] [--prune]``: one encrypted, consistent archive of the database, the uploaded files
and a manifest (ops/services/backup.py). Safe while the server runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from ops.services import backup


class Command(BaseCommand):
    help = "备份：数据库（一致性快照）、上传文件和清单，加密写入一个备份文件"

    def add_arguments(self, parser):
        parser.add_argument("--to", default=None, help="备份目录（默认 BACKUP_DIR 设置）")
        parser.add_argument("--prune", action="store_true", help="备份后按保留策略（7 日、4 周、12 月）清理旧备份")

    def handle(self, *args, to=None, prune=False, **options):
        try:
            archive = backup.create_backup(Path(to) if to else None)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(self.style.SUCCESS(f"已备份：{archive.path}（{archive.size:,} 字节）"))
        if prune:
            for gone in backup.prune_archives(archive.path.parent):
                self.stdout.write(f"已清理过期备份：{gone.name}")
