"""Member login by phone number: members sign in with the phone their account was created with, not a username.

Listed after django-axes' backend in ``AUTHENTICATION_BACKENDS``, so the same lock-out (5 failures per submitted
username and IP) covers it: the phone is submitted in the ``username`` field and is what axes counts.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.validators import normalize_code


def normalize_phone(value: str) -> str:
    """How people type their number: spaces, dashes, full-width digits and a +86 prefix are all accepted."""
    return normalize_code(value or "").removeprefix("+86")


class PhoneBackend(ModelBackend):
    """Authenticates an active user whose ``phone`` matches and who has a member record linked to the account.
    Staff accounts (no member) never log in this way."""

    def authenticate(self, request, username=None, password=None, phone=None, **kwargs):
        """The member account for ``phone`` (or ``username``, as login forms send it) if the password matches."""
        phone = normalize_phone(phone or username or "")
        if not phone or password is None:
            return None
        User = get_user_model()
        user = User.objects.filter(phone=phone, member__isnull=False, is_active=True).order_by("pk").first()
        if user is None:
            # Spend the same time as a real check, so response times do not tell which phones have accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
