"""Playwright driving Debian's Chromium against the live test server. Screenshots go to artifacts/screenshots/
(git-ignored), which CI keeps as artifacts."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run beside one unless told.
# The ORM calls here are the test's own set-up and checks, never concurrent with the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def shoot():
    """``shoot(page, "name")`` saves a full-page screenshot as artifacts/screenshots/name.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(phone=False)`` → a page in a fresh browser context (its own cookies) on the live server."""
    contexts = []

    def make(*, phone: bool = False):
        size = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
        context = browser.new_context(
            base_url=live_server.url, viewport=size, locale="zh-CN", is_mobile=phone, has_touch=phone
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        # Chromium reports what the Content-Security-Policy blocked on the console; any of it fails the test.
        page.on(
            "console",
            lambda msg: (
                blocked.append(f"{page.url}: {msg.text}")
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        return page

    blocked = []
    yield make
    for context in contexts:
        context.close()
    assert not blocked, "the Content-Security-Policy blocked something on a page:\n" + "\n".join(blocked)


def log_in(page, username: str, password: str = "Demo@2026") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/console/")
