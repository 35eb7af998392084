"""Labour-law supervision (劳动法律监督): an inspection of an enterprise with the items checked from the configurable
checklist, its findings and problems (each with a rectification deadline), documents issued (监督意见书 / 建议书,
numbered per union and year under a row lock), rectification with evidence, and the escalation of overdue problems
to the town like overdue appeals."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import DomainError, ValidationFailed
from core.scoping import require
from orgs.models import Org, OrgKind, OrgStatus

from .. import errors
from ..locking import lock_overdue_problems, lock_problem, next_document_serial
from ..models import ChecklistItem, DocumentKind, Inspection, Problem, ProblemStatus, SupervisionDocument

HANDLE = "rights.handle"
EVIDENCE_TYPES = {".jpg", ".jpeg", ".png", ".pdf"}
EVIDENCE_MAX = 10 * 1024 * 1024


@transaction.atomic
def record_inspection(
    *,
    actor,
    org,
    enterprise,
    inspected_on: date,
    inspectors: str,
    items,
    findings: str = "",
    problems=(),
) -> Inspection:
    """Record an inspection and the problems it found (each ``{"item", "description", "due_on"}``)."""
    require(actor, HANDLE, org)
    found = []
    if enterprise is None:
        found.append(errors.ENTERPRISE_NOT_FOUND())
    inspectors = (inspectors or "").strip()
    if not inspectors:
        found.append(errors.INSPECTORS_REQUIRED())
    if inspected_on is None or inspected_on > timezone.localdate():
        found.append(errors.INVALID_INSPECTED_ON())
    active = set(ChecklistItem.objects.filter(active=True).values_list("code", flat=True))
    items = list(dict.fromkeys(items or []))
    if not items or not set(items) <= active:
        found.append(errors.INVALID_ITEMS())
    cleaned = []
    for n, p in enumerate(problems, start=1):
        item, description, due_on = p.get("item"), (p.get("description") or "").strip(), p.get("due_on")
        if item not in items:
            found.append(errors.PROBLEM_ITEM(n=n))
        if not description:
            found.append(errors.PROBLEM_DESCRIPTION(n=n))
        if due_on is None or (inspected_on is not None and due_on <= inspected_on):
            found.append(errors.PROBLEM_DUE(n=n))
        cleaned.append((item, description, due_on))
    if found:
        raise ValidationFailed(found)
    inspection = Inspection.objects.create(
        org=org,
        enterprise=enterprise,
        inspected_on=inspected_on,
        inspectors=inspectors[:200],
        items=items,
        findings=(findings or "").strip(),
        created_by=actor,
    )
    Problem.objects.bulk_create(
        [Problem(inspection=inspection, item=i, description=d, due_on=due) for i, d, due in cleaned]
    )
    audit.record(
        "rights.inspection.recorded",
        actor=actor,
        obj=inspection,
        data={"enterprise": enterprise.name, "items": items, "problems": len(cleaned)},
    )
    return inspection


@transaction.atomic
def add_problem(inspection, *, actor, item: str, description: str, due_on: date | None) -> Problem:
    """One more problem of an inspection, on an item it checked, due after the inspection."""
    require(actor, HANDLE, inspection.org)
    description = (description or "").strip()
    found = []
    if item not in inspection.items:
        found.append(errors.PROBLEM_ITEM(message="检查项目：须为本次检查的项目", field="item"))
    if not description:
        found.append(errors.PROBLEM_DESCRIPTION(message="问题：请写明问题", field="description"))
    if due_on is None or due_on <= inspection.inspected_on:
        found.append(errors.PROBLEM_DUE(message="整改期限：须晚于检查日期", field="due_on"))
    if found:
        raise ValidationFailed(found)
    problem = Problem.objects.create(inspection=inspection, item=item, description=description, due_on=due_on)
    audit.record("rights.problem.added", actor=actor, obj=problem, data={"item": item, "due_on": str(due_on)})
    return problem


def document_number(org, year: int, serial: int) -> str:
    """``甲街道总工会工监〔2026〕3号``."""
    return f"{org.short_name or org.name}工监〔{year}〕{serial}号"


@transaction.atomic
def issue_document(inspection, *, actor, kind: str, content: str, now=None) -> SupervisionDocument:
    """Issue a 监督意见书 or 建议书 for an inspection, numbered in the union's yearly sequence."""
    require(actor, HANDLE, inspection.org)
    found = []
    if kind not in DocumentKind.values:
        found.append(errors.INVALID_DOCUMENT_KIND())
    content = (content or "").strip()
    if not content:
        found.append(errors.DOCUMENT_CONTENT_REQUIRED())
    if found:
        raise ValidationFailed(found)
    now = now or timezone.now()
    org = inspection.org
    year = timezone.localtime(now).year
    serial = next_document_serial(org, year)
    document = SupervisionDocument.objects.create(
        inspection=inspection,
        org=org,
        kind=kind,
        year=year,
        serial=serial,
        number=document_number(org, year, serial),
        content=content,
        issued_at=now,
        issued_by=actor,
    )
    audit.record("rights.document.issued", actor=actor, obj=document, data={"number": document.number})
    return document


def _check_evidence(upload) -> None:
    if upload is None:
        return
    name = (getattr(upload, "name", "") or "").lower()
    if not any(name.endswith(ext) for ext in EVIDENCE_TYPES) or upload.size > EVIDENCE_MAX:
        raise errors.INVALID_EVIDENCE()


@transaction.atomic
def rectify(problem, *, actor, rectification: str, evidence=None, now=None) -> Problem:
    """Close a problem: how the enterprise rectified it, with evidence (a photo or a PDF)."""
    require(actor, HANDLE, problem.inspection.org)
    problem = lock_problem(problem)
    if problem.status == ProblemStatus.RECTIFIED:
        raise errors.PROBLEM_RECTIFIED()
    rectification = (rectification or "").strip()
    found = [] if rectification else [errors.RECTIFICATION_REQUIRED()]
    try:
        _check_evidence(evidence)
    except DomainError as exc:
        found.append(exc)
    if found:
        raise ValidationFailed(found)
    problem.status, problem.rectification = ProblemStatus.RECTIFIED, rectification
    problem.rectified_at = now or timezone.now()
    if evidence is not None:
        problem.evidence = evidence
    problem.save()
    audit.record(
        "rights.problem.rectified",
        actor=actor,
        obj=problem,
        data={"evidence": bool(evidence), "overdue": problem.due_on < timezone.localtime(problem.rectified_at).date()},
    )
    return problem


def town_above(org) -> Org | None:
    """The nearest active town (or district) federation strictly above ``org``; a town's own problems go to the
    district."""
    paths = [org.path[: i * Org.steplen] for i in range(org.depth - 1, 0, -1)]
    return (
        Org.objects.filter(path__in=paths, kind__in=[OrgKind.TOWN, OrgKind.FEDERATION], status=OrgStatus.ACTIVE)
        .order_by("-depth")
        .first()
    )


def overdue_problems(today: date | None = None):
    today = today or timezone.localdate()
    return Problem.objects.filter(status=ProblemStatus.OPEN, due_on__lt=today)


@transaction.atomic
def escalate_overdue_problems(now=None) -> int:
    """Every open problem past its deadline and not yet escalated goes up to the town above the inspecting union
    (the town then sees it in its work queue); the inspecting union keeps following it. Returns how many."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    waiting = lock_overdue_problems(overdue_problems(today).filter(escalated_to__isnull=True))
    count = 0
    for problem in waiting:
        target = town_above(problem.inspection.org)
        if target is None:
            continue
        problem.escalated_to, problem.escalated_at = target, now
        problem.save(update_fields=["escalated_to", "escalated_at"])
        audit.record(
            "rights.problem.escalated",
            obj=problem,
            org=target,
            data={"enterprise": problem.inspection.enterprise.name, "due_on": str(problem.due_on)},
        )
        count += 1
    return count
