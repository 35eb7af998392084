"""Who may grant which role where, and whose account they may manage. The rule is written once, here; services
enforce it, pages and the API use it to offer only what will be accepted. docs/permissions.md ("Managing staff
accounts") says it in words.

An actor's *managing grants* are their grants that carry ``accounts.manage`` on active orgs (系统管理员 covers the
whole platform, 总工会管理员 the sub-tree of its org). To grant role R on org O the actor needs a managing grant
covering O that is

- of a higher rank than R (``ROLE_RANK``: 系统管理员 > 总工会管理员 > 基层工会管理员), or
- of the same rank and strictly above O: a 总工会管理员 appoints the 总工会管理员 of the orgs below theirs, never a
  second one of their own org (that is the level above's decision), while 系统管理员, being platform-wide, may
  appoint another 系统管理员;

个人信息查看员, and any role an app declares (``accounts.roles.register_role``), may be granted by a managing grant of
总工会管理员 rank covering O (see docs/permissions.md for why). 总工会管理员 is granted only on a 总工会 (区/市 or
镇街). Nobody grants anything to themselves (``services`` checks that).

Refusals are returned as the ``accounts.errors`` codes (``ErrorCode``), None meaning "may".
"""

from dataclasses import dataclass

from orgs.models import OrgKind, OrgStatus

from . import errors
from .roles import GLOBAL_ROLES, ROLE_LABELS, ROLE_PERMISSIONS, ROLE_RANK, Role, active_grants

MANAGE = "accounts.manage"
# The orgs a 总工会管理员 grant may name.
FEDERATION_KINDS = frozenset({OrgKind.FEDERATION, OrgKind.TOWN})
# The rank a granter needs for a role outside the order (个人信息查看员, roles apps declare).
SPECIAL_ROLE_RANK = ROLE_RANK[Role.FEDERATION_ADMIN]


def needed_rank(role: str) -> tuple[int, bool]:
    """The granter's rank ``role`` needs, and whether an equal rank must sit strictly above the org."""
    if role in ROLE_RANK:
        return ROLE_RANK[role], True
    return SPECIAL_ROLE_RANK, False


@dataclass(frozen=True)
class AccountPolicy:
    """The account-management powers of one actor, read once (one query) and then checked in memory."""

    actor_id: int | None
    # (rank, path) of each managing grant; path None for a platform-wide one.
    managing: tuple[tuple[int, str | None], ...]

    @classmethod
    def of(cls, actor) -> "AccountPolicy":
        """The policy of ``actor``, cached on the user object for the rest of the request."""
        if actor is None or not actor.is_authenticated or not actor.is_active:
            return cls(actor_id=None, managing=())
        cached = actor.__dict__.get("_account_policy")
        if cached is not None:
            return cached
        if actor.is_superuser:
            managing = [(ROLE_RANK[Role.SYSADMIN], None)]
        else:
            managing = []
            for role, path in active_grants(actor):
                if MANAGE in ROLE_PERMISSIONS.get(role, ()):
                    managing.append((ROLE_RANK.get(role, 0), None if role in GLOBAL_ROLES else path))
        policy = cls(actor_id=actor.pk, managing=tuple(managing))
        actor.__dict__["_account_policy"] = policy
        return policy

    def _covering(self, org):
        """(rank, strictly above ``org``) of each managing grant whose sub-tree holds ``org``."""
        for rank, path in self.managing:
            if path is None:
                yield rank, True
            elif org.path.startswith(path):
                yield rank, len(org.path) > len(path)

    def manages(self, org) -> bool:
        """Whether the actor holds ``accounts.manage`` over ``org`` (``core.scoping.can``, from memory)."""
        return any(True for _ in self._covering(org))

    def authority(self, role: str, org):
        """Why the actor may not hold power over a grant of ``role`` on ``org`` (give it, change it, revoke it), as
        an error code; None when they may. Org kind and status are not considered (see ``refusal``)."""
        covering = list(self._covering(org))
        if not covering:
            return errors.PERMISSION_DENIED
        wanted, strict = needed_rank(role)
        if any(rank > wanted or (rank == wanted and (strictly or not strict)) for rank, strictly in covering):
            return None
        if any(rank == wanted for rank, _ in covering):
            return errors.PEER_ADMIN
        return errors.ROLE_TOO_HIGH

    def refusal(self, role: str, org):
        """Why the actor may not grant ``role`` on ``org`` now, as an error code; None when they may."""
        if role not in ROLE_LABELS:
            return errors.INVALID_ROLE
        code = self.authority(role, org)
        if code is not None:
            return code
        if role == Role.FEDERATION_ADMIN and org.kind not in FEDERATION_KINDS:
            return errors.ROLE_NOT_FOR_ORG
        if org.status != OrgStatus.ACTIVE:
            return errors.ORG_DISSOLVED
        return None

    def grantable_roles(self, org) -> list[str]:
        """The roles the actor may grant on ``org``, highest first."""
        return [role for role in ordered_roles() if self.refusal(role, org) is None]

    def offered_roles(self) -> list[str]:
        """The roles the actor may grant somewhere (a form's choices before an org is picked), highest first. An
        equal rank counts: it is grantable below one's own org."""
        best = max((rank for rank, _ in self.managing), default=0)
        return [role for role in ordered_roles() if best >= needed_rank(role)[0]]

    def manages_account(self, user, grants) -> bool:
        """Whether the actor may change ``user``'s account as a whole (reset, disable, enable, edit): not their own,
        and every one of its ``grants`` is one they have authority over. An account with no grant is no staff
        account and is managed by nobody here."""
        if user.pk == self.actor_id or not grants:
            return False
        return all(self.authority(g.role, g.org) is None for g in grants)


def ordered_roles() -> list[str]:
    """Every declared role, the ranked ones highest first, then 个人信息查看员 and the roles apps declare."""
    ranked = sorted(ROLE_RANK, key=lambda r: -ROLE_RANK[r])
    return [str(r) for r in ranked] + [code for code in ROLE_LABELS if code not in ROLE_RANK]
