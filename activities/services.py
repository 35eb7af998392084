"""The activity lifecycle and registration, with cancellation and waitlist promotion. Series, partners and
proposals are in ``proposals``, the draw in ``lottery``, check-in and ratings in ``checkin``.

Seats are allocated exactly: a seat is taken only by ``UPDATE activity SET confirmed = confirmed + 1 WHERE
confirmed < capacity`` (a row lock on PostgreSQL, the write lock on SQLite), a check constraint refuses any
``confirmed > capacity``, and a unique constraint allows one registration per (activity, member). Cancelling locks
the activity row first, so concurrent cancellations promote each freed seat exactly once.
"""

import secrets
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import errors as activities_errors
from core import audit
from core.errors import DomainError
from core.notify import notify
from core.scoping import require
from members.choices import MemberStatus
from members.models import Member

from . import locking
from .models import Activity, Registration

ACTION_LABELS = {
    "activities.series.created": _("新建活动系列"),
    "activities.partner.created": _("新增合伙人"),
    "activities.partner.account_created": _("开通合伙人账号"),
    "activities.activity.image_set": _("更换活动封面"),
    "activities.proposal.submitted": _("提交创意方案"),
    "activities.proposal.reviewed": _("审核创意方案"),
    "activities.activity.created": _("新建活动"),
    "activities.activity.updated": _("修改活动"),
    "activities.activity.published": _("发布活动"),
    "activities.activity.closed": _("截止报名"),
    "activities.activity.finished": _("活动结束"),
    "activities.activity.cancelled": _("取消活动"),
    "activities.lottery.seed_published": _("公布抽签种子"),
    "activities.lottery.drawn": _("抽签"),
    "activities.registration.reviewed": _("审核报名"),
    "activities.checkin.walk_in": _("现场登记参与"),
    "activities.activity.co_organisers": _("设置联合主办组织"),
}
ROTATION_SECONDS = 30
TICKET_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed on a phone


# --- The activity lifecycle --------------------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "title",
    "series",
    "category",
    "description",
    "starts_at",
    "ends_at",
    "address",
    "latitude",
    "longitude",
    "capacity",
    "audience_org",
    "audience_tags",
    "open_to_public",
    "registration_opens_at",
    "registration_closes_at",
    "mode",
    "waitlist_enabled",
    "cancel_deadline",
    "subsidy_amount",
)
FEN = Decimal("0.01")
MAX_SUBSIDY = Decimal("10000000000")  # max_digits 12, decimal_places 2


def _subsidy(value) -> Decimal | None:
    """The subsidy as an exact Decimal of 元 with two places, or None when it is not one (never a float)."""
    if value is None or value == "":
        return Decimal("0.00")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0 or amount >= MAX_SUBSIDY or amount != amount.quantize(FEN):
        return None
    return amount.quantize(FEN)


def _validate_activity(activity: Activity) -> None:
    errors = []
    subsidy = _subsidy(activity.subsidy_amount)
    if subsidy is None:
        errors.append(activities_errors.INVALID_SUBSIDY(field="subsidy_amount"))
    else:
        activity.subsidy_amount = subsidy
    if not (activity.title or "").strip():
        errors.append(activities_errors.TITLE_REQUIRED(field="title"))
    if activity.capacity is None or activity.capacity < 1:
        errors.append(activities_errors.INVALID_CAPACITY(field="capacity"))
    elif activity.confirmed > activity.capacity:
        errors.append(activities_errors.CAPACITY_BELOW_CONFIRMED(n=activity.confirmed, field="capacity"))
    if activity.starts_at and activity.ends_at and activity.ends_at < activity.starts_at:
        errors.append(activities_errors.ENDS_BEFORE_START(field="ends_at"))
    if activity.registration_opens_at and activity.registration_closes_at:
        if activity.registration_closes_at < activity.registration_opens_at:
            errors.append(activities_errors.REGISTRATION_WINDOW_INVALID(field="registration_closes_at"))
        if activity.starts_at and activity.registration_closes_at > activity.starts_at:
            errors.append(activities_errors.REGISTRATION_AFTER_START(field="registration_closes_at"))
    if (
        activity.audience_org
        and not activity.audience_org.path.startswith(activity.organiser.path)
        and not activity.organiser.path.startswith(activity.audience_org.path)
    ):
        errors.append(activities_errors.AUDIENCE_OUTSIDE_ORGANISER(field="audience_org"))
    if errors:
        from core.errors import ValidationFailed

        raise ValidationFailed(errors)


@transaction.atomic
def create_activity(*, actor, organiser, **fields) -> Activity:
    """A draft activity of ``organiser``."""
    require(actor, "activities.manage", organiser)
    activity = Activity(
        organiser=organiser, created_by=actor, **{k: v for k, v in fields.items() if k in ACTIVITY_FIELDS}
    )
    _validate_activity(activity)
    activity.save()
    audit.record("activities.activity.created", actor=actor, obj=activity)
    return activity


@transaction.atomic
def update_activity(activity: Activity, *, actor, **changes) -> Activity:
    """Edit an activity that has not finished; capacity never drops below the seats already confirmed."""
    activity = locking.lock_activity(activity, "organiser")
    require(actor, "activities.manage", activity.organiser)
    if activity.status in (Activity.Status.FINISHED, Activity.Status.CANCELLED):
        raise activities_errors.ACTIVITY_OVER(s=activity.get_status_display())
    before = audit.snapshot(activity, ACTIVITY_FIELDS)
    for key, value in changes.items():
        if key in ACTIVITY_FIELDS:
            setattr(activity, key, value)
    _validate_activity(activity)
    activity.save()
    changed = audit.diff(before, audit.snapshot(activity, ACTIVITY_FIELDS))
    if changed:
        audit.record("activities.activity.updated", actor=actor, obj=activity, changes=changed)
    return activity


def _transition(activity: Activity, actor, allowed: set, to: str, action: str) -> Activity:
    activity = locking.lock_activity(activity, "organiser")
    require(actor, "activities.manage", activity.organiser)
    if activity.status not in allowed:
        raise activities_errors.STATUS_NOT_ALLOWED(s=activity.get_status_display())
    before = activity.status
    activity.status = to
    activity.save(update_fields=["status", "updated_at"])
    audit.record(action, actor=actor, obj=activity, changes={"status": [before, to]})
    return activity


@transaction.atomic
def publish(activity: Activity, *, actor) -> Activity:
    """Open the activity to members (draft → 报名中)."""
    _validate_activity(activity)
    return _transition(
        activity, actor, {Activity.Status.DRAFT}, Activity.Status.PUBLISHED, "activities.activity.published"
    )


@transaction.atomic
def close_registration(activity: Activity, *, actor) -> Activity:
    """Stop taking registrations. For a 抽签 activity the seed is published now, before the draw, so the draw
    can be re-run and checked by anyone."""
    activity = _transition(
        activity, actor, {Activity.Status.PUBLISHED}, Activity.Status.CLOSED, "activities.activity.closed"
    )
    if activity.mode == Activity.Mode.LOTTERY and not activity.lottery_seed:
        activity.lottery_seed = secrets.token_hex(16)
        activity.lottery_seed_published_at = timezone.now()
        activity.save(update_fields=["lottery_seed", "lottery_seed_published_at"])
        audit.record(
            "activities.lottery.seed_published", actor=actor, obj=activity, data={"seed": activity.lottery_seed}
        )
    return activity


@transaction.atomic
def finish(activity: Activity, *, actor) -> Activity:
    """Mark the activity over: members can now rate it."""
    return _transition(
        activity,
        actor,
        {Activity.Status.PUBLISHED, Activity.Status.CLOSED},
        Activity.Status.FINISHED,
        "activities.activity.finished",
    )


@transaction.atomic
def cancel_activity(activity: Activity, *, actor, reason: str) -> Activity:
    """Call the activity off; everyone registered is told."""
    if not (reason or "").strip():
        raise activities_errors.REASON_REQUIRED(field="reason")
    activity = _transition(
        activity,
        actor,
        {Activity.Status.DRAFT, Activity.Status.PUBLISHED, Activity.Status.CLOSED},
        Activity.Status.CANCELLED,
        "activities.activity.cancelled",
    )
    live = activity.registrations.exclude(
        status__in=[Registration.Status.CANCELLED, Registration.Status.NOT_DRAWN, Registration.Status.REJECTED]
    )
    users = [r.member.user for r in live.select_related("member__user")]
    notify(users, _("活动取消通知"), _("您报名的“%(t)s”已取消：%(r)s") % {"t": activity.title, "r": reason.strip()})
    return activity


# --- Registration ------------------------------------------------------------------------------------------------


def eligibility_problem(activity: Activity, member: Member) -> str | None:
    """Why ``member`` may not register for ``activity`` (a Chinese sentence), or None."""
    if member.status != MemberStatus.ACTIVE:
        return _("只有在册会员可以报名")
    if activity.open_to_public:
        return None
    audience = activity.audience_org or activity.organiser
    if not member.union.path.startswith(audience.path):
        return _("本活动面向%(o)s的会员") % {"o": audience.name}
    if activity.audience_tags:
        tags = set(member.tags.values_list("tag", flat=True))
        if not tags & set(activity.audience_tags):
            return _("本活动仅面向特定会员群体")
    return None


def _ticket_code() -> str:
    return "".join(secrets.choice(TICKET_ALPHABET) for _i in range(8))


def _take_seat(activity_id: int) -> bool:
    """Atomically take one seat if one is left."""
    return bool(
        Activity.objects.filter(pk=activity_id, confirmed__lt=F("capacity")).update(confirmed=F("confirmed") + 1)
    )


def _live_registration(activity: Activity, member: Member) -> Registration | None:
    """The member's registration for ``activity`` unless cancelled, with both objects attached for the answer."""
    reg = (
        Registration.objects.filter(activity=activity, member=member)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if reg is not None:
        reg.activity, reg.member = activity, member
    return reg


def _registration_problem(activity: Activity, member: Member, now) -> DomainError | None:
    """Why ``member`` may not register for ``activity`` now (status, window, eligibility), or None."""
    if activity.status != Activity.Status.PUBLISHED:
        return activities_errors.REGISTRATION_CLOSED(s=activity.get_status_display())
    if now < activity.registration_opens_at:
        return activities_errors.REGISTRATION_NOT_OPEN(
            t=timezone.localtime(activity.registration_opens_at).strftime("%Y-%m-%d %H:%M")
        )
    if now > activity.registration_closes_at:
        return activities_errors.REGISTRATION_CLOSED(message=_("报名已截止"))
    problem = eligibility_problem(activity, member)
    if problem:
        return activities_errors.NOT_ELIGIBLE(message=problem)
    return None


def _queue(reg: Registration, activity: Activity, *, insert: bool) -> None:
    """Write a registration being (re-)queued now (``insert``: a new row, else the renewal of a cancelled one): an
    application or a pending one in the lottery and review modes; first come: confirmed if a seat could be taken,
    else waitlisted, else refused (full).

    The seat's ``UPDATE`` is the last statement before the commit, so the activity's row lock, which every
    registration queues for while seats are left, is held for that statement and the commit only. When the
    activity, as read in this request, is full already, no seat is tried: a seat comes back only through a
    cancellation (which promotes the waitlist) or a larger capacity, and a request read a moment before either is
    waitlisted as it would have been a moment earlier."""

    def write():
        if insert:
            reg.save(force_insert=True)
        else:
            reg.save(update_fields=["status", "queued_at", "updated_at"])

    if activity.mode == Activity.Mode.LOTTERY:
        reg.status = Registration.Status.APPLIED
    elif activity.mode == Activity.Mode.REVIEW:
        reg.status = Registration.Status.PENDING
    elif activity.confirmed < activity.capacity:
        reg.status = Registration.Status.CONFIRMED
        write()
        if _take_seat(activity.pk):
            return
        # Taken meanwhile: the row becomes a waitlisted one (or goes with the transaction when there is no waitlist).
        if not activity.waitlist_enabled:
            raise activities_errors.ACTIVITY_FULL()
        reg.status = Registration.Status.WAITLISTED
        reg.save(update_fields=["status"])
        return
    elif activity.waitlist_enabled:
        reg.status = Registration.Status.WAITLISTED
    else:
        raise activities_errors.ACTIVITY_FULL()
    write()


def register(activity: Activity, member: Member) -> Registration:
    """Register ``member`` in one step. Idempotent: a member already registered gets their registration back, so a
    retried request gives the same answer. First come: confirmed while seats last, then waitlisted (or refused
    when there is no waitlist). Lottery: an application for the draw. Review: pending the organiser's decision.

    ``activity`` (organiser and audience org joined) and ``member`` (union joined) are used as the caller has just
    read them in this request; nothing is read twice. A first registration is one short transaction: the ``INSERT``
    of the row, then (while the activity as read has seats) the seat, ``UPDATE … confirmed = confirmed + 1 WHERE
    confirmed < capacity``; see ``_queue``. When the member is registered already (a retry, a concurrent
    duplicate, or a cancelled registration to renew), the unique constraint on (activity, member) refuses the
    ``INSERT`` before any seat is taken, and the existing row is read (locked) and returned or re-queued. A refusal
    (closed, not eligible, full) is checked against an existing registration first, which is then returned
    instead."""
    now = timezone.now()
    problem = _registration_problem(activity, member, now)
    if problem is not None:
        existing = _live_registration(activity, member)
        if existing is None:
            raise problem
        return existing
    reg = Registration(activity=activity, member=member, ticket_code=_ticket_code(), queued_at=now)
    try:
        with transaction.atomic():
            _queue(reg, activity, insert=True)
        return reg
    except IntegrityError:
        pass  # registered already: below
    except DomainError:
        # Full without a waitlist: someone already holding a registration still gets it back.
        existing = _live_registration(activity, member)
        if existing is None:
            raise
        return existing
    with transaction.atomic():
        reg = Registration.objects.filter(activity=activity, member=member).first()
        if reg is not None and reg.status == Registration.Status.CANCELLED:
            # A cancelled registration may be renewed: the same row (and ticket code), queued again against the
            # seats as they stand. The activity, then the row, are locked, in the order a cancellation takes them
            # (activities/locking.py), so concurrent renewals of one member queue and only the first re-queues.
            locked, reg = locking.lock_member_registration(activity, member)
            if reg is not None and reg.status == Registration.Status.CANCELLED:
                reg.queued_at = now
                _queue(reg, locked, insert=False)
        if reg is None:
            raise activities_errors.CONFLICT()
        reg.activity, reg.member = activity, member
    return reg


def _promote_next(activity: Activity) -> Registration | None:
    """Give a freed seat to the first waitlisted member, or return it to the pool. The caller holds the activity
    row lock."""
    nxt = locking.lock_next_waitlisted(activity)
    if nxt is None:
        Activity.objects.filter(pk=activity.pk).update(confirmed=F("confirmed") - 1)
        return None
    nxt.status = Registration.Status.CONFIRMED
    nxt.save(update_fields=["status", "updated_at"])
    notify([nxt.member.user], _("候补成功"), _("您候补的“%(t)s”已确认名额，请按时参加") % {"t": activity.title})
    return nxt


@transaction.atomic
def cancel_registration(registration: Registration, *, actor=None) -> Registration:
    """A member cancels (before the activity's cancellation deadline); a confirmed seat goes to the first
    waitlisted member automatically."""
    # Lock the activity first: every cancellation (and review) of this activity queues here, so each freed seat is
    # promoted exactly once even when many cancel at the same moment.
    activity, reg = locking.lock_registration(registration)
    if reg.status == Registration.Status.CANCELLED:
        return reg
    if reg.status in (Registration.Status.NOT_DRAWN, Registration.Status.REJECTED):
        raise activities_errors.REGISTRATION_NOT_ACTIVE(s=reg.get_status_display())
    if (
        activity.cancel_deadline
        and timezone.now() > activity.cancel_deadline
        and reg.status == Registration.Status.CONFIRMED
    ):
        raise activities_errors.CANCEL_DEADLINE_PASSED()
    was_confirmed = reg.status == Registration.Status.CONFIRMED
    reg.status = Registration.Status.CANCELLED
    reg.save(update_fields=["status", "updated_at"])
    if was_confirmed:
        _promote_next(activity)
    return reg


@transaction.atomic
def review_registration(registration: Registration, *, actor, approve: bool) -> Registration:
    """审核 mode: the organiser confirms a pending registration (while seats last) or declines it."""
    # The activity first, then the registration: the order a cancellation takes them in, so a review and a
    # cancellation of one registration at the same moment queue instead of deadlocking (activities/locking.py).
    activity, reg = locking.lock_registration(registration, "member__user")
    reg.activity = activity
    require(actor, "activities.manage", activity.organiser)
    if reg.status != Registration.Status.PENDING:
        raise activities_errors.REGISTRATION_DECIDED()
    if approve:
        if not _take_seat(reg.activity_id):
            raise activities_errors.ACTIVITY_FULL()
        reg.status = Registration.Status.CONFIRMED
    else:
        reg.status = Registration.Status.REJECTED
    reg.save(update_fields=["status", "updated_at"])
    audit.record(
        "activities.registration.reviewed",
        actor=actor,
        obj=reg.activity,
        data={"registration": reg.pk, "approve": approve},
    )
    notify(
        [reg.member.user],
        _("报名审核结果"),
        _("“%(t)s”：%(s)s") % {"t": reg.activity.title, "s": reg.get_status_display()},
    )
    return reg


@transaction.atomic
def set_image(activity: Activity, image, *, actor) -> Activity:
    """Replace the activity's cover image."""
    activity = locking.lock_activity(activity, "organiser")
    require(actor, "activities.manage", activity.organiser)
    activity.image = image
    activity.save(update_fields=["image", "updated_at"])
    audit.record("activities.activity.image_set", actor=actor, obj=activity, data={"name": activity.image.name})
    return activity


@transaction.atomic
def set_co_organisers(activity: Activity, *, actor, orgs) -> Activity:
    """The orgs holding the activity with its organiser (an alliance's joint activity): their staff see it, managing
    stays the organiser's. Replaces the earlier list; the organiser itself is never its own co-organiser."""
    activity = locking.lock_activity(activity, "organiser")
    require(actor, "activities.manage", activity.organiser)
    orgs = [o for o in dict.fromkeys(orgs) if o.pk != activity.organiser_id]
    before = sorted(activity.co_organisers.values_list("code", flat=True))
    activity.co_organisers.set(orgs)
    after = sorted(o.code for o in orgs)
    if before != after:
        audit.record(
            "activities.activity.co_organisers", actor=actor, obj=activity, changes={"co_organisers": [before, after]}
        )
    return activity
