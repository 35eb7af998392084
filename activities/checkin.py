"""Check-in (ticket QR, short code, self check-in with the venue's rotating QR, walk-ins) and members' ratings
afterwards. Every check-in becomes one participation record per member and activity."""

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import errors
from core import audit
from core.scoping import require
from members.models import Member

from .models import Activity, Feedback, Participation, Registration
from .services import ROTATION_SECONDS

# --- Check-in ----------------------------------------------------------------------------------------------------


def _rotation_window(at=None) -> int:
    return int((at or timezone.now()).timestamp() // ROTATION_SECONDS)


def rotating_token(activity: Activity, at=None) -> str:
    """The code the venue's screen shows for self check-in; it changes every 30 seconds, so a photo sent to a
    friend stops working."""
    message = f"checkin:{activity.pk}:{_rotation_window(at)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


def rotating_token_valid(activity: Activity, token: str, at=None) -> bool:
    """Accept the current code and the one just before it (a scan at the turn of the window)."""
    window = _rotation_window(at)
    for w in (window, window - 1):
        message = f"checkin:{activity.pk}:{w}".encode()
        if hmac.compare_digest(
            hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16], token or ""
        ):
            return True
    return False


def _record_participation(
    activity: Activity, member: Member | None, *, method: str, actor=None, name: str = ""
) -> tuple[Participation, bool]:
    """One participation per member and activity: a second check-in returns the first, ``created`` False."""
    if member is not None:
        found = Participation.objects.filter(activity=activity, member=member).first()
        if found:
            return found, False
    now = timezone.now()
    try:
        with transaction.atomic():
            p = Participation.objects.create(
                activity=activity,
                member=member,
                name=name or member.name,
                method=method,
                checked_in_at=now,
                recorded_by=actor,
            )
    except IntegrityError:
        return Participation.objects.get(activity=activity, member=member), False
    if member is not None:
        Registration.objects.filter(activity=activity, member=member, checked_in_at__isnull=True).update(
            checked_in_at=now
        )
    return p, True


def _check_in_window(activity: Activity) -> None:
    if activity.status in (Activity.Status.DRAFT, Activity.Status.CANCELLED):
        raise errors.CHECKIN_NOT_OPEN(s=activity.get_status_display())
    now = timezone.now()
    if now < activity.checkin_opens_at:
        opens = timezone.localtime(activity.checkin_opens_at)
        raise errors.CHECKIN_NOT_OPEN(
            message=_("签到尚未开始：将于 %(t)s 开放（活动开始前 2 小时）")
            % {"t": f"{opens.month}月{opens.day}日 {opens:%H:%M}"}
        )
    if now > activity.checkin_closes_at:
        raise errors.CHECKIN_NOT_OPEN(message=_("签到已结束（活动结束后 2 小时内可签到）"))


@transaction.atomic
def check_in_ticket(activity: Activity, code: str, *, actor, method: str = Participation.Method.TICKET):
    """Staff scan a ticket's QR code or type its short code. Scanning twice is harmless: the answer says it was
    already checked in. Returns ``(registration, created)``."""
    require(actor, "activities.checkin", activity.organiser)
    _check_in_window(activity)
    code = (code or "").strip().upper().replace(" ", "")
    reg = Registration.objects.select_related("member").filter(activity=activity, ticket_code=code).first()
    if reg is None:
        raise errors.TICKET_NOT_FOUND(c=code)
    if reg.status != Registration.Status.CONFIRMED:
        raise errors.TICKET_NOT_CONFIRMED(s=reg.get_status_display())
    created = _record_participation(activity, reg.member, method=method, actor=actor)[1]
    reg.refresh_from_db()
    return reg, created


@transaction.atomic
def self_check_in(activity: Activity, member: Member, token: str) -> tuple[Participation, bool]:
    """A member scans the venue's rotating QR code. Confirmed registrants only; a stale or forged code is refused."""
    _check_in_window(activity)
    if not rotating_token_valid(activity, token):
        raise errors.CHECKIN_CODE_EXPIRED()
    reg = Registration.objects.filter(activity=activity, member=member, status=Registration.Status.CONFIRMED).first()
    if reg is None:
        raise errors.NOT_REGISTERED()
    return _record_participation(activity, member, method=Participation.Method.SELF)


@transaction.atomic
def walk_in(activity: Activity, *, actor, member: Member | None = None, name: str = "") -> tuple[Participation, bool]:
    """Staff add someone on the spot (a member found by card number or phone, or a guest by name)."""
    require(actor, "activities.checkin", activity.organiser)
    _check_in_window(activity)
    if member is None and not (name or "").strip():
        raise errors.NAME_REQUIRED(field="name")
    participation, created = _record_participation(
        activity, member, method=Participation.Method.WALK_IN, actor=actor, name=(name or "").strip()[:50]
    )
    if created:
        audit.record("activities.checkin.walk_in", actor=actor, obj=activity, data={"name": participation.name})
    return participation, created


# --- Feedback ----------------------------------------------------------------------------------------------------


@transaction.atomic
def rate(activity: Activity, member: Member, *, rating: int, comment: str = "") -> Feedback:
    """A participant rates a finished activity once (1 to 5, with an optional comment)."""
    activity = Activity.objects.get(pk=activity.pk)
    if activity.status != Activity.Status.FINISHED:
        raise errors.ACTIVITY_NOT_FINISHED()
    if not Participation.objects.filter(activity=activity, member=member).exists():
        raise errors.NOT_A_PARTICIPANT()
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise errors.INVALID_RATING(field="rating")
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                activity=activity, member=member, rating=rating, comment=(comment or "").strip()[:500]
            )
    except IntegrityError:
        raise errors.ALREADY_RATED() from None
