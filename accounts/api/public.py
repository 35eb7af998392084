"""``POST /api/v1/auth/token``: exchange a username and password for a bearer token."""

from django.contrib.auth import authenticate
from ninja import Router, Schema

from core import audit

from .. import errors

router = Router(tags=["认证"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: str


class MeOut(Schema):
    username: str
    display_name: str


@router.post("/token", auth=None, response={200: TokenOut}, summary="用用户名和密码换取令牌")
def create_token(request, payload: TokenIn):
    """Lock-out applies here exactly as on the login page: 5 failures per (username, IP) lock for 30 minutes."""
    from ..models import ApiToken

    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise errors.LOGIN_LOCKED()
    if user is None:
        raise errors.INVALID_CREDENTIALS()
    token, raw = ApiToken.issue(user)
    audit.record("accounts.token.created", actor=user, obj=user, data={"token_id": token.pk})
    return {"token": raw, "expires_at": token.expires_at.isoformat()}


@router.get("/me", response={200: MeOut}, summary="当前令牌的用户")
def me(request):
    """Who the bearer token belongs to: a cheap authenticated call (clients check a token with it; the registration
    benchmark uses it as its baseline)."""
    return {"username": request.auth.username, "display_name": request.auth.display_name}
