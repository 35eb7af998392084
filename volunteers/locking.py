"""Which rows the volunteer services lock (``core.locking``), in rank order: a team (150) before its shifts (152),
sign-ups (154) and service records (156).

Signing up takes the shift's row first, so sign-ups racing for the last places of a shift queue on it and the quota
is counted by one transaction at a time (the partial unique index of one open sign-up per member and shift stands
behind the double sign-up). Marking attendance takes the sign-up; confirming or rejecting takes the record, so two
leaders (or a leader and staff) deciding at once decide once."""

from core.locking import lock_one

from .models import ServiceRecord, Shift, SignUp, Team


def lock_team(team) -> Team:
    return lock_one(Team.objects.select_related("org", "leader"), pk=team.pk)


def lock_shift(shift) -> Shift:
    return lock_one(Shift.objects.select_related("team__org", "team__leader"), pk=shift.pk)


def lock_signup(signup) -> SignUp:
    return lock_one(SignUp.objects.select_related("member", "shift__team__org"), pk=signup.pk)


def lock_record(record) -> ServiceRecord:
    return lock_one(ServiceRecord.objects.select_related("member", "team__org", "team__leader"), pk=record.pk)
