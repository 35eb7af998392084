"""``python manage.py import_members FILE --union CODE [--actor USERNAME]``: the roster import run synchronously
from the command line, through the same checks and the same single transaction as an upload."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from core.errors import DomainError
from core.validators import normalize_code
from orgs.models import Org


class Command(BaseCommand):
    help = "从 xlsx 文件导入会员名册（与网页导入相同的校验；有任何错误时不导入任何数据）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="xlsx 名册文件")
        parser.add_argument("--union", required=True, help="导入到的工会的组织代码")
        parser.add_argument("--actor", help="经办人的登录名（须有该工会的导入权限）；不填记为系统导入")
        parser.add_argument("--show", type=int, default=50, help="最多列出多少处错误（默认 50）")

    def handle(self, *args, file, union, actor, show, **options):
        """Import, print a Chinese summary, and exit non-zero when anything was wrong."""
        from members.importing import import_roster

        org = Org.objects.filter(code=normalize_code(union)).first()
        if org is None:
            raise CommandError(f"找不到组织代码为“{union}”的工会")
        user = None
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"找不到登录名为“{actor}”的账号")
        try:
            outcome = import_roster(file, union=org, actor=user)
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(f"工会：{org.name}（{org.code}）")
        self.stdout.write(f"名册行数：{outcome.rows}")
        if outcome.skipped_examples:
            self.stdout.write(f"跳过示例行：{outcome.skipped_examples}")
        if outcome.ignored_columns:
            self.stdout.write(f"未识别、已忽略的列：{'、'.join(outcome.ignored_columns)}")
        if outcome.ok:
            self.stdout.write(
                self.style.SUCCESS(f"已导入：{outcome.imported} 人（其中重新入会 {outcome.rejoined} 人）")
            )
            return
        errors = outcome.errors
        rows = len({e.row for e in errors})
        self.stdout.write("已导入：0 人")
        self.stderr.write(self.style.ERROR(f"发现 {len(errors)} 处错误（涉及 {rows} 行），未导入任何数据："))
        for e in errors[:show]:
            self.stderr.write(f"  第 {e.row} 行 · {e.column}：{e.message}")
        if len(errors) > show:
            self.stderr.write(f"  ……另有 {len(errors) - show} 处错误未列出")
        raise CommandError("名册有错误，未导入", returncode=2)
