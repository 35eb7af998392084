"""星级工会评定 and 1+X: the district defines a year's checklist (criteria with points; some computed from the
platform's own figures for the union and the year, some self-declared with evidence), unions self-assess, their
town reviews and scores, the district confirms the star (一星 to 五星) and titles; the star history is one row per
union and year. Chairs of unions at three stars or more earn 1+X points (a base plus extra items), turned into a
yearly work subsidy at the assessment's rate, never above its cap, exported as a payment list."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from core import audit
from core.errors import DomainError, ValidationFailed
from core.scoping import require
from core.xlsx import safe_row
from orgs.models import COVERING_KINDS, OrgStatus

from .. import errors, locking
from ..models import (
    Assessment,
    ChairPoints,
    Criterion,
    EvidenceFile,
    Officer,
    OfficerRole,
    StarRecord,
    Term,
    UnionAssessment,
)
from . import ASSESS, HANDLE
from .notices import ATTACHMENT_MAX, ATTACHMENT_TYPES
from .officers import town_of

Source = Criterion.Source
DEFAULT_CRITERIA = [
    ("join_rate", "职工入会率达到 90%", "20", Source.JOIN_RATE, "90"),
    ("activities", "全年开展活动 12 场以上", "20", Source.ACTIVITIES, "12"),
    ("term", "按期换届", "10", Source.TERM_ON_TIME, None),
    ("notices", "上级通知任务按时报送", "10", Source.NOTICES_ON_TIME, "100"),
    ("home", "职工之家建设（场地、制度、活动）", "20", "", None),
    ("democracy", "厂务公开与职工代表大会", "20", "", None),
]
DEFAULT_STAR_SCORES = [60, 70, 80, 90]  # 二星, 三星, 四星, 五星
TITLES = ("全国模范职工之家", "省模范职工之家", "市级示范工会", "六好示范镇（街道）总工会")
TENTH = Decimal("0.1")
CENT = Decimal("0.01")
EVIDENCE_TYPES = tuple(t for t in ATTACHMENT_TYPES if t != ".txt")
EVIDENCE_MAX = ATTACHMENT_MAX  # 20 MB a file, like a notice's attachments
MAX_EVIDENCE = 10  # files per criterion


def _money(value, label: str, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise errors.INVALID_MONEY(label=label, field=field) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(CENT) or amount >= Decimal("1e10"):
        raise errors.INVALID_MONEY(label=label, field=field)
    return amount


def _check_criteria(criteria) -> list[DomainError]:
    """Each criterion ``(code, label, points, source, target)``: a unique code, a label, 0 < points ≤ 100, a known
    platform source (or none: self-declared) and, for a proportional source, a positive target."""
    found, seen = [], set()
    for n, (code, label, points, source, target) in enumerate(criteria, start=1):
        reason = None
        try:
            value = Decimal(str(points))
            ok_points = value.is_finite() and 0 < value <= 100 and value == value.quantize(TENTH)
        except InvalidOperation:
            ok_points = False
        try:
            ok_target = target is None or (Decimal(str(target)).is_finite() and Decimal(str(target)) > 0)
        except InvalidOperation:
            ok_target = False
        if not code or code in seen:
            reason = "代码为空或重复"
        elif not str(label or "").strip():
            reason = "请写明评定内容"
        elif not ok_points:
            reason = "分值应在 0 到 100 分之间（最多一位小数）"
        elif source and source not in Source.values:
            reason = f"平台数据 {source} 不可用"
        elif not ok_target or (source and source != Source.TERM_ON_TIME and target is None):
            reason = "请填写大于 0 的满分标准"
        if reason:
            found.append(errors.INVALID_CRITERION(n=n, reason=reason))
        seen.add(code)
    return found


@transaction.atomic
def create_assessment(
    *, actor, org, year: int, title: str = "", subsidy_rate="100", subsidy_cap="6000", criteria=None, star_scores=None
) -> Assessment:
    """The district's assessment of a year, with the default checklist unless ``criteria`` are given (each
    ``(code, label, points, source, target)``)."""
    require(actor, ASSESS, org)
    found: list[DomainError] = []
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        found.append(errors.INVALID_YEAR())
    try:
        rate = _money(subsidy_rate, "1+X 每分补贴", "subsidy_rate")
    except DomainError as exc:
        found.append(exc)
    try:
        cap = _money(subsidy_cap, "1+X 补贴上限", "subsidy_cap")
    except DomainError as exc:
        found.append(exc)
    criteria = list(criteria or DEFAULT_CRITERIA)
    found.extend(_check_criteria(criteria))
    if star_scores is not None:
        lines = list(star_scores)
        if (
            len(lines) != 4
            or not all(isinstance(x, int) and 0 <= x <= 1000 for x in lines)
            or lines != sorted(set(lines))
        ):
            found.append(errors.INVALID_STAR_SCORES())
    if found:
        raise ValidationFailed(found)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                org=org,
                year=year,
                title=(title or f"{year} 年度星级工会评定").strip()[:100],
                star_scores=list(star_scores or DEFAULT_STAR_SCORES),
                subsidy_rate=rate,
                subsidy_cap=cap,
                created_by=actor,
            )
    except IntegrityError:
        raise errors.ASSESSMENT_EXISTS(year=year) from None
    Criterion.objects.bulk_create(
        [
            Criterion(
                assessment=assessment,
                code=code,
                points=Decimal(str(points)),
                source=source or "",
                label=str(label).strip()[:200],
                target=Decimal(str(target)) if target is not None else None,
            )
            for code, label, points, source, target in criteria
        ]
    )
    audit.record("unionlife.assessment.created", actor=actor, obj=assessment, data={"year": year})
    return assessment


def term_on_time(union, year: int) -> int:
    """1 when the union's 换届 was on time through ``year``: a term was in force at the year's end (or today) and not
    past due, and every term that ended in the year ended by its due date; else 0."""
    end = min(date(year, 12, 31), timezone.localdate())
    start = date(year, 1, 1)
    terms = list(Term.objects.filter(union=union, started_on__lte=end))
    in_force = [t for t in terms if t.closed_on is None or t.closed_on > end]
    closed = [t for t in terms if t.closed_on is not None and start <= t.closed_on <= end]
    ok = bool(in_force) and all(t.due_on >= end for t in in_force) and all(t.closed_on <= t.due_on for t in closed)
    return 1 if ok else 0


def platform_figures(assessment, union) -> dict:
    """The computed criteria's values for the union and the year, read from the same metric engine as the 成绩单
    (so they are the platform's own figures), and the 换届 check from the terms."""
    from reports import engine
    from reports.periods import year

    criteria = [c for c in assessment.criteria.all() if c.computed]
    keys = sorted({c.source for c in criteria if c.source != Source.TERM_ON_TIME})
    totals = engine.compute(union, [year(assessment.year)], keys=keys).totals if keys else {}
    values = {}
    for c in criteria:
        if c.source == Source.TERM_ON_TIME:
            values[c.code] = term_on_time(union, assessment.year)
        else:
            value = totals.get(c.source, [None])[0]
            values[c.code] = None if value is None else float(value)
    return values


def computed_points(criterion, value) -> Decimal:
    """A computed criterion's points: in proportion to its target (full at or above it); the 换届 check all or
    nothing; no figure, nothing."""
    if value is None:
        return Decimal(0)
    if criterion.source == Source.TERM_ON_TIME or not criterion.target:
        return criterion.points if value else Decimal(0)
    share = min(Decimal(str(value)) / criterion.target, Decimal(1))
    return (criterion.points * share).quantize(TENTH, rounding=ROUND_HALF_UP)


def _declared_points(criterion, entry, *, need_evidence: bool, has_files: bool = False) -> Decimal:
    raw = entry.get("points") if isinstance(entry, dict) else entry
    try:
        points = Decimal(str(raw if raw not in (None, "") else "0"))
    except InvalidOperation:
        raise errors.INVALID_POINTS(label=criterion.label, max=criterion.points, field=criterion.code) from None
    if not points.is_finite() or not 0 <= points <= criterion.points or points != points.quantize(TENTH):
        raise errors.INVALID_POINTS(label=criterion.label, max=criterion.points, field=criterion.code)
    if need_evidence and points > 0 and not has_files and not str((entry or {}).get("evidence") or "").strip():
        raise errors.EVIDENCE_REQUIRED(label=criterion.label, field=criterion.code)
    return points


def _check_evidence_file(upload) -> None:
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(EVIDENCE_TYPES) or not 0 < upload.size <= EVIDENCE_MAX:
        raise errors.INVALID_EVIDENCE_FILE()


def _save_evidence(ua, *, actor, code: str, upload) -> EvidenceFile:
    evidence = EvidenceFile.objects.create(
        union_assessment=ua,
        criterion=code,
        file=upload,
        name=upload.name.rsplit("/", 1)[-1][:200],
        size=upload.size,
        uploaded_by=actor,
    )
    audit.record("unionlife.evidence.added", actor=actor, obj=evidence, data={"criterion": code, "name": evidence.name})
    return evidence


@transaction.atomic
def submit_self_assessment(assessment, *, actor, union, declared: dict, files=None) -> UnionAssessment:
    """The union's self-assessment: the declared criteria with their points and evidence (a text, files
    ``{code: [uploads]}``, or both: a criterion given points needs one of them); the computed ones read now from the
    platform. Resubmitting replaces it until the town has scored it (files already uploaded stay)."""
    require(actor, HANDLE, union)
    files = {code: [f for f in uploads if f] for code, uploads in (files or {}).items()}
    if assessment.status != Assessment.Status.OPEN:
        raise errors.ASSESSMENT_CLOSED()
    if (
        not union.path.startswith(assessment.org.path)
        or union.kind not in COVERING_KINDS
        or union.status != OrgStatus.ACTIVE
    ):
        raise errors.NOT_ASSESSED_UNION()
    criteria = list(assessment.criteria.all())
    declared_codes = {c.code for c in criteria if not c.computed}
    kept = dict(
        EvidenceFile.objects.filter(union_assessment__assessment=assessment, union_assessment__union=union)
        .values("criterion")
        .annotate(n=Count("pk"))
        .values_list("criterion", "n")
    )
    found: list[DomainError] = []
    for code, uploads in files.items():
        if code not in declared_codes:
            found.append(errors.UNKNOWN_CRITERION(code=code))
            continue
        label = next(c.label for c in criteria if c.code == code)
        if kept.get(code, 0) + len(uploads) > MAX_EVIDENCE:
            found.append(errors.TOO_MANY_EVIDENCE(label=label, n=MAX_EVIDENCE, field=code))
        for upload in uploads:
            try:
                _check_evidence_file(upload)
            except DomainError as exc:
                found.append(exc)
                break
    clean = {}
    for c in (c for c in criteria if not c.computed):
        entry = declared.get(c.code) or {}
        try:
            has_files = bool(kept.get(c.code) or files.get(c.code))
            points = _declared_points(c, entry, need_evidence=True, has_files=has_files)
        except DomainError as exc:
            found.append(exc)
            continue
        clean[c.code] = {"points": str(points), "evidence": str(entry.get("evidence") or "").strip()[:2000]}
    if found:
        raise ValidationFailed(found)
    values = platform_figures(assessment, union)
    score = sum((computed_points(c, values.get(c.code)) for c in criteria if c.computed), Decimal(0)) + sum(
        (Decimal(v["points"]) for v in clean.values()), Decimal(0)
    )
    existing = locking.lock_union_assessment(assessment, union)
    if existing is not None and existing.status != UnionAssessment.Status.SUBMITTED:
        raise errors.ALREADY_REVIEWED()
    ua = existing or UnionAssessment(assessment=assessment, union=union)
    ua.computed, ua.declared, ua.self_score, ua.submitted_at = values, clean, score, timezone.now()
    ua.save()
    audit.record("unionlife.assessment.submitted", actor=actor, obj=ua, data={"self_score": str(score)})
    for code, uploads in files.items():
        for upload in uploads:
            _save_evidence(ua, actor=actor, code=code, upload=upload)
    return ua


def _open_for_evidence(ua, *, actor) -> UnionAssessment:
    require(actor, HANDLE, ua.union)
    if ua.assessment.status != Assessment.Status.OPEN:
        raise errors.ASSESSMENT_CLOSED()
    ua = locking.lock_union_assessment(ua.assessment, ua.union)
    if ua.status != UnionAssessment.Status.SUBMITTED:
        raise errors.ALREADY_REVIEWED()
    return ua


@transaction.atomic
def add_evidence(ua, *, actor, criterion: str, upload) -> EvidenceFile:
    """A file backing one self-declared criterion (佐证材料: PDF, Word, Excel, PPT, a picture or a zip, 20 MB at
    most, 10 a criterion), added by the union while its self-assessment has not been scored."""
    ua = _open_for_evidence(ua, actor=actor)
    found = [c for c in ua.assessment.criteria.all() if c.code == criterion and not c.computed]
    if not found:
        raise errors.UNKNOWN_CRITERION(code=str(criterion)[:20])
    if upload is None:
        raise errors.EVIDENCE_FILE_REQUIRED()
    _check_evidence_file(upload)
    if EvidenceFile.objects.filter(union_assessment=ua, criterion=criterion).count() >= MAX_EVIDENCE:
        raise errors.TOO_MANY_EVIDENCE(label=found[0].label, n=MAX_EVIDENCE)
    return _save_evidence(ua, actor=actor, code=criterion, upload=upload)


@transaction.atomic
def remove_evidence(evidence, *, actor) -> None:
    """Take back an evidence file while the self-assessment has not been scored."""
    _open_for_evidence(evidence.union_assessment, actor=actor)
    audit.record(
        "unionlife.evidence.removed",
        actor=actor,
        obj=evidence.union_assessment,
        data={"criterion": evidence.criterion, "name": evidence.name},
    )
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


def star_for(assessment, score: Decimal) -> int:
    """一星 below the first line; each line passed adds a star (up to 五星)."""
    return 1 + sum(1 for line in assessment.star_scores if score >= Decimal(str(line)))


@transaction.atomic
def review(ua, *, actor, scores: dict) -> UnionAssessment:
    """The town scores the declared criteria (0 to their points); the computed ones keep the platform's figures.
    Only the town (or the district) above the union may score it, never the union itself."""
    reviewer_org = town_of(ua.union) or ua.assessment.org
    require(actor, ASSESS, reviewer_org)
    ua = locking.lock_union_assessment(ua.assessment, ua.union)
    if ua.status == UnionAssessment.Status.CONFIRMED:
        raise errors.NOT_SUBMITTED(what="再评分")
    criteria = list(ua.assessment.criteria.all())
    found: list[DomainError] = []
    clean = {}
    for c in (c for c in criteria if not c.computed):
        try:
            clean[c.code] = str(_declared_points(c, {"points": scores.get(c.code, "0")}, need_evidence=False))
        except DomainError as exc:
            found.append(exc)
    if found:
        raise ValidationFailed(found)
    score = sum((computed_points(c, ua.computed.get(c.code)) for c in criteria if c.computed), Decimal(0)) + sum(
        (Decimal(v) for v in clean.values()), Decimal(0)
    )
    ua.reviewed, ua.score, ua.status, ua.reviewed_at = clean, score, UnionAssessment.Status.REVIEWED, timezone.now()
    ua.save()
    audit.record("unionlife.assessment.reviewed", actor=actor, obj=ua, data={"score": str(score)})
    return ua


@transaction.atomic
def confirm(ua, *, actor, star: int | None = None, titles=()) -> StarRecord:
    """The district confirms the star (from the score unless it decides otherwise) and titles; the star enters the
    union's history for the year (a second confirmation of the same year replaces it, other years stay)."""
    require(actor, ASSESS, ua.assessment.org)
    ua = locking.lock_union_assessment(ua.assessment, ua.union)
    if ua.status == UnionAssessment.Status.SUBMITTED:
        raise errors.NOT_SUBMITTED(what="确认星级（镇街尚未评分）")
    star = star if star is not None else star_for(ua.assessment, ua.score)
    if star not in (1, 2, 3, 4, 5):
        raise errors.INVALID_STAR()
    titles = list(dict.fromkeys(titles))
    for title in titles:
        if title not in TITLES:
            raise errors.INVALID_TITLE(title=title)
    ua.star, ua.titles, ua.status, ua.confirmed_at = star, titles, UnionAssessment.Status.CONFIRMED, timezone.now()
    ua.save()
    record, _ = StarRecord.objects.update_or_create(
        union=ua.union,
        year=ua.assessment.year,
        defaults={"star": star, "titles": titles, "assessment": ua, "confirmed_by": actor},
    )
    audit.record("unionlife.assessment.confirmed", actor=actor, obj=ua, data={"star": star, "titles": titles})
    return record


@transaction.atomic
def record_chair_points(ua, *, actor, base, extras=(), chair_name: str = "") -> ChairPoints:
    """1+X points of the union's chair: ``base`` plus each extra item's points; the subsidy is points × the
    assessment's rate, capped at its cap. Only for a confirmed union at three stars or more."""
    assessment = ua.assessment
    require(actor, ASSESS, assessment.org)
    ua = locking.lock_union_assessment(assessment, ua.union)
    if ua.status != UnionAssessment.Status.CONFIRMED or (ua.star or 0) < 3:
        raise errors.STAR_TOO_LOW()
    try:
        base = Decimal(str(base))
        if not base.is_finite() or not 0 <= base <= 100:
            raise InvalidOperation
    except InvalidOperation:
        raise errors.INVALID_EXTRA(n=0, reason="基础分应在 0 到 100 之间") from None
    clean = []
    for n, item in enumerate(extras, start=1):
        label = str((item or {}).get("label") or "").strip()[:100]
        try:
            points = Decimal(str((item or {}).get("points")))
            if not points.is_finite() or not 0 < points <= 100:
                raise InvalidOperation
        except InvalidOperation:
            raise errors.INVALID_EXTRA(n=n, reason="分值应在 0 到 100 之间") from None
        if not label:
            raise errors.INVALID_EXTRA(n=n, reason="请写明加分事项")
        clean.append({"label": label, "points": str(points)})
    total = base + sum((Decimal(i["points"]) for i in clean), Decimal(0))
    subsidy = min((total * assessment.subsidy_rate).quantize(CENT, rounding=ROUND_HALF_UP), assessment.subsidy_cap)
    if not chair_name:
        chair = Officer.objects.filter(union=ua.union, role=OfficerRole.CHAIR, ends_on__isnull=True).first()
        chair_name = chair.name if chair else (ua.union.chair_name or "")
    points, _ = ChairPoints.objects.update_or_create(
        union_assessment=ua,
        defaults={"chair_name": chair_name[:50], "base": base, "extras": clean, "points": total, "subsidy": subsidy},
    )
    audit.record(
        "unionlife.chair_points.recorded",
        actor=actor,
        obj=ua,
        data={"points": str(total), "subsidy": str(subsidy), "capped": subsidy == assessment.subsidy_cap},
    )
    return points


@transaction.atomic
def export_payments(assessment, *, actor) -> bytes:
    """The 1+X payment list: one row per chair (工会, 主席, 星级, 积分, 补贴), names written as text (``core.xlsx``)."""
    require(actor, ASSESS, assessment.org)
    from openpyxl import Workbook

    rows = (
        ChairPoints.objects.filter(union_assessment__assessment=assessment)
        .select_related("union_assessment__union")
        .order_by("union_assessment__union__path")
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("1+X 工作补贴")
    sheet.append(safe_row(sheet, ["工会", "组织代码", "工会主席", "星级", "积分", "工作补贴（元）"]))
    total = Decimal(0)
    n = 0
    for p in rows:
        union = p.union_assessment.union
        sheet.append(
            safe_row(
                sheet,
                [union.name, union.code, p.chair_name, p.union_assessment.star, float(p.points), float(p.subsidy)],
            )
        )
        total += p.subsidy
        n += 1
    sheet.append(safe_row(sheet, ["合计", "", "", "", "", float(total)]))
    out = BytesIO()
    book.save(out)
    audit.record("unionlife.payments.exported", actor=actor, obj=assessment, data={"rows": n, "total": str(total)})
    return out.getvalue()
