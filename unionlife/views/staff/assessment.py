"""The yearly assessment (星级, 1+X): criteria, self-assessment, review, confirmation, evidence files, payments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import COVERING_KINDS, Org

from ... import selectors
from ...models import (
    UnionAssessment,
)
from ...services import ASSESS, HANDLE, VIEW
from ...services import assessment as assessment_services
from .shared import XLSX, _done, _evidence, _file_response


@login_required
@require_GET
def assessments(request):
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    rows = selectors.visible_assessments(request.user)
    context = {"rows": rows, "may_create": has_any(request.user, ASSESS), "year": timezone.localdate().year}
    return render(request, "unionlife/staff/assessments.html", context)


@login_required
@require_POST
def assessment_create(request):
    org = Org.objects.restrict(request.user, ASSESS).order_by("depth", "path").first()
    if org is None:
        raise PermissionDenied
    try:
        a = assessment_services.create_assessment(
            actor=request.user,
            org=org,
            year=int(request.POST.get("year") or 0),
            subsidy_rate=request.POST.get("subsidy_rate") or "100",
            subsidy_cap=request.POST.get("subsidy_cap") or "6000",
        )
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", _("年度：请填写年份")))
        return redirect("unionlife:assessments")
    return redirect("unionlife:assessment", a.pk)


def _assessment(request, pk):
    return get_object_or_404(selectors.visible_assessments(request.user), pk=pk)


@login_required
@require_GET
def assessment_detail(request, pk):
    a = _assessment(request, pk)
    criteria = list(a.criteria.all())
    rows = list(
        UnionAssessment.objects.restrict(request.user, VIEW)
        .filter(assessment=a)
        .select_related("union", "chair_points")
        .prefetch_related("evidence_files")
        .order_by("union__path")
    )
    own = [
        o
        for o in Org.objects.filter(path__in=selectors.own_paths(request.user), kind__in=COVERING_KINDS)
        if o.path.startswith(a.org.path)
    ]
    context = {
        "a": a,
        "criteria": criteria,
        "declared": [c for c in criteria if not c.computed],
        "rows": rows,
        "own": own,
        "may_assess": can(request.user, ASSESS, a.org),
        "handles": {ua.pk for ua in rows if can(request.user, HANDLE, ua.union)},
        "stars": [1, 2, 3, 4, 5],
        "titles": assessment_services.TITLES,
    }
    return render(request, "unionlife/staff/assessment.html", context)


def _declared_input(request, a, prefix="") -> dict:
    return {
        c.code: {"points": request.POST.get(f"{prefix}{c.code}", ""), "evidence": request.POST.get(f"ev_{c.code}", "")}
        for c in a.criteria.all()
        if not c.computed
    }


@login_required
@require_POST
def assessment_submit(request, pk):
    a = _assessment(request, pk)
    union = (
        Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(request.POST.get("union", ""))).first()
    )
    if union is None:
        raise Http404
    files = {c.code: request.FILES.getlist(f"file_{c.code}") for c in a.criteria.all() if not c.computed}
    return _done(
        request,
        lambda: assessment_services.submit_self_assessment(
            a,
            actor=request.user,
            union=union,
            declared=_declared_input(request, a),
            files={k: v for k, v in files.items() if v},
        ),
        a.pk,
    )


def _union_assessment(request, pk):
    return get_scoped_or_404(UnionAssessment.objects.select_related("assessment", "union"), request.user, VIEW, pk=pk)


@login_required
@require_POST
def assessment_review(request, pk):
    ua = _union_assessment(request, pk)
    scores = {k: v["points"] for k, v in _declared_input(request, ua.assessment).items()}
    return _done(request, lambda: assessment_services.review(ua, actor=request.user, scores=scores), ua.assessment_id)


@login_required
@require_POST
def assessment_confirm(request, pk):
    ua = _union_assessment(request, pk)
    star = request.POST.get("star")
    return _done(
        request,
        lambda: assessment_services.confirm(
            ua,
            actor=request.user,
            star=int(star) if star and star.isdigit() else None,
            titles=request.POST.getlist("titles"),
        ),
        ua.assessment_id,
    )


@login_required
@require_POST
def chair_points(request, pk):
    ua = _union_assessment(request, pk)
    extras = [
        {"label": label, "points": points}
        for label, points in zip(
            request.POST.getlist("extra_label"), request.POST.getlist("extra_points"), strict=False
        )
        if label.strip() or points.strip()
    ]
    return _done(
        request,
        lambda: assessment_services.record_chair_points(
            ua, actor=request.user, base=request.POST.get("base") or "0", extras=extras
        ),
        ua.assessment_id,
    )


@login_required
@require_GET
def assessment_payments(request, pk):
    a = _assessment(request, pk)
    try:
        content = assessment_services.export_payments(a, actor=request.user)
    except DomainError as exc:
        raise PermissionDenied from exc
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="1x-{a.year}.xlsx"'
    return response


@login_required
@require_POST
def evidence_add(request, pk):
    """Add an evidence file to one self-declared criterion of the union's assessment (until the town scores it)."""
    ua = _union_assessment(request, pk)
    return _done(
        request,
        lambda: assessment_services.add_evidence(
            ua, actor=request.user, criterion=request.POST.get("criterion", ""), upload=request.FILES.get("file")
        ),
        ua.assessment_id,
    )


@login_required
@require_GET
def evidence_file(request, pk):
    """An evidence file, served to whoever sees the union's assessment (the union, its town, the district)."""
    evidence = _evidence(request, pk)
    return _file_response(evidence.file, evidence.name)


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence = _evidence(request, pk)
    return _done(
        request,
        lambda: assessment_services.remove_evidence(evidence, actor=request.user),
        evidence.union_assessment.assessment_id,
    )
