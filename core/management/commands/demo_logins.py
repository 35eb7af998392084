"""``manage.py demo_logins``: where the demo runs and how to log in."""

import unicodedata

from django.core.management.base import BaseCommand

from accounts.models import User
from core.demo import DEMO_PASSWORD

# The demo accounts in the order they are shown; orgs.demo creates the first four, members.demo the
# personal-data officer, activities.demo the partner (合伙人) login.
DEMO_USERNAMES = ("admin", "district", "town", "union", "privacy", "partner")


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "显示演示环境的访问地址和演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="访问地址（默认 http://127.0.0.1:8000）")

    def handle(self, *args, url, **options):
        """Print the addresses and a table of the demo logins with their role and org."""
        url = url.rstrip("/")
        out = self.stdout
        out.write("工会服务平台 · 演示环境")
        out.write(f"  访问地址：{url}")
        out.write(f"  工作人员控制台：{url}/console/")
        out.write(f"  会员服务：{url}/")
        out.write(f"  API 文档：{url}/api/v1/docs")
        out.write(f"  后台管理（系统管理员）：{url}/sysadmin/")
        users = {
            u.username: u
            for u in User.objects.filter(username__in=DEMO_USERNAMES).prefetch_related("grants__org", "partners")
        }
        if not users:
            out.write("尚未生成演示数据，请先运行：python manage.py seed_demo")
            return
        rows = [("账号", "姓名", "角色", "所属组织")]
        for username in DEMO_USERNAMES:
            user = users.get(username)
            if user is None:
                continue
            grants = sorted(user.grants.all(), key=lambda g: g.pk)
            role = "、".join(str(g.get_role_display()) for g in grants) or "—"
            org = "、".join(g.org.name for g in grants) or "—"
            partners = sorted(user.partners.all(), key=lambda p: p.pk)
            if not grants and partners:
                # A partner's account holds no grant: it works for its partner organisations (/partner/).
                role, org = "合伙人", "、".join(p.name for p in partners)
            rows.append((username, user.display_name or "—", role, org))
        widths = [max(_width(row[i]) for row in rows) + 2 for i in range(3)]
        out.write("")
        out.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for row in rows:
            out.write("  " + "".join(_pad(cell, w) for cell, w in zip(row[:3], widths, strict=True)) + row[3])
        self.member_login(url)

    def member_login(self, url: str) -> None:
        """The demo member's phone login on the member site, when the members step has built it."""
        from members.demo import DEMO_MEMBER_PHONE
        from members.models import Member

        member = (
            Member.objects.select_related("union")
            .filter(user__phone=DEMO_MEMBER_PHONE, user__is_active=True)
            .order_by("pk")
            .first()
        )
        if member is None:
            return
        out = self.stdout
        out.write("")
        out.write(f"演示会员（会员服务登录：{url}/m/login/）：")
        out.write(f"  手机号 {DEMO_MEMBER_PHONE}，密码 {DEMO_PASSWORD}（{member.name}，{member.union.name}）")
