"""Helpers for the activities API tests: members who hold an account and a bearer token, and JSON calls."""

from accounts.models import ApiToken
from core.testing import api_headers
from members import joining
from members.tests.factories import member

API = "/api/v1"
JSON = "application/json"


def member_with_token(union, actor, n: int):
    """A member registered through the real services, with a member account and an API token's headers."""
    m = member(union, actor, n)
    user = joining.ensure_account(m)
    _, raw = ApiToken.issue(user)
    return m, api_headers(raw)


def call(client, method: str, url: str, headers: dict, body=None):
    """One API request; ``body`` is sent as JSON."""
    kwargs = {"headers": headers}
    if body is not None:
        kwargs.update(data=body, content_type=JSON)
    return getattr(client, method)(url, **kwargs)


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and "Input should" not in text
