"""Background tasks of the reports module."""

from django_tasks import task


@task()
def rebuild_rollups_task() -> str:
    """Rebuild the rollups (``reports.rollups.rebuild``); run it regularly, e.g. nightly, or after a bulk load."""
    from .rollups import rebuild

    state = rebuild()
    return f"{state.rows} rows in {state.seconds} s"


@task()
def refresh_rollups_task() -> str:
    """The periodic job (``run_periodic``): rebuild only when something counted has changed since the last build,
    so reports read rollups again instead of the raw tables."""
    from .rollups import ROLLUP, choose_source, rebuild

    source, _state = choose_source()
    if source == ROLLUP:
        return "fresh"
    state = rebuild()
    return f"{state.rows} rows in {state.seconds} s"
