"""``manage.py seed_demo``: build the demo district (every app's demo step) in one transaction."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import locking
from core.demo import DEFAULT_SEED, DEMO_PASSWORD, DemoError, build_demo, demo_present


class Command(BaseCommand):
    help = "生成演示数据：一个区总工会及其镇街、基层工会、联合工会、企业名录和演示账号（密码 Demo@2026）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="规模倍数：每个镇街的企业和基层工会数量乘以该值（默认 1）"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"随机种子，相同种子生成相同数据（默认 {DEFAULT_SEED}）"
        )
        parser.add_argument("--once", action="store_true", help="演示数据已存在时跳过，不报错")
        parser.add_argument("--force", action="store_true", help="在 DEBUG=False 时也执行（确认不是正式环境）")

    def handle(self, *args, scale, seed, once, force, **options):
        """Refuse on a deployed site or over existing demo data; otherwise build everything or nothing."""
        if not settings.DEBUG and not force:
            raise CommandError(
                "当前为非调试模式（DEBUG=False），可能是正式环境，已拒绝生成演示数据。"
                "如确认这是演示或测试环境，请加上 --force 重新运行。"
            )
        if not 0 < scale <= 1000:
            raise CommandError(f"--scale 须大于 0 且不超过 1000，收到 {scale:g}")
        started = time.perf_counter()
        try:
            with locking.batch():  # one transaction; each service inside checks its lock order as its own
                # Checked inside the transaction, so two runs at once cannot both decide to build.
                if demo_present():
                    if once:
                        self.stdout.write("演示数据已存在，跳过生成（--once）。")
                        return
                    raise CommandError(
                        "演示数据已存在，未做任何修改。"
                        "如只想在缺少时生成，请加 --once；如要重新生成，请换一个空数据库。"
                    )
                ctx = build_demo(seed=seed, scale=scale)
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"演示数据已生成（种子 {seed}，规模 {scale:g}，用时 {seconds:.1f} 秒）："))
        for label, figure in ctx.counts:
            self.stdout.write(f"  {label}：{figure}")
        self.stdout.write(
            f"演示账号 {'、'.join(ctx.users)} 的密码均为 {DEMO_PASSWORD}；运行 manage.py demo_logins 查看。"
        )
