"""``docs/metrics.md`` is generated from the registry; the committed file must be current."""

import pytest
from django.core.management import CommandError, call_command

import core.metrics as registry
from reports.management.commands.generate_metrics_doc import DEFAULT_PATH, render


def test_committed_metrics_doc_is_up_to_date():
    committed = DEFAULT_PATH.read_text(encoding="utf-8") if DEFAULT_PATH.exists() else ""
    assert committed == render(), (
        "docs/metrics.md is out of date: run `python manage.py generate_metrics_doc` and commit it"
    )


def test_every_metric_is_documented_with_its_key_and_definition():
    text = render()
    for metric in registry.metrics():
        assert f"`{metric.key}`" in text and metric.definition in text


def test_check_mode_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "metrics.md"
    stale.write_text("# old\n", encoding="utf-8")
    with pytest.raises(CommandError, match="generate_metrics_doc"):
        call_command("generate_metrics_doc", "--check", path=stale)
    call_command("generate_metrics_doc", path=stale)
    call_command("generate_metrics_doc", "--check", path=stale)
