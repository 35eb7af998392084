"""Door QR visits: a scan records one visit per worker per place per hour (人次); the worker may then rate the
visit, or report a problem, which opens a 随手拍 appeal about the place handled by the federation it belongs to."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from appeals import services as appeals
from appeals.models import Category, Kind
from core import audit

from .. import errors, locking
from ..models import Place, PlaceReport, PlaceStatus, Visit

VISIT_WINDOW = timedelta(hours=1)


def visitor_key(member=None, device: str = "") -> str:
    """Who scanned: a logged-in member (``m<id>``), else the browser's device key (``d<key>``)."""
    return f"m{member.pk}" if member is not None else f"d{device}"[:40]


@transaction.atomic
def scan(place: Place, *, visitor: str, member=None, at=None) -> tuple[Visit, bool]:
    """Record a visit unless this worker's last visit to the place is less than an hour old (then that one is
    returned, ``created`` False). The database keeps one visit per worker, place and clock hour, so two scans at
    once count once."""
    if place.status not in (PlaceStatus.OPEN,):
        raise errors.PLACE_NOT_OPEN(status=place.get_status_display())
    now = at or timezone.now()
    recent = (
        Visit.objects.filter(place=place, visitor=visitor, visited_at__gt=now - VISIT_WINDOW)
        .order_by("-visited_at")
        .first()
    )
    if recent is not None:
        return recent, False
    hour = now.replace(minute=0, second=0, microsecond=0)
    try:
        with transaction.atomic():
            visit = Visit.objects.create(place=place, visitor=visitor, member=member, hour=hour, visited_at=now)
    except IntegrityError:
        return Visit.objects.get(place=place, visitor=visitor, hour=hour), False
    audit.record(
        "places.visit.recorded",
        obj=place,
        actor=member.user if member is not None and member.user_id else None,
        actor_name="" if member is not None else "扫码职工",
        data={"visit": visit.pk},
    )
    return visit, True


@transaction.atomic
def rate(place: Place, *, visitor: str, rating, comment: str = "") -> Visit:
    """Rate the worker's visit of the last hour (once)."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise errors.INVALID_RATING()
    visit = locking.lock_recent_visit(place, visitor, timezone.now() - VISIT_WINDOW)
    if visit is None:
        raise errors.NO_RECENT_VISIT()
    if visit.rating is not None:
        raise errors.ALREADY_RATED()
    visit.rating, visit.comment = rating, (comment or "").strip()[:300]
    visit.save(update_fields=["rating", "comment"])
    audit.record("places.visit.rated", obj=place, actor_name="扫码职工", data={"visit": visit.pk, "rating": rating})
    return visit


@transaction.atomic
def report_problem(place: Place, *, member, description: str, uploads=()) -> PlaceReport:
    """Open a 随手拍 (category 文体设施) about ``place`` for a logged-in member, handled by the federation the
    place belongs to (the nearest 镇街/区总工会 at or above its org), with the place's name and coordinates."""
    if member is None:
        raise errors.MEMBER_REQUIRED()
    appeal = appeals.submit(
        kind=Kind.SNAPSHOT,
        category=Category.FACILITIES,
        description=f"【{place.name}】{(description or '').strip()}" if (description or "").strip() else "",
        name=member.name,
        phone=member.phone,
        town=place.org,
        location=f"{place.name}（{place.address}）",
        latitude=place.latitude,
        longitude=place.longitude,
        uploads=uploads,
    )
    report = PlaceReport.objects.create(place=place, appeal=appeal)
    audit.record(
        "places.report.opened",
        obj=place,
        actor=member.user if member.user_id else None,
        data={"appeal": appeal.tracking_no},
    )
    return report
