"""Every console page (``/console/…``) asks a visitor who is not logged in to log in: a view that forgot its
``login_required`` would answer 403, 404 or a 500 to the anonymous instead (two did, after a merge moved their
decorators). The walk covers every route under ``console/``, with or without an object in its path."""

import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import get_resolver

from core.routes import walk_patterns

CONVERTERS = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}


def console_urls() -> list[str]:
    urls = []
    for namespace, pattern, _p in walk_patterns(get_resolver().url_patterns):
        if not pattern.startswith("console/") or namespace.split(":")[0] in ("api", "admin"):
            continue
        url = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTERS.get(m.group(1) or "str", "x"), pattern)
        urls.append(url.replace("^", "").replace("$", ""))
    return sorted(set(urls))


def test_the_walk_finds_the_console():
    urls = console_urls()
    assert len(urls) > 100 and "/console/unionlife/pairings/" in urls


@pytest.mark.django_db
def test_every_console_page_sends_the_anonymous_to_log_in(client):
    login = resolve_url(settings.LOGIN_URL)
    wrong = []
    for url in console_urls():
        response = client.get(url)
        if response.status_code == 405:  # a POST-only action: the anonymous POST must be sent to log in too
            response = client.post(url)
        if response.status_code != 302 or not response["Location"].startswith(login):
            wrong.append(f"{url}: {response.status_code}")
    assert not wrong, "console pages that do not ask the anonymous to log in:\n" + "\n".join(wrong)
