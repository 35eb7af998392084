"""Every domain app has the shape docs/layout.md describes: the required files, only the audience modules in
``views/`` and ``api/``, and no import of another app's private names. The apps are the project's own apps in
INSTALLED_APPS, less the infrastructure ones, so a new app is checked the day it is installed."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

# Infrastructure, exempt from the shape (docs/layout.md): conventions, the 成绩单 reading the metric declarations,
# and operations (backups, retention, key rotation, health).
INFRASTRUCTURE = {"core", "reports", "ops"}
# Each entry: a file, or alternatives ("services.py|services/"); a trailing "/" is a package.
REQUIRED = [
    "apps.py",
    "models.py",
    "errors.py",
    "services.py|services/",
    "selectors.py",
    "locking.py",
    "urls.py",
    "views/",
    "api/",
    "tests/factories.py",
    "tests/scope_cases.py",
]
AUDIENCES = {"staff", "member", "partner", "public"}
# Besides the audiences: the package's __init__, helpers the audience modules share, and the API's schemas.
ALLOWED = {"views": {"__init__", "common"}, "api": {"__init__", "common", "schemas"}}


def project_apps() -> dict[str, Path]:
    base = Path(settings.BASE_DIR)
    return {a.label: Path(a.path) for a in apps.get_app_configs() if Path(a.path).parent == base}


def domain_apps() -> dict[str, Path]:
    return {label: path for label, path in project_apps().items() if label not in INFRASTRUCTURE}


def _exists(app_dir: Path, entry: str) -> bool:
    if entry.endswith("/"):
        return (app_dir / entry / "__init__.py").exists()
    return (app_dir / entry).is_file()


def layout_problems(app_dir: Path) -> list[str]:
    """What ``app_dir`` lacks or holds against docs/layout.md."""
    name = app_dir.name
    found = []
    for entry in REQUIRED:
        if not any(_exists(app_dir, alt) for alt in entry.split("|")):
            found.append(f"{name}: missing {entry.replace('|', ' or ')}")
    for layer, extra in ALLOWED.items():
        folder = app_dir / layer
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if child.name.startswith((".", "__pycache__")) or (child.is_file() and child.suffix != ".py"):
                continue
            stem = child.stem if child.is_file() else child.name
            if child.is_dir() and not (child / "__init__.py").exists():
                continue
            if stem not in AUDIENCES | extra:
                found.append(f"{name}: {layer}/{child.name} is not an audience module ({', '.join(sorted(AUDIENCES))})")
    init = app_dir / "api" / "__init__.py"
    if init.exists():
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assigned = {
            t.id
            for node in tree.body
            if isinstance(node, (ast.Assign, ast.AnnAssign))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)
        }
        if "ROUTERS" not in assigned:
            found.append(f"{name}: api/__init__.py defines no ROUTERS")
    return found


def private_imports(root: Path, packages: set[str]) -> list[str]:
    """``path:line`` where a non-test module of one of ``packages`` under ``root`` uses a private (underscore) name of
    another: ``from other.x import _y``, ``from other._x import y``, or ``other_module._y`` on a module imported from
    it."""
    found = []
    for package in sorted(packages):
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts or "tests" in path.relative_to(root).parts:
                continue  # tests may reach into what they set up
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            foreign_modules = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    parts = node.module.split(".")
                    if parts[0] == package or parts[0] not in packages:
                        continue
                    for alias in node.names:
                        if alias.name.startswith("_") or any(p.startswith("_") and p != "__init__" for p in parts):
                            found.append(f"{path.relative_to(root)}:{node.lineno} {node.module}.{alias.name}")
                        else:
                            foreign_modules.add(alias.asname or alias.name)
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        parts = alias.name.split(".")
                        if parts[0] != package and parts[0] in packages:
                            if any(p.startswith("_") for p in parts):
                                found.append(f"{path.relative_to(root)}:{node.lineno} {alias.name}")
                            foreign_modules.add(alias.asname or parts[0])
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                    and isinstance(node.value, ast.Name)
                    and node.value.id in foreign_modules
                    and not node.value.id[0].isupper()  # a class: Model._meta is Django's public API
                ):
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_the_domain_apps_are_the_installed_ones():
    """The discovery the other tests rely on finds today's apps (a new app joins them by being installed)."""
    assert {"orgs", "members", "activities", "appeals", "accounts", "rights", "care", "places"} <= set(domain_apps())
    assert not INFRASTRUCTURE & set(domain_apps())


@pytest.mark.parametrize("app", sorted(domain_apps()))
def test_every_domain_app_has_the_layout(app):
    problems = layout_problems(domain_apps()[app])
    assert not problems, "docs/layout.md:\n" + "\n".join(problems)


def test_no_module_imports_another_apps_private_names():
    root = Path(settings.BASE_DIR)
    found = private_imports(root, set(project_apps()))
    assert not found, "a module uses another app's private name (move it to core or make it public):\n" + "\n".join(
        found
    )


# --- The tests of the tests ---------------------------------------------------------------------------------------


def _fake_app(tmp_path) -> Path:
    """A complete fake app: every required file, audience modules only."""
    app = tmp_path / "shop"
    for entry in REQUIRED:
        first = entry.split("|")[0]
        target = app / first / "__init__.py" if first.endswith("/") else app / first
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    (app / "api" / "__init__.py").write_text("ROUTERS = []\n")
    (app / "views" / "staff.py").touch()
    (app / "api" / "schemas.py").touch()
    return app


def test_a_complete_fake_app_passes_and_a_missing_file_fails(tmp_path):
    app = _fake_app(tmp_path)
    assert layout_problems(app) == []
    (app / "locking.py").unlink()
    (app / "tests" / "scope_cases.py").unlink()
    assert layout_problems(app) == ["shop: missing locking.py", "shop: missing tests/scope_cases.py"]


def test_a_stray_module_and_a_missing_routers_fail(tmp_path):
    app = _fake_app(tmp_path)
    (app / "views" / "staff_more.py").touch()
    (app / "api" / "__init__.py").write_text("routers = []\n")
    (app / "services.py").unlink()
    (app / "services").mkdir()
    (app / "services" / "__init__.py").touch()  # services/ stands in for services.py
    assert layout_problems(app) == [
        "shop: views/staff_more.py is not an audience module (member, partner, public, staff)",
        "shop: api/__init__.py defines no ROUTERS",
    ]


def test_a_private_import_across_apps_is_found(tmp_path):
    for package in ("shop", "stock"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").touch()
    (tmp_path / "shop" / "services.py").write_text(
        "from stock.services import _reserve, reserve\n"
        "from stock import services as stock_services\n"
        "from shop import _own  # its own app: fine\n"
        "stock_services._release()\n"
        "stock_services.release()\n"
    )
    (tmp_path / "shop" / "tests").mkdir()
    (tmp_path / "shop" / "tests" / "test_x.py").write_text("from stock.services import _reserve\n")
    assert private_imports(tmp_path, {"shop", "stock"}) == [
        "shop/services.py:1 stock.services._reserve",
        "shop/services.py:4 stock_services._release",
    ]
