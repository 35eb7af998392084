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


# --- Out-of-scope cases of every route that names an object -----------------------------------------------------
# Each app lists, in ``<app>/tests/scope_cases.py``, how to ask each of its object routes for an object outside the
# asker's scope (``core/tests/test_route_scope.py`` walks every route and fails when one has no case, then runs them
# all: each must answer 404). Example::
#
#     table = ScopeTable("orgs")
#
#     @table.world
#     def world(w):  # w carries tree, users, login, bearer; add what the probes need
#         w.foreign = w.tree.union_b1
#
#     table.pages(["orgs:detail", "orgs:edit"], args=lambda w: [w.foreign.pk], user=lambda w: w.users.town)
#     table.api(["GET /api/v1/orgs/{code}"], params=lambda w: {"code": w.foreign.code}, user=lambda w: w.users.town)


class Probe:
    """One request that must answer 404: ``method`` ``url`` as ``user`` (a page session, or an API token with
    ``api=True``; ``user=None``: anonymous), with an optional body (form data for pages, JSON for the API)."""

    def __init__(self, method: str, url: str, *, user=None, api: bool = False, body=None, headers=None):
        self.method, self.url, self.user, self.api, self.body = method.lower(), url, user, api, body
        self.headers = headers or {}

    def __repr__(self) -> str:
        return f"{self.method.upper()} {self.url} as {self.user or 'anonymous'}"


class ScopeTable:
    """An app's out-of-scope cases, keyed like ``core.routes`` keys routes. ``exempt`` routes carry a reason (a
    public page that takes a signed token, say) instead of a case."""

    def __init__(self, app: str):
        self.app = app
        self.cases: dict[str, list] = {}
        self.exempt_reasons: dict[str, str] = {}
        self._world = None

    def world(self, fn):
        """Decorate the function that builds the objects outside the probes' scope (called once per run)."""
        self._world = fn
        return fn

    def build(self, w) -> None:
        if self._world is not None:
            self._world(w)

    def add(self, key: str, probes) -> None:
        """``probes(w)`` returns a Probe or a list of them for the route ``key``."""
        self.cases.setdefault(key, []).append(probes)

    def pages(self, keys, *, args, user, methods=("get", "post"), data=None) -> None:
        """Page routes: each reversed with ``args(w)`` and requested by ``user(w)`` with every method (a form POST
        carries ``data(w)`` when given, so it is the scope and not the form that refuses)."""
        from django.urls import reverse

        for key in keys:
            self.add(
                key,
                lambda w, key=key: [
                    Probe(m, reverse(key, args=args(w)), user=user(w), body=data(w) if data and m == "post" else None)
                    for m in methods
                ],
            )

    def api(self, keys, *, params, user, body=None) -> None:
        """API operations: the path's parameters filled from ``params(w)``, requested with ``user(w)``'s token and,
        for writes, the JSON ``body(w)`` (a valid body, so the scope and not the schema refuses)."""
        for key in keys:
            method, path = key.split(" ", 1)

            def probe(w, method=method, path=path):
                return Probe(
                    method,
                    path.format(**params(w)),
                    user=user(w),
                    api=True,
                    body=(body(w) if body else {}) if method in ("POST", "PATCH", "PUT") else None,
                )

            self.add(key, probe)

    def exempt(self, key: str, reason: str) -> None:
        self.exempt_reasons[key] = reason

    def probes(self, w) -> list[tuple[str, Probe]]:
        found = []
        for key, makers in self.cases.items():
            for make in makers:
                made = make(w)
                for p in made if isinstance(made, list) else [made]:
                    found.append((key, p))
        return found


def run_probe(probe: Probe, login, bearer):
    """Send one probe as its user; returns the response."""
    if probe.api:
        client = Client()
        headers = {**(bearer(probe.user) if probe.user is not None else {}), **probe.headers}
        return api_call(client, probe.method, probe.url, headers, probe.body)
    client = login(probe.user) if probe.user is not None else Client()
    kwargs = {"headers": probe.headers}
    if probe.body is not None:
        kwargs["data"] = probe.body
    return getattr(client, probe.method)(probe.url, **kwargs)


# --- Real concurrency ---------------------------------------------------------------------------------------------

FLOOD_WORKERS = 32  # concurrent connections; PostgreSQL's default limit is 100


def run_at_once(calls, *, workers: int = FLOOD_WORKERS, errors=None):
    """Run the callables in threads, each with its own database connection, the first wave (one per worker) released
    together by a barrier; returns ``(results, error codes)``. ``DomainError``s (and any exception class in
    ``errors``) are collected as their ``code`` (or class name); anything else propagates. Later calls start as soon
    as a worker is free, so the pool stays saturated. Use with ``pytest.mark.django_db(transaction=True)``."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import close_old_connections, connection

    from .errors import DomainError

    caught = (DomainError, *(errors or ()))
    wave = min(workers, len(calls))
    barrier = threading.Barrier(wave) if wave else None

    def one(index_and_fn):
        index, fn = index_and_fn
        try:
            if index < wave:
                barrier.wait(timeout=30)
            return fn(), None
        except caught as exc:
            return None, getattr(exc, "code", type(exc).__name__)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=max(wave, 1)) as pool:
        outcomes = list(pool.map(one, enumerate(calls)))
    close_old_connections()
    return [r for r, _ in outcomes if r is not None], [e for _, e in outcomes if e is not None]
