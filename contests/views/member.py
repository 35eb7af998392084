"""Contests on the phone (/m/contests/): the contests run by the member's union and the orgs above it, entering an
individual event, the member's entries and the published results."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from members.views.member import member_required

from .. import selectors, services
from ..models import Contest, Event


@member_required
@require_GET
def contest_list(request):
    contests = list(selectors.contests_for_member(request.member).exclude(status=Contest.Status.FINISHED)[:30])
    finished = list(selectors.contests_for_member(request.member).filter(status=Contest.Status.FINISHED)[:10])
    entries = list(selectors.member_entries(request.member).select_related("result")[:30])
    return render(
        request, "contests/member/contests.html", {"contests": contests, "finished": finished, "entries": entries}
    )


@member_required
@require_GET
def contest_detail(request, pk):
    contest = get_object_or_404(selectors.contests_for_member(request.member), pk=pk)
    mine = set(
        selectors.member_entries(request.member).filter(event__contest=contest).values_list("event_id", flat=True)
    )
    events = list(contest.events.all())
    for e in events:
        e.entered = e.pk in mine
        e.top = list(e.results.select_related("entry__member", "team")[:10]) if e.published_at else []
    return render(request, "contests/member/contest.html", {"contest": contest, "events": events})


@member_required
@require_POST
def event_enter(request, pk):
    event = get_object_or_404(
        Event.objects.filter(contest__in=selectors.contests_for_member(request.member)).select_related("contest"), pk=pk
    )
    try:
        services.enter_self(event, member=request.member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已报名“{event.name}”")
    return redirect("contests:member_contest", event.contest_id)
