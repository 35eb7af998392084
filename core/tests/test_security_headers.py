"""Browser security headers on a console page, a member page and an API answer: a Content-Security-Policy the
pages satisfy (scripts and styles from this site, inline ones only with the response's nonce), a
Permissions-Policy, no caching of answers that carry personal data, and no CSRF cookie on the API."""

import re

import pytest
from django.urls import reverse


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response):
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    for directive in ("script-src", "style-src-elem"):
        sources = policy[directive]
        assert "'self'" in sources and "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
        assert not [s for s in sources if s.startswith("http")], "no third-party origin (no CDN)"
    assert "camera=(self)" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]


def inline_scripts_carry_the_nonce(response):
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        if 'type="application/json"' in tag:
            continue
        assert nonce and f'nonce="{nonce.group(1)}"' in tag, tag
    assert not re.search(r"\son(click|submit|change|load|input)=", html), "no inline event handlers"


def test_console_page(tree, users, login):
    response = login(users.town).get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert_strict(response)
    inline_scripts_carry_the_nonce(response)
    assert response["Cache-Control"] == "no-store"


def test_member_pages(tree, client):
    home = client.get(reverse("member_home"))
    assert_strict(home)
    assert "no-store" not in home.get("Cache-Control", ""), "the public home page holds nothing personal"
    submit = client.get(reverse("appeals:submit"))
    assert_strict(submit)
    inline_scripts_carry_the_nonce(submit)
    assert submit["Cache-Control"] == "no-store"


def test_api_answer(tree, users, bearer, client):
    response = client.get("/api/v1/orgs", headers=bearer(users.town))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store" and "Permissions-Policy" in response
    assert "csrftoken" not in response.cookies


def test_api_token_answer_sets_no_csrf_cookie(tree, users, client):
    users.town.set_password("Passw0rd!x")
    users.town.save()
    response = client.post(
        "/api/v1/auth/token", {"username": "town", "password": "Passw0rd!x"}, content_type="application/json"
    )
    assert response.status_code == 200 and "csrftoken" not in response.cookies
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/api/v1/docs", "/api/v1/openapi.json"])
def test_the_api_docs_load_nothing_from_a_cdn(client, path):
    response = client.get(path)
    assert response.status_code == 200
    if path.endswith("docs"):
        html = response.content.decode()
        assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
        assert not re.search(r"https?://", html.replace("http://testserver", "")), "no CDN on the docs page"
