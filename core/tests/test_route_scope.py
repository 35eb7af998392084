"""Every route that names an object has an out-of-scope case in its app's table (``<app>/tests/scope_cases.py``),
and every case answers 404: a new page or endpoint cannot ship unscoped.

The walk (``core.routes``) finds page routes with a path converter and API operations with a path parameter; a route
without a case, or a case naming a route that no longer exists, fails ``test_every_object_route_has_a_case``.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import clear_url_caches, path

from core.routes import object_routes
from core.testing import ScopeTable, run_probe


def local_apps() -> list[str]:
    from pathlib import Path

    return [a.label for a in apps.get_app_configs() if Path(a.path).parent == Path(settings.BASE_DIR)]


def load_table(app: str) -> ScopeTable | None:
    try:
        module = importlib.import_module(f"{app}.tests.scope_cases")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"{app}.tests", f"{app}.tests.scope_cases"):
            raise
        return None
    return module.table


def problems(routes, tables: dict[str, ScopeTable | None]) -> list[str]:
    """What is wrong between the routes and the tables: routes without a case, cases without a route."""
    found = []
    keys = {r.key for r in routes}
    for route in routes:
        table = tables.get(route.app)
        if table is None:
            found.append(f"{route.app}: no scope table ({route.app}/tests/scope_cases.py) for {route.key}")
        elif route.key not in table.cases and route.key not in table.exempt_reasons:
            found.append(f"{route.app}: no out-of-scope case for {route.key}")
    for app, table in tables.items():
        for key in [*(table.cases if table else ()), *(table.exempt_reasons if table else ())]:
            if key not in keys:
                found.append(f"{app}: the table names {key}, which is not a route that takes an object")
    return found


def test_every_object_route_has_a_case():
    tables = {app: load_table(app) for app in local_apps()}
    assert not problems(object_routes(), tables), "\n".join(problems(object_routes(), tables))


def _view(request, pk):  # pragma: no cover - never requested
    raise AssertionError


urlpatterns = [path("orgs/<int:pk>/secret/", _view, name="unlisted")]


def test_a_route_without_a_case_fails_the_walk(settings):
    """The test of the test: a page route that takes an id and is in no table is reported."""
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    try:
        found = problems(object_routes(), {app: load_table(app) for app in local_apps()})
    finally:
        clear_url_caches()
    assert any("no out-of-scope case for unlisted" in p or "for unlisted" in p for p in found), found
    # and a case for a route that does not exist is reported too
    stale = ScopeTable("orgs")
    stale.exempt("GET /api/v1/orgs/{code}/gone", "x")
    assert any("gone" in p for p in problems(object_routes(), {"orgs": stale}))


@pytest.mark.parametrize("app", sorted(local_apps()))
def test_out_of_scope_answers_404(app, tree, users, login, bearer):
    table = load_table(app)
    if table is None:
        return  # the walk above fails for an app with object routes and no table; this app has none
    w = SimpleNamespace(tree=tree, users=users, login=login, bearer=bearer)
    table.build(w)
    failures = []
    for key, probe in table.probes(w):
        response = run_probe(probe, login, bearer)
        if response.status_code != 404:
            failures.append(f"{key}: {probe!r} -> {response.status_code}")
    assert not failures, "out-of-scope requests must answer 404:\n" + "\n".join(failures)
