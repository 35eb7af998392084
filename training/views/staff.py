"""Console pages of 职工培训 (``/console/training/``): the course list with search, a new course, a course's page
(sessions, enrolments with attendance, enrol a member by scanning their e-card, close enrolment, finish), a session's
check-in desk and a certificate's printable page. Objects load through ``restrict`` (404 outside scope); actions
need ``training.manage`` over the course's org (403); writes go through ``training.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from members.cards import member_from_scan
from orgs.models import Org
from places.models import Place, PlaceKind, PlaceStatus

from .. import certificates, selectors, services
from ..forms import CourseForm, ScanForm, SessionForm
from ..models import Certificate, Course, CourseKind, CourseStatus, Enrolment, Session

VIEW, MANAGE = "training.view", "training.manage"


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PermissionDenied


def _course(request, pk, permission: str = VIEW) -> Course:
    course = get_scoped_or_404(Course.objects.select_related("org", "provider_place"), request.user, VIEW, pk=pk)
    if permission == MANAGE and not can(request.user, MANAGE, course.org):
        raise PermissionDenied
    return course


def _schools(user):
    return Place.objects.restrict(user, "places.view").filter(kind=PlaceKind.CRAFT_SCHOOL, status=PlaceStatus.OPEN)


@login_required
@require_GET
def course_list(request):
    """Courses of the user's scope: search by title or provider, filter by kind and status."""
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "status")}
    page = paginate(request, selectors.search_courses(request.user, **f))
    context = {
        "page": page,
        "f": f,
        "kinds": CourseKind.choices,
        "statuses": CourseStatus.choices,
        "filtered": any(f.values()),
        "may_manage": has_any(request.user, MANAGE),
    }
    return render(request, "training/staff/courses.html", context)


@login_required
def course_create(request):
    """A new course: organiser, kind, provider (a 工匠学堂 or a school), quota, fee and the union's subsidy."""
    _gate(request, MANAGE)
    form = CourseForm(request.POST or None)
    schools = list(_schools(request.user)[:200])
    form.fields["provider_place"].choices = [("", "（不选：填写学校名称）")] + [(str(p.pk), p.name) for p in schools]
    settle_org_field(form, "org", Org.objects.restrict(request.user, MANAGE))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = Org.objects.restrict(request.user, MANAGE).filter(code=normalize_code(data.pop("org"))).first()
        place_pk = data.pop("provider_place")
        place = next((p for p in schools if str(p.pk) == place_pk), None)
        if org is None:
            form.add_error("org", _("工会不存在或不在您的管理范围内"))
        else:
            try:
                course = services.create_course(actor=request.user, org=org, provider_place=place, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已新建课程“%(t)s”") % {"t": course.title})
                return redirect("training:course", course.pk)
    return render(request, "training/staff/form.html", {"form": form, "title": _("新建培训课程")})


@login_required
@require_GET
def course_detail(request, pk):
    course = _course(request, pk)
    enrolments = Enrolment.objects.filter(course=course).select_related("member__union", "certificate").order_by("pk")
    context = {
        "course": course,
        "sessions": list(selectors.sessions_of(course)),
        "page": paginate(request, enrolments),
        "may_manage": can(request.user, MANAGE, course.org),
        "session_form": SessionForm(),
        "scan_form": ScanForm(),
    }
    return render(request, "training/staff/course.html", context)


@login_required
def session_add(request, pk):
    course = _course(request, pk, MANAGE)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_session(course, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已添加课次"))
            return redirect("training:course", course.pk)
    return render(request, "training/staff/form.html", {"form": form, "title": _("添加课次"), "course": course})


@login_required
def enrol(request, pk):
    """Staff enrol a member by scanning their e-card or typing the card number."""
    course = _course(request, pk, MANAGE)
    form = ScanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = member_from_scan(form.cleaned_data["code"])
        if member is None:
            form.add_error("code", _("未找到有效会员，请扫描会员的电子会员证或输入会员证号"))
        else:
            try:
                services.enrol(course, member, actor=request.user)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("%(n)s 已报名") % {"n": member.name})
                return redirect("training:course", course.pk)
    return render(request, "training/staff/form.html", {"form": form, "title": _("代会员报名"), "course": course})


@login_required
@require_POST
def course_close(request, pk):
    course = _course(request, pk, MANAGE)
    try:
        services.close_enrolment(course, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已截止报名"))
    return redirect("training:course", course.pk)


@login_required
@require_POST
def course_finish(request, pk):
    course = _course(request, pk, MANAGE)
    try:
        result = services.finish_course(course, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已结业：%(c)s 人结业并发放证书，%(n)s 人未达结业要求")
            % {"c": result["completed"], "n": result["not_completed"]},
        )
    return redirect("training:course", course.pk)


@login_required
def session_detail(request, pk):
    """A session's check-in desk: scan each arriving member's e-card; who has checked in."""
    session = get_scoped_or_404(Session.objects.select_related("course__org"), request.user, VIEW, pk=pk)
    may_manage = can(request.user, MANAGE, session.course.org)
    form = ScanForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                attendance, created = services.check_in(session, form.cleaned_data["code"], actor=request.user)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                name = attendance.enrolment.member.name
                if created:
                    messages.success(request, _("%(n)s 签到成功") % {"n": name})
                else:
                    messages.info(request, _("%(n)s 已签到过") % {"n": name})
                return redirect("training:session", session.pk)
    attendances = session.attendances.select_related("enrolment__member").order_by("-checked_in_at")
    context = {"session": session, "course": session.course, "form": form, "may_manage": may_manage}
    context["attendances"] = list(attendances)
    return render(request, "training/staff/session.html", context)


@login_required
@require_POST
def enrolment_cancel(request, pk):
    enrolment = get_scoped_or_404(Enrolment.objects.select_related("course__org", "member"), request.user, VIEW, pk=pk)
    if not can(request.user, MANAGE, enrolment.course.org):
        raise PermissionDenied
    try:
        services.cancel_enrolment(enrolment, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s 已退出培训") % {"n": enrolment.member.name})
    return redirect("training:course", enrolment.course_id)


@login_required
@require_GET
def certificate(request, pk):
    """The printable certificate with its signed QR."""
    cert = get_scoped_or_404(
        Certificate.objects.select_related(
            "enrolment__member", "enrolment__course__org", "enrolment__course__provider_place"
        ),
        request.user,
        VIEW,
        pk=pk,
    )
    context = {"cert": cert, "qr_svg": mark_safe(certificates.qr_svg(cert)), "base": "console/base.html"}
    return render(request, "training/certificate.html", context)
