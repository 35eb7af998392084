"""Background tasks of the library module. ``manage.py run_periodic`` enqueues ``send_overdue_reminders`` daily."""

from django_tasks import task


@task()
def send_overdue_reminders() -> int:
    """Overdue reminders at 1, 7 and 30 days past due, once each per loan (see ``services.send_overdue_reminders``)."""
    from .services import send_overdue_reminders as send

    return send()
