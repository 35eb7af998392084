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
