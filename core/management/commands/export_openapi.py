"""``manage.py export_openapi``: write the API's OpenAPI schema to ``docs/openapi.json`` (``--check``: only compare).

The committed file lets reviewers see every API change in a diff and lets clients be generated without running
the server; ``core/tests/test_openapi.py`` fails when it is out of date.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEFAULT_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def render_schema() -> str:
    """The live schema as stable, diff-friendly JSON: sorted keys, real Chinese characters, a final newline."""
    from config.api import api

    # default=str: descriptions built from translatable labels may still be lazy strings.
    return json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


class Command(BaseCommand):
    help = "把 API 的 OpenAPI 描述写入 docs/openapi.json；加 --check 只检查文件是否最新"

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DEFAULT_PATH, help="输出文件（默认 docs/openapi.json）")
        parser.add_argument("--check", action="store_true", help="只比较，不写入；文件过期时以非零状态退出")

    def handle(self, *args, path: Path, check: bool, **options):
        """Write the schema, or with ``--check`` fail when the file differs from it."""
        schema = render_schema()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if check:
            if current != schema:
                raise CommandError(f"{path} 已过期，请运行 python manage.py export_openapi 并提交该文件")
            self.stdout.write(f"{path} 是最新的")
            return
        if current == schema:
            self.stdout.write(f"{path} 无变化")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"已写入 {path}"))
