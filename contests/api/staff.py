"""The contests API for staff (``/api/v1/contests``): contests of the scope, events, rounds, judges, teams and
entrants, publication and winners proposed for titles; and the judges' endpoints, which see and score their own
events only. Endpoints parse input, call one service and answer."""

from django.contrib.auth import get_user_model
from ninja import Field, Query, Router, Status

from core.api import Paging, with_errors
from core.errors import NOT_FOUND
from core.validators import normalize_code
from honours.selectors import titles_for
from members.models import Member
from orgs.models import Org

from .. import selectors, services
from ..models import Entry, Event, Round, Team
from ..services import ENTER, MANAGE, VIEW
from .schemas import (
    ContestEntryIn,
    ContestEntryOut,
    ContestEventDetailOut,
    ContestEventIn,
    ContestEventOut,
    ContestIn,
    ContestJudgeIn,
    ContestOut,
    ContestPlaceOut,
    ContestProposedOut,
    ContestProposeIn,
    ContestRoundIn,
    ContestRoundOut,
    ContestScoreIn,
    ContestScoreOut,
    ContestTeamIn,
    ContestTeamOut,
)

router = Router(tags=["劳动竞赛"])


def _org(request, code, permission, field) -> Org:
    org = Org.objects.restrict(request.user, permission).filter(code=normalize_code(code or "")).first()
    if org is None:
        raise NOT_FOUND(field=field)
    return org


class ContestFilters(Paging):
    q: str | None = Field(None, max_length=50, description="按名称搜索")
    kind: str | None = Field(None, max_length=10)


@router.get("/contests", response=with_errors({200: list[ContestOut]}), summary="本范围的竞赛")
def list_contests(request, filters: Query[ContestFilters]):
    qs = selectors.visible_contests(request.user).select_related("organiser")
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


@router.post("/contests", response=with_errors({201: ContestOut}, 400, 403, 404), summary="创建竞赛")
def create_contest(request, payload: ContestIn):
    contest = services.create_contest(
        actor=request.user,
        organiser=_org(request, payload.organiser, MANAGE, "organiser"),
        kind=payload.kind,
        title=payload.title,
        subject=payload.subject,
        year=payload.year,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, contest)


def _contest(request, pk):
    """A contest in the user's scope, or one run above them that they may enter members in (else 404)."""
    found = selectors.visible_contests(request.user).select_related("organiser").filter(pk=pk).first()
    if found is None:
        raise NOT_FOUND()
    return found


@router.get("/contests/{contest_id}", response=with_errors({200: ContestOut}, 404), summary="竞赛详情")
def get_contest(request, contest_id: int):
    return _contest(request, contest_id)


@router.get(
    "/contests/{contest_id}/events", response=with_errors({200: list[ContestEventOut]}, 404), summary="竞赛项目"
)
def list_events(request, contest_id: int):
    return list(_contest(request, contest_id).events.all())


@router.post(
    "/contests/{contest_id}/events",
    response=with_errors({201: ContestEventOut}, 400, 403, 404, 409),
    summary="添加项目",
)
def add_event(request, contest_id: int, payload: ContestEventIn):
    event = services.add_event(
        _contest(request, contest_id), actor=request.user, name=payload.name, mode=payload.mode, held_on=payload.held_on
    )
    return Status(201, event)


@router.post("/contests/{contest_id}/close", response=with_errors({200: ContestOut}, 403, 404, 409), summary="截止报名")
def close_contest(request, contest_id: int):
    return services.close_entries(_contest(request, contest_id), actor=request.user)


def _event(request, pk):
    """An event of a contest in the user's scope, or of one they may enter members in (else 404)."""
    found = (
        Event.objects.filter(contest__in=selectors.visible_contests(request.user))
        .select_related("contest", "contest__organiser")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NOT_FOUND()
    return found


def _detail(event):
    event.rounds_list = list(event.rounds.all())
    return {
        "id": event.pk,
        "contest_id": event.contest_id,
        "name": event.name,
        "mode": event.mode,
        "held_on": event.held_on,
        "published_at": event.published_at,
        "rounds": event.rounds_list,
        "published": [
            ContestPlaceOut(rank=r.rank, total=r.total, name=r.name, entry_id=r.entry_id, team_id=r.team_id)
            for r in event.results.select_related("entry__member", "team")
        ],
    }


@router.get("/events/{event_id}", response=with_errors({200: ContestEventDetailOut}, 404), summary="项目详情与公布名次")
def get_event(request, event_id: int):
    return _detail(_event(request, event_id))


@router.post(
    "/events/{event_id}/rounds", response=with_errors({201: ContestRoundOut}, 400, 403, 404, 409), summary="添加轮次"
)
def add_round(request, event_id: int, payload: ContestRoundIn):
    rnd = services.add_round(
        _event(request, event_id), actor=request.user, name=payload.name, max_score=payload.max_score
    )
    return Status(201, rnd)


@router.post("/events/{event_id}/judges", response=with_errors({204: None}, 400, 403, 404, 409), summary="指定裁判")
def assign_judge(request, event_id: int, payload: ContestJudgeIn):
    event = _event(request, event_id)
    user = get_user_model().objects.filter(username=payload.username).first()
    services.assign_judge(event, actor=request.user, user=user)
    return Status(204, None)


@router.post(
    "/events/{event_id}/teams", response=with_errors({201: ContestTeamOut}, 400, 403, 404, 409), summary="登记参赛队"
)
def register_team(request, event_id: int, payload: ContestTeamIn):
    event = _event(request, event_id)
    team = services.register_team(
        event, actor=request.user, union=_org(request, payload.union, ENTER, "union"), name=payload.name
    )
    return Status(201, team)


@router.get("/events/{event_id}/entries", response=with_errors({200: list[ContestEntryOut]}, 404), summary="参赛选手")
def list_entries(request, event_id: int):
    event = _event(request, event_id)
    return list(Entry.objects.restrict(request.user, VIEW).filter(event=event).select_related("member", "union"))


@router.post(
    "/events/{event_id}/entries", response=with_errors({201: ContestEntryOut}, 400, 403, 404, 409), summary="为会员报名"
)
def enter_member(request, event_id: int, payload: ContestEntryIn):
    event = _event(request, event_id)
    member = Member.objects.restrict(request.user, ENTER).select_related("union").filter(pk=payload.member_id).first()
    if member is None:
        raise NOT_FOUND(field="member_id")
    team = None
    if payload.team_id is not None:
        team = Team.objects.filter(event=event, pk=payload.team_id).select_related("union").first()
        if team is None:
            raise NOT_FOUND(field="team_id")
    return Status(201, services.enter(event, member, actor=request.user, team=team))


@router.post(
    "/events/{event_id}/publish", response=with_errors({200: ContestEventDetailOut}, 403, 404, 409), summary="公布成绩"
)
def publish_event(request, event_id: int):
    event = _event(request, event_id)
    services.publish(event, actor=request.user)
    return _detail(event)


@router.post(
    "/events/{event_id}/propose",
    response=with_errors({200: ContestProposedOut}, 400, 403, 404, 409),
    summary="一键推荐获奖选手评选荣誉称号",
)
def propose_winners(request, event_id: int, payload: ContestProposeIn):
    event = _event(request, event_id)
    title = next((t for t in titles_for(event.contest.organiser) if t.pk == payload.title_id), None)
    if title is None:
        raise NOT_FOUND(field="title_id")
    made = services.propose_winners(event, actor=request.user, title=title, top=payload.top, level=payload.level)
    return {"nominations": [n.pk for n in made]}


# --- Judges ------------------------------------------------------------------------------------------------------


@router.get("/judging", response=with_errors({200: list[ContestEventOut]}), summary="我担任裁判的项目")
def my_judging(request):
    return list(selectors.judged_events(request.user))


def _judged(request, pk):
    event = selectors.judged_events(request.user).filter(pk=pk).first()
    if event is None:
        raise NOT_FOUND()
    return event


@router.get(
    "/judging/{event_id}/entries", response=with_errors({200: list[ContestEntryOut]}, 404), summary="评分：本项目选手"
)
def judge_entries(request, event_id: int):
    return list(_judged(request, event_id).entries.select_related("member", "union"))


@router.post(
    "/judging/{event_id}/scores", response=with_errors({200: ContestScoreOut}, 400, 403, 404, 409), summary="录入成绩"
)
def enter_score(request, event_id: int, payload: ContestScoreIn):
    event = _judged(request, event_id)
    rnd = Round.objects.filter(event=event, pk=payload.round_id).first()
    entry = Entry.objects.filter(event=event, pk=payload.entry_id).first()
    if rnd is None or entry is None:
        raise NOT_FOUND(field="round_id" if rnd is None else "entry_id")
    s = services.score(rnd, entry, actor=request.user, value=payload.value)
    return {"round_id": s.round_id, "entry_id": s.entry_id, "value": s.value}


__all__ = ["MANAGE", "router"]
