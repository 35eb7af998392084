"""Committees, terms, congresses (换届), officers' training and a town's part-time vice-chairs."""

from django.utils import timezone
from ninja import Field, Query, Status

from core.api import Paging, with_errors
from core.errors import NOT_FOUND
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org

from ... import selectors
from ...models import (
    Officer,
    Term,
)
from ...services import VIEW
from ...services import officers as officer_services
from ...services.officers import add_months
from ..schemas import (
    LifeCommitteeOut,
    LifeCongressIn,
    LifeEndOfficerIn,
    LifeOfficerOut,
    LifeTermOut,
    LifeTrainingOut,
    LifeViceChairIn,
)
from .base import router

# --- Officers and terms ---------------------------------------------------------------------------------------------


class LifeTermFilters(Paging):
    due: str | None = Field(None, description="overdue=换届逾期；soon=半年内到期")


@router.get("/terms", response=with_errors({200: list[LifeTermOut]}), summary="本范围工会的本届任期")
def list_terms(request, filters: Query[LifeTermFilters]):
    qs = Term.objects.restrict(request.user, VIEW).filter(closed_on__isnull=True).select_related("union")
    today = timezone.localdate()
    if filters.due == "overdue":
        qs = qs.filter(due_on__lt=today)
    elif filters.due == "soon":
        qs = qs.filter(due_on__gte=today, due_on__lte=add_months(today, 6))
    qs = qs.order_by("due_on", "union__path")
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


def _committee_out(org) -> dict:
    terms = list(Term.objects.filter(union=org).select_related("union").order_by("-started_on", "-pk"))
    serving = list(
        Officer.objects.filter(union=org, ends_on__isnull=True).select_related("source_union").order_by("role", "pk")
    )
    trainings = selectors.officer_trainings(serving)
    return {
        "org": org,
        "current": next((t for t in terms if t.closed_on is None), None),
        "officers": [{**LifeOfficerOut.from_orm(o).dict(), "trainings": len(trainings[o.pk])} for o in serving],
        "past": [t for t in terms if t.closed_on is not None],
    }


@router.get("/committees/{org_id}", response=with_errors({200: LifeCommitteeOut}, 404), summary="工会委员会")
def get_committee(request, org_id: int):
    return _committee_out(get_scoped_or_404(Org.objects.all(), request.user, VIEW, pk=org_id))


@router.post(
    "/committees/{org_id}/congress",
    response=with_errors({201: LifeTermOut}, 400, 403, 404, 409, 503),
    summary="登记会员（代表）大会（换届）",
)
def record_congress(request, org_id: int, payload: LifeCongressIn):
    org = get_scoped_or_404(Org.objects.all(), request.user, VIEW, pk=org_id)
    members = {
        m.pk: m
        for m in Member.objects.restrict(request.user, "members.view").filter(
            pk__in=[o.member_id for o in payload.officers if o.member_id]
        )
    }
    officers = []
    for o in payload.officers:
        if o.member_id and o.member_id not in members:
            raise NOT_FOUND(field="officers")
        officers.append({"role": o.role, "name": o.name, "full_time": o.full_time, "member": members.get(o.member_id)})
    term = officer_services.record_congress(
        org,
        actor=request.user,
        held_on=payload.held_on,
        officers=officers,
        delegates=payload.delegates,
        length_years=payload.length_years,
    )
    return Status(201, term)


@router.post(
    "/committees/{org_id}/vice-chairs",
    response=with_errors({201: LifeOfficerOut}, 400, 403, 404, 409, 503),
    summary="选配镇街兼职副主席",
)
def appoint_vice_chair(request, org_id: int, payload: LifeViceChairIn):
    org = get_scoped_or_404(Org.objects.all(), request.user, VIEW, pk=org_id)
    source = Org.objects.restrict(request.user, VIEW).filter(code=normalize_code(payload.source_union)).first()
    if source is None:
        raise NOT_FOUND(field="source_union")
    return Status(201, officer_services.appoint_vice_chair(org, actor=request.user, source_union=source))


@router.get(
    "/officers/{officer_id}/trainings",
    response=with_errors({200: list[LifeTrainingOut]}, 404),
    summary="干部参加的工会干部培训（来自活动签到）",
)
def officer_trainings(request, officer_id: int):
    officer = get_scoped_or_404(Officer.objects.select_related("union"), request.user, VIEW, pk=officer_id)
    return [
        {
            "activity_id": p.activity_id,
            "title": p.activity.title,
            "organiser": p.activity.organiser,
            "starts_at": p.activity.starts_at,
            "checked_in_at": p.checked_in_at,
        }
        for p in selectors.officer_trainings([officer])[officer.pk]
    ]


@router.post(
    "/officers/{officer_id}/end",
    response=with_errors({200: LifeOfficerOut}, 400, 403, 404, 409, 503),
    summary="干部离任",
)
def end_officer(request, officer_id: int, payload: LifeEndOfficerIn):
    officer = get_scoped_or_404(Officer.objects.select_related("union"), request.user, VIEW, pk=officer_id)
    return officer_services.end_officer(officer, actor=request.user, ends_on=payload.ends_on)
