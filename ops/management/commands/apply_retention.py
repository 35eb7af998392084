"""``manage.py apply_retention``: delete what the retention rules no longer keep (ops/services/retention.py)."""

from django.core.management.base import BaseCommand

from ops.services import retention


class Command(BaseCommand):
    help = "按保留期限清理过期数据：导入导出文件、短信验证码、短信日志、已完成的后台任务记录"

    def handle(self, *args, **options):
        removed = retention.apply_retention()
        for key, n in removed.items():
            rule = retention.RULES[key]
            self.stdout.write(f"{rule.label}（保留 {rule.days} 天）：清理 {n} 项")
