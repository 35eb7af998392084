"""Request id and client address for every request, so audit rows can say where an action came from."""

import re
import uuid

from . import context

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def client_ip(request) -> str | None:
    """The client address. Uses django-axes' resolution, which honours AXES_IPWARE_PROXY_COUNT."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = context.activate(
            context.RequestContext(
                request_id=request_id,
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", "")[:300],
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every answer, and ``Cache-Control: no-store`` on every answer under the private
    prefixes (console, member site, partner portal, accounts, the API): personal data never sits in a browser's or a
    proxy's cache. API answers never set the CSRF cookie (token clients have no use for it)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY
        self.private = tuple(settings.NO_STORE_PREFIXES)
        self.public = tuple(settings.NO_STORE_EXCEPT)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        path = request.path
        if path.startswith(self.private) and not path.startswith(self.public):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        if path.startswith("/api/"):
            from django.conf import settings

            response.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        return response
