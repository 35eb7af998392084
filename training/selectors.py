"""Read queries of the training module: the console's course search, the courses open to a member, a member's own
enrolments and certificates."""

from django.db.models import Q

from orgs.models import Org

from .models import Certificate, Course, CourseStatus, Enrolment, Session


def search_courses(user, *, q: str = "", kind: str = "", status: str = ""):
    """Courses in ``user``'s scope, newest first, by title or provider; optionally of one kind or status."""
    qs = Course.objects.restrict(user, "training.view").select_related("org", "provider_place")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(provider_name__icontains=q) | Q(provider_place__name__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-starts_on", "-pk")


def courses_for_member(member):
    """Courses open for enrolment to ``member``: run by their union or an org above it."""
    step = Org.steplen
    path = member.union.path
    paths = [path[:i] for i in range(step, len(path) + 1, step)]
    return (
        Course.objects.filter(org__path__in=paths, status=CourseStatus.OPEN)
        .select_related("org", "provider_place")
        .order_by("starts_on", "pk")
    )


def my_enrolments(member):
    return (
        Enrolment.objects.filter(member=member)
        .select_related("course__org", "course__provider_place", "certificate")
        .order_by("-enrolled_at", "-pk")
    )


def my_certificates(member):
    return Certificate.objects.filter(enrolment__member=member, revoked=False).select_related(
        "enrolment__course__org", "enrolment__course__provider_place", "enrolment__member"
    )


def sessions_of(course):
    return Session.objects.filter(course=course).order_by("starts_at", "pk")
