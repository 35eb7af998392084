"""Domain errors: a stable machine code for the API and tests, and a Chinese message for people.

Every code an app can raise is declared once, in the app's ``errors.py``, with its Chinese message and HTTP status::

    # activities/errors.py
    from django.utils.translation import gettext_lazy as _
    from core.errors import ErrorCodes

    codes = ErrorCodes("activities", "活动")
    ACTIVITY_FULL = codes.define("activity_full", _("名额已满"), status=409)
    NOT_OPEN = codes.define("registration_not_open", _("报名%(when)s"), status=409)

    # activities/services.py
    raise errors.ACTIVITY_FULL()
    raise errors.NOT_OPEN(when="尚未开始", field="starts_at")

``docs/errors.md`` is generated from the catalogue (``manage.py export_errors``; a test fails when it is stale), and
the OpenAPI document names the codes each operation can return (``x-error-codes``, derived by ``core.openapi`` from the
code the endpoint calls; ``core.openapi.raises`` adds what reading cannot see). Codes shared by every
app (``permission_denied``, ``not_found`` …) are declared here. Codes derived from model validation
(``<field>_required``, ``invalid_<field>``, a validator's own code) come from ``validation_errors``; their patterns are
declared here too.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the operation. Nothing has been written when this is raised.

    ``code`` is stable (API clients and tests rely on it); ``message`` is what a person reads;
    ``field`` names the form field the error belongs to, when there is one.
    """

    status = 400
    # Seconds a client should wait before trying again (the API's ``Retry-After`` header on a 429).
    retry_after: int | None = None

    def __init__(
        self,
        code: str,
        message,
        *,
        field: str | None = None,
        status: int | None = None,
        retry_after: int | None = None,
    ):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status
        if retry_after is not None:
            self.retry_after = retry_after

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class PermissionDeniedError(DomainError, PermissionDenied):
    """403: the user may see the object but not do this to it. Also Django's ``PermissionDenied``, so a page view
    that does not catch it answers the 403 page."""

    status = 403


@dataclass(frozen=True)
class ErrorCode:
    """One declared refusal: ``code`` (stable), ``message`` (Chinese; may hold ``%(name)s`` placeholders filled from
    the call's keyword arguments), the HTTP ``status`` the API answers with, the ``app`` that declared it, and the
    exception class raised. Calling it builds the exception: ``raise ACTIVITY_FULL()``."""

    app: str
    code: str
    message: object
    status: int = 400
    field: str | None = None
    exception: type = DomainError

    def __call__(
        self, *, field: str | None = None, message=None, retry_after: int | None = None, **params
    ) -> DomainError:
        text = message if message is not None else self.message
        if params:
            text = str(text) % params
        error = self.exception(self.code, text, field=field or self.field, status=self.status)
        if retry_after is not None:
            error.retry_after = retry_after
        return error

    def __str__(self) -> str:
        return self.code


class ErrorCodes:
    """The error codes of one app (``app`` is its label, ``title`` its Chinese name for docs/errors.md)."""

    def __init__(self, app: str, title: str):
        self.app = app
        self.title = title
        CATALOGUES[app] = self
        self.codes: dict[str, ErrorCode] = {}

    def define(
        self, code: str, message, *, status: int = 400, field: str | None = None, exception: type = DomainError
    ) -> ErrorCode:
        """Declare a code once. Declaring the same code twice in one app with another message is a mistake."""
        known = self.codes.get(code)
        if known is not None and (str(known.message), known.status) != (str(message), status):
            raise ValueError(f"error code {self.app}.{code} declared twice with different messages")
        declared = ErrorCode(self.app, code, message, status, field, exception)
        self.codes[code] = declared
        return declared


# Every app's catalogue, by app label, in the order the apps declared them.
CATALOGUES: dict[str, ErrorCodes] = {}

codes = ErrorCodes("core", "通用")
PERMISSION_DENIED = codes.define(
    "permission_denied", _("您没有权限执行此操作"), status=403, exception=PermissionDeniedError
)
NOT_FOUND = codes.define("not_found", _("对象不存在或不在您的管理范围内"), status=404)
UNAUTHORIZED = codes.define("unauthorized", _("未登录或令牌无效、已过期"), status=401)
INVALID_REQUEST = codes.define("invalid_request", _("请求参数不正确"), status=422)
BUSY = codes.define("busy", _("系统繁忙，请稍后重试"), status=503)
# What the API answers for requests refused before any endpoint runs (core.middleware.ApiErrorMiddleware).
BAD_REQUEST = codes.define("bad_request", _("请求格式不正确"), status=400)
METHOD_NOT_ALLOWED = codes.define("method_not_allowed", _("此接口不支持该请求方法"), status=405)
PAYLOAD_TOO_LARGE = codes.define("payload_too_large", _("请求体过大"), status=413)
UNSUPPORTED_MEDIA_TYPE = codes.define(
    "unsupported_media_type", _("请求体须为 JSON，请使用 Content-Type: application/json"), status=415
)
TOO_MANY_REQUESTS = codes.define("too_many_requests", _("请求过于频繁，请稍后再试"), status=429)
SERVER_ERROR = codes.define("server_error", _("服务器内部错误，请稍后重试"), status=500)
STAFF_ONLY = codes.define(
    "staff_only",
    _("此接口只供工会工作人员使用，会员和合作方账号不能调用"),
    status=403,
    exception=PermissionDeniedError,
)
# Patterns produced by ``validation_errors`` from a model's own validation (the field's name replaces <字段>).
FIELD_REQUIRED = codes.define("<字段>_required", _("<字段名>：必须填写"))
FIELD_INVALID = codes.define("invalid_<字段>", _("<字段名>：取值不正确"))


def all_codes() -> list[ErrorCode]:
    """Every declared code, app by app."""
    return [c for catalogue in CATALOGUES.values() for c in catalogue.codes.values()]


class ValidationFailed(DomainError):
    """Several rules failed at once, so a form can show every problem in one go. ``code``, ``message`` and
    ``field`` are the first error's (what API clients and tests key on); ``errors`` lists them all."""

    def __init__(self, errors: list[DomainError]):
        first = errors[0]
        super().__init__(first.code, first.message, field=first.field, status=first.status)
        self.errors = errors

    def as_dict(self) -> dict:
        return {**super().as_dict(), "errors": [e.as_dict() for e in self.errors]}


def validation_errors(exc, model=None) -> list[DomainError]:
    """Every error of a Django ``ValidationError`` (from ``full_clean``) as ``DomainError``s.

    An error's own code (e.g. ``invalid_uscc``) becomes the stable code; required fields give
    ``<field>_required``. Messages are prefixed with the field's Chinese name so they read well outside a form.
    """
    if not hasattr(exc, "error_dict"):
        return [DomainError(getattr(exc, "code", None) or "invalid", "；".join(exc.messages))]
    found = []
    for field, errors in exc.error_dict.items():
        label = field
        if model is not None and field != "__all__":
            try:
                label = str(model._meta.get_field(field).verbose_name)
            except Exception:
                label = field
        for err in errors:
            message = err.message % err.params if err.params else err.message
            if err.code in {"required", "blank"}:
                code = f"{field}_required"
            elif err.code and err.code != "invalid":
                code = err.code
            else:
                code = f"invalid_{field}"
            found.append(DomainError(code, f"{label}：{message}", field=None if field == "__all__" else field))
    return found


def from_django_validation(exc, model=None) -> ValidationFailed:
    """A Django ``ValidationError`` as one ``ValidationFailed`` carrying all its errors."""
    return ValidationFailed(validation_errors(exc, model))
