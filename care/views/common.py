"""What the care pages and API share: which programmes a user sees, which files, and how they load."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import Http404

from core.scoping import EVERYTHING, get_scoped_or_404, has_any, scope_paths

from ..models import Budget, HardshipFile, Payout, Programme


def _up_and_down(user, permission: str, lookup: str):
    """Rows whose org is inside the user's scope or above it (a union sees its town's and district's programmes)."""
    paths = scope_paths(user, permission)
    if paths is EVERYTHING:
        return Q()
    if not paths:
        return Q(pk__in=[])
    qs = []
    for p in paths:
        above = [p[:n] for n in range(4, len(p), 4)]
        qs.append(Q(**{f"{lookup}__startswith": p}) | Q(**{f"{lookup}__in": above}))
    return reduce(or_, qs)


def visible_programmes(user):
    return Programme.objects.select_related("org").filter(_up_and_down(user, "care.view", "org__path"))


def visible_budgets(user, programme):
    return (
        Budget.objects.select_related("org")
        .filter(programme=programme)
        .filter(_up_and_down(user, "care.view", "org__path"))
    )


def programme_or_404(user, pk) -> Programme:
    try:
        return visible_programmes(user).get(pk=pk)
    except (Programme.DoesNotExist, ValueError, TypeError):
        raise Http404("No programme matches the given query.") from None


def payout_or_404(user, pk) -> Payout:
    return get_scoped_or_404(Payout.objects.select_related("union", "programme"), user, "care.view", pk=pk)


def require_files_access(user) -> None:
    """Hardship data exists only for care officers: anyone else gets 404, not 403 (nothing to reveal)."""
    if not has_any(user, "care.files"):
        raise Http404("No hardship files.")


def file_or_404(user, pk) -> HardshipFile:
    require_files_access(user)
    return get_scoped_or_404(
        HardshipFile.objects.select_related("union", "member", "verified_by", "created_by"), user, "care.files", pk=pk
    )


def visible_to_member(model, member, lookup: str = "org__path"):
    """Plans and programmes a member may use: those of their union or any org above it."""
    path = member.union.path
    above = [path[:n] for n in range(4, len(path) + 1, 4)]
    return model.objects.select_related("org").filter(**{f"{lookup}__in": above})
