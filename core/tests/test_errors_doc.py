"""Error codes are declared once per app and ``docs/errors.md`` is generated from the declarations."""

import pytest
from django.core.management import CommandError, call_command

from core.errors import ErrorCodes, PermissionDeniedError
from core.management.commands.export_errors import DEFAULT_PATH, render


def test_committed_errors_doc_is_up_to_date():
    committed = DEFAULT_PATH.read_text(encoding="utf-8") if DEFAULT_PATH.exists() else ""
    assert committed == render(), "docs/errors.md is out of date: run `python manage.py export_errors` and commit it"


def test_check_mode_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "errors.md"
    stale.write_text("# old\n", encoding="utf-8")
    with pytest.raises(CommandError, match="export_errors"):
        call_command("export_errors", "--check", path=stale)
    call_command("export_errors", path=stale)
    call_command("export_errors", "--check", path=stale)


def test_a_declared_code_builds_its_error_with_parameters_and_field():
    codes = ErrorCodes("testapp", "测试")
    try:
        too_many = codes.define("too_many", "最多 %(n)s 个", status=409)
        error = too_many(n=3, field="count")
        assert (error.code, str(error.message), error.status, error.field) == ("too_many", "最多 3 个", 409, "count")
        assert error.as_dict() == {"code": "too_many", "message": "最多 3 个", "field": "count"}
        with pytest.raises(ValueError):
            codes.define("too_many", "别的说法")
    finally:
        from core.errors import CATALOGUES

        CATALOGUES.pop("testapp")


def test_permission_denied_is_also_djangos(tree, users):
    from django.core.exceptions import PermissionDenied

    from core.scoping import require

    with pytest.raises(PermissionDeniedError) as caught:
        require(users.union, "orgs.move", tree.union_a1)
    assert isinstance(caught.value, PermissionDenied) and caught.value.status == 403
    assert caught.value.code == "permission_denied"


# --- No code literal outside errors.py --------------------------------------------------------------------------


def literal_codes(root) -> list[str]:
    """``path:line code`` of every ``DomainError`` (or subclass) built with a string literal code in the non-test
    Python files of the project's packages under ``root``, outside ``errors.py`` files (where codes are declared)."""
    import ast
    from pathlib import Path

    packages = [d for d in sorted(Path(root).iterdir()) if (d / "__init__.py").exists() and not d.is_symlink()]
    files = [
        p
        for package in packages
        for p in sorted(package.rglob("*.py"))
        if "tests" not in p.relative_to(root).parts and "migrations" not in p.relative_to(root).parts
    ]
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), filename=str(p)) for p in files}

    def name_of(node) -> str | None:
        return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None

    # DomainError and every class of the project derived from it (to a fixed point).
    classes = {"DomainError"}
    while True:
        more = {
            node.name
            for tree in trees.values()
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and any(name_of(b) in classes for b in node.bases)
        }
        if more <= classes:
            break
        classes |= more
    found = []
    for path, tree in trees.items():
        if path.name == "errors.py":
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and name_of(node.func) in classes):
                continue
            code = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "code"), None)
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.append(f"{path.relative_to(root)}:{node.lineno} {code.value}")
    return found


def test_no_error_code_literal_outside_errors_py(settings):
    """docs/layout.md: every code an app raises is declared in its errors.py (so docs/errors.md lists it) and raised
    as ``errors.NAME(...)``, never as ``DomainError("code", …)``."""
    found = literal_codes(settings.BASE_DIR)
    assert not found, "declare these codes in the app's errors.py and raise errors.NAME(...):\n" + "\n".join(found)


def test_a_literal_code_is_found(tmp_path):
    """The test of the test: a literal code in a service, also through a subclass, is reported; errors.py, tests and
    a variable code are not."""
    shop = tmp_path / "shop"
    (shop / "tests").mkdir(parents=True)
    (shop / "__init__.py").write_text("")
    (shop / "errors.py").write_text('X = DomainError("declared", "x")\n')
    (shop / "models.py").write_text("class Refused(DomainError):\n    pass\n\nclass Worse(Refused):\n    pass\n")
    (shop / "services.py").write_text(
        'def a():\n    raise DomainError("sold_out", "卖完了")\n\n'
        'def b(code):\n    raise DomainError(code, "x")\n\n'
        'def c():\n    raise Worse(code="late", message="晚了")\n'
    )
    (shop / "tests" / "test_x.py").write_text('DomainError("in_a_test", "x")\n')
    assert literal_codes(tmp_path) == ["shop/services.py:2 sold_out", "shop/services.py:8 late"]
