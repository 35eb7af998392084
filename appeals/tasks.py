"""Background tasks of the appeals workflow. ``manage.py run_periodic`` enqueues ``escalate_overdue`` every few
minutes; the task worker (db_worker or rqworker) runs it."""

from django_tasks import task


@task()
def escalate_overdue() -> int:
    """Move every overdue appeal to the parent org (see ``services.escalate_overdue``); returns how many moved."""
    from .services import escalate_overdue as escalate

    return escalate()
