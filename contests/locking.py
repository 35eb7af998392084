"""Which rows the contests services lock (``core.locking``; ranks 100–105 in docs/layout.md): a contest (100) before
its events (102) before entries (104). Entering takes the event, so a member pressing 报名 twice at once is entered
once (a unique constraint backs it) and no entry slips in after the contest closed; scoring and publishing take the
event, so a score is never written into an event whose results are being published. Proposing winners takes the
event and then creates nominations in ``honours`` (ranks 106–109): the contest's rows first."""

from core.locking import lock_one

from .models import Contest, Event


def lock_contest(contest) -> Contest:
    return lock_one(Contest.objects.select_related("organiser"), pk=contest.pk)


def lock_event(event) -> Event:
    """The event re-read under its row lock (with its contest and organiser)."""
    return lock_one(Event.objects.select_related("contest", "contest__organiser"), pk=event.pk)
