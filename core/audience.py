"""Who is looking, for what every audience may reach (error pages, the console's front door): ``staff`` (holds a
grant on an active org, or is a superuser), ``partner`` (a partner organisation's account), ``member`` (a worker's
account, logged in on the member site) or ``guest``. Staff cost no query beyond the grants every console page reads
anyway; the other two one small query each, only for accounts without grants."""

from django.contrib import messages
from django.shortcuts import redirect

STAFF, PARTNER, MEMBER, GUEST = "staff", "partner", "member", "guest"


def audience_of(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return GUEST
    from accounts.roles import active_grants

    if user.is_superuser or active_grants(user):
        return STAFF
    if user.partners.exists():
        return PARTNER
    if hasattr(user, "member"):
        return MEMBER
    return STAFF  # a staff login whose grants were all revoked: the console says it has no scope


class ConsoleAudienceMiddleware:
    """A worker's or a partner's account that reaches a console page (``/console/…``) is taken where its work is:
    the member site or the partner portal, with a word saying why, instead of a console that shows it nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/console/") and request.method in ("GET", "HEAD"):
            audience = audience_of(request)
            if audience == MEMBER:
                messages.info(request, "工作台是工会工作人员使用的，已为您打开职工之家。")
                return redirect("member_home")
            if audience == PARTNER:
                return redirect("activities:partner_home")
        return self.get_response(request)
