"""The union-life API for staff (``/api/v1/unionlife``): send notices and tasks, read the live return table,
remind the orgs that have not reported; the inbox of the orgs one works for, read and report back; committees,
congresses (换届) and a town's part-time vice-chairs. Endpoints parse
input, call one service and answer."""

from typing import Annotated

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Status
from ninja.files import UploadedFile

from core.api import Paging, with_errors
from core.errors import NOT_FOUND
from core.scoping import get_scoped_or_404, require
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org

from .. import selectors
from ..models import (
    Alliance,
    AllianceMember,
    ChairPoints,
    Delivery,
    EvidenceFile,
    JointActivity,
    Notice,
    Officer,
    Pairing,
    StarRecord,
    Term,
    UnionAssessment,
)
from ..services import ALLIANCES, ASSESS, HANDLE, SEND, VIEW
from ..services import alliances as alliance_services
from ..services import assessment as assessment_services
from ..services import notices as notice_services
from ..services import officers as officer_services
from ..services.officers import add_months
from .schemas import (
    LifeAllianceDetailOut,
    LifeAllianceIn,
    LifeAllianceMemberIn,
    LifeAllianceMemberOut,
    LifeAllianceOut,
    LifeAlliancePlacesIn,
    LifeAssessmentIn,
    LifeAssessmentOut,
    LifeChairPointsIn,
    LifeChairPointsOut,
    LifeChairPointsRowOut,
    LifeClosePairingIn,
    LifeCommitteeOut,
    LifeConfirmIn,
    LifeCongressIn,
    LifeDeliveryOut,
    LifeDeliveryRowOut,
    LifeDissolveIn,
    LifeEndOfficerIn,
    LifeEvidenceOut,
    LifeJointActivityIn,
    LifeJointActivityOut,
    LifeLeaveIn,
    LifeNoticeDetailOut,
    LifeNoticeIn,
    LifeNoticeOut,
    LifeOfficerOut,
    LifePairingDetailOut,
    LifePairingIn,
    LifePairingOut,
    LifePairingRecordIn,
    LifePairingRecordOut,
    LifeRemindOut,
    LifeReportIn,
    LifeReviewIn,
    LifeSelfAssessmentIn,
    LifeStarOut,
    LifeTermOut,
    LifeTrainingOut,
    LifeUnionAssessmentOut,
    LifeViceChairIn,
)

router = Router(tags=["通知与任务"])


def _orgs(request, codes: list[str], field: str) -> list[Org]:
    found = []
    for code in codes:
        org = Org.objects.restrict(request.user, SEND).filter(code=normalize_code(code or "")).first()
        if org is None:
            raise NOT_FOUND(field=field)
        found.append(org)
    return found


class LifeNoticeFilters(Paging):
    q: str | None = Field(None, max_length=100, description="按标题搜索")


@router.get("/notices", response=with_errors({200: list[LifeNoticeOut]}), summary="本范围发出的通知")
def list_notices(request, filters: Query[LifeNoticeFilters]):
    qs = Notice.objects.restrict(request.user, VIEW).select_related("sender")
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


@router.post("/notices", response=with_errors({201: LifeNoticeOut}, 400, 403, 404), summary="发通知（可带报送任务）")
def send_notice(request, payload: LifeNoticeIn):
    (sender,) = _orgs(request, [payload.sender], "sender")
    notice = notice_services.send_notice(
        actor=request.user,
        sender=sender,
        title=payload.title,
        body=payload.body,
        audience=payload.audience,
        category=payload.category,
        kinds=payload.kinds,
        towns=_orgs(request, payload.towns, "towns"),
        orgs=_orgs(request, payload.orgs, "orgs"),
        return_kind=payload.return_kind,
        due_on=payload.due_on,
        fields=[f.dict() for f in payload.fields],
        figure_label=payload.figure_label,
    )
    return Status(201, notice)


def _row(d) -> dict:
    return {**LifeDeliveryRowOut.from_orm(d).dict(exclude={"state"}), "state": d.current}


@router.get("/notices/{notice_id}", response=with_errors({200: LifeNoticeDetailOut}, 404), summary="通知详情与报送情况")
def get_notice(request, notice_id: int):
    notice = get_scoped_or_404(Notice.objects.select_related("sender"), request.user, VIEW, pk=notice_id)
    out = LifeNoticeOut.from_orm(notice).dict()
    if notice.audience == Notice.Audience.MEMBERS:
        return {**out, "member_reads": notice.member_reads.count()}
    table = selectors.return_table(notice)
    return {**out, "totals": table["totals"], "deliveries": [_row(d) for d in table["rows"]]}


@router.post(
    "/notices/{notice_id}/remind",
    response=with_errors({200: LifeRemindOut}, 403, 404, 409, 503),
    summary="一键催报未报送的单位",
)
def remind(request, notice_id: int):
    notice = get_scoped_or_404(Notice.objects.select_related("sender"), request.user, VIEW, pk=notice_id)
    return {"reminded": notice_services.remind_late(notice, actor=request.user)}


class LifeInboxFilters(Paging):
    state: str | None = Field(None, description="unread=未读；pending=待报送；overdue=逾期；reported=已报送")


def _delivery_out(d) -> dict:
    return {**LifeDeliveryOut.from_orm(d).dict(exclude={"state"}), "state": d.state()}


@router.get("/inbox", response=with_errors({200: list[LifeDeliveryOut]}), summary="发给本单位的通知与任务")
def inbox(request, filters: Query[LifeInboxFilters]):
    from ..views.staff import STATES

    qs = selectors.inbox(request.user)
    if filters.state in STATES:
        qs = STATES[filters.state](qs)
    start = (filters.page - 1) * filters.page_size
    return [_delivery_out(d) for d in qs[start : start + filters.page_size]]


def _delivery(request, delivery_id: int) -> Delivery:
    return get_scoped_or_404(
        Delivery.objects.select_related("notice", "notice__sender", "org"), request.user, VIEW, pk=delivery_id
    )


@router.get("/deliveries/{delivery_id}", response=with_errors({200: LifeDeliveryOut}, 404), summary="本单位收到的通知")
def get_delivery(request, delivery_id: int):
    return _delivery_out(_delivery(request, delivery_id))


@router.post(
    "/deliveries/{delivery_id}/read", response=with_errors({200: LifeDeliveryOut}, 403, 404, 503), summary="标记已读"
)
def read_delivery(request, delivery_id: int):
    return _delivery_out(notice_services.mark_read(_delivery(request, delivery_id), actor=request.user))


@router.post(
    "/deliveries/{delivery_id}/report",
    response=with_errors({200: LifeDeliveryOut}, 400, 403, 404, 409, 503),
    summary="报送（表单答案或数字；文件请在网页上传）",
)
def report(request, delivery_id: int, payload: LifeReportIn):
    delivery = notice_services.report_back(
        _delivery(request, delivery_id),
        actor=request.user,
        answers=payload.answers,
        figure=None if payload.figure is None else str(payload.figure),
    )
    return _delivery_out(delivery)


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


# --- Assessment (星级工会评定, 1+X) ----------------------------------------------------------------------------------


@router.get("/assessments", response=with_errors({200: list[LifeAssessmentOut]}), summary="星级评定（各年度）")
def list_assessments(request, filters: Query[Paging]):
    qs = selectors.visible_assessments(request.user).prefetch_related("criteria")
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


@router.post(
    "/assessments", response=with_errors({201: LifeAssessmentOut}, 400, 403, 404, 409), summary="创建年度星级评定"
)
def create_assessment(request, payload: LifeAssessmentIn):
    org = Org.objects.restrict(request.user, ASSESS).filter(code=normalize_code(payload.org)).first()
    if org is None:
        raise NOT_FOUND(field="org")
    criteria = None
    if payload.criteria is not None:
        criteria = [(c.code, c.label, str(c.points), c.source, c.target) for c in payload.criteria]
    assessment = assessment_services.create_assessment(
        actor=request.user,
        org=org,
        year=payload.year,
        title=payload.title,
        subsidy_rate=str(payload.subsidy_rate),
        subsidy_cap=str(payload.subsidy_cap),
        criteria=criteria,
        star_scores=payload.star_scores,
    )
    return Status(201, assessment)


def _assessment(request, assessment_id: int):
    found = selectors.visible_assessments(request.user).filter(pk=assessment_id).first()
    if found is None:
        raise NOT_FOUND()
    return found


@router.get(
    "/assessments/{assessment_id}",
    response=with_errors({200: LifeAssessmentOut}, 404),
    summary="年度星级评定与评定标准",
)
def get_assessment(request, assessment_id: int):
    return _assessment(request, assessment_id)


def _ua_out(ua) -> dict:
    out = LifeUnionAssessmentOut.from_orm(ua).dict(exclude={"evidence", "chair_points"})
    points = getattr(ua, "chair_points", None)
    return {
        **out,
        "evidence": list(ua.evidence_files.all()),
        "chair_points": LifeChairPointsOut.from_orm(points) if points else None,
    }


def _ua_queryset():
    return UnionAssessment.objects.select_related("assessment", "union", "chair_points").prefetch_related(
        "evidence_files"
    )


@router.get(
    "/assessments/{assessment_id}/unions",
    response=with_errors({200: list[LifeUnionAssessmentOut]}, 404),
    summary="参评工会（本范围内）",
)
def list_union_assessments(request, assessment_id: int, filters: Query[Paging]):
    assessment = _assessment(request, assessment_id)
    qs = _ua_queryset().restrict(request.user, VIEW).filter(assessment=assessment).order_by("union__path")
    start = (filters.page - 1) * filters.page_size
    return [_ua_out(ua) for ua in qs[start : start + filters.page_size]]


@router.post(
    "/assessments/{assessment_id}/self-assessment",
    response=with_errors({201: LifeUnionAssessmentOut}, 400, 403, 404, 409, 503),
    summary="工会自评（再次提交覆盖，镇街评分前有效）",
)
def submit_self_assessment(request, assessment_id: int, payload: LifeSelfAssessmentIn):
    assessment = _assessment(request, assessment_id)
    union = Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(payload.union)).first()
    if union is None:
        raise NOT_FOUND(field="union")
    ua = assessment_services.submit_self_assessment(
        assessment,
        actor=request.user,
        union=union,
        declared={k: {"points": str(v.points), "evidence": v.evidence} for k, v in payload.declared.items()},
    )
    return Status(201, _ua_out(_ua_queryset().get(pk=ua.pk)))


def _union_assessment(request, ua_id: int) -> UnionAssessment:
    return get_scoped_or_404(_ua_queryset(), request.user, VIEW, pk=ua_id)


@router.get(
    "/union-assessments/{ua_id}",
    response=with_errors({200: LifeUnionAssessmentOut}, 404),
    summary="工会的星级评定（自评、评分、星级、佐证材料、1+X）",
)
def get_union_assessment(request, ua_id: int):
    return _ua_out(_union_assessment(request, ua_id))


@router.post(
    "/union-assessments/{ua_id}/review",
    response=with_errors({200: LifeUnionAssessmentOut}, 400, 403, 404, 409, 503),
    summary="镇街评分（自评项目）",
)
def review_union_assessment(request, ua_id: int, payload: LifeReviewIn):
    ua = assessment_services.review(
        _union_assessment(request, ua_id),
        actor=request.user,
        scores={k: str(v) for k, v in payload.scores.items()},
    )
    return _ua_out(_ua_queryset().get(pk=ua.pk))


@router.post(
    "/union-assessments/{ua_id}/confirm",
    response=with_errors({200: LifeUnionAssessmentOut}, 400, 403, 404, 409, 503),
    summary="区总工会确认星级和称号",
)
def confirm_union_assessment(request, ua_id: int, payload: LifeConfirmIn):
    ua = _union_assessment(request, ua_id)
    assessment_services.confirm(ua, actor=request.user, star=payload.star, titles=payload.titles)
    return _ua_out(_ua_queryset().get(pk=ua.pk))


@router.post(
    "/union-assessments/{ua_id}/chair-points",
    response=with_errors({200: LifeChairPointsOut}, 400, 403, 404, 409, 503),
    summary="登记主席 1+X 积分（补贴按每分金额计算，不超过上限）",
)
def record_chair_points(request, ua_id: int, payload: LifeChairPointsIn):
    return assessment_services.record_chair_points(
        _union_assessment(request, ua_id),
        actor=request.user,
        base=str(payload.base),
        extras=[{"label": e.label, "points": str(e.points)} for e in payload.extras],
        chair_name=payload.chair_name,
    )


@router.post(
    "/union-assessments/{ua_id}/evidence",
    response=with_errors({201: LifeEvidenceOut}, 400, 403, 404, 409, 503),
    summary="上传佐证材料（multipart：criterion 和 file）",
    description="以 multipart/form-data 上传自评项目的佐证材料（字段 `criterion`：评定内容代码；`file`：PDF、Word、"
    "Excel、PPT、图片或压缩包，不超过 20 MB；每项最多 10 个）。镇街评分后不能再上传。",
)
def add_evidence(
    request,
    ua_id: int,
    criterion: Annotated[str, Form("", max_length=20, description="评定内容代码")] = "",
    file: Annotated[UploadedFile | None, File(None, description="佐证材料文件")] = None,
):
    ua = _union_assessment(request, ua_id)
    return Status(201, assessment_services.add_evidence(ua, actor=request.user, criterion=criterion, upload=file))


def _evidence(request, evidence_id: int) -> EvidenceFile:
    return get_scoped_or_404(
        EvidenceFile.objects.select_related("union_assessment__assessment", "union_assessment__union"),
        request.user,
        VIEW,
        pk=evidence_id,
    )


@router.get(
    "/evidence/{evidence_id}",
    response=with_errors({200: None}, 404),
    summary="下载佐证材料",
    openapi_extra={
        "responses": {
            200: {
                "description": "佐证材料文件",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_evidence(request, evidence_id: int):
    evidence = _evidence(request, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise NOT_FOUND() from None
    return FileResponse(handle, as_attachment=True, filename=evidence.name)


@router.delete("/evidence/{evidence_id}", response=with_errors({204: None}, 403, 404, 409, 503), summary="删除佐证材料")
def remove_evidence(request, evidence_id: int):
    assessment_services.remove_evidence(_evidence(request, evidence_id), actor=request.user)
    return Status(204, None)


@router.get(
    "/assessments/{assessment_id}/chair-points",
    response=with_errors({200: list[LifeChairPointsRowOut]}, 403, 404),
    summary="1+X 工作补贴名单",
)
def list_chair_points(request, assessment_id: int):
    assessment = _assessment(request, assessment_id)
    require(request.user, ASSESS, assessment.org)
    rows = (
        ChairPoints.objects.filter(union_assessment__assessment=assessment)
        .select_related("union_assessment__union")
        .order_by("union_assessment__union__path")
    )
    return [
        {**LifeChairPointsOut.from_orm(p).dict(), "union": p.union_assessment.union, "star": p.union_assessment.star}
        for p in rows
    ]


class LifeStarFilters(Paging):
    union: str | None = Field(None, max_length=32, description="工会的组织代码")
    year: int | None = Field(None, ge=2000, le=2100)


@router.get("/stars", response=with_errors({200: list[LifeStarOut]}), summary="星级记录（历年）")
def list_stars(request, filters: Query[LifeStarFilters]):
    qs = StarRecord.objects.restrict(request.user, VIEW).select_related("union")
    if filters.union:
        qs = qs.filter(union__code=normalize_code(filters.union))
    if filters.year:
        qs = qs.filter(year=filters.year)
    qs = qs.order_by("union__path", "-year")
    start = (filters.page - 1) * filters.page_size
    return list(qs[start : start + filters.page_size])


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
