"""Background tasks of the core app."""

from django.db import connection
from django_tasks import task


@task()
def check_database() -> dict:
    """A worker-side health check: proves a worker picks up jobs and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"database": "ok", "vendor": connection.vendor}
