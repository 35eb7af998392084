"""The member's training API (``/api/v1/me/training``): courses open to them, enrolling, their enrolments and
their certificates with the verification link."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from core.api import with_errors
from core.errors import PERMISSION_DENIED
from members.models import Member

from .. import certificates, selectors, services
from .schemas import TrainingCertificateOut, TrainingCourseOut, TrainingEnrolmentOut

router = Router(tags=["我的培训"])


def _member(request) -> Member:
    member = Member.objects.select_related("union").filter(user=request.user).first()
    if member is None:
        raise PERMISSION_DENIED()
    return member


@router.get("/courses", response=with_errors({200: list[TrainingCourseOut]}, 403), summary="可报名的培训课程")
def open_courses(request):
    return list(selectors.courses_for_member(_member(request))[:100])


@router.post(
    "/courses/{course_id}/enrol", response=with_errors({201: TrainingEnrolmentOut}, 403, 404, 409), summary="报名培训"
)
def enrol_myself(request, course_id: int):
    member = _member(request)
    course = get_object_or_404(selectors.courses_for_member(member), pk=course_id)
    return Status(201, services.enrol(course, member, actor=request.user))


@router.get("/enrolments", response=with_errors({200: list[TrainingEnrolmentOut]}, 403), summary="我的培训")
def my_enrolments(request):
    return list(selectors.my_enrolments(_member(request)).select_related("member")[:100])


@router.get("/certificates", response=with_errors({200: list[TrainingCertificateOut]}, 403), summary="我的结业证书")
def my_certificates(request):
    found = list(selectors.my_certificates(_member(request))[:100])
    for c in found:
        c.verify_url = certificates.verify_url(c)
    return found
