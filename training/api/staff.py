"""Staff API of 职工培训 (``/api/v1/training``): courses (list, create, detail), sessions, enrolling a member by their
e-card, check-in at a session, cancelling an enrolment and finishing a course. Objects outside the caller's scope
answer 404 like unknown ids; in scope without ``training.manage`` answers 403; every write is one service call."""

from ninja import Query, Router, Status

from core.api import Paging, paginate, with_errors
from core.errors import PERMISSION_DENIED
from core.scoping import get_scoped_or_404, has_any
from core.validators import normalize_code
from members.cards import member_from_scan
from orgs.models import Org
from places.models import Place

from .. import errors, selectors, services
from ..models import Course, Enrolment, Session
from .schemas import (
    TrainingCheckInOut,
    TrainingCourseDetailOut,
    TrainingCourseIn,
    TrainingCoursePage,
    TrainingEnrolmentOut,
    TrainingFinishOut,
    TrainingScanIn,
    TrainingSessionIn,
    TrainingSessionOut,
)

router = Router(tags=["职工培训"])
VIEW, MANAGE = "training.view", "training.manage"


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PERMISSION_DENIED()


def _course(request, course_id: int) -> Course:
    return get_scoped_or_404(Course.objects.select_related("org", "provider_place"), request.user, VIEW, pk=course_id)


def _detail(course: Course) -> Course:
    course.sessions_list = list(selectors.sessions_of(course))
    return course


class TrainingCourseFilters(Paging):
    q: str = ""
    kind: str = ""
    status: str = ""


@router.get("/courses", response=with_errors({200: TrainingCoursePage}, 403), summary="培训课程列表")
def list_courses(request, filters: Query[TrainingCourseFilters]):
    _gate(request)
    return paginate(
        selectors.search_courses(request.user, q=filters.q, kind=filters.kind, status=filters.status), filters
    )


@router.post("/courses", response=with_errors({201: TrainingCourseDetailOut}, 400, 403), summary="新建培训课程")
def create_course(request, payload: TrainingCourseIn):
    _gate(request, MANAGE)
    data = payload.dict()
    org = Org.objects.restrict(request.user, MANAGE).filter(code=normalize_code(data.pop("org"))).first()
    if org is None:
        raise errors.INVALID_ORG()
    place_id = data.pop("provider_place_id")
    place = None
    if place_id is not None:
        place = Place.objects.restrict(request.user, "places.view").filter(pk=place_id).first()
        if place is None:
            raise errors.INVALID_PLACE()
    course = services.create_course(actor=request.user, org=org, provider_place=place, **data)
    return Status(201, _detail(course))


@router.get(
    "/courses/{course_id}", response=with_errors({200: TrainingCourseDetailOut}, 403, 404), summary="培训课程详情"
)
def get_course(request, course_id: int):
    return _detail(_course(request, course_id))


@router.post(
    "/courses/{course_id}/sessions",
    response=with_errors({201: TrainingSessionOut}, 400, 403, 404, 409),
    summary="添加课次",
)
def add_session(request, course_id: int, payload: TrainingSessionIn):
    course = _course(request, course_id)
    return Status(201, services.add_session(course, actor=request.user, **payload.dict()))


@router.get(
    "/courses/{course_id}/enrolments",
    response=with_errors({200: list[TrainingEnrolmentOut]}, 403, 404),
    summary="课程学员",
)
def list_enrolments(request, course_id: int):
    course = _course(request, course_id)
    return list(Enrolment.objects.filter(course=course).select_related("member").order_by("pk")[:1000])


@router.post(
    "/courses/{course_id}/enrolments",
    response=with_errors({201: TrainingEnrolmentOut}, 400, 403, 404, 409),
    summary="代会员报名",
)
def enrol(request, course_id: int, payload: TrainingScanIn):
    """Enrol the member whose e-card was scanned (or whose card number was typed)."""
    course = _course(request, course_id)
    member = member_from_scan(payload.code)
    if member is None:
        raise errors.MEMBER_NOT_FOUND()
    return Status(201, services.enrol(course, member, actor=request.user))


@router.post(
    "/courses/{course_id}/finish", response=with_errors({200: TrainingFinishOut}, 403, 404, 409), summary="结业并发证"
)
def finish(request, course_id: int):
    return services.finish_course(_course(request, course_id), actor=request.user)


@router.post(
    "/sessions/{session_id}/checkins",
    response=with_errors({200: TrainingCheckInOut}, 400, 403, 404, 409),
    summary="培训签到",
)
def check_in(request, session_id: int, payload: TrainingScanIn):
    session = get_scoped_or_404(Session.objects.select_related("course__org"), request.user, VIEW, pk=session_id)
    attendance, created = services.check_in(session, payload.code, actor=request.user)
    enrolment = Enrolment.objects.select_related("member").get(pk=attendance.enrolment_id)
    return {"enrolment": enrolment, "created": created}


@router.post(
    "/enrolments/{enrolment_id}/cancel",
    response=with_errors({200: TrainingEnrolmentOut}, 403, 404, 409),
    summary="退出培训",
)
def cancel(request, enrolment_id: int):
    enrolment = get_scoped_or_404(
        Enrolment.objects.select_related("course__org", "member"), request.user, VIEW, pk=enrolment_id
    )
    return services.cancel_enrolment(enrolment, actor=request.user)
