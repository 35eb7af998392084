"""Background tasks of the rights module. ``manage.py run_periodic`` enqueues ``escalate_overdue_problems`` with the
appeals' escalation; the task worker runs it."""

from django_tasks import task


@task()
def escalate_overdue_problems() -> int:
    """Send every supervision problem past its rectification deadline up to the town (see
    ``services.escalate_overdue_problems``); returns how many went up."""
    from .services import escalate_overdue_problems as escalate

    return escalate()


@task()
def weekly_risk_digest() -> int:
    """The weekly 劳动关系预警 digest to each town's staff (see ``digest.send_risk_digest``)."""
    from .digest import send_risk_digest

    return send_risk_digest()


@task()
def send_contract_reminders() -> int:
    """The collective contracts' expiry reminders due today (see ``services.send_contract_reminders``)."""
    from .services import send_contract_reminders as send

    return send()
