"""The error codes each API operation can answer, named in the OpenAPI document as ``x-error-codes``.

Three sources, merged per operation:

- **derived**: the codes the endpoint's own code reaches. The endpoint function is read (its source, parsed), and so
  is every function of the project it calls by name (``services.register``, ``_pending``, ``require`` …),
  transitively; every declared ``ErrorCode`` they name (``errors.ACTIVITY_FULL``, ``PERMISSION_DENIED``) is a code
  the endpoint can answer. A new refusal in a service shows up in the schema of every endpoint that calls it, with
  no list to keep up to date by hand. Calls the reading cannot follow (a method of an object, a function passed in)
  are what ``raises`` is for;
- **declared**: ``@raises(errors.X, …)`` on an endpoint adds codes the reading cannot see;
- **generic**: what the API's own machinery answers: the request checks every operation goes through
  (``bad_request``, ``invalid_request``, ``payload_too_large``, ``unsupported_media_type``, ``too_many_requests``,
  ``server_error``), by the statuses the operation documents (403 ``permission_denied``, 404 ``not_found``),
  ``unauthorized`` when it needs a token, ``staff_only`` when it needs a staff token, and ``busy`` on writes (a row
  lock not granted in time).

``core/tests/test_openapi_codes.py`` checks that every operation names its codes and that each is declared in an
app's ``errors.py`` (docs/errors.md).
"""

import ast
import inspect
import textwrap
import types
from functools import cache

from django.conf import settings

from . import errors as core_errors
from .errors import ErrorCode

# Answered by the API's machinery for any operation (core.middleware, config/api.py's handlers).
ALWAYS = (
    core_errors.BAD_REQUEST,
    core_errors.INVALID_REQUEST,
    core_errors.PAYLOAD_TOO_LARGE,
    core_errors.UNSUPPORTED_MEDIA_TYPE,
    core_errors.TOO_MANY_REQUESTS,
    core_errors.SERVER_ERROR,
)
# By the statuses an operation documents (``with_errors`` / ``public_errors``).
BY_STATUS = {
    403: (core_errors.PERMISSION_DENIED,),
    404: (core_errors.NOT_FOUND,),
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def raises(*codes: ErrorCode):
    """Declare codes an endpoint can answer that reading its code does not find (``x-error-codes``)."""

    def mark(func):
        func.__error_codes__ = (*getattr(func, "__error_codes__", ()), *codes)
        return func

    return mark


@cache
def _project_packages() -> frozenset[str]:
    from pathlib import Path

    from django.apps import apps

    base = Path(settings.BASE_DIR)
    return frozenset(config.name.split(".")[0] for config in apps.get_app_configs() if Path(config.path).parent == base)


def _resolve(node, namespace: dict):
    """The object a name or a dotted name (``errors.X``, ``services.register``) stands for in ``namespace``: modules
    and classes are looked into, nothing else (``request.user`` is not followed)."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, namespace)
        if isinstance(base, (types.ModuleType, type)):
            return getattr(base, node.attr, None)
    return None


@cache
def _direct(func) -> tuple[frozenset, tuple]:
    """The codes ``func`` names and the project functions it names, from its source."""
    try:
        source = textwrap.dedent(inspect.getsource(func))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        return frozenset(), ()
    namespace = {**func.__globals__}
    if func.__closure__:
        namespace.update(
            (name, cell.cell_contents)
            for name, cell in zip(func.__code__.co_freevars, func.__closure__, strict=False)
            if _has_contents(cell)
        )
    packages = _project_packages()
    codes, callees = set(), []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Name, ast.Attribute)):
            continue
        obj = _resolve(node, namespace)
        if isinstance(obj, ErrorCode):
            codes.add(obj)
        elif isinstance(obj, types.FunctionType) and obj.__module__.split(".")[0] in packages:
            callees.append(inspect.unwrap(obj))
    return frozenset(codes), tuple(callees)


def _has_contents(cell) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


def derived_codes(func) -> set[ErrorCode]:
    """Every declared code ``func`` and the project functions it calls (transitively) name, plus ``raises``."""
    func = inspect.unwrap(func)
    found: set[ErrorCode] = set(getattr(func, "__error_codes__", ()))
    seen, todo = set(), [func]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        codes, callees = _direct(current)
        found |= codes
        found |= set(getattr(current, "__error_codes__", ()))
        todo.extend(callees)
    return found


def operation_codes(operation, method: str, statuses, security=None) -> list[str]:
    """The ``x-error-codes`` of one operation: derived, declared and generic codes, sorted."""
    found = set(ALWAYS) | derived_codes(operation.view_func)
    for status in statuses:
        found |= set(BY_STATUS.get(int(status), ()))
    schemes = {name for requirement in security or () for name in requirement}
    if schemes:  # a token is needed: a missing, wrong or expired one is refused
        found.add(core_errors.UNAUTHORIZED)
    if "StaffBearerToken" in schemes:
        found.add(core_errors.STAFF_ONLY)
    if method.upper() in WRITES:
        found.add(core_errors.BUSY)
    return sorted({code.code for code in found})


def add_error_codes(api, schema) -> None:
    """Write ``x-error-codes`` into every operation of ``schema`` (the OpenAPI document of ``api``)."""
    by_id = {}
    for _prefix, router in api._routers:
        for operation in _operations(router):
            by_id[operation.operation_id or api.get_openapi_operation_id(operation)] = operation
    for path_item in schema.get("paths", {}).values():
        for method, details in path_item.items():
            operation = by_id.get(details.get("operationId"))
            if operation is not None:
                details["x-error-codes"] = operation_codes(
                    operation, method, details.get("responses", {}), details.get("security")
                )


def _operations(router):
    for path_view in router.path_operations.values():
        yield from path_view.operations
    for _prefix, sub in getattr(router, "_routers", []):
        yield from _operations(sub)
