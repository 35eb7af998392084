"""The library step of ``manage.py seed_demo``: the demo district's 职工书屋 (one reading room at each open 书屋
place, plus 漂流书吧 shelves at a few unions), a catalogue of well-known titles, copies on every shelf and two years of
loans: members borrow at their rooms, most return on time, some at another room (the copy drifts there), a few are
overdue now. Through the real services, with the loans' dates passed in."""

from datetime import timedelta

from django.utils import timezone

from members.choices import HOLDING
from members.models import Member
from orgs.models import Org, OrgKind, OrgStatus
from places.models import Place, PlaceKind, PlaceStatus

from . import services
from .models import Book, Copy, CopyMove, Loan, ReadingRoom

# (ISBN-13 with a valid check digit, title, author, publisher)
BOOKS = [
    ("9787544291163", "百年孤独", "加西亚·马尔克斯", "南海出版公司"),
    ("9787020030408", "平凡的世界", "路遥", "人民文学出版社"),
    ("9787539920184", "大国工匠", "央视新闻", "江苏凤凰文艺出版社"),
    ("9787506345439", "活着", "余华", "作家出版社"),
    ("9787101114553", "论语译注", "杨伯峻", "中华书局"),
    ("9787208093744", "劳动法律实务", "王全兴", "上海人民出版社"),
]


def build_library(ctx) -> None:
    actor = ctx.users.get("district")
    if actor is None or ctx.root is None:
        return
    rng = ctx.rng
    for isbn, title, author, publisher in BOOKS:
        services.add_book(actor=actor, isbn=isbn, title=title, author=author, publisher=publisher)
    rooms = []
    for place in Place.objects.filter(
        kind=PlaceKind.BOOKHOUSE, status=PlaceStatus.OPEN, org__path__startswith=ctx.root.path
    ).select_related("org"):
        rooms.append(services.create_room(actor=actor, org=place.org, name=place.name, place=place))
    unions = list(
        Org.objects.filter(kind=OrgKind.GRASSROOTS, status=OrgStatus.ACTIVE, path__startswith=ctx.root.path).order_by(
            "path"
        )[:3]
    )
    for union in unions:
        rooms.append(services.create_room(actor=actor, org=union, name=f"{union.name.replace('工会', '')}漂流书吧"))
    if not rooms:
        return
    for room in rooms:
        for isbn, *_ in rng.sample(BOOKS, 4):
            services.add_copies(room, actor=actor, isbn=isbn, count=rng.randint(1, 3))
    now = timezone.now()
    loans = 0
    for room in rooms:
        readers = list(
            Member.objects.filter(
                union__path__startswith=room.org.path, status__in=HOLDING, user__isnull=False
            ).order_by("pk")[:30]
        ) or list(Member.objects.filter(union__path__startswith=room.org.path, status__in=HOLDING).order_by("pk")[:30])
        if not readers:
            continue
        # Two years, one visit roughly every three weeks: borrow a copy on the shelf, bring it back 1–6 weeks later.
        for days_ago in range(720, 0, -rng.randint(15, 30)):
            lent_at = now - timedelta(days=days_ago, hours=rng.randint(0, 8))
            copy = Copy.objects.filter(room=room, status="available").order_by("?").first()
            if copy is None:
                continue
            member = rng.choice(readers)
            if Loan.objects.filter(member=member, returned_at__isnull=True).exists():
                continue
            services.lend(copy, member, actor=actor, room=room, now=lent_at)
            loans += 1
            back = lent_at + timedelta(days=rng.randint(7, 45))
            if back >= now:
                continue  # still out (some overdue)
            where = room if rng.random() < 0.8 else rng.choice(rooms)
            services.return_copy(copy, where, actor=actor, now=back)
    # Dates of the rows the services wrote "now" follow the loans they belong to.
    for move in CopyMove.objects.select_related("loan"):
        CopyMove.objects.filter(pk=move.pk).update(moved_at=move.loan.returned_at)
    ctx.counts.append(("职工书屋", ReadingRoom.objects.count()))
    ctx.counts.append(("书目", Book.objects.count()))
    ctx.counts.append(("借阅", loans))
