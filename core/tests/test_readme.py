"""The README points only inside the repository, and every file it names exists."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"```\s*\nmake run\nmake test\n```", text), "the README starts with `make run` and `make test`"
    assert text.index("make run") < 200


def test_readme_links_stay_inside_the_repository():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    outside = re.findall(r"\.\./[^\s`)]+", text)
    local = re.compile(r"https?://(127\.0\.0\.1|localhost)")
    links = [u for u in re.findall(r"https?://[^\s>)`]+", text) if not local.match(u)]
    assert not outside and not links, f"links outside the repository: {outside + links}"
    named = set(re.findall(r"`((?:docs|bench|scripts|config|core|\.ci)/[^`\s]*)`", text))
    missing = [p for p in named if not (ROOT / p.rstrip("/")).exists() and "<" not in p and "*" not in p]
    assert not missing, f"the README names files that do not exist: {missing}"
