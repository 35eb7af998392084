"""Helpers for the activities API tests: members who hold an account and a bearer token."""

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
