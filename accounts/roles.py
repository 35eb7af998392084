"""Roles and the permissions each carries. docs/permissions.md is the matrix in words; keep both in step.

A permission is a plain string ``"<area>.<action>"``. The four roles of the platform are declared here; an app adds
its permissions to them, and declares a role of its own when its work needs one (a 关爱专员 who alone sees hardship
files), from its ``AppConfig.ready``::

    add_permissions(Role.FEDERATION_ADMIN, {"rights.view", "rights.handle"})
    register_role("care_officer", "关爱专员", {"care.view", "care.view_files"})

A grant stores the role's code; the roles are not database choices, so a new role needs no migration of accounts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSADMIN = "sysadmin", _("系统管理员")
    FEDERATION_ADMIN = "federation_admin", _("总工会管理员")
    UNION_ADMIN = "union_admin", _("基层工会管理员")
    PII_OFFICER = "pii_officer", _("个人信息查看员")


ORG_ADMIN = {
    "orgs.view",
    "orgs.add",
    "orgs.change",
    "orgs.move",
    "orgs.dissolve",
    "enterprises.view",
    "enterprises.add",
    "enterprises.change",
    "audit.view",
    "accounts.manage",
}

ACTIVITY_WORK = {"activities.view", "activities.manage", "activities.checkin"}
APPEAL_WORK = {"appeals.view", "appeals.handle"}
# The 成绩单 and dashboard of a sub-tree (figures only, no personal data).
REPORT_WORK = {"reports.view"}

MEMBER_WORK = {
    "members.view",
    "members.add",
    "members.change",
    "members.transfer",
    "members.approve",
    "members.import",
    "members.export",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # The operator's IT staff: the whole platform's structure and accounts, no daily union work.
    Role.SYSADMIN: frozenset(ORG_ADMIN),
    # Federation (区/镇街总工会) staff: their org and its whole sub-tree.
    Role.FEDERATION_ADMIN: frozenset(ORG_ADMIN | MEMBER_WORK | ACTIVITY_WORK | APPEAL_WORK | REPORT_WORK),
    # A grassroots union's chair or officer: their own union (and its 小三级 children).
    Role.UNION_ADMIN: frozenset(
        {"orgs.view", "orgs.change", "enterprises.view", "enterprises.change"}
        | MEMBER_WORK
        | ACTIVITY_WORK
        | APPEAL_WORK
        | REPORT_WORK
    ),
    # Granted on top of an admin role to the few who may see ID numbers unmasked and export them (PIPL art. 28):
    # every such view or export asks for a reason and leaves an audit event.
    Role.PII_OFFICER: frozenset({"members.view", "members.view_pii", "members.export_pii"}),
}

# Roles whose grant covers the whole platform, whatever org it names.
GLOBAL_ROLES = {Role.SYSADMIN}

# Chinese names of every role, the four above and those apps register.
ROLE_LABELS: dict[str, str] = {str(value): label for value, label in Role.choices}


def add_permissions(role: str, permissions) -> None:
    """Give an existing role more permissions (an app's own, declared from its ``ready``)."""
    if role not in ROLE_PERMISSIONS:
        raise ValueError(f"unknown role {role}")
    ROLE_PERMISSIONS[role] = frozenset(ROLE_PERMISSIONS[role] | set(permissions))


def register_role(code: str, label, permissions) -> None:
    """Declare a role of an app (idempotent: ``ready`` may run twice). Its permissions hold over the sub-tree of the
    grant's org, like every role's."""
    ROLE_LABELS[code] = label
    ROLE_PERMISSIONS[code] = frozenset(set(permissions))


def role_label(code: str) -> str:
    """The Chinese name of a role code (the code itself when no app declares it any more)."""
    return str(ROLE_LABELS.get(code, code))


def role_choices() -> list[tuple[str, str]]:
    """Every declared role as form choices."""
    return [(code, str(label)) for code, label in ROLE_LABELS.items()]


# The order in which roles may be granted: nobody grants a role above their own (accounts/policy.py holds the whole
# rule, docs/permissions.md says it in words). 个人信息查看员 is outside the order: it carries a permission no admin
# role has, and who may grant it is a rule of its own.
ROLE_RANK = {Role.SYSADMIN: 3, Role.FEDERATION_ADMIN: 2, Role.UNION_ADMIN: 1}


def active_grants(user) -> list[tuple[str, str]]:
    """``(role, org path)`` of ``user``'s grants on active orgs, in tree order. One query per request for all
    permissions: the grants are read once and kept on this user object."""
    grants = user.__dict__.get("_active_grants")
    if grants is None:
        grants = list(user.grants.filter(org__status="active").order_by("org__path").values_list("role", "org__path"))
        user.__dict__["_active_grants"] = grants
    return grants


def permissions_for_grants(user, permission: str):
    """``EVERYTHING`` or the org paths under which ``user``'s grants carry ``permission``."""
    from core.scoping import EVERYTHING

    if user.is_superuser:
        return EVERYTHING
    paths = []
    for role, path in active_grants(user):
        if permission not in ROLE_PERMISSIONS.get(role, ()):
            continue
        if role in GLOBAL_ROLES:
            return EVERYTHING
        paths.append(path)
    return paths
