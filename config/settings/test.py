"""Tests: fast hashing, in-memory mail, inline background tasks; the database comes from DATABASE_URL."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["root"]["level"] = "WARNING"
SMS_BACKEND = "locmem"
NOTIFY_BACKEND = "locmem"

# SQLite tests use a database file, not the shared-cache memory database: concurrency tests open one connection
# per thread, and only a file gives them WAL and the busy timeout that production has. One file per test process
# (several suites may run at once on one machine); Django deletes it afterwards.
SCRATCH = Path(tempfile.gettempdir())
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(SCRATCH / f"union_test_{os.getpid()}.sqlite3")}

# Uploaded files (photos, import files, exports) of a test run go to a scratch folder, not var/media.
MEDIA_ROOT = SCRATCH / f"union_test_media_{os.getpid()}"

# PostgreSQL test databases are named after this checkout too, so suites of several checkouts (git worktrees) can
# run at once against one server without dropping each other's databases. pytest-xdist adds the worker suffix.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    import hashlib

    _checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:6]
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_checkout}"}

LOCK_ORDER_CHECK = True
