"""Who is acting, from where, in which request: set by middleware, read by audit."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    user_agent: str = ""


_current = contextvars.ContextVar("request_context", default=RequestContext())  # noqa: B039 - frozen, immutable


def current() -> RequestContext:
    return _current.get()


def activate(ctx: RequestContext):
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)
