"""The member's training pages on the phone (``/m/training/``): courses open to them with seats left, enrolling and
leaving, their courses with attendance, and their certificates to show or print (with the signed QR)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from members.views.member import member_required

from .. import certificates, selectors, services
from ..models import Course, CourseStatus, Enrolment, EnrolmentStatus


@member_required
@require_GET
def course_list(request):
    member = request.member
    enrolments = list(selectors.my_enrolments(member)[:50])
    mine = {e.course_id for e in enrolments if e.status != EnrolmentStatus.CANCELLED}
    courses = [c for c in selectors.courses_for_member(member)[:50] if c.pk not in mine]
    context = {
        "courses": courses,
        "enrolments": enrolments,
        "certificates": list(selectors.my_certificates(member)[:50]),
    }
    return render(request, "training/member/courses.html", context)


@member_required
@require_GET
def course_detail(request, pk):
    member = request.member
    course = get_object_or_404(Course.objects.select_related("org", "provider_place"), pk=pk)
    enrolment = Enrolment.objects.filter(course=course, member=member).first()
    if enrolment is None and not (services.eligible(course, member) and course.status == CourseStatus.OPEN):
        raise Http404  # a course not offered to the member is not shown
    context = {"course": course, "enrolment": enrolment, "sessions": list(selectors.sessions_of(course))}
    return render(request, "training/member/course.html", context)


@member_required
@require_POST
def course_enrol(request, pk):
    member = request.member
    course = get_object_or_404(selectors.courses_for_member(member), pk=pk)
    try:
        services.enrol(course, member, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("报名成功"))
    return redirect("training:member_course", course.pk)


@member_required
@require_POST
def enrolment_cancel(request, pk):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course__org", "member"), pk=pk, member=request.member
    )
    try:
        services.cancel_enrolment(enrolment, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已退出培训"))
    return redirect("training:member_courses")


@member_required
@require_GET
def certificate(request, pk):
    cert = get_object_or_404(selectors.my_certificates(request.member), pk=pk)
    context = {
        "cert": cert,
        "qr_svg": mark_safe(certificates.qr_svg(cert)),
        "base": "member/base.html",
        "verify_path": reverse("training:verify", args=[certificates.certificate_token(cert)]),
    }
    return render(request, "training/certificate.html", context)
