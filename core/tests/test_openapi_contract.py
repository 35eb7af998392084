"""The API contract (issue 13): every schema component has one meaning. django-ninja files the schemas of all
operations under their class names in one ``components.schemas`` table, the last one winning; two classes named
``Status`` (the appeals' and the transfers') made clients generated from the schema reject real answers."""

import json

from ninja.openapi.schema import OpenAPISchema


def test_every_component_name_is_unique(monkeypatch):
    from config.api import api

    seen: dict[str, str] = {}
    clashes: dict[str, set[str]] = {}
    original = OpenAPISchema.add_schema_definitions

    def record(self, definitions):
        for name, definition in definitions.items():
            text = json.dumps(definition, sort_keys=True, ensure_ascii=False)
            if name in seen and seen[name] != text:
                clashes.setdefault(name, {seen[name]}).add(text)
            seen.setdefault(name, text)
        return original(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", record)
    api.get_openapi_schema()
    assert not clashes, "component names used by different schemas: " + ", ".join(sorted(clashes))


def test_every_operation_id_is_unique():
    """``<app>_api_<function>`` is unique only while no two audience modules of an app name an endpoint alike (the
    places' public and staff ``get_place`` once shared one id, which generated clients collapse into one method)."""
    from collections import Counter

    from core.management.commands.export_openapi import render_schema

    schema = json.loads(render_schema())
    ids = Counter(op["operationId"] for operations in schema["paths"].values() for op in operations.values())
    assert not [i for i, n in ids.items() if n > 1], "duplicate operation ids: " + ", ".join(
        sorted(i for i, n in ids.items() if n > 1)
    )


def test_every_operation_with_a_body_documents_400():
    """A body that is not JSON answers 400 ``invalid_request`` on any operation that reads one; the fuzz run found
    three operations (care payouts and reviews, the places' door scan) that did not say so."""
    from core.management.commands.export_openapi import render_schema

    schema = json.loads(render_schema())
    missing = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation and "400" not in operation["responses"]
    ]
    assert not missing, "operations reading a body without a documented 400: " + ", ".join(missing)
