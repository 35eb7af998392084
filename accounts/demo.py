"""Demo step ``staff_accounts``: a few more staff logins for 账号管理 to show, in every state (``manage.py
seed_demo``). They are written directly, like the other demo accounts (one audit event for the whole build); the
demo ``district`` and ``admin`` accounts manage all of them, ``town`` those of its own town."""

from datetime import timedelta

from django.utils import timezone

from core.demo import DemoContext, DemoError
from orgs.models import OrgKind

from .models import Grant, User
from .roles import Role

# (login name, name, role, where, state): where is "other_town" (a town other than ``town``'s), or "home_union" /
# "town_union" (``union``'s own union / another union of ``town``'s town); state is what the list shows.
STAFF_ACCOUNTS = (
    ("town2", "陈丽", Role.FEDERATION_ADMIN, "other_town", "active"),
    ("union2", "吴晓峰", Role.UNION_ADMIN, "home_union", "active"),
    ("clerk1", "赵敏", Role.UNION_ADMIN, "town_union", "pending"),
    ("clerk2", "孙伟", Role.UNION_ADMIN, "town_union", "disabled"),
)


def _mobile(rng) -> str:
    return rng.choice(("135", "137", "139", "150", "158", "186", "189")) + f"{rng.randrange(10**8):08d}"


def build_staff_accounts(ctx: DemoContext) -> None:
    """Accounts of another town's admin, a second officer of ``union``'s union, a clerk who has not yet set a
    password (their link is still to come) and a disabled one; all with the demo password where one is set."""
    names = [username for username, *_ in STAFF_ACCOUNTS]
    taken = sorted(User.objects.filter(username__in=names).values_list("username", flat=True))
    if taken:
        raise DemoError(f"账号 {', '.join(taken)} 已存在，演示数据未写入。请换一个空数据库，或先删除这些账号。")
    built = ctx.extra["orgs"]
    home_town, home_union = built["home_town"], built["home_union"]
    town_unions = [
        o
        for o in ctx.orgs
        if o.kind == OrgKind.GRASSROOTS and o.path.startswith(home_town.path) and o.pk != home_union.pk
    ]
    places = {
        "other_town": next(t for t in built["towns"] if t.pk != home_town.pk),
        "home_union": home_union,
        "town_union": town_unions[0] if town_unions else home_union,
    }
    # The demo password's hash from an account built before (Argon2 is slow on purpose: hash once).
    password = ctx.users["district"].password
    now = timezone.now()
    for n, (username, display_name, role, where, state) in enumerate(STAFF_ACCOUNTS):
        user = User(username=username, display_name=display_name, phone=_mobile(ctx.rng), is_active=state != "disabled")
        if state == "pending":
            user.set_unusable_password()
        else:
            user.password = password
            user.last_login = now - timedelta(days=2 + 17 * n, hours=ctx.rng.randrange(9, 18))
        user.save()
        Grant.objects.create(user=user, org=places[where], role=role, created_by=ctx.users["district"])
    ctx.counts.append(("其他工作人员账号", len(STAFF_ACCOUNTS)))
