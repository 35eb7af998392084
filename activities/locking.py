"""Which rows the activities services lock (``core.locking``), in rank order: a series (40), an activity (42), its
registrations (44), a partner's proposal (46).

Every step that changes an activity's seats takes the activity's row first, then the registrations it touches:

- editing, publishing, closing, finishing, cancelling and drawing an activity lock the activity;
- a member cancelling a registration and the organiser reviewing one both lock the activity, then the registration
  (before issue #12 a review locked the registration and then, by taking a seat, the activity: crossed with a
  cancellation of the same registration, a deadlock);
- renewing a member's registration (a retry or a re-registration after cancelling) locks the activity, then the
  member's registration;
- a freed seat goes to the first waitlisted registration, locked while the activity's lock is held;
- reviewing a partner's proposal locks the proposal.

A first registration takes no row lock: its ``INSERT`` and the conditional ``UPDATE … confirmed = confirmed + 1
WHERE confirmed < capacity`` are the whole of it (``services.register``).
"""

from core.locking import lock, lock_one

from .models import Activity, Proposal, Registration


def lock_activity(activity_or_pk, *related: str) -> Activity:
    """The activity re-read under its row lock (joining ``related``; only the activity's row is locked)."""
    pk = getattr(activity_or_pk, "pk", activity_or_pk)
    return lock_one(Activity.objects.select_related(*related), pk=pk)


def lock_registration(registration, *related: str) -> tuple[Activity, Registration]:
    """The registration's activity, then the registration, each under its row lock."""
    activity_id = registration.activity_id
    activity = lock_activity(activity_id, "organiser")
    return activity, lock_one(Registration.objects.select_related(*related), pk=registration.pk)


def lock_member_registration(activity, member) -> tuple[Activity, Registration | None]:
    """The activity, then ``member``'s registration for it (``None`` when there is none), under their row locks."""
    locked = lock_activity(activity)
    rows = lock(Registration.objects.filter(activity=activity, member=member))  # one row: (activity, member) is unique
    return locked, (rows[0] if rows else None)


def lock_next_waitlisted(activity) -> Registration | None:
    """The first waitlisted registration of ``activity`` (queue order) under its row lock, or ``None``. The caller
    holds the activity's lock, which every change of a registration to or from the waitlist takes first."""
    waiting = Registration.objects.filter(activity=activity, status=Registration.Status.WAITLISTED)
    while True:
        pk = waiting.order_by("queued_at", "id").values_list("pk", flat=True).first()
        if pk is None:
            return None
        reg = lock_one(Registration.objects.select_related("member__user"), pk=pk)
        if reg.status == Registration.Status.WAITLISTED:
            return reg


def lock_proposal(proposal) -> Proposal:
    """The proposal (with its series' owner and its partner) re-read under its row lock."""
    return lock_one(Proposal.objects.select_related("series__owner", "partner"), pk=proposal.pk)
