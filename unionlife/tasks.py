"""Background tasks of the union-life module. ``manage.py run_periodic`` enqueues ``send_term_reminders`` daily."""

from django_tasks import task


@task()
def send_term_reminders() -> int:
    """The 换届 reminders due today (see ``services.officers.send_term_reminders``); returns how many were sent."""
    from .services.officers import send_term_reminders as send

    return send()
