"""Every write of the training module: courses and their sessions, enrolment within the quota, check-in at a
session, finishing a course (completion by the rule and certificates). Each function is atomic, takes the acting
user as ``actor``, checks ``training.manage`` over the course's org (a member enrolling themselves needs none) and
records an audit event."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.errors import DomainError, ValidationFailed
from core.models import Counter
from core.scoping import require
from members.cards import member_from_scan
from members.choices import HOLDING
from orgs.models import Org
from places.models import PlaceKind, PlaceStatus

from . import errors, locking
from .models import (
    Attendance,
    Certificate,
    Course,
    CourseKind,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Session,
)

MANAGE = "training.manage"
MAX_MONEY = Decimal("99999999.99")

ACTION_LABELS = {
    "training.course.created": _("新建培训课程"),
    "training.course.updated": _("修改培训课程"),
    "training.course.finished": _("培训结业"),
    "training.session.added": _("添加课次"),
    "training.enrolment.created": _("培训报名"),
    "training.enrolment.cancelled": _("退出培训"),
    "training.attendance.recorded": _("培训签到"),
    "training.certificate.issued": _("发放结业证书"),
}


def parse_money(value, *, label: str, field: str) -> Decimal:
    """A sum in 元 as a ``Decimal`` with at most two decimals, never a float."""
    if value is None or value == "":
        return Decimal("0.00")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise errors.INVALID_AMOUNT(label=label, field=field) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_MONEY or amount.as_tuple().exponent < -2:
        raise errors.INVALID_AMOUNT(label=label, field=field)
    return amount.quantize(Decimal("0.01"))


def _int(value, lo: int, hi: int, error):
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise error() from None
    if not lo <= n <= hi or (isinstance(value, float) and value != n):
        raise error()
    return n


def _clean_course(*, actor, org, title, kind, provider_place, provider_name, fee, subsidy, capacity, sessions_required):
    found, data = [], {}
    data["title"] = (title or "").strip()[:100]
    if not data["title"]:
        found.append(errors.TITLE_REQUIRED())
    if kind not in CourseKind.values:
        found.append(errors.INVALID_KIND())
    data["kind"] = kind
    data["provider_name"] = (provider_name or "").strip()[:100]
    if provider_place is not None:
        if (
            provider_place.kind != PlaceKind.CRAFT_SCHOOL
            or provider_place.status != PlaceStatus.OPEN
            or not (org.path.startswith(provider_place.org.path) or provider_place.org.path.startswith(org.path))
        ):
            found.append(errors.INVALID_PLACE())
    elif not data["provider_name"]:
        found.append(errors.PROVIDER_REQUIRED())
    data["provider_place"] = provider_place
    for key, label in (("fee", "学费"), ("subsidy", "工会补贴")):
        try:
            data[key] = parse_money(fee if key == "fee" else subsidy, label=label, field=key)
        except DomainError as exc:
            found.append(exc)
    if "fee" in data and "subsidy" in data and data["subsidy"] > data["fee"]:
        found.append(errors.SUBSIDY_ABOVE_FEE())
    for key, value, lo, hi, error in (
        ("capacity", capacity, 1, 10000, errors.INVALID_CAPACITY),
        ("sessions_required", sessions_required, 1, 200, errors.INVALID_REQUIRED_SESSIONS),
    ):
        try:
            data[key] = _int(value, lo, hi, error)
        except DomainError as exc:
            found.append(exc)
    if found:
        raise ValidationFailed(found)
    return data


@transaction.atomic
def create_course(
    *,
    actor,
    org: Org,
    title: str,
    kind: str,
    starts_on,
    capacity,
    provider_place=None,
    provider_name: str = "",
    fee="0",
    subsidy="0",
    sessions_required=1,
    description: str = "",
) -> Course:
    """Open a course for enrolment, run by ``org`` (a 工匠学堂 in the org's tree, or a school by name)."""
    require(actor, MANAGE, org)
    if not org.is_active:
        raise errors.INVALID_ORG()
    data = _clean_course(
        actor=actor,
        org=org,
        title=title,
        kind=kind,
        provider_place=provider_place,
        provider_name=provider_name,
        fee=fee,
        subsidy=subsidy,
        capacity=capacity,
        sessions_required=sessions_required,
    )
    course = Course.objects.create(
        org=org, starts_on=starts_on, description=(description or "").strip(), created_by=actor, **data
    )
    audit.record("training.course.created", actor=actor, obj=course, data={"title": course.title})
    return course


@transaction.atomic
def add_session(course: Course, *, actor, topic: str, starts_at, ends_at, location: str = "") -> Session:
    """Add a class meeting to a course that has not finished."""
    require(actor, MANAGE, course.org)
    course = locking.lock_course(course)
    if course.status == CourseStatus.FINISHED:
        raise errors.COURSE_FINISHED(what=_("添加课次"))
    found = []
    if not (topic or "").strip():
        found.append(errors.TOPIC_REQUIRED())
    if ends_at <= starts_at:
        found.append(errors.INVALID_SESSION_TIME())
    if found:
        raise ValidationFailed(found)
    session = Session.objects.create(
        course=course, topic=topic.strip()[:100], starts_at=starts_at, ends_at=ends_at, location=location.strip()[:200]
    )
    audit.record(
        "training.session.added", actor=actor, obj=course, data={"session": session.pk, "topic": session.topic}
    )
    return session


def eligible(course: Course, member) -> bool:
    """A course is open to members of its org's sub-tree."""
    return member.union.path.startswith(course.org.path) and member.status in HOLDING


@transaction.atomic
def enrol(course: Course, member, *, actor) -> Enrolment:
    """Enrol ``member`` (the member themselves, or staff with ``training.manage``). The row is written first (one per
    member and course), then the seat taken by a conditional UPDATE: under a flood exactly ``capacity`` succeed."""
    if getattr(member, "user_id", None) != getattr(actor, "pk", None):
        require(actor, MANAGE, course.org)
    course = Course.objects.select_related("org").get(pk=course.pk)
    if course.status != CourseStatus.OPEN:
        raise errors.COURSE_NOT_OPEN(s=course.get_status_display())
    if not eligible(course, member):
        raise errors.NOT_ELIGIBLE()
    fields = {"fee": course.fee, "subsidy": course.subsidy}
    existing = Enrolment.objects.filter(course=course, member=member).first()
    if existing is not None and existing.status != EnrolmentStatus.CANCELLED:
        raise errors.ALREADY_ENROLLED()
    try:
        with transaction.atomic():
            if existing is None:
                enrolment = Enrolment.objects.create(course=course, member=member, **fields)
            else:
                # Only the transaction that moves it out of 'cancelled' re-takes it.
                if not Enrolment.objects.filter(pk=existing.pk, status=EnrolmentStatus.CANCELLED).update(
                    status=EnrolmentStatus.ENROLLED, enrolled_at=timezone.now(), **fields
                ):
                    raise errors.ALREADY_ENROLLED()
                enrolment = Enrolment.objects.get(pk=existing.pk)
    except IntegrityError:
        raise errors.ALREADY_ENROLLED() from None
    taken = Course.objects.filter(pk=course.pk, status=CourseStatus.OPEN, enrolled__lt=F("capacity")).update(
        enrolled=F("enrolled") + 1
    )
    if not taken:
        raise errors.COURSE_FULL()  # the atomic block rolls the row back
    audit.record(
        "training.enrolment.created",
        actor=actor,
        obj=enrolment,
        data={"course": course.pk, "member": member.pk, "self": member.user_id == getattr(actor, "pk", None)},
    )
    return enrolment


@transaction.atomic
def cancel_enrolment(enrolment: Enrolment, *, actor) -> Enrolment:
    """Leave a course (the member or staff): the seat is given back."""
    if enrolment.member.user_id != getattr(actor, "pk", None):
        require(actor, MANAGE, enrolment.course.org)
    locking.lock_course(enrolment.course)
    enrolment = locking.lock_enrolment(enrolment)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise errors.ENROLMENT_CLOSED(s=enrolment.get_status_display())
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.save(update_fields=["status"])
    Course.objects.filter(pk=enrolment.course_id).update(enrolled=F("enrolled") - 1)
    audit.record("training.enrolment.cancelled", actor=actor, obj=enrolment, data={"course": enrolment.course_id})
    return enrolment


@transaction.atomic
def close_enrolment(course: Course, *, actor) -> Course:
    """Stop taking enrolments (报名截止); the enrolled go on attending."""
    require(actor, MANAGE, course.org)
    course = locking.lock_course(course)
    if course.status == CourseStatus.FINISHED:
        raise errors.COURSE_FINISHED(what=_("截止报名"))
    course.status = CourseStatus.CLOSED
    course.save(update_fields=["status"])
    audit.record("training.course.updated", actor=actor, obj=course, data={"status": course.status})
    return course


@transaction.atomic
def check_in(session: Session, code: str, *, actor, method: str = Attendance.Method.CARD) -> tuple[Attendance, bool]:
    """Staff scan a member's e-card (or type its number) at a session. Scanning twice is harmless: ``created`` is
    False. The member must be enrolled on the course."""
    course = session.course
    require(actor, MANAGE, course.org)
    if course.status == CourseStatus.FINISHED:
        raise errors.COURSE_FINISHED(what=_("签到"))
    member = member_from_scan(code)
    if member is None:
        raise errors.MEMBER_NOT_FOUND()
    enrolment = Enrolment.objects.filter(course=course, member=member, status=EnrolmentStatus.ENROLLED).first()
    if enrolment is None:
        raise errors.NOT_ENROLLED(name=member.name)
    found = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                session=session, enrolment=enrolment, method=method, recorded_by=actor
            )
    except IntegrityError:
        return Attendance.objects.get(session=session, enrolment=enrolment), False
    Enrolment.objects.filter(pk=enrolment.pk).update(attended=F("attended") + 1)
    audit.record(
        "training.attendance.recorded",
        actor=actor,
        obj=enrolment,
        data={"session": session.pk, "member": member.pk, "method": method},
    )
    return attendance, True


def _certificate_number(now) -> str:
    year = timezone.localtime(now).year
    (n,) = Counter.take(f"training.certificate.{year}")
    return f"PX{year}{n:06d}"


@transaction.atomic
def finish_course(course: Course, *, actor) -> dict:
    """结业: every enrolled member who attended at least ``sessions_required`` sessions completes (the union's
    subsidy is then due) and gets a certificate; the others are marked 未达结业要求. Returns the counts."""
    require(actor, MANAGE, course.org)
    course = locking.lock_course(course)
    if course.status == CourseStatus.FINISHED:
        raise errors.COURSE_FINISHED(what=_("结业"))
    if not course.sessions.exists():
        raise errors.NO_SESSIONS()
    now = timezone.now()
    completed = not_completed = 0
    for enrolment in locking.lock_enrolments(course):
        if enrolment.status != EnrolmentStatus.ENROLLED:
            continue
        if enrolment.attended >= course.sessions_required:
            enrolment.status, enrolment.completed_at = EnrolmentStatus.COMPLETED, now
            enrolment.save(update_fields=["status", "completed_at"])
            certificate = Certificate.objects.create(
                enrolment=enrolment, number=_certificate_number(now), issued_at=now
            )
            audit.record("training.certificate.issued", actor=actor, obj=enrolment, data={"number": certificate.number})
            completed += 1
        else:
            enrolment.status = EnrolmentStatus.NOT_COMPLETED
            enrolment.save(update_fields=["status"])
            not_completed += 1
    course.status, course.finished_at = CourseStatus.FINISHED, now
    course.save(update_fields=["status", "finished_at"])
    result = {"completed": completed, "not_completed": not_completed}
    audit.record("training.course.finished", actor=actor, obj=course, data=result)
    return result
