"""``manage.py restore ARCHIVE``: restore an archive into an empty database and media folder, refusing (with
nothing written) a wrong key, a non-empty target or an archive from a newer schema; then compare every table's
row count and the roster's checksum with the manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from ops.services import backup


class Command(BaseCommand):
    help = "从备份恢复：只恢复到空的数据库和文件目录，恢复后核对各表行数和会员数据校验和"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件路径（.ubk）")

    def handle(self, *args, archive, **options):
        try:
            done = backup.restore_backup(Path(archive))
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        rows = sum(done.manifest["tables"].values())
        tables = len(done.manifest["tables"])
        self.stdout.write(
            self.style.SUCCESS(f"已恢复 {tables} 张表、{rows:,} 行、{done.files} 个文件；各表行数与会员校验和一致")
        )
        self.stdout.write("如程序版本比备份新，请接着运行 manage.py migrate。")
