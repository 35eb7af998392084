"""System check: every model a registered counter, distinct count or snapshotted measure reads is watched by the
rollups' watermark (``core.metrics.unwatched``); else the rollups could be taken for fresh after those rows
changed."""

from django.core import checks


@checks.register()
def metrics_watched(app_configs=None, **kwargs):
    from . import unwatched

    return [
        checks.Error(
            f"{key} counts {label}, which no core.metrics.Watch covers",
            hint="declare register_watch(Watch(...)) for the model in the app's metrics.py",
            id="core.metrics.E001",
        )
        for key, label in unwatched()
    ]
