"""One-time links to set a password, sent by text message: the one mechanism behind member logins (入会 approval),
partner accounts and staff accounts.

The token is Django's password-reset token: it is made from the account's password hash and last login, so it
stops working once a password is set (or the account's password is reset again, which issues a new hash), and
after ``PASSWORD_RESET_TIMEOUT`` (3 days). ``accounts.views.public.SetPasswordView`` takes it.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.sms import send_sms

# The route of the staff and partner link; the member site keeps its own (``members:set_password``, phone styled).
DEFAULT_ROUTE = "accounts:set_password"


def valid_days() -> int:
    """How many days a link works, for the text of the message."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def set_password_url(user, *, route: str = DEFAULT_ROUTE) -> str:
    """The absolute one-time link for ``user`` (``SITE_URL`` + the route). Make it after the account's password
    hash is final in this transaction: changing the hash afterwards voids the link."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse(route, args=[uid, token])


def text_set_password_link(user, template: str, *, route: str = DEFAULT_ROUTE, **params) -> None:
    """Text ``template % {**params, "link": ..., "days": ...}`` to ``user.phone`` once the transaction commits (a
    rolled-back change sends nothing)."""
    values = {**params, "link": set_password_url(user, route=route), "days": valid_days()}
    phone, text = user.phone, str(template) % values
    transaction.on_commit(lambda: send_sms(phone, text))
