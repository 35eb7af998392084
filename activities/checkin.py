"""Check-in (ticket QR, short code, self check-in with the venue's rotating QR, walk-ins) and members' ratings
afterwards. Every check-in becomes one participation record per member and activity."""

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
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
        raise DomainError("checkin_not_open", _("活动%(s)s，不能签到") % {"s": activity.get_status_display()})
    now = timezone.now()
    if now < activity.checkin_opens_at:
        opens = timezone.localtime(activity.checkin_opens_at)
        raise DomainError(
            "checkin_not_open",
            _("签到尚未开始：将于 %(t)s 开放（活动开始前 2 小时）")
            % {"t": f"{opens.month}月{opens.day}日 {opens:%H:%M}"},
        )
    if now > activity.checkin_closes_at:
        raise DomainError("checkin_not_open", _("签到已结束（活动结束后 2 小时内可签到）"))


@transaction.atomic
def check_in_ticket(activity: Activity, code: str, *, actor, method: str = Participation.Method.TICKET):
    """Staff scan a ticket's QR code or type its short code. Scanning twice is harmless: the answer says it was
    already checked in. Returns ``(registration, created)``."""
    require(actor, "activities.checkin", activity.organiser)
    _check_in_window(activity)
    code = (code or "").strip().upper().replace(" ", "")
    reg = Registration.objects.select_related("member").filter(activity=activity, ticket_code=code).first()
    if reg is None:
        raise DomainError("ticket_not_found", _("票码“%(c)s”不是本活动的票") % {"c": code}, status=404)
    if reg.status != Registration.Status.CONFIRMED:
        raise DomainError("ticket_not_confirmed", _("该报名状态为“%(s)s”，不能签到") % {"s": reg.get_status_display()})
    created = _record_participation(activity, reg.member, method=method, actor=actor)[1]
    reg.refresh_from_db()
    return reg, created


@transaction.atomic
def self_check_in(activity: Activity, member: Member, token: str) -> tuple[Participation, bool]:
    """A member scans the venue's rotating QR code. Confirmed registrants only; a stale or forged code is refused."""
    _check_in_window(activity)
    if not rotating_token_valid(activity, token):
        raise DomainError("checkin_code_expired", _("签到码已过期或无效，请扫描现场屏幕上的最新二维码"))
    reg = Registration.objects.filter(activity=activity, member=member, status=Registration.Status.CONFIRMED).first()
    if reg is None:
        raise DomainError("not_registered", _("您没有本活动的确认名额，请联系现场工作人员登记"), status=403)
    return _record_participation(activity, member, method=Participation.Method.SELF)


@transaction.atomic
def walk_in(activity: Activity, *, actor, member: Member | None = None, name: str = "") -> tuple[Participation, bool]:
    """Staff add someone on the spot (a member found by card number or phone, or a guest by name)."""
    require(actor, "activities.checkin", activity.organiser)
    _check_in_window(activity)
    if member is None and not (name or "").strip():
        raise DomainError("name_required", _("姓名：请填写参与者姓名"), field="name")
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
        raise DomainError("activity_not_finished", _("活动结束后才能评价"))
    if not Participation.objects.filter(activity=activity, member=member).exists():
        raise DomainError("not_a_participant", _("参加了活动才能评价"), status=403)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError("invalid_rating", _("评分：请选择 1 到 5 分"), field="rating")
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                activity=activity, member=member, rating=rating, comment=(comment or "").strip()[:500]
            )
    except IntegrityError:
        raise DomainError("already_rated", _("您已评价过该活动")) from None
