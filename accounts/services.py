"""Staff accounts (工作人员账号): every write to a staff login and its grants. Pages and the API call these.

Each function is atomic, takes the acting user as ``actor=``, checks ``accounts.manage`` and the grant rules of
``accounts.policy`` before writing anything, locks the account's row (so two admins changing one account's grants
at once are serialised and the "last grant" rules hold), and records audit events in the same transaction. Text
messages with a one-time set-password link go out only once the transaction has committed.
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.errors import DomainError, ValidationFailed
from core.validators import MOBILE_RE
from orgs.models import OrgStatus

from . import errors
from .backends import normalize_phone
from .locking import lock_account
from .models import ApiToken, Grant, User
from .password_links import text_set_password_link
from .policy import MANAGE, AccountPolicy
from .roles import ROLE_PERMISSIONS, Role, role_label

ACTION_LABELS = {
    "accounts.user.created": _("创建账号"),
    "accounts.user.updated": _("修改账号信息"),
    "accounts.user.password_reset": _("重置密码"),
    "accounts.user.disabled": _("停用账号"),
    "accounts.user.enabled": _("启用账号"),
    "accounts.grant.created": _("授予权限"),
    "accounts.grant.role_changed": _("变更角色"),
    "accounts.grant.revoked": _("撤销权限"),
    "accounts.password.changed": _("设置密码"),
}

# Login names of staff: lower-case ASCII, so they are easy to say on the phone and type on any keyboard.
USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.-]{2,29}$")
# ``m<number>`` are member logins (members.joining), ``p<number>`` partner logins (activities.partner_accounts).
RESERVED_USERNAME_RE = re.compile(r"^[mp]\d+$")

CREATED_TEXT = _(
    "【工会服务平台】%(name)s您好，已为您开通工作人员账号（%(org)s · %(role)s），登录名 %(username)s。"
    "请点击链接设置登录密码（仅可使用一次，%(days)s 天内有效）：%(link)s"
)
RESET_TEXT = _(
    "【工会服务平台】您的工作人员账号（登录名 %(username)s）的密码已由管理员重置。"
    "请点击链接重新设置登录密码（仅可使用一次，%(days)s 天内有效）：%(link)s"
)


# --- Checks -----------------------------------------------------------------------------------------------------


def _refusal(policy: AccountPolicy, role: str, org, *, field: str = "role") -> DomainError | None:
    """The error refusing a grant of ``role`` on ``org`` by this policy's actor, or None."""
    code = policy.refusal(role, org)
    if code is None:
        return None
    if code is errors.PERMISSION_DENIED:
        return code()
    params = {
        errors.INVALID_ROLE: {"role": role},
        errors.ROLE_TOO_HIGH: {"role": role_label(role)},
        errors.ROLE_NOT_FOR_ORG: {"org": org.name, "kind": org.get_kind_display()},
        errors.ORG_DISSOLVED: {"org": org.name},
    }.get(code, {})
    return code(field=field, **params)


# Roles whose grants must say why (PIPL: minimum necessary); the reason is kept in the audit event.
REASONED_ROLES = {Role.PII_OFFICER}


def _reason_missing(role: str, reason: str) -> DomainError | None:
    if role in REASONED_ROLES and not (reason or "").strip():
        return errors.REASON_REQUIRED(field="reason", role=role_label(role))
    return None


def _check_reason(role: str, reason: str) -> None:
    problem = _reason_missing(role, reason)
    if problem is not None:
        raise problem


def _grants(user: User) -> list[Grant]:
    return list(user.grants.select_related("org").order_by("id"))


def _visible(policy: AccountPolicy, grants) -> bool:
    return any(policy.manages(g.org) for g in grants)


def _require_account(policy: AccountPolicy, user: User, grants) -> None:
    """The actor may change ``user``'s account as a whole: not their own, every grant within their authority."""
    if user.pk == policy.actor_id:
        raise errors.SELF_CHANGE()
    if not _visible(policy, grants):
        raise errors.PERMISSION_DENIED()
    if not policy.manages_account(user, grants):
        raise errors.NOT_MANAGEABLE()


def _forget_powers(user: User) -> None:
    """Drop what this request cached about ``user``'s grants (after changing their own)."""
    for key in ("_account_policy", "_scope_cache", "_active_grants"):
        user.__dict__.pop(key, None)


def _clean_username(value: str) -> tuple[str, DomainError | None]:
    username = (value or "").strip().lower()
    if not username:
        return username, errors.USERNAME_REQUIRED(field="username")
    if RESERVED_USERNAME_RE.match(username):
        return username, errors.USERNAME_RESERVED(field="username", username=username)
    if not USERNAME_RE.match(username):
        return username, errors.INVALID_USERNAME(field="username", username=value.strip()[:40])
    if User.objects.filter(username__iexact=username).exists():
        return username, errors.USERNAME_TAKEN(field="username", username=username)
    return username, None


def _clean_phone(value: str, *, user: User | None = None) -> tuple[str, DomainError | None]:
    phone = normalize_phone(value or "")
    if not phone:
        return phone, errors.PHONE_REQUIRED(field="phone")
    if not MOBILE_RE.match(phone):
        return phone, errors.INVALID_MOBILE(field="phone", phone=(value or "").strip()[:20])
    # One person, one staff account: a second account for the same phone is usually a mistake.
    others = User.objects.filter(phone=phone, grants__isnull=False)
    if user is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        return phone, errors.PHONE_TAKEN(field="phone", phone=phone)
    return phone, None


def _clean_name(value: str) -> tuple[str, DomainError | None]:
    name = (value or "").strip()[:50]
    return name, (None if name else errors.DISPLAY_NAME_REQUIRED(field="display_name"))


def _revoke_tokens(user: User) -> int:
    """End every live API token of ``user``; returns how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def live_tokens(user: User):
    """``user``'s API tokens that still work, newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()).order_by("-id")


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    """End one API token now. Its owner may end any of their own (a lost laptop, a finished script); an admin may end
    those of an account they manage as a whole (``AccountPolicy.manages_account``)."""
    owner = token.user
    if owner.pk != actor.pk and not AccountPolicy.of(actor).manages_account(owner, _grants(owner)):
        raise errors.TOKEN_NOT_MANAGEABLE()
    now = timezone.now()
    ended = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.revoked_at = now
    if ended:
        audit.record("accounts.token.revoked", actor=actor, obj=owner, data={"token_id": token.pk})
    return token


def _grant_data(grant: Grant, reason: str = "") -> dict:
    data = {"grant": grant.pk, "org": grant.org.code, "org_name": grant.org.name, "role": grant.role}
    if reason:
        data["reason"] = reason.strip()[:200]
    return data


# --- Accounts -----------------------------------------------------------------------------------------------------


@transaction.atomic
def create_staff_account(
    *, actor, username: str, display_name: str, phone: str, org, role: str, reason: str = ""
) -> User:
    """Open a login for a member of staff of ``org`` with one grant (``org``, ``role``) and text them a one-time
    link to set their password. Every problem with the input is reported at once; nothing is written on refusal."""
    policy = AccountPolicy.of(actor)
    if not policy.manages(org):
        raise errors.PERMISSION_DENIED()
    refusal = _refusal(policy, role, org)
    if refusal is not None and refusal.status != 400:
        raise refusal
    problems = [refusal] if refusal is not None else []
    username, problem = _clean_username(username)
    problems.append(problem)
    display_name, problem = _clean_name(display_name)
    problems.append(problem)
    phone, problem = _clean_phone(phone)
    problems.append(problem)
    problems.append(_reason_missing(role, reason))
    problems = [p for p in problems if p is not None]
    if problems:
        raise ValidationFailed(problems)

    user = User(username=username, display_name=display_name, phone=phone)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # A concurrent request took the name between the check above and this insert.
        raise errors.USERNAME_TAKEN(field="username", username=username) from None
    grant = Grant.objects.create(user=user, org=org, role=role, created_by=actor)
    audit.record(
        "accounts.user.created",
        actor=actor,
        obj=user,
        org=org,
        data={"username": username, "display_name": display_name, "phone": phone, "org": org.code, "role": role},
    )
    audit.record("accounts.grant.created", actor=actor, obj=user, org=org, data=_grant_data(grant, reason))
    text_set_password_link(
        user,
        CREATED_TEXT,
        name=display_name,
        username=username,
        org=org.display_name,
        role=role_label(role),
    )
    return user


@transaction.atomic
def update_staff_account(user: User, *, actor, display_name: str | None = None, phone: str | None = None) -> User:
    """Correct an account's name or mobile number (where its set-password links are texted). Fields left None
    are kept."""
    user = lock_account(user)
    policy = AccountPolicy.of(actor)
    _require_account(policy, user, _grants(user))
    before = audit.snapshot(user, ["display_name", "phone"])
    problems = []
    if display_name is not None:
        user.display_name, problem = _clean_name(display_name)
        problems.append(problem)
    if phone is not None:
        user.phone, problem = _clean_phone(phone, user=user)
        problems.append(problem)
    problems = [p for p in problems if p is not None]
    if problems:
        raise ValidationFailed(problems)
    changes = audit.diff(before, audit.snapshot(user, ["display_name", "phone"]))
    if changes:
        user.save(update_fields=["display_name", "phone"])
        audit.record("accounts.user.updated", actor=actor, obj=user, changes=changes)
    return user


@transaction.atomic
def reset_password(user: User, *, actor) -> User:
    """Void the account's password, its earlier set-password links, its sessions (Django ties a session to the
    password hash) and its API tokens, and text it a new one-time link."""
    user = lock_account(user)
    policy = AccountPolicy.of(actor)
    _require_account(policy, user, _grants(user))
    if not user.is_active:
        raise errors.ACCOUNT_DISABLED()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    revoked = _revoke_tokens(user)
    audit.record("accounts.user.password_reset", actor=actor, obj=user, data={"tokens_revoked": revoked})
    text_set_password_link(user, RESET_TEXT, username=user.username)
    return user


@transaction.atomic
def disable_account(user: User, *, actor, reason: str = "") -> User:
    """Stop the account: it can no longer log in, its sessions stop at their next request and its API tokens are
    revoked (re-enabling does not bring them back). Nobody disables their own account."""
    user = lock_account(user)
    policy = AccountPolicy.of(actor)
    _require_account(policy, user, _grants(user))
    if not user.is_active:
        raise errors.ALREADY_DISABLED()
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked = _revoke_tokens(user)
    data = {"tokens_revoked": revoked}
    if (reason or "").strip():
        data["reason"] = reason.strip()[:200]
    audit.record("accounts.user.disabled", actor=actor, obj=user, changes={"is_active": [True, False]}, data=data)
    return user


@transaction.atomic
def enable_account(user: User, *, actor) -> User:
    """Let a disabled account log in again with its password (if it had set one)."""
    user = lock_account(user)
    policy = AccountPolicy.of(actor)
    _require_account(policy, user, _grants(user))
    if user.is_active:
        raise errors.ALREADY_ACTIVE()
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record("accounts.user.enabled", actor=actor, obj=user, changes={"is_active": [False, True]})
    return user


# --- Grants -----------------------------------------------------------------------------------------------------


@transaction.atomic
def add_grant(user: User, *, actor, org, role: str, reason: str = "") -> Grant:
    """Give a visible account one more grant (``org``, ``role``), within the actor's authority."""
    user = lock_account(user)
    policy = AccountPolicy.of(actor)
    if user.pk == policy.actor_id:
        raise errors.SELF_CHANGE()
    if not _visible(policy, _grants(user)):
        raise errors.PERMISSION_DENIED()
    refusal = _refusal(policy, role, org)
    if refusal is not None:
        raise refusal
    _check_reason(role, reason)
    if Grant.objects.filter(user=user, org=org, role=role).exists():
        raise errors.GRANT_EXISTS(field="role", org=org.name, role=role_label(role))
    grant = Grant.objects.create(user=user, org=org, role=role, created_by=actor)
    audit.record("accounts.grant.created", actor=actor, obj=user, org=org, data=_grant_data(grant, reason))
    return grant


def _require_authority(policy: AccountPolicy, grant: Grant) -> None:
    """The actor could have given ``grant``: only then may they change or revoke it."""
    code = policy.authority(grant.role, grant.org)
    if code is errors.PERMISSION_DENIED:
        raise errors.PERMISSION_DENIED()
    if code is not None:
        raise errors.GRANT_NOT_MANAGEABLE()


def _locked_grant(grant: Grant) -> Grant:
    """The grant re-read after its account's row lock; gone means a concurrent request revoked it."""
    lock_account(grant.user)
    found = Grant.objects.select_related("org", "user").filter(pk=grant.pk).first()
    if found is None:
        raise errors.CONFLICT()
    return found


@transaction.atomic
def change_role(grant: Grant, *, actor, role: str, reason: str = "") -> Grant:
    """Change the role of one grant, on the same org. The actor needs authority over the old role and may grant
    the new one."""
    grant = _locked_grant(grant)
    policy = AccountPolicy.of(actor)
    if grant.user_id == policy.actor_id:
        raise errors.SELF_CHANGE()
    _require_authority(policy, grant)
    if role == grant.role:
        raise errors.SAME_ROLE(field="role")
    refusal = _refusal(policy, role, grant.org)
    if refusal is not None:
        raise refusal
    _check_reason(role, reason)
    if Grant.objects.filter(user=grant.user, org=grant.org, role=role).exists():
        raise errors.GRANT_EXISTS(field="role", org=grant.org.name, role=role_label(role))
    old = grant.role
    grant.role, grant.created_by, grant.created_at = role, actor, timezone.now()
    grant.save(update_fields=["role", "created_by", "created_at"])
    audit.record(
        "accounts.grant.role_changed",
        actor=actor,
        obj=grant.user,
        org=grant.org,
        changes={"role": [old, role]},
        data=_grant_data(grant, reason),
    )
    return grant


@transaction.atomic
def revoke_grant(grant: Grant, *, actor) -> None:
    """Take one grant away. Others' grants need the same authority as giving them; one's own may be given up,
    except one's last grant carrying ``accounts.manage``. Every account keeps at least one grant (disable it
    instead), so no staff account drops out of everyone's sight."""
    grant = _locked_grant(grant)
    policy = AccountPolicy.of(actor)
    user = grant.user
    others = [g for g in _grants(user) if g.pk != grant.pk]
    if user.pk == policy.actor_id:
        if not policy.manages(grant.org):
            raise errors.PERMISSION_DENIED()
        if _manages(grant) and not any(_manages(g) and g.org.status == OrgStatus.ACTIVE for g in others):
            raise errors.LAST_ADMIN_GRANT()
    else:
        _require_authority(policy, grant)
    if not others:
        raise errors.LAST_GRANT()
    data = _grant_data(grant)
    grant.delete()
    audit.record("accounts.grant.revoked", actor=actor, obj=user, org=grant.org, data=data)
    if user.pk == policy.actor_id:
        _forget_powers(actor)


def _manages(grant: Grant) -> bool:
    return MANAGE in ROLE_PERMISSIONS.get(grant.role, ())


# --- The set-password link ----------------------------------------------------------------------------------------


@transaction.atomic
def set_password_with_link(user: User, password: str) -> User:
    """The holder of a one-time link (checked by ``SetPasswordView``) sets the account's password; the link is void
    from then on because the password hash changed."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record("accounts.password.changed", actor=user, obj=user, data={"via": "link"})
    return user
