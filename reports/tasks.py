"""Background tasks of the reports module."""

from django_tasks import task


@task()
def rebuild_rollups_task() -> str:
    """Rebuild the rollups (``reports.rollups.rebuild``); run it regularly, e.g. nightly, or after a bulk load."""
    from .rollups import rebuild

    state = rebuild()
    return f"{state.rows} rows in {state.seconds} s"
