"""Officers and terms (工会干部与换届): a union's committee (主席, 副主席, 委员, 经审委员, 女职工委员) elected by a
会员(代表)大会 for a term of 5 years (3 for a small union), the 换届 due date, reminders to the union and its town
6 months and 1 month before (each once), the overdue list, and a town's part-time vice-chairs (兼职副主席) drawn
from the chairs of the enterprise unions below it."""

import calendar
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit
from core.dates import is_real
from core.errors import DomainError, ValidationFailed
from core.notify import notify
from core.scoping import require
from members.models import Member, MemberStatus
from orgs.models import COVERING_KINDS, Org, OrgKind, OrgStatus

from .. import errors, locking
from ..models import Officer, OfficerRole, Term, TermReminder
from . import OFFICERS
from .notices import receiving_staff

# A union with fewer members than this elects its committee for 3 years (工会法: 每届任期三年或者五年).
SMALL_UNION_MEMBERS = 25
LENGTHS = (3, 5)
HELD = (MemberStatus.ACTIVE, MemberStatus.RETAINED)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months (the 31st becomes the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_length(union) -> int:
    """5 years, or 3 for a union with fewer than ``SMALL_UNION_MEMBERS`` members of its own."""
    members = Member.objects.filter(union=union, status__in=HELD).count()
    return 3 if members < SMALL_UNION_MEMBERS else 5


def town_of(org) -> Org | None:
    """The nearest active town federation strictly above ``org`` (None for a town or the district itself)."""
    paths = [org.path[: i * Org.steplen] for i in range(org.depth - 1, 0, -1)]
    return Org.objects.filter(path__in=paths, kind=OrgKind.TOWN, status=OrgStatus.ACTIVE).order_by("-depth").first()


def _link_member(union, name: str, member=None):
    """The roster record of an officer: the one given (it must be in the union's sub-tree), else the only member of
    the union with that name, else none."""
    if member is not None:
        return member if member.union.path.startswith(union.path) else False
    found = list(Member.objects.filter(union=union, name=name, status__in=HELD)[:2])
    return found[0] if len(found) == 1 else None


def _check_committee(union, officers) -> list[dict]:
    if not officers:
        raise errors.CHAIR_REQUIRED()
    clean = []
    for n, o in enumerate(officers, start=1):
        role, name = o.get("role"), str(o.get("name") or "").strip()
        if role not in OfficerRole.values:
            raise errors.INVALID_OFFICER(n=n, reason="职务应为主席、副主席、委员、经审委员或女职工委员")
        if not name or len(name) > 50:
            raise errors.INVALID_OFFICER(n=n, reason="姓名必填，最多 50 字")
        member = _link_member(union, name, o.get("member"))
        if member is False:
            raise errors.INVALID_OFFICER(n=n, reason="会员不在本工会")
        clean.append({"role": role, "name": name, "full_time": bool(o.get("full_time")), "member": member})
    chairs = sum(1 for o in clean if o["role"] == OfficerRole.CHAIR)
    if chairs == 0:
        raise errors.CHAIR_REQUIRED()
    if chairs > 1:
        raise errors.ONE_CHAIR()
    return clean


@transaction.atomic
def record_congress(
    union, *, actor, held_on: date | None, officers, delegates: int | None = None, length_years: int | None = None
) -> Term:
    """Record a 会员(代表)大会 in one step: it closes the open term (its officers leave office that day) and opens
    the next with the elected committee; the 换届 is due ``length_years`` later (default by the union's size)."""
    require(actor, OFFICERS, union)
    today = timezone.localdate()
    found: list[DomainError] = []
    if held_on is None:
        found.append(errors.HELD_ON_REQUIRED())
    elif held_on > today or not is_real(held_on):
        found.append(errors.HELD_ON_FUTURE())
    if length_years is not None and length_years not in LENGTHS:
        found.append(errors.INVALID_LENGTH())
    if delegates is not None and not (isinstance(delegates, int) and 1 <= delegates <= 100000):
        found.append(errors.INVALID_DELEGATES())
    committee: list[dict] = []
    try:
        committee = _check_committee(union, officers)
    except DomainError as exc:
        found.append(exc)
    if found:
        raise ValidationFailed(found)
    current = locking.lock_open_term(union)
    if current is not None and held_on <= current.started_on:
        raise errors.HELD_BEFORE_TERM(day=current.started_on.isoformat())
    was_overdue = bool(current and current.due_on < held_on)
    if current is not None:
        current.closed_on = held_on
        current.save(update_fields=["closed_on"])
        Officer.objects.filter(term=current, ends_on__isnull=True).update(ends_on=held_on)
        number = current.number + 1
    else:
        last = Term.objects.filter(union=union).order_by("-number").first()
        number = last.number + 1 if last else 1
    length = length_years or default_length(union)
    term = Term.objects.create(
        union=union,
        number=number,
        started_on=held_on,
        length_years=length,
        due_on=add_months(held_on, 12 * length),
        delegates=delegates,
        recorded_by=actor,
    )
    Officer.objects.bulk_create([Officer(union=union, term=term, starts_on=held_on, **o) for o in committee])
    audit.record(
        "unionlife.congress.recorded",
        actor=actor,
        obj=term,
        data={
            "number": number,
            "held_on": held_on.isoformat(),
            "closed": current.pk if current else None,
            "overdue": was_overdue,
            "officers": len(committee),
        },
    )
    return term


@transaction.atomic
def add_officer(union, *, actor, role: str, name: str, full_time: bool = False, starts_on=None, member=None):
    """Add an officer to the union's open term (a by-election, 增补)."""
    require(actor, OFFICERS, union)
    term = locking.lock_open_term(union)
    if term is None:
        raise errors.NO_OPEN_TERM()
    (o,) = _one(union, role, name, full_time, member)
    if role == OfficerRole.CHAIR and Officer.objects.filter(term=term, role=role, ends_on__isnull=True).exists():
        raise errors.ONE_CHAIR()
    officer = Officer.objects.create(union=union, term=term, starts_on=starts_on or timezone.localdate(), **o)
    audit.record("unionlife.officer.added", actor=actor, obj=officer, data={"role": role})
    return officer


def _one(union, role, name, full_time, member) -> list[dict]:
    name = str(name or "").strip()
    if role not in OfficerRole.values:
        raise errors.INVALID_OFFICER(n=1, reason="职务应为主席、副主席、委员、经审委员或女职工委员")
    if not name or len(name) > 50:
        raise errors.INVALID_OFFICER(n=1, reason="姓名必填，最多 50 字")
    linked = _link_member(union, name, member)
    if linked is False:
        raise errors.INVALID_OFFICER(n=1, reason="会员不在本工会")
    return [{"role": role, "name": name, "full_time": bool(full_time), "member": linked}]


@transaction.atomic
def end_officer(officer, *, actor, ends_on: date | None = None) -> Officer:
    """An officer leaves office (离任) on ``ends_on`` (today by default)."""
    require(actor, OFFICERS, officer.union)
    officer = locking.lock_officer(officer)
    if officer.ends_on is not None:
        raise errors.OFFICER_ENDED(day=officer.ends_on.isoformat())
    ends_on = ends_on or timezone.localdate()
    if ends_on < officer.starts_on or ends_on > timezone.localdate():
        raise errors.INVALID_ENDS_ON()
    officer.ends_on = ends_on
    officer.save(update_fields=["ends_on"])
    audit.record("unionlife.officer.ended", actor=actor, obj=officer, data={"ends_on": ends_on.isoformat()})
    return officer


@transaction.atomic
def appoint_vice_chair(town, *, actor, source_union, starts_on: date | None = None) -> Officer:
    """Make the chair of an enterprise union below ``town`` a part-time vice-chair (兼职副主席) of the town."""
    require(actor, OFFICERS, town)
    if town.kind != OrgKind.TOWN:
        raise errors.NOT_A_TOWN()
    if (
        source_union.pk == town.pk
        or not source_union.path.startswith(town.path)
        or source_union.kind not in COVERING_KINDS
        or source_union.status != OrgStatus.ACTIVE
    ):
        raise errors.SOURCE_NOT_BELOW()
    chair = (
        Officer.objects.filter(union=source_union, role=OfficerRole.CHAIR, ends_on__isnull=True)
        .select_related("member")
        .first()
    )
    if chair is None:
        raise errors.NO_CHAIR()
    term = locking.lock_open_term(town)
    if Officer.objects.filter(
        union=town, role=OfficerRole.VICE_CHAIR, source_union=source_union, ends_on__isnull=True
    ).exists():
        raise errors.ALREADY_VICE_CHAIR()
    officer = Officer.objects.create(
        union=town,
        term=term,
        role=OfficerRole.VICE_CHAIR,
        name=chair.name,
        member=chair.member,
        full_time=False,
        starts_on=starts_on or timezone.localdate(),
        source_union=source_union,
    )
    audit.record("unionlife.vice_chair.appointed", actor=actor, obj=officer, data={"source_union": source_union.code})
    return officer


THRESHOLDS = ((TermReminder.Threshold.SIX_MONTHS, 6), (TermReminder.Threshold.ONE_MONTH, 1))


def send_term_reminders(today: date | None = None) -> int:
    """Remind the union's staff and its town's staff of every open term whose 换届 is due within 6 months, and
    again within 1 month: each threshold fires once per term (a row per threshold, unique, so two runs at once
    send once). A term first recorded inside the last month gets the 1-month reminder only (the 6-month one is
    recorded as passed). Returns how many reminders were sent."""
    today = today or timezone.localdate()
    sent = 0
    horizon = add_months(today, 6)
    terms = Term.objects.filter(closed_on__isnull=True, due_on__lte=horizon, due_on__gte=today).select_related("union")
    for term in terms:
        passed = [code for code, months in THRESHOLDS if today >= add_months(term.due_on, -months)]
        done = set(term.reminders.values_list("threshold", flat=True))
        todo = [code for code in passed if code not in done]
        if not todo:
            continue
        urgent = todo[-1]
        with transaction.atomic():
            try:
                with transaction.atomic():
                    for code in todo:
                        TermReminder.objects.create(term=term, threshold=code)
            except IntegrityError:
                continue  # another run sent it
            town = town_of(term.union)
            staff = receiving_staff([term.union] + ([town] if town else []))
            months = dict(THRESHOLDS)[urgent]
            notify(
                staff,
                f"换届提醒：{term.union.name}",
                f"{term.union.name}第{term.number}届委员会将于 {term.due_on:%Y-%m-%d} 任期届满"
                f"（还有约 {months} 个月），请做好换届准备。",
            )
            TermReminder.objects.filter(term=term, threshold=urgent).update(recipients=len(staff))
            audit.record(
                "unionlife.term.reminded",
                obj=term,
                data={"threshold": str(urgent), "due_on": term.due_on.isoformat(), "staff": len(staff)},
            )
        sent += 1
    return sent
