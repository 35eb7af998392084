"""The honours API for staff (``/api/v1/honours``): the register, recording an honour, nominations and their
review up the tree, and the district's titles. Endpoints parse input, call one service and answer."""

from ninja import Field, Query, Router, Status

from core.api import Paging, with_errors
from core.errors import NOT_FOUND
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org

from .. import services
from ..models import Award, Nomination, Title
from ..services import NOMINATE, TITLES, VIEW
from .schemas import (
    HonourAwardIn,
    HonourAwardOut,
    HonourConcludeIn,
    HonourNominationDetailOut,
    HonourNominationIn,
    HonourNominationOut,
    HonourReviewIn,
    HonourTitleChangeIn,
    HonourTitleIn,
    HonourTitleOut,
)

router = Router(tags=["荣誉"])


def _org(request, code, permission: str, field: str) -> Org:
    org = Org.objects.restrict(request.user, permission).filter(code=normalize_code(code or "")).first()
    if org is None:
        raise NOT_FOUND(field=field)
    return org


def _holder(request, payload):
    """(title, union, member, org) of a recording or a nomination, each within the user's scope."""
    union = _org(request, payload.union, NOMINATE, "union")
    paths = [union.path[: i * Org.steplen] for i in range(1, union.depth + 1)]
    title = Title.objects.filter(pk=payload.title_id, org__path__in=paths).select_related("org").first()
    if title is None:
        raise NOT_FOUND(field="title_id")
    member = None
    if payload.member_id is not None:
        member = (
            Member.objects.restrict(request.user, VIEW).select_related("union").filter(pk=payload.member_id).first()
        )
        if member is None:
            raise NOT_FOUND(field="member_id")
    org = _org(request, payload.org, NOMINATE, "org") if payload.org else None
    return title, union, member, org


class HonourAwardFilters(Paging):
    q: str | None = Field(None, max_length=50, description="按获得者搜索")
    category: str | None = Field(None, max_length=20)
    level: str | None = Field(None, max_length=10)
    year: int | None = Field(None, ge=2000, le=2100)


@router.get("/awards", response=with_errors({200: list[HonourAwardOut]}), summary="荣誉名录")
def list_awards(request, filters: Query[HonourAwardFilters]):
    qs = Award.objects.restrict(request.user, VIEW).select_related("title", "title__org", "union")
    if filters.q:
        qs = qs.filter(holder_name__icontains=filters.q)
    if filters.category:
        qs = qs.filter(title__category=filters.category)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.year:
        qs = qs.filter(year=filters.year)
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


@router.post("/awards", response=with_errors({201: HonourAwardOut}, 400, 403, 404), summary="登记荣誉")
def record_award(request, payload: HonourAwardIn):
    title, union, member, org = _holder(request, payload)
    award = services.record_award(
        title,
        actor=request.user,
        union=union,
        level=payload.level,
        year=payload.year,
        awarding_body=payload.awarding_body,
        awarded_on=payload.awarded_on,
        member=member,
        org=org,
        holder_name=payload.holder_name,
    )
    return Status(201, award)


@router.get("/awards/{award_id}", response=with_errors({200: HonourAwardOut}, 404), summary="荣誉详情")
def get_award(request, award_id: int):
    return get_scoped_or_404(
        Award.objects.select_related("title", "title__org", "union"), request.user, VIEW, pk=award_id
    )


class HonourNominationFilters(Paging):
    status: str | None = Field(None, max_length=10)
    waiting: bool = Field(False, description="只看等待本人审核的推荐")


@router.get("/nominations", response=with_errors({200: list[HonourNominationOut]}), summary="荣誉推荐")
def list_nominations(request, filters: Query[HonourNominationFilters]):
    from .. import selectors

    if filters.waiting:
        qs = selectors.waiting_for(request.user)
    else:
        qs = Nomination.objects.restrict(request.user, VIEW)
    qs = qs.select_related("title", "title__org", "union", "at_org")
    if filters.status:
        qs = qs.filter(status=filters.status)
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


@router.post("/nominations", response=with_errors({201: HonourNominationOut}, 400, 403, 404, 409), summary="推荐荣誉")
def nominate(request, payload: HonourNominationIn):
    title, union, member, org = _holder(request, payload)
    nomination = services.nominate(
        title,
        actor=request.user,
        union=union,
        level=payload.level,
        year=payload.year,
        member=member,
        org=org,
        holder_name=payload.holder_name,
        reason=payload.reason,
    )
    return Status(201, nomination)


def _nomination(request, pk):
    return get_scoped_or_404(
        Nomination.objects.select_related("title", "title__org", "union", "at_org", "member"),
        request.user,
        VIEW,
        pk=pk,
    )


@router.get(
    "/nominations/{nomination_id}", response=with_errors({200: HonourNominationDetailOut}, 404), summary="推荐详情"
)
def get_nomination(request, nomination_id: int):
    return _nomination(request, nomination_id)


@router.post(
    "/nominations/{nomination_id}/review",
    response=with_errors({200: HonourNominationDetailOut}, 400, 403, 404, 409),
    summary="审核推荐（同意则报上级，区总工会审定）",
)
def review_nomination(request, nomination_id: int, payload: HonourReviewIn):
    nomination = services.review(
        _nomination(request, nomination_id), actor=request.user, approve=payload.approve, note=payload.note
    )
    return nomination


@router.post(
    "/nominations/{nomination_id}/conclude",
    response=with_errors({200: HonourNominationDetailOut}, 400, 403, 404, 409),
    summary="登记上级评选结果",
)
def conclude_nomination(request, nomination_id: int, payload: HonourConcludeIn):
    nomination = services.conclude(
        _nomination(request, nomination_id),
        actor=request.user,
        awarded=payload.awarded,
        awarding_body=payload.awarding_body,
        awarded_on=payload.awarded_on,
    )
    return nomination


@router.get("/titles", response=with_errors({200: list[HonourTitleOut]}), summary="本范围设立的荣誉称号")
def list_titles(request):
    return list(Title.objects.restrict(request.user, VIEW).select_related("org"))


@router.post("/titles", response=with_errors({201: HonourTitleOut}, 400, 403, 404, 409), summary="设立荣誉称号")
def create_title(request, payload: HonourTitleIn):
    org = _org(request, payload.org, TITLES, "org")
    title = services.create_title(
        actor=request.user, org=org, name=payload.name, category=payload.category, care_entitled=payload.care_entitled
    )
    return Status(201, title)


@router.patch(
    "/titles/{title_id}", response=with_errors({200: HonourTitleOut}, 400, 403, 404, 409), summary="修改或停用称号"
)
def change_title(request, title_id: int, payload: HonourTitleChangeIn):
    title = get_scoped_or_404(Title.objects.select_related("org"), request.user, VIEW, pk=title_id)
    return services.change_title(title, actor=request.user, name=payload.name, active=payload.active)
