"""Writes the console pages need beyond ``services`` and ``proposals``: a partner's login account (with a generated
password shown once) and an activity's cover image. Atomic and audited like the others."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import audit
from core.errors import DomainError

from .models import Activity, Partner
from .services import _require

# Readable when copied from the screen: no 0/O, 1/l/I.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

ACTION_LABELS = {
    "activities.partner.account_created": _("开通合伙人账号"),
    "activities.activity.image_set": _("更换活动封面"),
}
audit.register_actions(ACTION_LABELS)


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
    _require(actor, "activities.manage", partner.org)
    username = (username or "").strip()
    if not username:
        raise DomainError("username_required", _("登录账号：请填写登录账号"), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("username_taken", _("登录账号：“%(u)s”已被使用") % {"u": username}, field="username")
    password = generate_password()
    user = User(username=username, display_name=(display_name or "").strip()[:50] or partner.name[:50])
    user.set_password(password)
    user.save()
    partner.users.add(user)
    audit.record("accounts.user.created", actor=actor, obj=user, org=partner.org, data={"partner": partner.pk})
    audit.record("activities.partner.account_created", actor=actor, obj=partner, data={"username": username})
    return user, password


@transaction.atomic
def set_image(activity: Activity, image, *, actor) -> Activity:
    """Replace the activity's cover image."""
    activity = Activity.objects.select_for_update().select_related("organiser").get(pk=activity.pk)
    _require(actor, "activities.manage", activity.organiser)
    activity.image = image
    activity.save(update_fields=["image", "updated_at"])
    audit.record("activities.activity.image_set", actor=actor, obj=activity, data={"name": activity.image.name})
    return activity
