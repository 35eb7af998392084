"""`make run`'s serving path, end to end: migrate, seed the demo once, collect static files and serve with
gunicorn from a fresh VAR_DIR, as a fresh clone would. Runs against SQLite in a temporary folder."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}},
        "VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "2",
    }
    manage = [sys.executable, "manage.py"]
    for args in (
        ["migrate", "--noinput", "-v", "0"],
        ["seed_demo", "--once", "--force"],
        ["seed_demo", "--once", "--force"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        done = subprocess.run(manage + args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr + done.stdout
    logins = subprocess.run(manage + ["demo_logins"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    log = (var / "serve.log").open("w")
    # The script `make run` ends with: gunicorn plus the background-task worker, in their own process group.
    server = subprocess.Popen(
        ["bash", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # workers import Django first: slow on a loaded machine
    while time.monotonic() < deadline:
        try:
            if _get(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        os.killpg(server.pid, signal.SIGKILL)
        pytest.fail("gunicorn did not come up:\n" + (var / "serve.log").read_text())
    yield base, logins.stdout, var
    os.killpg(server.pid, signal.SIGTERM)
    try:
        # gunicorn lets workers finish for up to its graceful timeout (30 s); a loaded machine may need it all.
        server.wait(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        pytest.fail("the server did not stop within 45 s of SIGTERM:\n" + (var / "serve.log").read_text()[-3000:])
    log.close()


def test_secrets_are_generated_into_var(served):
    _, _, var = served
    for name in ("secret_key", "pii_key"):
        path = var / name
        assert len(path.read_text()) >= 50
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert (var / "db.sqlite3").exists()


def test_demo_logins_are_printed(served):
    _, out, _ = served
    for user in ("admin", "district", "town", "union", "Demo@2026", "http://127.0.0.1:8000"):
        assert user in out


def test_health_login_and_static_files_are_served(served):
    base, _, _ = served
    status, body, headers = _get(base + "/healthz")
    assert (status, headers.get("X-Request-ID") is not None) == (200, True)
    status, body, _ = _get(base + "/accounts/login/")
    assert status == 200 and "工作人员登录" in body
    css = body.split('href="/static/vendor/bootstrap/')[1].split('"')[0]
    status, _, headers = _get(base + "/static/vendor/bootstrap/" + css)
    assert status == 200 and "max-age" in headers.get("Cache-Control", "")
    status, body, _ = _get(base + "/api/v1/openapi.json")
    assert status == 200 and '"openapi"' in body


def test_debug_is_off_and_errors_are_chinese(served):
    base, _, _ = served
    status, body, _ = _get(base + "/no-such-page/")
    assert status == 404 and "页面不存在" in body and "Traceback" not in body


def test_background_tasks_run_beside_the_server(served):
    """Imports and exports are background tasks: the worker started next to gunicorn picks them up."""
    _, _, var = served
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}},
        "VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
    }
    enqueue = "from core.tasks import check_database; print(check_database.enqueue().id)"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", enqueue],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    task_id = done.stdout.strip().splitlines()[-1]
    check = f"from core.tasks import check_database; r = check_database.get_result({task_id!r}); print(r.status)"
    deadline = time.monotonic() + 90  # workers import Django first: slow on a loaded machine
    status = ""
    while time.monotonic() < deadline:
        status = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", check],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.strip()
        if status.endswith("SUCCESSFUL"):
            break
        time.sleep(1)
    assert status.endswith("SUCCESSFUL"), status
