"""How django-axes counts and answers failed logins (settings ``AXES_USERNAME_CALLABLE``, ``AXES_LOCKOUT_CALLABLE``).

A failure is counted per (username, client IP). The username is counted as the account it names, not as typed: a
phone number typed with spaces, dashes, full-width digits or +86 is one phone, so retyping it differently does not
buy five more guesses. The lock-out answer is 429 with ``Retry-After`` everywhere: the JSON ``login_locked`` error
under the API, the 账号已锁定 page elsewhere.
"""

from django.conf import settings
from django.shortcuts import render

from . import errors
from .backends import normalize_phone


def counted_username(request, credentials) -> str | None:
    """The username a login attempt is counted under (phones normalised to their 11 digits)."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        raw = credentials.get(field)
    else:
        try:
            raw = request.POST.get(field)
        except Exception:  # a malformed form body: nothing to count it under
            raw = None
    if raw is None:
        return None
    raw = str(raw)
    phone = normalize_phone(raw)
    if phone.isdigit() and len(phone) == 11:
        return phone
    return raw


def cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    """429 with ``Retry-After``: JSON for API clients, the 账号已锁定 page for people."""
    seconds = str(cool_off_seconds())
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        error = errors.LOGIN_LOCKED()
        response = JsonResponse(error.as_dict(), status=429, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    response["Retry-After"] = seconds
    return response
