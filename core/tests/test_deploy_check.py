"""The production settings pass Django's deployment checklist with no warnings, on a fresh VAR_DIR."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# Variables that would make the check look at this machine's configuration rather than the defaults.
# DJANGO_ALLOW_ASYNC_UNSAFE is set in this process by the browser tests (Playwright), never in a deployment.
LOCAL_SETTINGS = {
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "PII_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def test_check_deploy_is_clean(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in LOCAL_SETTINGS and not k.startswith("SECURE_")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", "VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "WARNING" not in output and "(security." not in output, output
    assert "System check identified no issues" in output
    # The secrets were generated into the temporary VAR_DIR, not taken from the checkout.
    assert (tmp_path / "secret_key").exists()
