"""The django-ninja API under /api/v1. Errors are always JSON ``{"code": ..., "message": ...}``."""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from accounts.models import ApiToken
from accounts.selectors import is_staff
from core import errors as core_errors
from core.api import JsonOnlyParser, validation_field, validation_message
from core.errors import DomainError


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` from ``POST /api/v1/auth/token``."""

    def authenticate(self, request, token):
        found = ApiToken.objects.authenticate(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found
        return found.user


class StaffBearerToken(BearerToken):
    """The bearer token of union staff. The endpoints of the console's work (every operation outside an app's
    ``api/public``, ``api/member`` and ``api/partner`` modules: members, activities, appeals, orgs, reports …)
    refuse a member's or a partner's token with 403 ``staff_only`` rather than answering an empty list: such a
    client is using the wrong endpoint."""

    def authenticate(self, request, token):
        user = super().authenticate(request, token)
        if user is not None and not is_staff(user):
            raise core_errors.STAFF_ONLY()
        return user


staff_auth = StaffBearerToken()


class PlatformAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """``<app>_api_<function>``, whichever audience module of ``<app>/api/`` holds the endpoint, so an operation
        keeps its id when the package is reorganised (function names are unique within an app's API)."""
        return f"{operation.view_func.__module__.split('.')[0]}_api_{operation.view_func.__name__}"

    def get_openapi_schema(self, **kwargs):
        """ninja's schema, with the error codes each operation can answer (``x-error-codes``, core/openapi.py)."""
        from core.openapi import add_error_codes

        schema = super().get_openapi_schema(**kwargs)
        add_error_codes(self, schema)
        return schema


api = PlatformAPI(
    title="工会服务平台 API",
    version="1",
    description="工会服务平台的开放接口。除 `POST /auth/token` 和会员站点用的入会申请公开接口"
    "（告知书、可申请的工会、提交申请）和职工免登录提交、查询诉求的接口（`/public/appeals`）外，"
    "所有接口都需要 `Authorization: Bearer <令牌>`。"
    '错误统一返回 `{"code": 稳定的错误代码, "message": 中文说明}`；'
    "每个接口可能返回的错误代码列在其 `x-error-codes` 中（含义见 docs/errors.md）。",
    auth=BearerToken(),
    urls_namespace="api",
    parser=JsonOnlyParser(),
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    if exc.retry_after is not None:
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    return domain_error(request, core_errors.PAYLOAD_TOO_LARGE())


@api.exception_handler(OverflowError)
def number_out_of_range(request, exc: OverflowError):
    """An id filter past 64 bits (``?programme=-1644…``) that SQLite cannot bind: the client's number, not a crash.
    Filters are plain ``int`` across the apps; the database is where the range really ends, so it is caught here."""
    if "too large to convert" not in str(exc):
        raise exc
    message = "数值超出范围"
    return api.create_response(
        request,
        {
            "code": "invalid_request",
            "message": f"请求参数不正确：{message}",
            "errors": [{"field": None, "message": message, "type": "out_of_range"}],
        },
        status=422,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"code": "not_found", "message": "对象不存在或不在您的管理范围内"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"code": "unauthorized", "message": "未登录或令牌无效、已过期"}, status=401)


@api.exception_handler(NinjaValidationError)
def invalid(request, exc: NinjaValidationError):
    errors = [
        {"field": validation_field(e), "message": validation_message(e), "type": e.get("type")} for e in exc.errors
    ]
    first = errors[0] if errors else {"field": None, "message": ""}
    message = f"请求参数不正确：{first['field'] or ''} {first['message']}".strip()
    return api.create_response(request, {"code": "invalid_request", "message": message, "errors": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    cause = exc.__cause__
    if exc.status_code == 415 or (isinstance(cause, HttpError) and cause.status_code == 415):
        # JsonOnlyParser refused the content type (ninja wraps whatever the parser raises in a 400).
        return domain_error(request, core_errors.UNSUPPORTED_MEDIA_TYPE())
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        # ninja's own message is English; a body that is not JSON is the client's malformed request.
        return api.create_response(request, {"code": "invalid_request", "message": "请求体不是有效的 JSON"}, status=400)
    return api.create_response(
        request, {"code": f"http_{exc.status_code}", "message": str(exc)}, status=exc.status_code
    )


# Every project app with an ``api`` package lists the routers it mounts, and where, in ``ROUTERS`` (docs/layout.md),
# so a new app mounts its API without editing this file. Apps mount in INSTALLED_APPS order, the OpenAPI document's.
def _app_routers():
    for config in apps.get_app_configs():
        if Path(config.path).parent != Path(settings.BASE_DIR) or find_spec(f"{config.name}.api") is None:
            continue
        # core.api holds the shared pieces, not routers (core/tests/test_layout.py checks every domain app has them)
        yield from getattr(import_module(f"{config.name}.api"), "ROUTERS", ())


# The audiences whose modules answer tokens that are not staff's (docs/layout.md: the API modules are split by
# audience). Everything else is the console's work.
NON_STAFF_AUDIENCES = {"public", "member", "partner"}


def audience_of_operation(operation) -> str:
    """``public``, ``member``, ``partner`` or ``staff``: the audience module that holds ``operation``
    (``<app>.api.<audience>[.<part>]``). An operation in any other module (``reports.api``) is staff's: a module that
    forgets to say whom it serves is closed to members and partners, not open to them."""
    parts = operation.view_func.__module__.split(".")
    audience = parts[2] if len(parts) > 2 and parts[1] == "api" else "staff"
    return audience if audience in NON_STAFF_AUDIENCES else "staff"


def _staff_only(router) -> None:
    """Every staff operation (``audience_of_operation``) that takes the default token takes a staff token."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if audience_of_operation(operation) == "staff" and operation.auth_param == NOT_SET:
                operation.auth_param = staff_auth
                operation._set_auth(staff_auth)


for prefix, router in _app_routers():
    _staff_only(router)
    api.add_router(prefix, router)
