"""Metrics by declaration: ``reports`` imports no domain app, and a metric declared elsewhere (here by a test, on a
model no app reports on) appears in the 成绩单, the dashboard's sources and the rollups' watermark without any
change to ``reports``; a counted model the watermark does not watch fails the system check."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Count

import core.metrics as registry
from core.metrics.checks import metrics_watched
from orgs.models import Enterprise
from orgs.tests.factories import EnterpriseFactory
from reports import dashboard, rollups, scorecard
from reports.periods import year
from rights.models import Mediator

REPORTS = Path(settings.BASE_DIR) / "reports"
# The layers below the domain apps, which reports may use.
ALLOWED = {"core", "reports"}


def domain_apps() -> set[str]:
    """The project's own apps (inside the repository), but for core and reports."""
    base = Path(settings.BASE_DIR).resolve()
    # Top-level folders of the repository only: a virtualenv inside it (.venv/lib/…/django) is not ours.
    own = {c.name.split(".")[0] for c in apps.get_app_configs() if Path(c.path).resolve().parent == base}
    return own - ALLOWED


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append(node.module)
    return out


def test_reports_imports_no_domain_app():
    domain = domain_apps()
    assert {"orgs", "members", "activities", "appeals", "rights", "care", "places"} <= domain
    found = []
    for path in sorted(REPORTS.rglob("*.py")):
        if "tests" in path.relative_to(REPORTS).parts:
            continue
        for module in imported_modules(path):
            if module.split(".")[0] in domain:
                found.append(f"{path.relative_to(REPORTS.parent)}: {module}")
    assert not found, "reports imports domain apps: " + ", ".join(found)


def test_the_import_check_sees_a_domain_import(tmp_path):
    """The check above can fail: a module importing orgs (top level or inside a function) is caught."""
    module = tmp_path / "m.py"
    module.write_text("import core\n\ndef f():\n    from orgs.models import Org\n", encoding="utf-8")
    assert [m for m in imported_modules(module) if m.split(".")[0] in domain_apps()] == ["orgs.models"]


def test_every_counted_model_is_watched():
    assert registry.unwatched() == []
    assert metrics_watched() == []


def enterprises_chart(ctx) -> dict:
    rows = Enterprise.objects.filter(org__path__startswith=ctx.org.path).values("industry").annotate(n=Count("pk"))
    return {"labels": [r["industry"] for r in rows], "values": [r["n"] for r in rows], "links": [], "unit": "家"}


@pytest.fixture
def declared():
    """A figure declared the way an app's metrics.py does: counter, watch, metric and chart."""
    with registry.isolated():
        model = lambda: Enterprise  # noqa: E731
        registry.register_counter(
            registry.Counter(
                key="test.enterprises_entered",
                model=model,
                org="org",
                date="created_at",
                value=lambda f: Count("pk", filter=f),
                description="录入的企业",
            )
        )
        registry.register_watch(registry.Watch(key="test.enterprises", model=model, changed="updated_at"))
        registry.register_metric(
            registry.Metric(
                key="test.enterprises_entered",
                label="录入企业",
                unit="家",
                section="建功立业",
                definition="统计期间内录入企业名录的企业数。",
                inputs=("test.enterprises_entered",),
                breakdown=True,
            )
        )
        registry.register_chart(
            registry.Chart(key="test_enterprises", title="企业（按行业）", kind="ranking", data=enterprises_chart)
        )
        yield


def test_a_declared_metric_reaches_the_scorecard_dashboard_and_watermark(declared, tree, users):
    this_year = year(date.today().year)
    card = scorecard.build(tree.district, this_year)
    figures = {f.metric.key: f for f in card.figures}
    # The conftest tree registered an enterprise per union this year.
    entered = Enterprise.objects.filter(org__path__startswith=tree.district.path).count()
    assert entered and figures["test.enterprises_entered"].value == entered
    assert "建功立业" in [s.name for s in card.sections]
    assert "test.enterprises_entered" in [m.key for m in card.columns]

    charts = dashboard.charts(tree.district, this_year, user=users.district)
    assert "test_enterprises" in [s["key"] for s in charts["sources"]]
    assert sum(charts["test_enterprises"]["values"]) == entered

    mark = rollups.watermark()
    assert {"test.enterprises.max_id", "test.enterprises.count", "test.enterprises.changed"} <= set(mark)
    assert "test.enterprises_entered" in mark["layout"]

    # The rollups hold the new counter, answer it, and go stale when a watched row changes.
    rollups.rebuild()
    assert rollups.choose_source()[0] == rollups.ROLLUP
    card = scorecard.build(tree.district, this_year)
    assert card.source == rollups.ROLLUP
    assert {f.metric.key: f.value for f in card.figures}["test.enterprises_entered"] == entered
    EnterpriseFactory(org=tree.town_a)
    assert rollups.choose_source()[0] == rollups.RAW
    assert {f.metric.key: f.value for f in scorecard.build(tree.district, this_year).figures}[
        "test.enterprises_entered"
    ] == entered + 1


def test_a_counted_model_without_a_watch_fails_the_check(db):
    with registry.isolated():
        registry.register_counter(
            registry.Counter(
                key="test.mediators_entered",
                model=lambda: Mediator,
                org="org",
                date="created_at",
                value=lambda f: Count("pk", filter=f),
            )
        )
        assert registry.unwatched() == [("test.mediators_entered", "rights.Mediator")]
        errors = metrics_watched()
        assert [e.id for e in errors] == ["core.metrics.E001"] and "rights.Mediator" in errors[0].msg
    assert registry.unwatched() == []


def test_a_metric_names_one_of_the_five_sections():
    assert registry.SECTIONS == ("建功立业", "维权维稳", "关心关爱", "文化文明", "基层基础")
    with registry.isolated(), pytest.raises(ValueError, match="section"):
        registry.register_metric(
            registry.Metric(
                key="test.x", label="x", unit="件", section="组织建设", definition="", inputs=("appeals.received",)
            )
        )
