"""Contests for the member (``/api/v1/me/contests``): those run by their union and the orgs above it, entering an
individual event, their places."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from core.api import with_errors
from core.errors import PERMISSION_DENIED
from members.models import Member

from .. import selectors, services
from ..models import Event
from .schemas import ContestEntryOut, ContestMemberOut

router = Router(tags=["我的劳动竞赛"])


def _member(request) -> Member:
    member = Member.objects.select_related("union").filter(user=request.user).first()
    if member is None:
        raise PERMISSION_DENIED()
    return member


def _out(contest, member):
    mine = {
        e.event_id: e for e in selectors.member_entries(member).filter(event__contest=contest).select_related("result")
    }
    events = []
    for e in contest.events.all():
        entry = mine.get(e.pk)
        result = getattr(entry, "result", None) if entry else None
        events.append(
            {
                "id": e.pk, "contest_id": e.contest_id, "name": e.name, "mode": e.mode, "held_on": e.held_on,
                "published_at": e.published_at, "entered": entry is not None,
                "my_rank": result.rank if result else None,
            }
        )  # fmt: skip
    return {**{f: getattr(contest, f) for f in ("id", "kind", "title", "subject", "year", "starts_on", "ends_on",
                                                  "status", "organiser")}, "events": events}  # fmt: skip


@router.get("", response=with_errors({200: list[ContestMemberOut]}, 403), summary="可参加的劳动竞赛")
def my_contests(request):
    member = _member(request)
    return [_out(c, member) for c in selectors.contests_for_member(member)[:30]]


@router.get("/{contest_id}", response=with_errors({200: ContestMemberOut}, 403, 404), summary="竞赛详情")
def my_contest(request, contest_id: int):
    member = _member(request)
    return _out(get_object_or_404(selectors.contests_for_member(member), pk=contest_id), member)


@router.post(
    "/events/{event_id}/enter",
    response=with_errors({201: ContestEntryOut}, 403, 404, 409),
    summary="报名参赛（个人赛）",
)
def enter_event(request, event_id: int):
    member = _member(request)
    event = get_object_or_404(
        Event.objects.filter(contest__in=selectors.contests_for_member(member)).select_related("contest"), pk=event_id
    )
    return Status(201, services.enter_self(event, member=member))
