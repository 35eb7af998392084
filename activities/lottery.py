"""The 抽签 draw: reproducible from a seed published when registration closes, before the draw.

Each application's sort key is SHA-256 of ``"<seed>:<registration id>"``; applications are taken in ascending key
order. Anyone holding the seed and the list of application numbers can recompute the order and check the result.
"""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import errors
from core import audit
from core.notify import notify
from core.scoping import require

from . import locking
from .models import Activity, Registration

# --- Lottery -----------------------------------------------------------------------------------------------------


def draw_key(seed: str, registration_id: int) -> str:
    """The sort key of one application: SHA-256 of ``"<seed>:<registration id>"`` in hex. Applications are drawn
    in ascending key order; anyone with the published seed and the list of application numbers can recompute it."""
    return hashlib.sha256(f"{seed}:{registration_id}".encode()).hexdigest()


def draw_order(seed: str, registration_ids) -> list[int]:
    return sorted(registration_ids, key=lambda rid: draw_key(seed, rid))


def _wins_this_month(member_id: int, activity: Activity) -> int:
    start = timezone.localtime(activity.starts_at).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    return (
        Registration.objects.filter(
            member_id=member_id,
            status=Registration.Status.CONFIRMED,
            activity__series=activity.series,
            activity__mode=Activity.Mode.LOTTERY,
            activity__drawn_at__isnull=False,
            activity__starts_at__gte=start,
            activity__starts_at__lt=end,
        )
        .exclude(activity=activity)
        .count()
    )


@transaction.atomic
def draw(activity: Activity, *, actor) -> list[Registration]:
    """Draw the 抽签 activity with its published seed: in draw order, each application gets a seat while seats
    last and the member has not reached the series' monthly win limit; the rest are waitlisted in draw order
    (or not drawn when there is no waitlist). Returns the winners."""
    activity = locking.lock_activity(activity, "organiser", "series")
    require(actor, "activities.manage", activity.organiser)
    if activity.mode != Activity.Mode.LOTTERY:
        raise errors.NOT_A_LOTTERY()
    if activity.drawn_at is not None:
        raise errors.ALREADY_DRAWN(t=timezone.localtime(activity.drawn_at).strftime("%Y-%m-%d %H:%M"))
    if activity.status != Activity.Status.CLOSED or not activity.lottery_seed:
        raise errors.SEED_NOT_PUBLISHED()
    applications = {
        r.pk: r
        for r in activity.registrations.select_related("member__user").filter(status=Registration.Status.APPLIED)
    }
    limit = activity.series.monthly_lottery_wins if activity.series else None
    winners, rest = [], []
    seats = activity.capacity - activity.confirmed
    for rid in draw_order(activity.lottery_seed, applications):
        reg = applications[rid]
        over_limit = limit is not None and _wins_this_month(reg.member_id, activity) >= limit
        if len(winners) < seats and not over_limit:
            winners.append(reg)
        else:
            rest.append(reg)
    now = timezone.now()
    for position, reg in enumerate(winners + rest):
        if reg in winners:
            reg.status = Registration.Status.CONFIRMED
        else:
            reg.status = Registration.Status.WAITLISTED if activity.waitlist_enabled else Registration.Status.NOT_DRAWN
        reg.queued_at = now + timedelta(microseconds=position)  # the waitlist follows the draw order
    Registration.objects.bulk_update(winners + rest, ["status", "queued_at"])
    Activity.objects.filter(pk=activity.pk).update(confirmed=F("confirmed") + len(winners), drawn_at=now)
    audit.record(
        "activities.lottery.drawn",
        actor=actor,
        obj=activity,
        data={"seed": activity.lottery_seed, "applications": len(applications), "winners": len(winners)},
    )
    notify([r.member.user for r in winners], _("抽签结果"), _("恭喜您抽中“%(t)s”！") % {"t": activity.title})
    return winners
