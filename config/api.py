"""The django-ninja API under /api/v1. Errors are always JSON ``{"code": ..., "message": ...}``."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from accounts.models import ApiToken
from core.api import validation_field, validation_message
from core.errors import DomainError


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` from ``POST /api/v1/auth/token``."""

    def authenticate(self, request, token):
        found = ApiToken.objects.authenticate(token)
        if found is None:
            return None
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="工会服务平台 API",
    version="1",
    description="工会服务平台的开放接口。除 `POST /auth/token` 和会员站点用的入会申请公开接口"
    "（告知书、可申请的工会、提交申请）和职工免登录提交、查询诉求的接口（`/public/appeals`）外，"
    "所有接口都需要 `Authorization: Bearer <令牌>`。"
    '错误统一返回 `{"code": 稳定的错误代码, "message": 中文说明}`。',
    auth=BearerToken(),
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


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
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        # ninja's own message is English; a body that is not JSON is the client's malformed request.
        return api.create_response(request, {"code": "invalid_request", "message": "请求体不是有效的 JSON"}, status=400)
    return api.create_response(
        request, {"code": f"http_{exc.status_code}", "message": str(exc)}, status=exc.status_code
    )


from accounts.api import auth_router  # noqa: E402
from accounts.api import staff_router as staff_accounts_router  # noqa: E402
from orgs.api import enterprises_router, orgs_router  # noqa: E402

api.add_router("/auth", auth_router)
api.add_router("/staff-accounts", staff_accounts_router)
api.add_router("/orgs", orgs_router)
api.add_router("/enterprises", enterprises_router)

from members.api import members_router  # noqa: E402
from members.api_applications import applications_router  # noqa: E402
from members.api_transfers import transfers_router  # noqa: E402
from members.io_api import exports_router, imports_router  # noqa: E402

api.add_router("/members", members_router)
api.add_router("/applications", applications_router)
api.add_router("/transfers", transfers_router)
api.add_router("/member-imports", imports_router)
api.add_router("/member-exports", exports_router)

from activities.api import activities_router, me_router, partner_router, series_router  # noqa: E402

api.add_router("/activities", activities_router)
api.add_router("/activity-series", series_router)
api.add_router("/me", me_router)
api.add_router("/partner", partner_router)

from appeals.api import member_router as my_appeals_router  # noqa: E402
from appeals.api import public_router as public_appeals_router  # noqa: E402
from appeals.api import staff_router as appeals_router  # noqa: E402

api.add_router("/appeals", appeals_router)
api.add_router("/me/appeals", my_appeals_router)
api.add_router("/public/appeals", public_appeals_router)

from reports.api import router as reports_router  # noqa: E402

api.add_router("/reports", reports_router)
