import os
import uuid

import pytest
from django.test import override_settings
from django_tasks import TaskResultStatus, task_backends

from core.tasks import check_database


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_and_a_worker_runs_the_task():
    from django.core.management import call_command

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        result = check_database.enqueue()
        assert result.status == TaskResultStatus.READY
        call_command("db_worker", batch=True, interval=0, verbosity=0)
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value["database"] == "ok"


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


@pytest.mark.django_db(transaction=True)
def test_rq_backend_runs_tasks_through_redis():
    """With TASK_BACKEND=rq, tasks go through Redis and an RQ worker runs them against the database."""
    import django_rq.queues
    from django_rq import get_worker
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    url = _redis_url()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}
    # The backend fetches results over the "default" queue's connection, so both point at the test Redis.
    rq_queues = {name: {"URL": url, "DEFAULT_TIMEOUT": 60} for name in ("default", queue)}
    with override_settings(RQ_QUEUES=rq_queues, TASKS=tasks):
        try:
            result = check_database.using(queue_name=queue).enqueue()
            backend = task_backends["default"]
            assert backend.get_result(result.id).status == TaskResultStatus.READY
            get_worker(queue, job_class=Job, worker_class=SimpleWorker).work(burst=True)
            done = backend.get_result(result.id)
            assert done.status == TaskResultStatus.SUCCESSFUL
            assert done.return_value["database"] == "ok"
        finally:
            django_rq.queues.get_queue(queue).empty()
