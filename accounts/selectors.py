"""Read queries of staff account management: which accounts an actor sees, searched and filtered.

An account is *visible* to an actor when at least one of its grants names an org inside the actor's
``accounts.manage`` scope; accounts with no grant at all (members' and partners' logins) are no staff accounts and
are never listed. Whether the actor may also *change* it is ``AccountPolicy.manages_account`` (every grant).
"""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from .backends import normalize_phone
from .models import Grant, User
from .policy import MANAGE

UNUSABLE_PREFIX = "!"  # django.contrib.auth.hashers.UNUSABLE_PASSWORD_PREFIX


class AccountStatus(models.TextChoices):
    """What the list shows and filters by; derived from ``is_active`` and whether a password was ever set."""

    ACTIVE = "active", _("正常")
    PENDING = "pending", _("待设置密码")
    DISABLED = "disabled", _("已停用")


def is_staff(user) -> bool:
    """Whether ``user`` works for the union: a superuser, or an account holding a grant on an active org, or an
    account that is neither a member's nor a partner's login (a staff account whose grants were all revoked keeps
    its answers: empty lists and 404s). The console's API endpoints refuse members and partners with 403."""
    from .roles import active_grants

    if user.is_superuser or active_grants(user):
        return True
    return not User.objects.filter(pk=user.pk).filter(Q(member__isnull=False) | Q(partners__isnull=False)).exists()


def account_status(user) -> str:
    if not user.is_active:
        return AccountStatus.DISABLED
    if (user.password or "").startswith(UNUSABLE_PREFIX):
        return AccountStatus.PENDING
    return AccountStatus.ACTIVE


def grants_in_scope(actor):
    """The grants an actor sees: those naming an org inside their ``accounts.manage`` scope."""
    return Grant.objects.restrict(actor, MANAGE)


def staff_accounts(actor):
    """Every account visible to ``actor`` (see the module docstring), each once. Accounts are not restricted with
    ``restrict`` itself: an account belongs to as many orgs as it has grants, and one in scope is enough."""
    return User.objects.filter(Exists(grants_in_scope(actor).filter(user=OuterRef("pk"))))


def with_visible_grants(qs, actor):
    """Attach ``visible_grants`` (with their orgs, in tree order) to each account of ``qs``: one query per page."""
    grants = grants_in_scope(actor).select_related("org").order_by("org__path", "role")
    return qs.prefetch_related(Prefetch("grants", queryset=grants, to_attr="visible_grants"))


def search_accounts(actor, *, q: str = "", under=None, role: str = "", status: str = ""):
    """The visible accounts matching a free-text ``q`` (login name, name or phone), holding a visible grant in the
    sub-tree of ``under`` and/or of ``role``, in ``status``; ordered by login name."""
    qs = staff_accounts(actor)
    q = (q or "").strip()
    if q:
        match = Q(username__icontains=q) | Q(display_name__icontains=q)
        digits = normalize_phone(q)
        if digits.isdigit() and len(digits) >= 3:
            match |= Q(phone__contains=digits)
        qs = qs.filter(match)
    if under is not None or role:
        grants = grants_in_scope(actor).filter(user=OuterRef("pk"))
        if under is not None:
            grants = grants.filter(org__path__startswith=under.path)
        if role:
            grants = grants.filter(role=role)
        qs = qs.filter(Exists(grants))
    if status == AccountStatus.DISABLED:
        qs = qs.filter(is_active=False)
    elif status == AccountStatus.PENDING:
        qs = qs.filter(is_active=True, password__startswith=UNUSABLE_PREFIX)
    elif status == AccountStatus.ACTIVE:
        qs = qs.filter(is_active=True).exclude(password__startswith=UNUSABLE_PREFIX)
    return qs.order_by("username")
