"""The contests console (/console/contests/): contests run in the scope, their events with rounds, judges, teams,
entrants, the standings and the published ranking, winners proposed for titles; and the judges' pages, where a judge
sees and scores their own events only. Writes go through ``contests.services``."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.scoping import can, has_any
from core.validators import normalize_code
from honours.selectors import titles_for
from members.models import Member
from orgs.models import Org

from .. import selectors, services
from ..forms import ContestForm, EntryForm, EventForm, JudgeForm, ProposeForm, RoundForm, TeamForm
from ..models import Contest, Entry, Event, Round, Score, Team
from ..ranking import standings
from ..services import ENTER, MANAGE, VIEW


def _org(user, code, permission):
    return Org.objects.restrict(user, permission).filter(code=normalize_code(code or "")).first()


@login_required
@require_GET
def contests(request):
    if not (has_any(request.user, VIEW) or has_any(request.user, ENTER)):
        raise PermissionDenied
    qs = selectors.contest_counts(selectors.visible_contests(request.user).select_related("organiser")).order_by(
        "-starts_on", "-pk"
    )
    q, kind = request.GET.get("q", "").strip()[:50], request.GET.get("kind", "")
    if q:
        qs = qs.filter(title__icontains=q)
    if kind in Contest.Kind.values:
        qs = qs.filter(kind=kind)
    context = {
        "page": paginate(request, qs),
        "q": q,
        "kind": kind,
        "kinds": Contest.Kind.choices,
        "may_manage": has_any(request.user, MANAGE),
        "judging": selectors.judged_events(request.user).exists(),
    }
    return render(request, "contests/staff/contests.html", context)


@login_required
def contest_create(request):
    if not has_any(request.user, MANAGE):
        raise PermissionDenied
    form = ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organiser = _org(request.user, data["organiser"], MANAGE)
        if organiser is None:
            form.add_error("organiser", _("在您的管理范围内没有这个组织代码"))
        else:
            try:
                contest = services.create_contest(
                    actor=request.user,
                    organiser=organiser,
                    kind=data["kind"],
                    title=data["title"],
                    subject=data["subject"],
                    year=data["year"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已创建“%(t)s”，现在可以添加项目") % {"t": contest.title})
                return redirect("contests:contest", contest.pk)
    return render(request, "contests/staff/form.html", {"form": form, "title": _("创建竞赛")})


def _contest(request, pk):
    """A contest in the user's scope, or one run above them that they may enter members in (else 404)."""
    found = selectors.visible_contests(request.user).select_related("organiser").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def contest_detail(request, pk):
    contest = _contest(request, pk)
    events = list(selectors_events(contest))
    context = {
        "contest": contest,
        "events": events,
        "may_manage": can(request.user, MANAGE, contest.organiser),
        "event_form": EventForm(initial={"held_on": contest.starts_on}),
    }
    return render(request, "contests/staff/contest.html", context)


def selectors_events(contest):
    from django.db.models import Count

    return contest.events.annotate(n_entries=Count("entries", distinct=True), n_rounds=Count("rounds", distinct=True))


@login_required
@require_POST
def event_create(request, pk):
    contest = _contest(request, pk)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            event = services.add_event(contest, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已添加项目“%(n)s”") % {"n": event.name})
            return redirect("contests:event", event.pk)
    else:
        messages.error(request, _("项目：请填写项目名称、形式和比赛日期"))
    return redirect("contests:contest", contest.pk)


@login_required
@require_POST
def contest_close(request, pk):
    contest = _contest(request, pk)
    try:
        services.close_entries(contest, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("报名已截止，裁判可以评分"))
    return redirect("contests:contest", contest.pk)


def _event(request, pk):
    """An event of a contest in the user's scope, or of one they may enter members in (else 404)."""
    found = (
        Event.objects.filter(contest__in=selectors.visible_contests(request.user))
        .select_related("contest", "contest__organiser")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def event_detail(request, pk):
    event = _event(request, pk)
    may_manage = can(request.user, MANAGE, event.contest.organiser)
    entries = Entry.objects.restrict(request.user, VIEW).filter(event=event).select_related("member", "union", "team")
    context = {
        "event": event,
        "contest": event.contest,
        "rounds": list(event.rounds.all()),
        "judges": list(event.judges.select_related("user")),
        "teams": list(event.teams.select_related("union")),
        "page": paginate(request, entries),
        "places": standings(event) if may_manage and not event.published_at else [],
        "results": list(event.results.select_related("entry__member", "team")),
        "may_manage": may_manage,
        "may_enter": has_any(request.user, ENTER) and event.contest.status == Contest.Status.OPEN,
        "round_form": RoundForm(),
        "judge_form": JudgeForm(),
        "team_form": TeamForm(),
        "entry_form": EntryForm(),
        "propose_form": ProposeForm(titles=titles_for(event.contest.organiser)) if event.published_at else None,
    }
    return render(request, "contests/staff/event.html", context)


def _act(request, event, fn, ok: str):
    try:
        fn()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("contests:event", event.pk)


def _invalid(request, event, form):
    first = next(iter(form.errors.items()))
    label = form.fields[first[0]].label if first[0] in form.fields else ""
    messages.error(request, f"{label}：{first[1][0]}" if label else first[1][0])
    return redirect("contests:event", event.pk)


@login_required
@require_POST
def round_create(request, pk):
    event = _event(request, pk)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return _invalid(request, event, form)
    return _act(
        request, event, lambda: services.add_round(event, actor=request.user, **form.cleaned_data), _("已添加轮次")
    )


@login_required
@require_POST
def judge_assign(request, pk):
    event = _event(request, pk)
    form = JudgeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, event, form)
    user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
    return _act(request, event, lambda: services.assign_judge(event, actor=request.user, user=user), _("已指定裁判"))


@login_required
@require_POST
def team_create(request, pk):
    event = _event(request, pk)
    form = TeamForm(request.POST)
    if not form.is_valid():
        return _invalid(request, event, form)
    union = _org(request.user, form.cleaned_data["union"], ENTER)
    if union is None:
        messages.error(request, _("参赛单位：在您的管理范围内没有这个组织代码"))
        return redirect("contests:event", event.pk)
    name = form.cleaned_data["name"]
    return _act(
        request,
        event,
        lambda: services.register_team(event, actor=request.user, union=union, name=name),
        _("已登记参赛队"),
    )


@login_required
@require_POST
def entry_create(request, pk):
    event = _event(request, pk)
    form = EntryForm(request.POST)
    if not form.is_valid():
        return _invalid(request, event, form)
    member = (
        Member.objects.restrict(request.user, ENTER)
        .filter(phone=form.cleaned_data["member_phone"])
        .select_related("union")
        .first()
    )
    if member is None:
        messages.error(request, _("选手手机号：您的管理范围内没有这个手机号的会员"))
        return redirect("contests:event", event.pk)
    team = Team.objects.filter(event=event, pk=form.cleaned_data["team"]).first() if form.cleaned_data["team"] else None
    return _act(
        request,
        event,
        lambda: services.enter(event, member, actor=request.user, team=team),
        _("已为%(n)s报名") % {"n": member.name},
    )


@login_required
@require_POST
def event_publish(request, pk):
    event = _event(request, pk)
    return _act(request, event, lambda: services.publish(event, actor=request.user), _("成绩已公布"))


@login_required
@require_POST
def event_propose(request, pk):
    event = _event(request, pk)
    titles = titles_for(event.contest.organiser)
    form = ProposeForm(request.POST, titles=titles)
    if not form.is_valid():
        return _invalid(request, event, form)
    data = form.cleaned_data
    title = next(t for t in titles if t.pk == data["title"])
    try:
        made = services.propose_winners(event, actor=request.user, title=title, top=data["top"], level=data["level"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已推荐 %(n)s 名（个）获奖者评选“%(t)s”") % {"n": len(made), "t": title.name})
    return redirect("contests:event", event.pk)


# --- Judges: their own events only -------------------------------------------------------------------------------


@login_required
@require_GET
def judging(request):
    events = list(selectors.judged_events(request.user))
    return render(request, "contests/staff/judging.html", {"events": events})


def _judged(request, pk):
    event = selectors.judged_events(request.user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


@login_required
@require_GET
def judge_sheet(request, pk):
    """The score sheet of one event: its entrants by round, for its judges only."""
    event = _judged(request, pk)
    rounds = list(event.rounds.all())
    entries = list(event.entries.select_related("member", "team"))
    scores = {(s.entry_id, s.round_id): s.value for s in Score.objects.filter(entry__event=event)}
    rows = [{"entry": e, "cells": [(r, scores.get((e.pk, r.pk))) for r in rounds]} for e in entries]
    return render(request, "contests/staff/judge_sheet.html", {"event": event, "rounds": rounds, "rows": rows})


@login_required
@require_POST
def judge_score(request, pk):
    event = _judged(request, pk)
    rnd = Round.objects.filter(event=event, pk=request.POST.get("round") or 0).first()
    entry = Entry.objects.filter(event=event, pk=request.POST.get("entry") or 0).select_related("member").first()
    if rnd is None or entry is None:
        messages.error(request, _("请选择轮次和选手"))
        return redirect("contests:judge_sheet", event.pk)
    try:
        services.score(rnd, entry, actor=request.user, value=request.POST.get("value", ""))
    except DomainError as exc:
        messages.error(request, f"{entry.member.name} · {rnd.name}：{exc.message}")
    else:
        messages.success(request, _("已录入%(n)s的%(r)s成绩") % {"n": entry.member.name, "r": rnd.name})
    return redirect("contests:judge_sheet", event.pk)
