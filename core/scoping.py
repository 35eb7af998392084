"""The one place that decides what a user may see: ``Model.objects.restrict(user, permission)``.

A user's scope for a permission is the union of the sub-trees (org path prefixes) of the grants whose role
carries that permission. Each scoped model names the path of its org in ``SCOPE_PATH`` (``"path"`` for an
org itself, ``"org__path"`` for things that belong to one, a tuple for things visible from several orgs).
Out-of-scope rows are simply absent, so a detail
view built on a restricted queryset answers 404.
"""

from functools import reduce
from operator import or_

from django.db import models

EVERYTHING = object()


def scope_paths(user, permission: str):
    """``EVERYTHING``, or the minimal list of org path prefixes where ``user`` holds ``permission``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cache = user.__dict__.setdefault("_scope_cache", {})
    if permission not in cache:
        from accounts.roles import permissions_for_grants

        cache[permission] = permissions_for_grants(user, permission)
    return cache[permission]


def _collapse(paths: list[str]) -> list[str]:
    """Drop paths already covered by a shorter prefix in the list."""
    kept: list[str] = []
    for p in sorted(set(paths)):
        if not kept or not p.startswith(kept[-1]):
            kept.append(p)
    return kept


def path_q(lookup: str, paths: list[str]) -> models.Q:
    """A Q that matches rows whose ``lookup`` path starts with one of ``paths`` (empty list: nothing)."""
    if not paths:
        return models.Q(pk__in=[])
    return reduce(or_, (models.Q(**{f"{lookup}__startswith": p}) for p in _collapse(paths)))


def can(user, permission: str, org) -> bool:
    """Whether ``user`` holds ``permission`` over ``org`` (an org inside one of their granted sub-trees)."""
    paths = scope_paths(user, permission)
    if paths is EVERYTHING:
        return True
    return org is not None and any(org.path.startswith(p) for p in paths)


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, permission: str):
        """Only the rows inside ``user``'s scope for ``permission``."""
        paths = scope_paths(user, permission)
        if paths is EVERYTHING:
            return self
        lookup = getattr(self.model, "SCOPE_PATH", None)
        if lookup is None:
            raise TypeError(f"{self.model.__name__} has no SCOPE_PATH and cannot be restricted")
        if isinstance(lookup, tuple):
            # Things with two ends (a transfer between unions) are visible from either end.
            return self.filter(reduce(or_, (path_q(one, paths) for one in lookup)))
        return self.filter(path_q(lookup, paths))


def has_any(user, permission: str) -> bool:
    """Whether ``user`` holds ``permission`` anywhere (gates list pages and menu entries)."""
    paths = scope_paths(user, permission)
    return paths is EVERYTHING or bool(paths)


def require(user, permission: str, org) -> None:
    """Refuse (403 ``permission_denied``) unless ``user`` holds ``permission`` over ``org``.

    For actions on an object the user can already see: seeing it is decided by ``restrict`` (404 outside scope),
    acting on it by this. The error is both a ``DomainError`` (the API answers JSON, services refuse with a code)
    and Django's ``PermissionDenied`` (a page view that lets it through answers the 403 page)."""
    if not can(user, permission, org):
        from .errors import PERMISSION_DENIED

        raise PERMISSION_DENIED()


def get_scoped_or_404(queryset, user, permission: str, **lookup):
    """The one object matching ``lookup`` among those inside ``user``'s scope for ``permission``, else 404.

    ``queryset`` is a model or a queryset of a model with a ``RestrictedQuerySet`` manager (select_related and
    only() may be applied first). An object outside the scope answers exactly like an unknown id."""
    from django.http import Http404

    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        return queryset.restrict(user, permission).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No {queryset.model._meta.object_name} matches the given query.") from exc
