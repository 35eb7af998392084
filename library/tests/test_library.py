"""A book loan, drift to another room and return; overdue reminders with frozen time; the catalogue's ISBN check;
a copy never lent twice (threads); the yearly room score; the figures."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from core import notify
from core.errors import DomainError, ValidationFailed
from core.testing import run_at_once
from members import cards
from reports import engine
from reports.periods import year

from .. import selectors, services
from ..models import Copy, CopyMove, Loan, LoanReminder
from .factories import ISBN_2, member_with_account, room, shelved

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_catalogue_checks_the_isbn(tree, users):
    with pytest.raises(ValidationFailed) as caught:
        services.add_book(actor=users.union, isbn="978-7-02-003040-9", title="")
    messages = {e.field: str(e.message) for e in caught.value.errors}
    assert messages["isbn"] == "ISBN：校验位不正确，请核对书后条码" and messages["title"] == "书名：必填"
    with pytest.raises(ValidationFailed) as caught:
        services.add_book(actor=users.union, isbn="12345", title="x")
    assert caught.value.errors[0].code == "invalid_isbn"
    # An ISBN-10 is stored as its ISBN-13; the same book twice is refused.
    book = services.add_book(actor=users.union, isbn="7-5063-4543-9", title="活着")
    assert book.isbn == "9787506345439"
    with pytest.raises(DomainError) as caught:
        services.add_book(actor=users.union, isbn=ISBN_2, title="活着")
    assert caught.value.code == "isbn_exists"


def test_a_book_loan_drift_to_another_room_and_return(tree, users):
    """Acceptance: lent at 甲一's room by scanning the member's e-card and the label, returned at 甲街道's room: the
    copy moves there, its history keeps both rooms, and it can be lent from its new room only."""
    a1 = room(tree.union_a1, users.union)
    town = room(tree.town_a, users.town, name="甲街道漂流书吧")
    (copy,) = shelved(a1, users.union)
    reader = member_with_account(tree.union_a1, users.union, 1)
    scanned_card = cards.verify_url(reader)
    from members.cards import member_from_scan

    label = services.copy_by_label(f"https://x/m/library/copies/{copy.label}/")
    loan = services.lend(label, member_from_scan(scanned_card), actor=users.union, room=a1)
    assert loan.due_on == timezone.localdate() + timedelta(days=services.LOAN_DAYS)
    assert Copy.objects.get(pk=copy.pk).status == "on_loan"
    other = member_with_account(tree.union_a1, users.union, 2)
    with pytest.raises(DomainError) as caught:
        services.lend(copy, other, actor=users.union, room=a1)
    assert caught.value.code == "copy_on_loan"
    services.return_copy(copy, town, actor=users.town)
    copy.refresh_from_db()
    assert copy.room == town and copy.home == a1 and copy.status == "available"
    move = CopyMove.objects.get(copy=copy)
    assert (move.from_room, move.to_room, move.loan_id, move.reason) == (a1, town, loan.pk, "drift")
    loan.refresh_from_db()
    assert loan.returned_room == town and loan.room == a1
    loans, moves = selectors.copy_history(copy)
    assert [x.pk for x in loans] == [loan.pk] and len(moves) == 1
    with pytest.raises(DomainError) as caught:
        services.lend(copy, other, actor=users.union, room=a1)
    assert caught.value.code == "copy_elsewhere"
    # The member borrows it themselves at its new room (scanning its label on the phone).
    services.lend(copy, other, actor=other.user)
    with pytest.raises(DomainError) as caught:
        services.return_copy(Copy.objects.get(pk=copy.pk), a1, actor=users.union_b)
    assert caught.value.code == "permission_denied"
    # Both rooms count in the year's scores: 甲一 lent once, the town lent once and took one in.
    scores = {r["room"].pk: r for r in selectors.room_scores([a1, town], timezone.localdate().year)}
    assert (scores[a1.pk]["loans"], scores[a1.pk]["score"]) == (1, 1 + 3)
    assert (scores[town.pk]["loans"], scores[town.pk]["drift_in"], scores[town.pk]["score"]) == (1, 1, 1 + 3 + 2)


def test_overdue_reminders_once_per_loan_and_threshold(tree, users, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_BACKEND = "locmem"
    notify.outbox.clear()
    a1 = room(tree.union_a1, users.union)
    copies = shelved(a1, users.union, count=2)
    reader = member_with_account(tree.union_a1, users.union, 3)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        loan = services.lend(copies[0], reader, actor=users.union, room=a1)
    due = loan.due_on
    with time_machine.travel(start + timedelta(days=services.LOAN_DAYS), tick=False):
        assert services.send_overdue_reminders() == 0  # due today: not overdue yet
    with time_machine.travel(start + timedelta(days=services.LOAN_DAYS + 1), tick=False):
        with pytest.raises(DomainError) as caught:
            services.lend(copies[1], reader, actor=users.union, room=a1)
        assert caught.value.code == "has_overdue"
    for days, expected in [(1, 1), (1, 0), (3, 0), (7, 1), (8, 0), (40, 1), (41, 0)]:
        noon = datetime.combine(due + timedelta(days=days), time(12), tzinfo=SHANGHAI)
        with time_machine.travel(noon, tick=False), django_capture_on_commit_callbacks(execute=True):
            assert services.send_overdue_reminders() == expected, days
    assert sorted(LoanReminder.objects.filter(loan=loan).values_list("threshold", flat=True)) == ["1d", "30d", "7d"]
    assert len(notify.outbox) == 3 and "已逾期 1 天" in notify.outbox[0].body
    # Returned: no more reminders.
    services.return_copy(copies[0], a1, actor=users.union)
    assert services.send_overdue_reminders(today=due + timedelta(days=100)) == 0


@pytest.mark.django_db(transaction=True)
def test_a_copy_is_lent_once_under_a_flood(tree, users):
    a1 = room(tree.union_a1, users.union)
    (copy,) = shelved(a1, users.union)
    crowd = [member_with_account(tree.union_a1, users.union, 50 + n) for n in range(8)]
    made, refused = run_at_once([lambda m=m: services.lend(copy, m, actor=m.user) for m in crowd])
    assert len(made) == 1 and set(refused) == {"copy_on_loan"}
    assert Loan.objects.filter(copy=copy, returned_at__isnull=True).count() == 1


def test_library_figures(tree, users):
    a1 = room(tree.union_a1, users.union)
    b1 = room(tree.union_b1, users.union_b, name="乙一书屋")
    copies = shelved(a1, users.union, count=3)
    (b_copy,) = shelved(b1, users.union_b, isbn=ISBN_2, title="活着")
    reader = member_with_account(tree.union_a1, users.union, 61)
    for c in copies[:2]:
        services.lend(c, reader, actor=users.union, room=a1)
    services.return_copy(copies[0], a1, actor=users.union)
    services.lend(copies[0], reader, actor=users.union, room=a1)
    services.lend(b_copy, member_with_account(tree.union_b1, users.union_b, 62), actor=users.union_b, room=b1)
    this_year = year(timezone.localdate().year)
    district = engine.compute(tree.district, [this_year]).totals
    assert district["library.loans"] == [4] and district["library.readers"] == [2]
    town_a = engine.compute(tree.town_a, [this_year]).totals
    assert town_a["library.loans"] == [3] and town_a["library.readers"] == [1]
