"""Every write of the library module: rooms, the catalogue, copies, loans and returns (with drift), and the overdue
reminders. Each function is atomic, takes the acting user as ``actor``, checks ``library.manage`` over the room's org
(a member borrowing for themselves needs none) and records an audit event."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from core import audit
from core.errors import PERMISSION_DENIED, DomainError, ValidationFailed
from core.models import Counter
from core.notify import notify
from core.scoping import has_any, require
from members.choices import HOLDING
from places.models import PlaceKind

from . import errors, locking
from .models import Book, Copy, CopyMove, CopyStatus, Loan, LoanReminder, ReadingRoom

MANAGE = "library.manage"
LOAN_DAYS = 30
MAX_LOANS = 5
# Days past the due date at which a reminder goes out, once each.
THRESHOLDS = [(LoanReminder.Threshold.DAY, 1), (LoanReminder.Threshold.WEEK, 7), (LoanReminder.Threshold.MONTH, 30)]

ACTION_LABELS = {
    "library.room.created": _("登记职工书屋"),
    "library.book.added": _("登记书目"),
    "library.copies.added": _("图书入藏"),
    "library.loan.lent": _("借出图书"),
    "library.loan.returned": _("归还图书"),
    "library.loan.reminded": _("逾期提醒"),
}


def normalize_isbn(value: str) -> str:
    """The 13-digit ISBN of ``value`` (an ISBN-10 is converted), or ``INVALID_ISBN`` with the reason in Chinese."""
    raw = (value or "").strip()
    if not raw:
        raise errors.INVALID_ISBN(reason=_("必填"))
    try:
        number = stdnum_isbn.validate(raw)
    except InvalidChecksum:
        raise errors.INVALID_ISBN(reason=_("校验位不正确，请核对书后条码")) from None
    except (InvalidLength, InvalidFormat, InvalidComponent, ValidationError):
        raise errors.INVALID_ISBN(reason=_("应为 10 位或 13 位数字（可含连字符）")) from None
    return stdnum_isbn.to_isbn13(number).replace("-", "")


@transaction.atomic
def create_room(*, actor, org, name: str, place=None) -> ReadingRoom:
    """Register a reading room of ``org`` (at a 书屋 place of the org's sub-tree, or just a named room)."""
    require(actor, MANAGE, org)
    found = []
    name = (name or "").strip()[:100]
    if not name:
        found.append(errors.NAME_REQUIRED())
    if not org.is_active:
        found.append(errors.INVALID_ORG())
    if place is not None and (place.kind != PlaceKind.BOOKHOUSE or not place.org.path.startswith(org.path)):
        found.append(errors.INVALID_PLACE())
    if found:
        raise ValidationFailed(found)
    room = ReadingRoom.objects.create(org=org, name=name, place=place)
    audit.record("library.room.created", actor=actor, obj=room, data={"name": name})
    return room


@transaction.atomic
def add_book(*, actor, isbn: str, title: str, author: str = "", publisher: str = "") -> Book:
    """Add a title to the local catalogue (anyone who runs a room may)."""
    if not has_any(actor, MANAGE):
        raise PERMISSION_DENIED()
    found = []
    number = ""
    try:
        number = normalize_isbn(isbn)
    except DomainError as exc:
        found.append(exc)
    title = (title or "").strip()[:200]
    if not title:
        found.append(errors.TITLE_REQUIRED())
    if found:
        raise ValidationFailed(found)
    existing = Book.objects.filter(isbn=number).first()
    if existing is not None:
        raise errors.ISBN_EXISTS(title=existing.title)
    try:
        with transaction.atomic():
            book = Book.objects.create(
                isbn=number, title=title, author=(author or "").strip()[:100],
                publisher=(publisher or "").strip()[:100], added_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise errors.ISBN_EXISTS(title=title) from None
    audit.record("library.book.added", actor=actor, obj=book, data={"isbn": number, "title": title})
    return book


def _label() -> str:
    (n,) = Counter.take("library.copy")
    return f"TS{n:08d}"


@transaction.atomic
def add_copies(room: ReadingRoom, *, actor, isbn: str, count=1) -> list[Copy]:
    """Shelve ``count`` copies of a catalogued title at ``room``, each with a new label."""
    require(actor, MANAGE, room.org)
    book = Book.objects.filter(isbn=normalize_isbn(isbn)).first()
    if book is None:
        raise errors.BOOK_NOT_FOUND()
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise errors.INVALID_COUNT() from None
    if not 1 <= count <= 100:
        raise errors.INVALID_COUNT()
    copies = [Copy.objects.create(book=book, label=_label(), home=room, room=room) for _ in range(count)]
    audit.record(
        "library.copies.added", actor=actor, obj=room, data={"isbn": book.isbn, "labels": [c.label for c in copies]}
    )
    return copies


def copy_by_label(label: str) -> Copy:
    """The copy a scanned label names (the label QR holds a link ending in the label, or the label itself)."""
    code = (label or "").strip().rstrip("/").rsplit("/", 1)[-1].upper()
    copy = Copy.objects.select_related("book", "room__org").filter(label=code).first() if code else None
    if copy is None:
        raise errors.COPY_NOT_FOUND()
    return copy


@transaction.atomic
def lend(copy: Copy, member, *, actor, room: ReadingRoom | None = None, now=None) -> Loan:
    """Lend ``copy`` to ``member`` at the room where it is shelved: staff scan the card and the label, or the
    member scans the label on the phone. At most ``MAX_LOANS`` at once, none overdue; due in ``LOAN_DAYS`` days."""
    self_service = member.user_id is not None and member.user_id == getattr(actor, "pk", None)
    if not self_service:
        require(actor, MANAGE, (room or copy.room).org)
    if member.status not in HOLDING:
        raise errors.MEMBER_NOT_FOUND()
    copy = locking.lock_copy(copy)
    if room is not None and copy.room_id != room.pk:
        raise errors.COPY_ELSEWHERE(room=copy.room.name)
    if not copy.room.active:
        raise errors.ROOM_CLOSED()
    if copy.status == CopyStatus.LOST:
        raise errors.COPY_LOST()
    if copy.status == CopyStatus.ON_LOAN or Loan.objects.filter(copy=copy, returned_at__isnull=True).exists():
        raise errors.COPY_ON_LOAN()
    now = now or timezone.now()
    open_loans = Loan.objects.filter(member=member, returned_at__isnull=True)
    if open_loans.filter(due_on__lt=timezone.localdate(now)).exists():
        raise errors.HAS_OVERDUE()
    if open_loans.count() >= MAX_LOANS:
        raise errors.TOO_MANY_LOANS(n=MAX_LOANS)
    try:
        with transaction.atomic():
            loan = Loan.objects.create(
                copy=copy, member=member, room=copy.room, lent_at=now,
                due_on=timezone.localdate(now) + timedelta(days=LOAN_DAYS), lent_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise errors.COPY_ON_LOAN() from None
    copy.status = CopyStatus.ON_LOAN
    copy.save(update_fields=["status"])
    audit.record(
        "library.loan.lent",
        actor=actor,
        obj=loan,
        data={"label": copy.label, "member": member.pk, "room": copy.room_id, "self": self_service},
    )
    return loan


@transaction.atomic
def return_copy(copy: Copy, room: ReadingRoom, *, actor, now=None) -> Loan:
    """Take back ``copy`` at ``room`` (any room: book drift). Returned elsewhere, the copy moves to ``room`` and the
    move is kept (``CopyMove``)."""
    require(actor, MANAGE, room.org)
    copy = locking.lock_copy(copy)
    loan = Loan.objects.filter(copy=copy, returned_at__isnull=True).first()
    if loan is None:
        raise errors.NOT_ON_LOAN()
    loan = locking.lock_loan(loan)
    now = now or timezone.now()
    loan.returned_at, loan.returned_room = now, room
    loan.save(update_fields=["returned_at", "returned_room"])
    moved_from = None
    if copy.room_id != room.pk:
        moved_from = copy.room
        CopyMove.objects.create(copy=copy, from_room=copy.room, to_room=room, loan=loan, moved_at=now)
        copy.room = room
    copy.status = CopyStatus.AVAILABLE
    copy.save(update_fields=["room", "status"])
    audit.record(
        "library.loan.returned",
        actor=actor,
        obj=loan,
        data={"label": copy.label, "room": room.pk, "drifted_from": moved_from.pk if moved_from else None},
    )
    return loan


def send_overdue_reminders(today=None) -> int:
    """Remind each member of every open loan past its due date: at 1, 7 and 30 days overdue, each threshold once per
    loan (a row per threshold, unique, so two runs at once send once; a loan found late gets only the latest
    threshold it has reached). Returns how many reminders were sent."""
    today = today or timezone.localdate()
    sent = 0
    overdue = (
        Loan.objects.filter(returned_at__isnull=True, due_on__lt=today - timedelta(days=THRESHOLDS[0][1] - 1))
        .select_related("member__user", "copy__book", "room__org")
        .order_by("pk")
    )
    for loan in overdue:
        days = (today - loan.due_on).days
        passed = [code for code, n in THRESHOLDS if days >= n]
        done = set(loan.reminders.values_list("threshold", flat=True))
        todo = [code for code in passed if code not in done]
        if not todo:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    for code in todo:
                        LoanReminder.objects.create(loan=loan, threshold=code)
            except IntegrityError:
                continue  # another run sent it
            if loan.member.user is not None:
                notify(
                    [loan.member.user],
                    "借阅逾期提醒",
                    f"您在{loan.room.name}借阅的《{loan.copy.book.title}》应于 {loan.due_on:%Y-%m-%d} 归还，"
                    f"已逾期 {days} 天，请尽快归还到任一职工书屋。",
                )
            audit.record("library.loan.reminded", obj=loan, data={"threshold": str(todo[-1]), "days": days})
        sent += 1
    return sent
