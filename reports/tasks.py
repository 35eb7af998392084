"""Background tasks of the reports module."""

from django_tasks import task


@task()
def rebuild_rollups_task() -> str:
    """Rebuild the rollups (``reports.rollups.rebuild``); after a bulk load or a change of the registry."""
    from .rollups import rebuild

    state = rebuild()
    return f"{state.rows} rows in {state.seconds} s"


@task()
def refresh_rollups_task() -> str:
    """The periodic job (``run_periodic``, every minute): when something counted has changed since the last build,
    bring the rollups up to date incrementally (``reports.refresh``: what changed, not a rebuild), so a change shows
    in the 成绩单 from the rollups within a minute."""
    from .refresh import refresh
    from .rollups import ROLLUP, choose_source

    source, _state = choose_source()
    if source == ROLLUP:
        return "fresh"
    state = refresh()
    return f"{state.rows} rows in {state.seconds} s"
