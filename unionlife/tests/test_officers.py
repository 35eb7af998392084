"""Officers and terms (issue 18, acceptance 2): 换届 reminders fire once at each threshold (frozen time); a congress
closes the old term and opens the new; part-time vice-chairs of a town come from enterprise unions' chairs."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from core import notify
from core.errors import DomainError
from core.models import AuditEvent
from members.tests.factories import member

from ..models import Officer, Term, TermReminder
from ..services import officers
from ..services.officers import add_months

pytestmark = pytest.mark.django_db

COMMITTEE = [
    {"role": "chair", "name": "王志强", "full_time": True},
    {"role": "vice_chair", "name": "李娜"},
    {"role": "member", "name": "张伟"},
    {"role": "audit", "name": "陈静"},
    {"role": "women", "name": "刘芳"},
]


def at(y, m, d, hour=9):
    return timezone.make_aware(datetime(y, m, d, hour))


def congress(union, actor, held_on, committee=COMMITTEE, **kw):
    return officers.record_congress(union, actor=actor, held_on=held_on, officers=committee, **kw)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2021, 6, 15), 60) == date(2026, 6, 15)
    assert add_months(date(2026, 6, 15), -6) == date(2025, 12, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)


def test_a_congress_closes_the_old_term_and_opens_the_new(tree, users):
    for n in range(30):
        member(tree.union_a1, users.union, 500 + n)
    wang = member(tree.union_a1, users.union, 600, name="王志强")
    with time_machine.travel(at(2021, 6, 15), tick=False):
        first = congress(tree.union_a1, users.union, date(2021, 6, 15), delegates=28)
    assert (first.number, first.length_years, first.due_on) == (1, 5, date(2026, 6, 15))
    chair = Officer.objects.get(term=first, role="chair")
    assert chair.member == wang and chair.full_time  # linked to the roster where the name is unique
    assert Officer.objects.filter(term=first, ends_on__isnull=True).count() == 5

    with time_machine.travel(at(2026, 7, 1), tick=False):
        assert first.is_overdue()
        with pytest.raises(DomainError) as exc:
            congress(tree.union_a1, users.union, date(2021, 6, 1))
        assert exc.value.code == "held_before_term"
        second = congress(
            tree.union_a1, users.union, date(2026, 6, 30), committee=[{"role": "chair", "name": "赵敏"}], delegates=31
        )
    first.refresh_from_db()
    assert first.closed_on == date(2026, 6, 30)
    assert set(Officer.objects.filter(term=first).values_list("ends_on", flat=True)) == {date(2026, 6, 30)}
    assert (second.number, second.started_on, second.due_on, second.closed_on) == (
        2,
        date(2026, 6, 30),
        date(2031, 6, 30),
        None,
    )
    assert list(Officer.objects.filter(union=tree.union_a1, ends_on__isnull=True).values_list("name", flat=True)) == [
        "赵敏"
    ]
    assert Term.objects.filter(union=tree.union_a1, closed_on__isnull=True).count() == 1
    event = AuditEvent.objects.filter(action="unionlife.congress.recorded").latest("pk")
    assert event.data["overdue"] is True and event.data["number"] == 2


def test_a_small_union_elects_for_three_years_and_the_committee_is_checked(tree, users):
    with time_machine.travel(at(2025, 3, 1), tick=False):
        term = congress(tree.union_a2, users.town, date(2025, 3, 1))
        assert (term.length_years, term.due_on) == (3, date(2028, 3, 1))
        with pytest.raises(DomainError) as exc:
            officers.record_congress(
                tree.union_b1,
                actor=users.union_b,
                held_on=date(2030, 1, 1),
                officers=[{"role": "member", "name": "甲"}],
                length_years=4,
            )
        assert {e.code for e in exc.value.errors} == {"held_on_future", "invalid_length", "chair_required"}
        with pytest.raises(DomainError) as exc:
            congress(tree.union_b1, users.union, date(2025, 1, 1))  # another union's
        assert exc.value.code == "permission_denied"


def test_reminders_fire_once_at_six_months_and_once_at_one_month(tree, users, django_capture_on_commit_callbacks):
    from orgs.tests.factories import UserFactory

    town_clerk = UserFactory(username="town_a_clerk", grant=(tree.town_a, "federation_admin"))
    with time_machine.travel(at(2021, 6, 15), tick=False):
        congress(tree.union_a1, users.union, date(2021, 6, 15), length_years=5)  # due 2026-06-15
    notify.outbox.clear()

    def run(y, m, d):
        with time_machine.travel(at(y, m, d), tick=False), django_capture_on_commit_callbacks(execute=True):
            return officers.send_term_reminders()

    assert run(2025, 12, 14) == 0
    assert run(2025, 12, 15) == 1
    assert {n.user_id for n in notify.outbox} == {users.union.pk, town_clerk.pk, users.town.pk}
    assert all("2026-06-15" in n.body for n in notify.outbox)
    assert run(2025, 12, 15) == 0 and run(2026, 1, 20) == 0 and run(2026, 5, 14) == 0
    assert run(2026, 5, 15) == 1
    assert run(2026, 5, 16) == 0 and run(2026, 6, 14) == 0
    assert run(2026, 6, 16) == 0  # overdue: the overdue list takes over, no more reminders
    assert len(notify.outbox) == 6  # three people, twice
    assert list(TermReminder.objects.order_by("threshold").values_list("threshold", "recipients")) == [
        ("1m", 3),
        ("6m", 3),
    ]
    assert AuditEvent.objects.filter(action="unionlife.term.reminded").count() == 2


def test_a_term_recorded_late_gets_only_the_one_month_reminder(tree, users, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2026, 5, 20), tick=False):
        congress(tree.union_b1, users.union_b, date(2023, 6, 1), length_years=3)  # due 2026-06-01
        notify.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert officers.send_term_reminders() == 1
        assert officers.send_term_reminders() == 0
    assert len(notify.outbox) == 1 and "约 1 个月" in notify.outbox[0].body
    assert set(TermReminder.objects.values_list("threshold", flat=True)) == {"6m", "1m"}


def test_the_periodic_job_sends_the_reminders(tree, users):
    with time_machine.travel(at(2021, 12, 1), tick=False):
        congress(tree.union_a1, users.union, date(2021, 12, 1), length_years=5)
    with time_machine.travel(at(2026, 7, 1), tick=False):
        call_command("run_periodic", "--once")
    assert TermReminder.objects.filter(threshold="6m").count() == 1


def test_part_time_vice_chairs_of_a_town_are_enterprise_chairs(tree, users):
    with time_machine.travel(at(2024, 5, 1), tick=False):
        congress(tree.union_a1, users.union, date(2024, 4, 1))
        congress(tree.town_a, users.town, date(2023, 9, 1), committee=[{"role": "chair", "name": "李建华"}])
    vice = officers.appoint_vice_chair(tree.town_a, actor=users.town, source_union=tree.union_a1)
    assert (vice.union, vice.role, vice.name, vice.full_time, vice.source_union) == (
        tree.town_a,
        "vice_chair",
        "王志强",
        False,
        tree.union_a1,
    )
    assert vice.term == Term.objects.get(union=tree.town_a)
    with pytest.raises(DomainError) as exc:
        officers.appoint_vice_chair(tree.town_a, actor=users.town, source_union=tree.union_a1)
    assert exc.value.code == "already_vice_chair"
    with pytest.raises(DomainError) as exc:
        officers.appoint_vice_chair(tree.town_a, actor=users.town, source_union=tree.union_a2)
    assert exc.value.code == "no_chair"
    with pytest.raises(DomainError) as exc:
        officers.appoint_vice_chair(tree.town_a, actor=users.district, source_union=tree.union_b1)
    assert exc.value.code == "source_not_below"
    with pytest.raises(DomainError) as exc:
        officers.appoint_vice_chair(tree.union_a1, actor=users.union, source_union=tree.union_a1)
    assert exc.value.code == "not_a_town"
    officers.end_officer(vice, actor=users.town)
    with pytest.raises(DomainError) as exc:
        officers.end_officer(vice, actor=users.town)
    assert exc.value.code == "officer_ended"


def test_add_an_officer_to_the_open_term(tree, users):
    with pytest.raises(DomainError) as exc:
        officers.add_officer(tree.union_a1, actor=users.union, role="member", name="孙丽")
    assert exc.value.code == "no_open_term"
    with time_machine.travel(at(2024, 5, 1), tick=False):
        term = congress(tree.union_a1, users.union, date(2024, 4, 1))
    added = officers.add_officer(tree.union_a1, actor=users.union, role="women", name="孙丽")
    assert added.term == term
    with pytest.raises(DomainError) as exc:
        officers.add_officer(tree.union_a1, actor=users.union, role="chair", name="钱强")
    assert exc.value.code == "one_chair"
