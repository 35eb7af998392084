"""Console pages of the reports module: the 成绩单 (page, print view, xlsx), the dashboard and the metric
definitions. The org comes from the user's scope for ``reports.view`` (another sub-tree answers 404)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

import core.metrics as registry
from core.scoping import EVERYTHING, can, scope_paths
from core.tree import get_org_model

from . import dashboard, exporting, scorecard
from .periods import Period, PeriodError, parse, period_param, quarter, year

Org = get_org_model()

PERMISSION = "reports.view"


def report_orgs(request):
    return Org.objects.restrict(request.user, PERMISSION)


def scope_root(user) -> Org | None:
    """The top of the user's scope for reports: where the pages start when no org is asked for."""
    paths = scope_paths(user, PERMISSION)
    if paths is EVERYTHING:
        return Org.get_root_nodes().first()
    return Org.objects.filter(path__in=paths).order_by("depth", "path").first() if paths else None


def chosen_org(request) -> Org:
    """The ``org`` parameter (a pk) within scope, else 404; without it, the top of the user's scope."""
    value = request.GET.get("org", "")
    if value:
        if not value.isdigit():
            raise Http404("org")
        return get_object_or_404(report_orgs(request), pk=value)
    root = scope_root(request.user)
    if root is None:
        raise PermissionDenied
    return root


def period_choices(today) -> list[tuple[str, str]]:
    """The period picker's options: recent years, five-year spans and the quarters of this year and last."""
    options = [(str(y), f"{y}年") for y in range(today.year, today.year - 6, -1)]
    options.append((f"{today.year - 4}-{today.year}", f"{today.year - 4}—{today.year}年（近五年）"))
    options.append((f"{today.year - 5}-{today.year - 1}", f"{today.year - 5}—{today.year - 1}年"))
    for y in (today.year, today.year - 1):
        options += [(f"{y}Q{q}", quarter(y, q).label) for q in (4, 3, 2, 1) if quarter(y, q).start <= today]
    return options


def _with_current(options: list[tuple[str, str]], period: Period) -> list[tuple[str, str]]:
    """The picker's options, with the period being shown added when it is not one of them (``2019``)."""
    value = period_param(period)
    if value and value not in {v for v, _ in options}:
        return [(value, period.label), *options]
    return options


def _context(request, org: Org):
    """Org, period (or the period error) and navigation shared by the report pages."""
    try:
        period = parse(request.GET)
        error = ""
    except PeriodError as exc:
        period, error = year(timezone.localdate().year), str(exc)
    ancestors = [a for a in org.ancestors_with_self() if can(request.user, PERMISSION, a)]
    period_query = f"period={period_param(period)}" if period_param(period) else period.as_query()
    return {
        "org": org,
        "period": period,
        "period_error": error,
        "period_value": period_param(period),
        "period_choices": _with_current(period_choices(timezone.localdate()), period),
        "ancestors": ancestors,
        "period_query": period_query,
        "query": f"org={org.pk}&{period_query}",
    }


def _require_permission(request):
    paths = scope_paths(request.user, PERMISSION)
    if paths is not EVERYTHING and not paths:
        raise PermissionDenied


@login_required
@require_GET
def index(request):
    """The reports entry: the 成绩单 of the top of the user's scope."""
    _require_permission(request)
    return redirect("reports:scorecard")


@login_required
@require_GET
def scorecard_page(request):
    """The 成绩单 with a period picker, each figure beside the previous period, and the breakdown by child org."""
    _require_permission(request)
    org = chosen_org(request)
    context = _context(request, org)
    context["card"] = scorecard.build(org, context["period"])
    return render(request, "reports/scorecard.html", context)


@login_required
@require_GET
def scorecard_print(request):
    """The 成绩单 as an A4 report for the browser's print dialog."""
    _require_permission(request)
    org = chosen_org(request)
    context = _context(request, org)
    context["card"] = scorecard.build(org, context["period"])
    context["now"] = timezone.localtime()
    return render(request, "reports/scorecard_print.html", context)


@login_required
@require_GET
def scorecard_xlsx(request):
    """The 成绩单 as an xlsx download with the print view's layout."""
    _require_permission(request)
    org = chosen_org(request)
    try:
        period = parse(request.GET)
    except PeriodError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    card = scorecard.build(org, period)
    response = HttpResponse(
        exporting.workbook(card), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    from urllib.parse import quote

    name = f"成绩单-{org.code}-{period_param(period) or f'{period.start:%Y%m%d}-{period.end:%Y%m%d}'}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_GET
def dashboard_page(request):
    """驾驶舱: charts of the org's sub-tree for the period, each clickable into the list behind it."""
    _require_permission(request)
    org = chosen_org(request)
    context = _context(request, org)
    context["charts"] = dashboard.charts(org, context["period"], user=request.user)
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def metric_list(request):
    """Every metric with its definition, by section (what ``docs/metrics.md`` says, for staff)."""
    _require_permission(request)
    sections = [(s, [m for m in registry.metrics() if m.section == s]) for s in registry.SECTIONS]
    return render(request, "reports/metrics.html", {"sections": [(s, ms) for s, ms in sections if ms]})
