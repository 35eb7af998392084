"""Every write of the contests app: contests and their events, judges and rounds, teams and entrants (by a union's
staff or by the member on the phone), scores by the event's judges, the published ranking, and the winners proposed
for a title in one action (nominations in ``honours``). Each function is atomic, takes the acting user as the
keyword-only ``actor``, checks permission with ``core.scoping.require`` (a judge: their assignment), records its
audit event and raises the declared errors of ``contests.errors``."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.errors import DomainError, ValidationFailed
from core.notify import notify
from core.scoping import require
from honours import services as honours_services
from members.models import MemberStatus
from orgs.models import Org

from . import errors, locking
from .models import Contest, Entry, Event, Judge, Result, Round, Score, Team
from .ranking import standings

VIEW, MANAGE, ENTER = "contests.view", "contests.manage", "contests.enter"

ACTION_LABELS = {
    "contests.contest.created": _("创建竞赛"),
    "contests.contest.closed": _("竞赛报名截止"),
    "contests.event.added": _("添加竞赛项目"),
    "contests.round.added": _("设置竞赛轮次"),
    "contests.judge.assigned": _("指定裁判"),
    "contests.team.registered": _("登记参赛队"),
    "contests.entry.created": _("竞赛报名"),
    "contests.score.entered": _("录入竞赛成绩"),
    "contests.event.published": _("公布竞赛成绩"),
    "contests.winners.proposed": _("推荐获奖选手评选荣誉"),
}
HELD = (MemberStatus.ACTIVE, MemberStatus.RETAINED)


def _text(value, label: str, n: int, error=errors.NAME_REQUIRED) -> str:
    value = (value or "").strip()
    if not value or len(value) > n:
        raise error(label=label, n=n)
    return value


@transaction.atomic
def create_contest(
    *, actor, organiser: Org, kind: str, title: str, year, starts_on: date, ends_on: date, subject: str = ""
) -> Contest:
    """An org opens a contest for its sub-tree (entries open at once)."""
    require(actor, MANAGE, organiser)
    found: list[DomainError] = []
    title = (title or "").strip()
    if not title or len(title) > 200:
        found.append(errors.TITLE_REQUIRED())
    if kind not in Contest.Kind.values:
        found.append(errors.INVALID_KIND())
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        found.append(errors.INVALID_YEAR())
    if starts_on and ends_on and ends_on < starts_on:
        found.append(errors.INVALID_DATES())
    if found:
        raise ValidationFailed(found)
    contest = Contest.objects.create(
        organiser=organiser,
        kind=kind,
        title=title,
        subject=(subject or "").strip()[:100],
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    audit.record("contests.contest.created", actor=actor, obj=contest, data={"kind": kind, "year": year})
    return contest


@transaction.atomic
def add_event(contest: Contest, *, actor, name: str, held_on: date, mode: str = Event.Mode.INDIVIDUAL) -> Event:
    """A trade or project of the contest, held on a day within the contest."""
    require(actor, MANAGE, contest.organiser)
    contest = locking.lock_contest(contest)
    name = _text(name, "项目（工种）", 100)
    if mode not in Event.Mode.values:
        raise errors.INVALID_MODE()
    if held_on is None or not contest.starts_on <= held_on <= contest.ends_on:
        raise errors.HELD_OUTSIDE()
    if contest.status == Contest.Status.FINISHED:
        raise errors.PUBLISHED()
    event = Event.objects.create(contest=contest, name=name, mode=mode, held_on=held_on)
    audit.record("contests.event.added", actor=actor, obj=event, data={"name": name, "mode": mode})
    return event


def _score(value, top: Decimal, error, **kw) -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise error(**kw) from None
    if not d.is_finite() or d < 0 or d > top or d != d.quantize(Decimal("0.01")):
        raise error(**kw)
    return d.quantize(Decimal("0.01"))


@transaction.atomic
def add_round(event: Event, *, actor, name: str, max_score) -> Round:
    """A round of the event (理论, 实操 …) with its full mark."""
    require(actor, MANAGE, event.contest.organiser)
    event = locking.lock_event(event)
    if event.published_at:
        raise errors.PUBLISHED()
    name = _text(name, "轮次", 50)
    top = _score(max_score, Decimal("10000"), errors.INVALID_MAX)
    if top < 1:
        raise errors.INVALID_MAX()
    number = (event.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    rnd = Round.objects.create(event=event, name=name, number=number, max_score=top)
    audit.record("contests.round.added", actor=actor, obj=event, data={"round": name, "max": str(top)})
    return rnd


@transaction.atomic
def assign_judge(event: Event, *, actor, user) -> Judge:
    """Make a staff account a judge of the event (it then sees and scores this event only)."""
    require(actor, MANAGE, event.contest.organiser)
    if user is None or not user.is_active or hasattr(user, "member"):
        raise errors.NOT_STAFF()
    if Judge.objects.filter(event=event, user=user).exists():
        raise errors.ALREADY_JUDGE(name=str(user))
    judge = Judge.objects.create(event=event, user=user)
    audit.record("contests.judge.assigned", actor=actor, obj=event, data={"judge": user.pk})
    return judge


def _below(org: Org, contest: Contest) -> bool:
    return org.path.startswith(contest.organiser.path)


@transaction.atomic
def register_team(event: Event, *, actor, union: Org, name: str) -> Team:
    """A union enters a team in a team event."""
    require(actor, ENTER, union)
    event = locking.lock_event(event)
    if event.contest.status != Contest.Status.OPEN:
        raise errors.ENTRIES_CLOSED()
    if event.mode != Event.Mode.TEAM:
        raise errors.INVALID_MODE()
    if not _below(union, event.contest):
        raise errors.UNION_NOT_BELOW()
    name = _text(name, "队名", 100)
    if Team.objects.filter(event=event, name=name).exists():
        raise errors.TEAM_TAKEN(name=name)
    team = Team.objects.create(event=event, union=union, name=name)
    audit.record("contests.team.registered", actor=actor, obj=event, data={"team": name, "union": union.code})
    return team


def _enter(event: Event, member, *, actor, channel: str, team: Team | None) -> Entry:
    event = locking.lock_event(event)
    if event.contest.status != Contest.Status.OPEN or event.published_at:
        raise errors.ENTRIES_CLOSED()
    if not _below(member.union, event.contest):
        raise errors.MEMBER_NOT_BELOW()
    if member.status not in HELD:
        raise errors.MEMBER_NOT_HELD()
    if event.mode == Event.Mode.TEAM:
        if team is None or team.event_id != event.pk:
            raise errors.TEAM_REQUIRED()
        if not member.union.path.startswith(team.union.path):
            raise errors.TEAM_UNION()
    else:
        team = None
    if Entry.objects.filter(event=event, member=member).exists():
        raise errors.ALREADY_ENTERED(name=member.name)
    try:
        with transaction.atomic():
            entry = Entry.objects.create(
                event=event, member=member, team=team, union=member.union, channel=channel, registered_by=actor
            )
    except IntegrityError:
        raise errors.ALREADY_ENTERED(name=member.name) from None
    audit.record("contests.entry.created", actor=actor, obj=entry, data={"event": event.pk, "channel": channel})
    return entry


@transaction.atomic
def enter(event: Event, member, *, actor, team: Team | None = None) -> Entry:
    """A union's staff enter a member of their sub-tree."""
    require(actor, ENTER, member.union)
    return _enter(event, member, actor=actor, channel=Entry.Channel.STAFF, team=team)


@transaction.atomic
def enter_self(event: Event, *, member) -> Entry:
    """A member enters an individual event on the phone (a team event is entered by the union)."""
    if event.mode == Event.Mode.TEAM:
        raise errors.TEAM_REQUIRED()
    return _enter(event, member, actor=member.user, channel=Entry.Channel.PHONE, team=None)


@transaction.atomic
def close_entries(contest: Contest, *, actor) -> Contest:
    """Entries close; the judges may score."""
    require(actor, MANAGE, contest.organiser)
    contest = locking.lock_contest(contest)
    if contest.status != Contest.Status.OPEN:
        raise errors.ENTRIES_CLOSED()
    contest.status = Contest.Status.UNDERWAY
    contest.save(update_fields=["status"])
    audit.record("contests.contest.closed", actor=actor, obj=contest)
    return contest


@transaction.atomic
def score(rnd: Round, entry: Entry, *, actor, value) -> Score:
    """A judge of the event enters (or corrects, until publication) an entrant's score in a round. Anyone else is
    refused, whatever their grants: a judge sees and scores only their own event."""
    if not Judge.objects.filter(event_id=rnd.event_id, user=actor).exists():
        raise errors.NOT_A_JUDGE()
    event = locking.lock_event(rnd.event)
    if entry.event_id != event.pk:
        raise errors.WRONG_EVENT()
    if event.published_at:
        raise errors.PUBLISHED()
    if event.contest.status != Contest.Status.UNDERWAY:
        raise errors.NOT_OPEN_YET()
    value = _score(value, rnd.max_score, errors.INVALID_SCORE, max=rnd.max_score)
    found, created = Score.objects.update_or_create(
        round=rnd, entry=entry, defaults={"value": value, "judge": actor, "at": timezone.now()}
    )
    audit.record(
        "contests.score.entered",
        actor=actor,
        obj=entry,
        data={"round": rnd.pk, "value": str(value), "corrected": not created},
    )
    return found


@transaction.atomic
def publish(event: Event, *, actor) -> list[Result]:
    """Publish the event's ranking (ties share a place, the next skips: 1, 1, 3); every entrant must have a score
    in every round. When every event of the contest is published the contest is finished."""
    require(actor, MANAGE, event.contest.organiser)
    contest = locking.lock_contest(event.contest)
    event = locking.lock_event(event)
    if event.published_at:
        raise errors.PUBLISHED()
    if contest.status != Contest.Status.UNDERWAY:
        raise errors.NOT_OPEN_YET()
    if not event.rounds.exists():
        raise errors.NO_ROUNDS()
    places = standings(event)
    if not places:
        raise errors.NO_ENTRIES()
    missing = sum(p.missing for p in places)
    if missing:
        raise errors.SCORES_MISSING(n=missing)
    results = Result.objects.bulk_create(
        [Result(event=event, entry=p.entry, team=p.team, total=p.total, rank=p.rank) for p in places]
    )
    event.published_at = timezone.now()
    event.save(update_fields=["published_at"])
    if not contest.events.filter(published_at__isnull=True).exists():
        contest.status = Contest.Status.FINISHED
        contest.save(update_fields=["status"])
    audit.record(
        "contests.event.published",
        actor=actor,
        obj=event,
        data={"places": len(results), "first": [str(p.name) for p in places if p.rank == 1]},
    )
    users = [e.member.user for e in Entry.objects.filter(event=event).select_related("member__user")]
    notify(users, f"成绩公布：{contest.title}", f"“{event.name}”的成绩已公布，请在“劳动竞赛”中查看名次。")
    return results


@transaction.atomic
def propose_winners(event: Event, *, actor, title, top: int, level: str, year: int | None = None) -> list:
    """In one action, nominate every place ranked ``top`` or better (ties included) for an honours title: members
    of an individual event for an individual title (技术能手, 首席工人), teams for a collective one. The organiser is
    the nominating org; the nominations then go up the tree like any other. All or none."""
    require(actor, MANAGE, event.contest.organiser)
    event = locking.lock_event(event)
    if not event.published_at:
        raise errors.NOT_PUBLISHED()
    if not isinstance(top, int) or not 1 <= top <= 50:
        raise errors.INVALID_TOP()
    team_event = event.mode == Event.Mode.TEAM
    if title.individual == team_event:
        raise errors.TITLE_KIND()
    contest = event.contest
    made = []
    winners = event.results.filter(rank__lte=top).select_related("entry__member__union", "team__union")
    for r in winners:
        reason = f"{contest.title}“{event.name}”第 {r.rank} 名（{r.total} 分）"
        made.append(
            honours_services.nominate(
                title,
                actor=actor,
                union=contest.organiser,
                level=level,
                year=year or contest.year,
                member=None if team_event else r.entry.member,
                org=r.team.union if team_event else None,
                holder_name=r.team.name if team_event else "",
                reason=reason,
                source=f"{contest.title} · {event.name}",
            )
        )
    audit.record(
        "contests.winners.proposed", actor=actor, obj=event, data={"title": title.name, "top": top, "n": len(made)}
    )
    return made
