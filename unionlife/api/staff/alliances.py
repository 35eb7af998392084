"""Pairings (结对共建) and alliances (工会联盟): parties, members, shared places, joint activities."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Status

from core.api import Paging, with_errors
from core.errors import NOT_FOUND
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from orgs.models import Org

from ... import selectors
from ...models import (
    Alliance,
    AllianceMember,
    JointActivity,
    Pairing,
)
from ...services import ALLIANCES, VIEW
from ...services import alliances as alliance_services
from ..schemas import (
    LifeAllianceDetailOut,
    LifeAllianceIn,
    LifeAllianceMemberIn,
    LifeAllianceMemberOut,
    LifeAllianceOut,
    LifeAlliancePlacesIn,
    LifeClosePairingIn,
    LifeDissolveIn,
    LifeJointActivityIn,
    LifeJointActivityOut,
    LifeLeaveIn,
    LifePairingDetailOut,
    LifePairingIn,
    LifePairingOut,
    LifePairingRecordIn,
    LifePairingRecordOut,
)
from .base import router

# --- Pairings and alliances -----------------------------------------------------------------------------------------

TIES = ["结对共建与工会联盟"]


def _keeper(request, code: str) -> Org:
    org = Org.objects.restrict(request.user, ALLIANCES).filter(code=normalize_code(code or "")).first()
    if org is None:
        raise NOT_FOUND(field="owner")
    return org


def _named(codes: list[str], field: str) -> list[Org]:
    """Orgs named by code anywhere in the tree (alliances and pairings cross town lines)."""
    found = []
    for code in codes:
        org = Org.objects.filter(code=normalize_code(code or "")).first()
        if org is None:
            raise NOT_FOUND(field=field)
        found.append(org)
    return found


class LifeTieFilters(Paging):
    q: str | None = Field(None, max_length=100, description="按名称搜索")
    status: str | None = Field(None, max_length=20, description="状态")


def _page(qs, filters):
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


@router.get(tags=TIES, path="/pairings", response=with_errors({200: list[LifePairingOut]}), summary="本范围的结对共建")
def list_pairings(request, filters: Query[LifeTieFilters]):
    return _page(selectors.pairings(request.user, q=filters.q or "", status=filters.status or ""), filters)


def _pairing_out(pairing) -> dict:
    return {
        **{f: getattr(pairing, f) for f in ("id", "owner", "title", "starts_on", "ends_on", "status", "closed_on")},
        "goals": pairing.goals,
        "closing_note": pairing.closing_note,
        "parties": list(pairing.parties.select_related("org")),
        "records": list(pairing.records.all()),
    }


@router.post(
    tags=TIES,
    path="/pairings",
    response=with_errors({201: LifePairingDetailOut}, 400, 403, 404),
    summary="登记结对共建",
)
def create_pairing(request, payload: LifePairingIn):
    owner = _keeper(request, payload.owner)
    parties = []
    for p in payload.parties:
        if p.org:
            parties.append({"org": _named([p.org], "parties")[0]})
        else:
            parties.append({"kind": p.kind, "name": p.name})
    pairing = alliance_services.create_pairing(
        actor=request.user,
        owner=owner,
        title=payload.title,
        goals=payload.goals,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        parties=parties,
    )
    return Status(201, _pairing_out(pairing))


def _pairing(request, pairing_id: int) -> Pairing:
    return get_scoped_or_404(Pairing.objects.select_related("owner"), request.user, VIEW, pk=pairing_id)


@router.get(
    tags=TIES,
    path="/pairings/{pairing_id}",
    response=with_errors({200: LifePairingDetailOut}, 404),
    summary="结对共建详情",
)
def get_pairing(request, pairing_id: int):
    return _pairing_out(_pairing(request, pairing_id))


@router.post(
    tags=TIES,
    path="/pairings/{pairing_id}/records",
    response=with_errors({201: LifePairingRecordOut}, 400, 403, 404, 409, 503),
    summary="记录结对共建进展",
)
def add_pairing_record(request, pairing_id: int, payload: LifePairingRecordIn):
    pairing = _pairing(request, pairing_id)
    record = alliance_services.add_pairing_record(
        pairing, actor=request.user, happened_on=payload.happened_on, text=payload.text
    )
    return Status(201, record)


@router.post(
    tags=TIES,
    path="/pairings/{pairing_id}/close",
    response=with_errors({200: LifePairingDetailOut}, 400, 403, 404, 409, 503),
    summary="结束结对共建（已完成或已终止）",
)
def close_pairing(request, pairing_id: int, payload: LifeClosePairingIn):
    pairing = alliance_services.close_pairing(
        _pairing(request, pairing_id),
        actor=request.user,
        status=payload.status,
        closed_on=payload.closed_on,
        note=payload.note,
    )
    return _pairing_out(pairing)


@router.get(
    tags=TIES, path="/alliances", response=with_errors({200: list[LifeAllianceOut]}), summary="本范围的工会联盟"
)
def list_alliances(request, filters: Query[LifeTieFilters]):
    return _page(selectors.alliances(request.user, q=filters.q or "", status=filters.status or ""), filters)


def _alliance_out(alliance) -> dict:
    joint = JointActivity.objects.filter(alliance=alliance).select_related("activity", "activity__organiser")
    return {
        **{
            f: getattr(alliance, f)
            for f in ("id", "owner", "lead", "name", "kind", "founded_on", "status", "dissolved_on", "description")
        },
        "members": list(AllianceMember.objects.filter(alliance=alliance).select_related("union").order_by("pk")),
        "places": list(alliance.places.select_related("org").order_by("pk")),
        "joint_activities": [
            {
                "activity_id": j.activity_id,
                "title": j.activity.title,
                "organiser": j.activity.organiser,
                "starts_at": j.activity.starts_at,
                "status": j.activity.status,
            }
            for j in joint.order_by("-activity__starts_at")
        ],
    }


def _places(request, ids: list[int]) -> list:
    found = list(selectors.alliance_places(request.user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise NOT_FOUND(field="places")
    return found


@router.post(
    tags=TIES,
    path="/alliances",
    response=with_errors({201: LifeAllianceDetailOut}, 400, 403, 404),
    summary="登记工会联盟",
)
def create_alliance(request, payload: LifeAllianceIn):
    owner = _keeper(request, payload.owner)
    (lead,) = _named([payload.lead], "lead")
    alliance = alliance_services.create_alliance(
        actor=request.user,
        owner=owner,
        name=payload.name,
        kind=payload.kind,
        lead=lead,
        founded_on=payload.founded_on,
        members=_named(payload.members, "members"),
        places=_places(request, payload.places),
        description=payload.description,
    )
    return Status(201, _alliance_out(alliance))


def _alliance(request, alliance_id: int) -> Alliance:
    return get_scoped_or_404(Alliance.objects.select_related("owner", "lead"), request.user, VIEW, pk=alliance_id)


@router.get(
    tags=TIES,
    path="/alliances/{alliance_id}",
    response=with_errors({200: LifeAllianceDetailOut}, 404),
    summary="工会联盟详情",
)
def get_alliance(request, alliance_id: int):
    return _alliance_out(_alliance(request, alliance_id))


@router.post(
    tags=TIES,
    path="/alliances/{alliance_id}/members",
    response=with_errors({201: LifeAllianceMemberOut}, 400, 403, 404, 409, 503),
    summary="联盟新增成员工会",
)
def add_alliance_member(request, alliance_id: int, payload: LifeAllianceMemberIn):
    alliance = _alliance(request, alliance_id)
    (union,) = _named([payload.union], "union")
    member = alliance_services.add_member(alliance, actor=request.user, union=union, joined_on=payload.joined_on)
    return Status(201, member)


@router.post(
    tags=TIES,
    path="/alliance-members/{member_id}/leave",
    response=with_errors({200: LifeAllianceMemberOut}, 400, 403, 404, 409, 503),
    summary="成员工会退出联盟",
)
def leave_alliance(request, member_id: int, payload: LifeLeaveIn):
    visible = Alliance.objects.restrict(request.user, VIEW).values("pk")
    membership = get_object_or_404(
        AllianceMember.objects.select_related("union", "alliance"), pk=member_id, alliance__in=visible
    )
    return alliance_services.remove_member(membership, actor=request.user, left_on=payload.left_on)


@router.put(
    tags=TIES,
    path="/alliances/{alliance_id}/places",
    response=with_errors({200: LifeAllianceDetailOut}, 400, 403, 404, 409, 503),
    summary="设置联盟共享阵地",
)
def set_alliance_places(request, alliance_id: int, payload: LifeAlliancePlacesIn):
    alliance = _alliance(request, alliance_id)
    alliance = alliance_services.set_places(alliance, actor=request.user, places=_places(request, payload.places))
    return _alliance_out(alliance)


@router.post(
    tags=TIES,
    path="/alliances/{alliance_id}/activities",
    response=with_errors({201: LifeJointActivityOut}, 400, 403, 404, 409, 503),
    summary="登记联盟联办活动",
)
def add_joint_activity(request, alliance_id: int, payload: LifeJointActivityIn):
    from activities.models import Activity

    alliance = _alliance(request, alliance_id)
    activity = Activity.objects.restrict(request.user, "activities.view").filter(pk=payload.activity_id).first()
    if activity is None:
        raise NOT_FOUND(field="activity_id")
    co = None if payload.co_organisers is None else _named(payload.co_organisers, "co_organisers")
    alliance_services.add_joint_activity(alliance, actor=request.user, activity=activity, co_organisers=co)
    activity.refresh_from_db()
    out = {
        "activity_id": activity.pk,
        "title": activity.title,
        "organiser": activity.organiser,
        "starts_at": activity.starts_at,
        "status": activity.status,
    }
    return Status(201, out)


@router.post(
    tags=TIES,
    path="/alliances/{alliance_id}/dissolve",
    response=with_errors({200: LifeAllianceDetailOut}, 400, 403, 404, 409, 503),
    summary="解散联盟",
)
def dissolve_alliance(request, alliance_id: int, payload: LifeDissolveIn):
    alliance = alliance_services.dissolve_alliance(
        _alliance(request, alliance_id), actor=request.user, dissolved_on=payload.dissolved_on
    )
    return _alliance_out(alliance)
