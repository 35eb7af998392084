"""Read queries of the contests app: the events a judge scores, the contests open to a member, a member's entries."""

from django.db.models import Count, Q

from orgs.models import Org

from .models import Contest, Entry, Event, Judge


def judged_events(user):
    """The events ``user`` judges (a judge sees these and no other)."""
    return (
        Event.objects.filter(pk__in=Judge.objects.filter(user=user).values("event_id"))
        .select_related("contest", "contest__organiser")
        .order_by("-held_on", "-pk")
    )


def contests_for_member(member):
    """Contests run by the member's union or an org above it (open, under way, or finished in the last years)."""
    union = member.union
    paths = [union.path[: i * Org.steplen] for i in range(1, union.depth + 1)]
    return (
        Contest.objects.filter(organiser__path__in=paths)
        .select_related("organiser")
        .annotate(n_events=Count("events", distinct=True))
    )


def member_entries(member):
    return Entry.objects.filter(member=member).select_related("event", "event__contest", "team")


def contest_counts(qs):
    return qs.annotate(
        n_events=Count("events", distinct=True),
        n_entries=Count("events__entries", distinct=True),
        n_published=Count("events", filter=Q(events__published_at__isnull=False), distinct=True),
    )


def todo(user):
    """The 工作台's line for a judge: events under way waiting for their scores."""
    from django.urls import reverse

    from core.menus import WorkItem

    n = judged_events(user).filter(contest__status=Contest.Status.UNDERWAY, published_at__isnull=True).count()
    return [WorkItem("待评分的竞赛项目", n, reverse("contests:judging"), level="warning")] if n else []


def enterable_contests(user):
    """Contests the user may enter members in: those run by an org at or above, or below, an org where they hold
    ``contests.enter`` (a union's staff enter their members in the district's 技术比武)."""
    from core.scoping import EVERYTHING, scope_paths

    paths = scope_paths(user, "contests.enter")
    if paths is EVERYTHING:
        return Contest.objects.all()
    if not paths:
        return Contest.objects.none()
    above = {p[: i * Org.steplen] for p in paths for i in range(1, len(p) // Org.steplen + 1)}
    q = Q(organiser__path__in=above)
    for p in paths:
        q |= Q(organiser__path__startswith=p)
    return Contest.objects.filter(q)


def visible_contests(user):
    """Contests in the user's scope (``contests.view``) and those they may enter members in."""
    return Contest.objects.filter(
        Q(pk__in=Contest.objects.restrict(user, "contests.view").values("pk"))
        | Q(pk__in=enterable_contests(user).values("pk"))
    )
