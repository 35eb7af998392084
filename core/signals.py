"""Audit logins and logouts, successful or not."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit


def _home_org(user):
    grant = user.grants.select_related("org").order_by("id").first() if user else None
    return grant.org if grant else None


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit.record("accounts.login.succeeded", actor=user, obj=user, org=_home_org(user))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record("accounts.logout", actor=user, obj=user, org=_home_org(user))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    from accounts.models import User

    username = (credentials or {}).get("username", "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(
        "accounts.login.failed",
        actor_name=username,
        obj=user,
        org=_home_org(user),
        outcome="denied" if locked else "failure",
        data={"locked_out": locked},
    )
