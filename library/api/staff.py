"""Staff API of 职工书屋 (``/api/v1/library``): rooms, the shared catalogue, shelving copies, lending and taking back
by scan (a return at another room moves the copy there), loans and the yearly room scores. Objects outside the
caller's scope answer 404 like unknown ids; in scope without ``library.manage`` answers 403."""

from django.utils import timezone
from ninja import Field, Query, Router, Status

from core.api import Paging, paginate, with_errors
from core.errors import PERMISSION_DENIED
from core.scoping import get_scoped_or_404, has_any
from core.validators import normalize_code
from members.cards import member_from_scan
from orgs.models import Org
from places.models import Place

from .. import errors, selectors, services
from ..models import Copy, ReadingRoom
from .schemas import (
    LibraryBookIn,
    LibraryBookOut,
    LibraryBookPage,
    LibraryCopiesIn,
    LibraryCopyOut,
    LibraryLendIn,
    LibraryLoanOut,
    LibraryLoanPage,
    LibraryReturnIn,
    LibraryRoomIn,
    LibraryRoomOut,
    LibraryRoomPage,
    LibraryScoreOut,
)

router = Router(tags=["职工书屋"])
VIEW, MANAGE = "library.view", "library.manage"


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PERMISSION_DENIED()


def _room(request, room_id: int) -> ReadingRoom:
    return get_scoped_or_404(ReadingRoom.objects.select_related("org"), request.user, VIEW, pk=room_id)


class LibrarySearch(Paging):
    q: str = ""


class LibraryLoanFilters(Paging):
    q: str = ""
    state: str = Field("", description="open 未还；overdue 逾期；returned 已还；空为全部")


@router.get("/rooms", response=with_errors({200: LibraryRoomPage}, 403), summary="职工书屋列表")
def list_rooms(request, filters: Query[LibrarySearch]):
    _gate(request)
    return paginate(selectors.search_rooms(request.user, q=filters.q), filters)


@router.post("/rooms", response=with_errors({201: LibraryRoomOut}, 400, 403), summary="登记职工书屋")
def create_room(request, payload: LibraryRoomIn):
    _gate(request, MANAGE)
    org = Org.objects.restrict(request.user, MANAGE).filter(code=normalize_code(payload.org)).first()
    if org is None:
        raise errors.INVALID_ORG()
    place = None
    if payload.place_id is not None:
        place = Place.objects.restrict(request.user, "places.view").filter(pk=payload.place_id).first()
        if place is None:
            raise errors.INVALID_PLACE()
    return Status(201, services.create_room(actor=request.user, org=org, name=payload.name, place=place))


@router.get("/rooms/{room_id}", response=with_errors({200: LibraryRoomOut}, 403, 404), summary="职工书屋详情")
def get_room(request, room_id: int):
    return _room(request, room_id)


@router.get("/rooms/{room_id}/copies", response=with_errors({200: list[LibraryCopyOut]}, 403, 404), summary="书屋藏书")
def room_copies(request, room_id: int):
    room = _room(request, room_id)
    return list(Copy.objects.filter(room=room).select_related("book").order_by("pk")[:1000])


@router.post(
    "/rooms/{room_id}/copies", response=with_errors({201: list[LibraryCopyOut]}, 400, 403, 404), summary="图书入藏"
)
def add_copies(request, room_id: int, payload: LibraryCopiesIn):
    room = _room(request, room_id)
    return Status(201, services.add_copies(room, actor=request.user, isbn=payload.isbn, count=payload.count))


@router.post(
    "/rooms/{room_id}/loans", response=with_errors({201: LibraryLoanOut}, 400, 403, 404, 409), summary="借出图书"
)
def lend(request, room_id: int, payload: LibraryLendIn):
    """Scan the member's e-card and the book's label at the room's desk."""
    room = _room(request, room_id)
    member = member_from_scan(payload.member)
    if member is None:
        raise errors.MEMBER_NOT_FOUND()
    copy = services.copy_by_label(payload.label)
    return Status(201, services.lend(copy, member, actor=request.user, room=room))


@router.post(
    "/rooms/{room_id}/returns", response=with_errors({200: LibraryLoanOut}, 400, 403, 404, 409), summary="归还图书"
)
def take_back(request, room_id: int, payload: LibraryReturnIn):
    """Take back a copy at this room; from another room it drifts here."""
    room = _room(request, room_id)
    copy = services.copy_by_label(payload.label)
    return services.return_copy(copy, room, actor=request.user)


@router.get("/books", response=with_errors({200: LibraryBookPage}, 403), summary="书目")
def list_books(request, filters: Query[LibrarySearch]):
    _gate(request)
    return paginate(selectors.search_books(q=filters.q), filters)


@router.post("/books", response=with_errors({201: LibraryBookOut}, 400, 403, 409), summary="登记书目")
def add_book(request, payload: LibraryBookIn):
    _gate(request, MANAGE)
    return Status(201, services.add_book(actor=request.user, **payload.dict()))


@router.get("/loans", response=with_errors({200: LibraryLoanPage}, 403), summary="借阅记录")
def list_loans(request, filters: Query[LibraryLoanFilters]):
    _gate(request)
    qs = selectors.search_loans(request.user, q=filters.q, state=filters.state, today=timezone.localdate())
    return paginate(qs, filters)


@router.get(
    "/copies/{copy_id}/loans", response=with_errors({200: list[LibraryLoanOut]}, 403, 404), summary="藏书借阅记录"
)
def copy_loans(request, copy_id: int):
    copy = get_scoped_or_404(Copy.objects.all(), request.user, VIEW, pk=copy_id)
    return selectors.copy_history(copy)[0]


@router.get("/scores", response=with_errors({200: list[LibraryScoreOut]}, 403), summary="书屋量化积分")
def scores(request, year: int | None = Query(None, ge=2000, le=2100, description="年度，默认今年")):
    _gate(request)
    rooms = list(ReadingRoom.objects.restrict(request.user, VIEW)[:1000])
    rows = selectors.room_scores(rooms, year or timezone.localdate().year)
    return [{**r, "room_id": r["room"].pk, "room_name": r["room"].name} for r in rows]
