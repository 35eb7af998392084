"""Accounts for partner organisations (合伙人): staff register a partner together with the people who will log in
for it. Each account is a plain user with no grant (a partner sees only its own proposals, through
``Partner.users``) and gets a one-time link by SMS to set its password; it logs in with ``p<手机号>``."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.backends import normalize_phone
from accounts.models import User
from accounts.password_links import text_set_password_link
from activities import errors as activities_errors
from core import audit
from core.errors import ValidationFailed
from core.scoping import require
from core.validators import MOBILE_RE

from .models import Partner
from .proposals import create_partner

# Readable when copied from the screen: no 0/O, 1/l/I.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def partner_username(phone: str) -> str:
    """The login name of a partner account: ``p`` and the mobile number."""
    return f"p{phone}"


def _clean_accounts(accounts) -> list[dict]:
    """Each account's normalised phone and name; every problem reported at once."""
    cleaned, errors, seen = [], [], set()
    for i, account in enumerate(accounts or ()):
        phone = normalize_phone(account.get("phone", ""))
        name = (account.get("display_name") or "").strip()[:50]
        field = f"accounts.{i}"
        if not MOBILE_RE.match(phone):
            errors.append(activities_errors.INVALID_MOBILE(p=phone, field=field))
        elif phone in seen:
            errors.append(activities_errors.DUPLICATE_PHONE(p=phone, field=field))
        if not name:
            errors.append(activities_errors.DISPLAY_NAME_REQUIRED(field=field))
        seen.add(phone)
        cleaned.append({"phone": phone, "display_name": name})
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _account(phone: str, display_name: str, *, actor, org) -> tuple[User, bool]:
    """The partner account for ``phone``: an existing one is reused (one person may work for two partners); a
    staff or member account is never turned into a partner account."""
    user = User.objects.filter(username=partner_username(phone)).first()
    if user is not None:
        return user, False
    if (
        User.objects.filter(phone=phone).filter(grants__isnull=False).exists()
        or User.objects.filter(phone=phone, member__isnull=False).exists()
    ):
        raise activities_errors.PHONE_TAKEN(p=phone, field="accounts")
    user = User(username=partner_username(phone), display_name=display_name, phone=phone)
    user.set_unusable_password()
    user.save()
    audit.record("accounts.user.created", actor=actor, obj=user, org=org, data={"partner_account": True})
    return user, True


@transaction.atomic
def create_partner_with_accounts(*, actor, org, accounts=(), **fields) -> Partner:
    """Register a partner of ``org`` (through ``proposals.create_partner``) with its login accounts; each new
    account is texted a one-time link to set its password once everything has committed."""
    cleaned = _clean_accounts(accounts)
    # The partner first: its permission check and name rules run before any account is created.
    partner = create_partner(actor=actor, org=org, **fields)
    users, new = [], []
    for account in cleaned:
        user, created = _account(account["phone"], account["display_name"], actor=actor, org=org)
        users.append(user)
        if created:
            new.append(user)
    partner.users.set(users)
    for user in new:
        _send_link(user)
    return partner


def _send_link(user: User) -> None:
    """Text a new partner account its login name and the one-time link to set its password, after commit."""
    text_set_password_link(
        user,
        _("【工会服务平台】您已开通合伙人账号，登录名 %(u)s。请点击链接设置登录密码（仅可使用一次）：%(link)s"),
        u=user.username,
    )


def generate_password(length: int = 12) -> str:
    """A random initial password with letters and digits."""
    while True:
        value = "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(length))
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value


@transaction.atomic
def create_partner_account(partner: Partner, *, actor, username: str, display_name: str = "") -> tuple[User, str]:
    """A login for one of ``partner``'s people, holding no grant: it sees only the partner portal. Returns the user
    and the generated initial password, which is shown once and never stored in clear."""
    require(actor, "activities.manage", partner.org)
    username = (username or "").strip()
    if not username:
        raise activities_errors.USERNAME_REQUIRED(field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise activities_errors.USERNAME_TAKEN(u=username, field="username")
    password = generate_password()
    user = User(username=username, display_name=(display_name or "").strip()[:50] or partner.name[:50])
    user.set_password(password)
    user.save()
    partner.users.add(user)
    audit.record("accounts.user.created", actor=actor, obj=user, org=partner.org, data={"partner": partner.pk})
    audit.record("activities.partner.account_created", actor=actor, obj=partner, data={"username": username})
    return user, password
