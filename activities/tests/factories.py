"""Activities for tests, created and published through the real service functions."""

from datetime import timedelta

from django.utils import timezone

from activities import services


def open_activity(organiser, actor, *, capacity=20, mode="first_come", waitlist=True, publish=True, **overrides):
    """An activity whose registration is open now and which takes place in a week."""
    now = timezone.now()
    fields = {
        "title": "职工羽毛球友谊赛",
        "category": "sports",
        "address": "甬东区体育馆",
        "capacity": capacity,
        "starts_at": now + timedelta(days=7),
        "ends_at": now + timedelta(days=7, hours=3),
        "registration_opens_at": now - timedelta(hours=1),
        "registration_closes_at": now + timedelta(days=6),
        "mode": mode,
        "waitlist_enabled": waitlist,
    }
    fields.update(overrides)
    activity = services.create_activity(actor=actor, organiser=organiser, **fields)
    if publish:
        activity = services.publish(activity, actor=actor)
    return activity
