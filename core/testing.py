"""Reusable test helpers. Every later module uses ``assert_out_of_scope`` on each object URL and endpoint."""

from collections.abc import Iterable

from django.test import Client


def assert_out_of_scope(
    client: Client,
    urls: Iterable[str],
    *,
    method: str = "get",
    headers: dict | None = None,
    data=None,
    content_type: str | None = None,
) -> None:
    """Each URL answers 404 for a user who holds no grant over the object it names (not 403: a guessed id must
    not even reveal that the object exists)."""
    failures = []
    for url in urls:
        kwargs = {"headers": headers or {}}
        if data is not None:
            kwargs["data"] = data
        if content_type:
            kwargs["content_type"] = content_type
        response = getattr(client, method)(url, **kwargs)
        if response.status_code != 404:
            failures.append(f"{method.upper()} {url} -> {response.status_code}")
    assert not failures, "out-of-scope requests must answer 404:\n" + "\n".join(failures)


def api_headers(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def is_chinese(text: str) -> bool:
    """A message people read: it holds Chinese and is not pydantic's English default."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and "Input should" not in text


def api_call(client: Client, method: str, url: str, headers: dict, body=None):
    """One API request with a JSON body (when given)."""
    kwargs = {"headers": headers}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method)(url, **kwargs)


def assert_api_refused(
    client: Client, headers: dict, method: str, url: str, body=None, *, status: int, code: str, state
) -> dict:
    """The request is refused with ``status`` and the stable ``code``, a Chinese message, and ``state()`` (what the
    endpoint could write) is unchanged."""
    before = state()
    response = api_call(client, method, url, headers, body)
    assert response.status_code == status, response.content.decode()
    data = response.json()
    assert data["code"] == code, data
    assert is_chinese(data["message"]), data
    assert state() == before, "a refused request must write nothing"
    return data
