"""``/api/v1/auth``: exchange a username and password for a bearer token (JSON only), see who a token belongs to,
list one's own live tokens and revoke them."""

from datetime import datetime

from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from core import audit
from core.api import with_errors

from .. import errors
from ..lockout import cool_off_seconds

router = Router(tags=["认证"])


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=128)


class TokenOut(Schema):
    token: str
    expires_at: str


class MeOut(Schema):
    username: str
    display_name: str


class ApiTokenOut(Schema):
    """One live API token (its value is shown only when it is issued)."""

    id: int
    created_at: datetime = Field(description="签发时间")
    expires_at: datetime = Field(description="过期时间")
    current: bool = Field(description="是否为本次请求使用的令牌")

    @staticmethod
    def resolve_current(obj, context) -> bool:
        used = getattr(context["request"], "api_token", None)
        return used is not None and used.pk == obj.pk


@router.post(
    "/token",
    auth=None,
    response=with_errors({200: TokenOut}, 400, 401, 415, 429),
    summary="用用户名和密码换取令牌",
    description="请求体须为 JSON（`Content-Type: application/json`），其他格式返回 415。"
    "同一账号在同一地址连续 5 次登录失败（登录页、会员站点和本接口合计）后锁定 30 分钟，返回 429 和 `Retry-After`。",
)
def create_token(request, payload: TokenIn):
    """Lock-out applies here exactly as on the login page: 5 failures per (username, IP) lock for 30 minutes. The
    body is JSON or nothing (``core.api.JsonOnlyParser``): the password is never checked for another content type."""
    from ..models import ApiToken

    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise errors.LOGIN_LOCKED(retry_after=cool_off_seconds())
    if user is None:
        raise errors.INVALID_CREDENTIALS()
    token, raw = ApiToken.issue(user)
    audit.record("accounts.token.created", actor=user, obj=user, data={"token_id": token.pk})
    return {"token": raw, "expires_at": token.expires_at.isoformat()}


@router.get("/me", response=with_errors({200: MeOut}), summary="当前令牌的用户")
def me(request):
    """Who the bearer token belongs to: a cheap authenticated call (clients check a token with it; the registration
    benchmark uses it as its baseline)."""
    return {"username": request.auth.username, "display_name": request.auth.display_name}


@router.get(
    "/tokens",
    response=with_errors({200: list[ApiTokenOut]}),
    summary="我的令牌",
    description="当前账号仍然有效的 API 令牌，最新的在前（最多 100 个）。",
)
def my_tokens(request):
    from ..services import live_tokens

    return list(live_tokens(request.auth)[:100])


@router.delete(
    "/tokens/{token_id}",
    response=with_errors({204: None}, 404),
    summary="撤销我的令牌",
    description="立即撤销自己的一个令牌（可以是本次请求使用的令牌）。",
)
def revoke_my_token(request, token_id: int):
    from ..services import live_tokens, revoke_token

    token = get_object_or_404(live_tokens(request.auth).select_related("user"), pk=token_id)
    revoke_token(token, actor=request.auth)
    return Status(204, None)
