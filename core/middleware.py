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


# What a refusal outside any endpoint answers under the API (Django's own 404/405/413 pages are HTML).
_API_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "server_error",
}
# Seconds a 429 tells a client to wait when the refusal did not say.
DEFAULT_RETRY_AFTER = 60


def api_error_response(status: int, *, headers=None):
    """The JSON ``{code, message}`` answer for ``status`` under the API, from core's error catalogue."""
    from django.http import JsonResponse

    from .errors import codes

    code = _API_STATUS_CODES.get(status, "bad_request" if status < 500 else "server_error")
    response = JsonResponse(
        {"code": code, "message": str(codes.codes[code].message)},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_characters(request) -> str | None:
    """The query parameter (or ``"path"``) whose text holds a control character, if any."""
    if _CONTROL.search(request.path):
        return "path"
    for key, values in request.GET.lists():
        if _CONTROL.search(key) or any(_CONTROL.search(v) for v in values):
            return key
    return None


class ApiErrorMiddleware:
    """Under ``/api/``, every error answer is JSON ``{code, message}``: an unknown path (404), a method the
    operation does not take (405), a body over the size limit (413), a lock-out (429, with ``Retry-After``) or a
    crash (500), whatever produced it (Django, django-ninja, django-axes). Answers that are JSON already pass."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self.refuse_control_characters(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(DEFAULT_RETRY_AFTER)
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        kept = {name: response[name] for name in ("Allow", "Retry-After", "X-Request-ID") if response.has_header(name)}
        return api_error_response(response.status_code, headers=kept)

    @staticmethod
    def refuse_control_characters(request):
        """NUL and other control characters in a URL are refused before any view sees them (PostgreSQL cannot even
        compare with a NUL): under the API a path is 404 (no object has such a name) and a query parameter 422
        naming it; a page answers 400."""
        where = _control_characters(request)
        if where is None:
            return None
        if not request.path.startswith("/api/"):
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest("请求地址中含有控制字符")
        if where == "path":
            return api_error_response(404)
        from django.http import JsonResponse

        message = "不能包含控制字符（如 NUL）"
        return JsonResponse(
            {
                "code": "invalid_request",
                "message": f"请求参数不正确：{where} {message}",
                "errors": [{"field": where, "message": message, "type": "control_characters"}],
            },
            status=422,
            json_dumps_params={"ensure_ascii": False},
        )

    def process_exception(self, request, exception):
        """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` read outside an endpoint is 413, not Django's 400."""
        from django.core.exceptions import RequestDataTooBig

        if request.path.startswith("/api/") and isinstance(exception, RequestDataTooBig):
            return api_error_response(413)
        return None
