"""Which rows the training services lock (``core.locking``), in rank order: a course (130) before its enrolments
(134). Enrolling takes no lock: the seat is taken by ``UPDATE … SET enrolled = enrolled + 1 WHERE enrolled <
capacity`` (like the activities' seat counter), so a flood never goes past the quota; changing the quota, finishing
and cancelling take the course's row so they see the seat count as it stands."""

from core.locking import lock, lock_one

from .models import Course, Enrolment


def lock_course(course) -> Course:
    """The course re-read under its row lock."""
    return lock_one(Course.objects.select_related("org"), pk=course.pk)


def lock_enrolment(enrolment) -> Enrolment:
    """An enrolment re-read under its row lock (after its course's, when both are taken)."""
    return lock_one(Enrolment.objects.select_related("course__org", "member"), pk=enrolment.pk)


def lock_enrolments(course) -> list[Enrolment]:
    """Every enrolment of the course, in primary-key order (finishing the course)."""
    return lock(Enrolment.objects.filter(course=course).select_related("member"))
