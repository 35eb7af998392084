"""Read queries of the library module: the rooms, the catalogue, loans of the scope (overdue first), a member's
loans, a copy's history, and the yearly room score (量化积分).

Room score of year Y (documented in docs/library.md):

    score = 借阅册次 × 1 + 活跃读者 × 3 + 漂入册数 × 2

借阅册次: loans made at the room in Y; 活跃读者: different members who borrowed there in Y; 漂入册数: copies that
drifted in (returned there after being lent elsewhere) in Y. Readers weigh most because a room's use is people; a
drifted-in book counts because a room that takes back others' books keeps the drift going."""

from datetime import date

from django.db.models import Count, Q

from .models import Book, Copy, CopyMove, CopyStatus, Loan, ReadingRoom

W_LOANS, W_READERS, W_DRIFT_IN = 1, 3, 2


def search_rooms(user, *, q: str = ""):
    qs = ReadingRoom.objects.restrict(user, "library.view").select_related("org", "place")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(org__name__icontains=q))
    return qs.annotate(copy_count=Count("copies")).order_by("org__path", "name", "pk")


def search_books(*, q: str = ""):
    qs = Book.objects.all()
    if q:
        digits = q.replace("-", "").strip()
        qs = qs.filter(Q(title__icontains=q) | Q(author__icontains=q) | Q(isbn__startswith=digits))
    return qs.annotate(copy_count=Count("copies")).order_by("title", "pk")


def search_loans(user, *, q: str = "", state: str = "", today=None):
    """Loans of the scope: ``state`` ``open`` (default order: most overdue first), ``overdue`` or ``returned``."""
    qs = Loan.objects.restrict(user, "library.view").select_related("copy__book", "member", "room", "returned_room")
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(copy__label__iexact=q) | Q(copy__book__title__icontains=q))
    if state == "open":
        qs = qs.filter(returned_at__isnull=True)
    elif state == "overdue":
        qs = qs.filter(returned_at__isnull=True, due_on__lt=today or date.today())
    elif state == "returned":
        qs = qs.filter(returned_at__isnull=False)
    return qs.order_by("-lent_at", "-pk")


def member_loans(member):
    return Loan.objects.filter(member=member).select_related("copy__book", "room", "returned_room")


def shelf_for_member(member, limit: int = 10):
    """Copies on the shelf at the rooms of the member's union and the orgs above it (newest first): what they can
    borrow nearby."""
    from orgs.models import Org

    step = Org.steplen
    path = member.union.path
    paths = [path[:i] for i in range(step, len(path) + 1, step)]
    return (
        Copy.objects.filter(room__org__path__in=paths, room__active=True, status=CopyStatus.AVAILABLE)
        .select_related("book", "room")
        .order_by("-pk")[:limit]
    )


def copy_history(copy):
    loans = list(Loan.objects.filter(copy=copy).select_related("member", "room", "returned_room").order_by("lent_at"))
    moves = list(CopyMove.objects.filter(copy=copy).select_related("from_room", "to_room").order_by("moved_at"))
    return loans, moves


def room_scores(rooms, year: int) -> list[dict]:
    """The score of each room for ``year`` (three grouped queries for any number of rooms), best first."""
    ids = [r.pk for r in rooms]
    in_year = {"lent_at__year": year}
    loans = dict(
        Loan.objects.filter(room__in=ids, **in_year).values("room").annotate(n=Count("pk")).values_list("room", "n")
    )
    readers = dict(
        Loan.objects.filter(room__in=ids, **in_year)
        .values("room")
        .annotate(n=Count("member", distinct=True))
        .values_list("room", "n")
    )
    drift = dict(
        CopyMove.objects.filter(to_room__in=ids, moved_at__year=year, reason=CopyMove.Reason.DRIFT)
        .values("to_room")
        .annotate(n=Count("pk"))
        .values_list("to_room", "n")
    )
    rows = []
    for r in rooms:
        row = {"room": r, "loans": loans.get(r.pk, 0), "readers": readers.get(r.pk, 0), "drift_in": drift.get(r.pk, 0)}
        row["score"] = W_LOANS * row["loans"] + W_READERS * row["readers"] + W_DRIFT_IN * row["drift_in"]
        rows.append(row)
    rows.sort(key=lambda row: (-row["score"], row["room"].name))
    return rows
