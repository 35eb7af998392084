"""Acceptance 3 (health): ``/healthz`` reports each component and answers 503 when one is down."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from ops.services import backup

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _redis_url():
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("STRICT") == "1":
            pytest.fail(f"Redis is not reachable at {url} (STRICT=1: nothing may be skipped)")
        pytest.skip(f"Redis is not reachable at {url}")
    return url


def _get(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_every_component_reported(client, db, db_queue):
    status, body = _get(client)
    assert status == 200 and body["status"] == "ok"
    assert {k: body[k] for k in ("database", "cache", "tasks", "disk", "backup")} == {
        "database": "ok",
        "cache": "off",  # no Redis configured in tests
        "tasks": "ok",
        "disk": "ok",
        "backup": "off",  # no BACKUP_DIR
    }
    assert body["details"]["tasks"]["waiting"] == 0
    assert body["details"]["disk"]["free_bytes"] > 0


def test_a_broken_database_fails(client, db, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise RuntimeError("database down")

    with monkeypatch.context() as patched:
        patched.setattr(CursorWrapper, "execute", broken)
        status, body = _get(client)
    assert status == 503
    assert body["status"] == "error" and body["database"] == "error"


def test_redis_cache_checked_when_configured(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url()}}
    status, body = _get(client)
    assert (status, body["cache"]) == (200, "ok")

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": UNREACHABLE_REDIS}
    }
    status, body = _get(client)
    assert (status, body["status"], body["cache"]) == (503, "error", "error")
    assert body["database"] == "ok"


def test_the_queue_is_checked_and_its_age_reported(client, db, db_queue):
    from django_tasks_db.models import DBTaskResult

    from core.tasks import check_database

    result = check_database.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - timedelta(hours=1))
    status, body = _get(client)
    # No worker for an hour: a warning (registrations still work), not a reason to take the web out of service.
    assert (status, body["tasks"]) == (200, "warning")
    assert body["details"]["tasks"]["waiting"] == 1 and body["details"]["tasks"]["oldest_seconds"] >= 3600


def test_an_unreachable_rq_queue_fails(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": UNREACHABLE_REDIS, "DEFAULT_TIMEOUT": 60}}
    status, body = _get(client)
    assert (status, body["tasks"]) == (503, "error")


def test_rq_queue_reachable(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": _redis_url(), "DEFAULT_TIMEOUT": 60}}
    status, body = _get(client)
    assert (status, body["tasks"]) == (200, "ok")


def test_a_full_disk_fails(client, db, settings):
    settings.HEALTH_MIN_FREE_DISK_BYTES = 10**18  # an exabyte free: no disk here has that
    status, body = _get(client)
    assert (status, body["disk"]) == (503, "error")


def test_the_last_backup_is_reported(client, db, settings, tmp_path):
    settings.BACKUP_DIR = str(tmp_path)
    status, body = _get(client)
    assert (status, body["backup"]) == (200, "warning")  # none yet

    old = tmp_path / backup.archive_name(timezone.now() - timedelta(days=3))
    old.write_bytes(b"x" * 10)
    status, body = _get(client)
    assert (status, body["backup"]) == (200, "warning")
    assert body["details"]["backup"]["name"] == old.name

    fresh = tmp_path / backup.archive_name(timezone.now() - timedelta(hours=2))
    fresh.write_bytes(b"x" * 20)
    status, body = _get(client)
    assert (status, body["backup"]) == (200, "ok")
    assert body["details"]["backup"]["size_bytes"] == 20


def test_a_load_balancer_may_ask_for_some_components_only(client, db, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": UNREACHABLE_REDIS}
    }
    assert _get(client)[0] == 503
    response = client.get("/healthz?only=database,disk")
    assert response.status_code == 200
    body = response.json()
    assert (body["database"], body["disk"]) == ("ok", "ok") and "cache" not in body
    assert client.get("/healthz?only=cache").status_code == 503
