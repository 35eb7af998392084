"""``manage.py rotate_pii_key``: re-encrypt every stored ID number under the current PII_KEY (see
ops/services/rotation.py). Resumable: run it again after an interruption."""

from django.core.management.base import BaseCommand, CommandError

from core import pii
from core.errors import DomainError
from ops.services import rotation


class Command(BaseCommand):
    help = "轮换个人信息密钥：将所有证件号改用当前 PII_KEY 加密并重建查询摘要（可中断后继续）"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=rotation.BATCH_SIZE, help="每批处理的记录数")
        parser.add_argument("--max-batches", type=int, default=None, help="最多处理多少批后停止（用于分段执行）")
        parser.add_argument("--status", action="store_true", help="只显示各密钥下的记录数，不做改动")

    def handle(self, *args, batch_size, max_batches, status, **options):
        current = pii.current_key_id()
        retired = [pii.key_id(s) for s in pii.retired_secrets()]
        self.stdout.write(f"当前密钥 {current}；旧密钥 {', '.join(retired) or '无'}")
        if status:
            for kid, n in sorted(rotation.key_ids_in_use().items()):
                mark = "（当前）" if kid == current else ""
                self.stdout.write(f"  {kid}{mark}: {n} 条")
            return
        if batch_size < 1:
            raise CommandError("--batch-size 须为正整数")

        def progress(label, done):
            if options.get("verbosity", 1) >= 2:
                self.stdout.write(f"  {label}: 已处理 {done} 条")

        try:
            run = rotation.rotate(batch_size=batch_size, max_batches=max_batches, progress=progress)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        for label, n in run.rewritten.items():
            self.stdout.write(f"{label}: 重新加密 {n} 条")
        if run.finished:
            self.stdout.write(self.style.SUCCESS("全部证件号已改用当前密钥。确认无误后可从配置中删除 PII_OLD_KEYS。"))
        else:
            left = sum(run.left.values())
            self.stdout.write(self.style.WARNING(f"尚有 {left} 条未处理：再次运行本命令即可从中断处继续。"))
