"""The yearly assessment (星级工会评定, 1+X): criteria, self-assessment, review, confirmation, evidence."""

from typing import Annotated

from django.http import FileResponse
from ninja import Field, File, Form, Query, Status
from ninja.files import UploadedFile

from core.api import Paging, with_errors
from core.errors import NOT_FOUND
from core.scoping import get_scoped_or_404, require
from core.validators import normalize_code
from orgs.models import Org

from ... import selectors
from ...models import (
    ChairPoints,
    EvidenceFile,
    StarRecord,
    UnionAssessment,
)
from ...services import ASSESS, HANDLE, VIEW
from ...services import assessment as assessment_services
from ..schemas import (
    LifeAssessmentIn,
    LifeAssessmentOut,
    LifeChairPointsIn,
    LifeChairPointsOut,
    LifeChairPointsRowOut,
    LifeConfirmIn,
    LifeEvidenceOut,
    LifeReviewIn,
    LifeSelfAssessmentIn,
    LifeStarOut,
    LifeUnionAssessmentOut,
)
from .base import router

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
