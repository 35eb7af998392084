"""Every route of the platform that names an object, so a test can require an out-of-scope case for each.

A page route names an object when its pattern has a path converter (``orgs/<int:pk>/``); an API operation when its
path has a parameter (``/activities/{activity_id}``). Each route is keyed the way the apps' scope tables name it:
a page by its namespaced URL name (``orgs:detail``), an API operation by method and path
(``GET /api/v1/activities/{activity_id}``). The app is the one whose module defines the view.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "/api/v1"


@dataclass(frozen=True, order=True)
class Route:
    app: str
    key: str
    kind: str  # "page" or "api"


def walk_patterns(patterns, namespace: str = "", prefix: str = ""):
    """(namespace, full pattern, URLPattern) of every route below ``patterns``."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from walk_patterns(p.url_patterns, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield namespace, prefix + str(p.pattern), p


def page_routes(urlconf=None) -> list[Route]:
    """Page routes (not the API's, not the Django admin's) whose pattern takes an object."""
    found = []
    for namespace, pattern, p in walk_patterns(get_resolver(urlconf).url_patterns):
        if namespace.split(":")[0] in ("api", "admin") or "<" not in pattern or not p.name:
            continue
        module = getattr(p.callback, "__module__", "") or ""
        found.append(Route(module.split(".")[0], f"{namespace}:{p.name}" if namespace else p.name, "page"))
    return sorted(set(found))


def _operations(router, prefix: str):
    for path, view in router.path_operations.items():
        for op in view.operations:
            yield prefix + path, op
    for sub_prefix, sub in getattr(router, "_routers", []):
        yield from _operations(sub, prefix + sub_prefix)


def api_routes(api=None) -> list[Route]:
    """API operations whose path takes a parameter."""
    if api is None:
        from config.api import api
    found = []
    for prefix, router in api._routers:
        for path, op in _operations(router, prefix):
            if "{" not in path:
                continue
            app = op.view_func.__module__.split(".")[0]
            for method in op.methods:
                found.append(Route(app, f"{method} {API_PREFIX}{path}", "api"))
    return sorted(set(found))


def object_routes(urlconf=None, api=None) -> list[Route]:
    return page_routes(urlconf) + api_routes(api)
