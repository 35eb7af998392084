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
