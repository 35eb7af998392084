"""Which rows the honours services lock (``core.locking``; ranks 106–109 in docs/layout.md): a title (106) before a
nomination (108). Reviewing takes the nomination's row, so two reviewers of one level pressing 同意 at once move it
up one level, not two, and the second answers that it now waits for the next level."""

from core.locking import lock_one

from .models import Nomination


def lock_nomination(nomination) -> Nomination:
    """The nomination re-read under its row lock (with its title, union and reviewing org)."""
    return lock_one(Nomination.objects.select_related("title", "title__org", "union", "at_org"), pk=nomination.pk)
