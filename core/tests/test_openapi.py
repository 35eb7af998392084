"""The committed ``docs/openapi.json`` is the live API schema, so every API change shows up in review."""

import json

import pytest
from django.core.management import CommandError, call_command

from core.management.commands.export_openapi import DEFAULT_PATH, render_schema


def test_committed_schema_is_up_to_date():
    committed = DEFAULT_PATH.read_text(encoding="utf-8") if DEFAULT_PATH.exists() else ""
    assert committed == render_schema(), (
        "docs/openapi.json is out of date: run `python manage.py export_openapi` (or `make openapi`) and commit it"
    )


def test_schema_is_described_in_chinese():
    schema = json.loads(render_schema())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            summary = operation.get("summary", "")
            assert any("\u4e00" <= ch <= "\u9fff" for ch in summary), f"{method.upper()} {path} needs a Chinese summary"


def test_check_mode_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "openapi.json"
    stale.write_text("{}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="export_openapi"):
        call_command("export_openapi", "--check", path=stale)
    call_command("export_openapi", path=stale)
    call_command("export_openapi", "--check", path=stale)
