"""Console pages of 维权维稳 (``/console/rights/``): the mediation queue (overdue first) with search, the rights leads
(appeals flagged 维权线索 without a case) that open a case in one action, a case's page with its parties (ID numbers
masked), sessions and actions (record a session, extend once, close in an outcome), the printable 调解协议书, and
legal aid with the lawyers' register. Every object is loaded through ``restrict`` (404 outside scope); an action
needs ``rights.handle`` over the object's org (403); writes go through ``rights.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from appeals.models import Appeal
from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Enterprise, Industry, Org, OrgKind

from ... import selectors, services, warning
from ...forms import (
    AssignForm,
    CaseForm,
    CloseAidForm,
    CloseForm,
    DocumentForm,
    ExtendForm,
    FromAppealForm,
    InspectionForm,
    LawyerForm,
    ProblemForm,
    RectifyForm,
    RevealForm,
    SessionForm,
)
from ...models import (
    AidStatus,
    CaseStatus,
    ChecklistItem,
    Inspection,
    Lawyer,
    LegalAidCase,
    MediationCase,
    Problem,
    SupervisionDocument,
)
from ...services.mediation import DISPUTE_OF_CATEGORY, committee_of

VIEW, HANDLE = "rights.view", "rights.handle"


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PermissionDenied


def _case(request, pk) -> MediationCase:
    related = ("org", "appeal", "enterprise", "accepted_by")
    return get_scoped_or_404(MediationCase.objects.select_related(*related), request.user, VIEW, pk=pk)


def _handled_case(request, pk) -> MediationCase:
    case = _case(request, pk)
    if not can(request.user, HANDLE, case.org):
        raise PermissionDenied
    return case


def _aid(request, pk) -> LegalAidCase:
    related = ("org", "lawyer", "source_case")
    return get_scoped_or_404(LegalAidCase.objects.select_related(*related), request.user, VIEW, pk=pk)


def _org_by_code(request, form, code: str, field: str = "org"):
    org = Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(code)).first()
    if org is None:
        form.add_error(field, _("工会“%(c)s”不存在或不在您的管理范围内") % {"c": code.strip()})
    return org


def _partial(request) -> bool:
    return bool(request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request)


@login_required
@require_GET
def case_list(request):
    """The mediation queue of the user's scope: open cases, overdue first; search by number, employer, worker's name
    or appeal number; filter by status and deadline."""
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "status", "due")}
    now = timezone.now()
    page = paginate(request, selectors.search_cases(request.user, q=f["q"], status=f["status"], due=f["due"], now=now))
    context = {
        "page": page,
        "f": f,
        "now": now,
        "statuses": CaseStatus.choices,
        "filtered": any(f.values()),
        "may_handle": has_any(request.user, HANDLE),
    }
    return render(request, "rights/staff/_cases.html" if _partial(request) else "rights/staff/cases.html", context)


@login_required
@require_GET
def lead_list(request):
    """Appeals flagged 维权线索, still open and without a case, in the user's scope: each opens a case in one action."""
    _gate(request, HANDLE)
    q = request.GET.get("q", "").strip()
    leads = (
        Appeal.objects.restrict(request.user, "appeals.view")
        .filter(rights_flag=True, status__in=["submitted", "accepted", "info_requested"], mediation_case__isnull=True)
        .select_related("org")
        .order_by("-submitted_at", "-id")
    )
    if q:
        leads = leads.filter(tracking_no__icontains=q) | leads.filter(employer_name__icontains=q)
    return render(request, "rights/staff/leads.html", {"page": paginate(request, leads), "q": q})


@login_required
def case_from_appeal(request, appeal_pk):
    """Open a mediation case from an appeal (confirm the dispute type, the committee and the sum claimed)."""
    appeal = get_scoped_or_404(
        Appeal.objects.select_related("org", "employer", "member"), request.user, "appeals.view", pk=appeal_pk
    )
    if not can(request.user, HANDLE, appeal.org):
        raise PermissionDenied
    initial = {
        "dispute_type": DISPUTE_OF_CATEGORY.get(appeal.category, "other"),
        "committee_level": committee_of(appeal.org),
    }
    form = FromAppealForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case_from_appeal(appeal, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已受理调解案件 %(no)s") % {"no": case.case_no})
            return redirect("rights:case", case.pk)
    return render(request, "rights/staff/from_appeal.html", {"appeal": appeal, "form": form})


@login_required
def case_create(request):
    """A case staff take in directly (walk-in or hotline), one or many workers."""
    _gate(request, HANDLE)
    form = CaseForm(request.POST or None)
    settle_org_field(form, "org", Org.objects.restrict(request.user, HANDLE))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = _org_by_code(request, form, data["org"])
        if org is not None:
            try:
                case = services.open_case(
                    actor=request.user,
                    org=org,
                    parties=form.parsed_parties(),
                    dispute_type=data["dispute_type"],
                    summary=data["summary"],
                    enterprise_name=data["enterprise_name"],
                    enterprise_uscc=data["enterprise_uscc"],
                    amount_claimed=data["amount_claimed"],
                    committee_level=data["committee_level"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已受理调解案件 %(no)s") % {"no": case.case_no})
                return redirect("rights:case", case.pk)
    return render(request, "rights/staff/form.html", {"form": form, "title": _("受理调解案件")})


@login_required
@require_GET
def case_detail(request, pk):
    case = _case(request, pk)
    now = timezone.now()
    context = {
        "case": case,
        "parties": list(case.parties.all()),
        "sessions": list(case.sessions.select_related("recorded_by")),
        "mediators": list(case.mediators.all()),
        "registered_mediators": list(case.registered_mediators.all()),
        "overdue": case.is_open and case.due_at < now,
        "may_handle": can(request.user, HANDLE, case.org),
        "may_reveal": can(request.user, "rights.view_pii", case.org),
        "aid": LegalAidCase.objects.filter(source_case=case).first(),
        "session_form": SessionForm(initial={"held_on": timezone.localdate()}),
    }
    return render(request, "rights/staff/case.html", context)


def _case_action(request, pk, form_class, run, *, title: str, initial=None, confirm: str = ""):
    case = _handled_case(request, pk)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            run(case, form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("rights:case", case.pk)
    context = {"case": case, "form": form, "title": title, "confirm": confirm}
    return render(request, "rights/staff/action.html", context)


@login_required
def case_session(request, pk):
    def run(case, data):
        services.record_session(case, actor=request.user, **data)
        messages.success(request, _("已记录调解情况"))

    return _case_action(request, pk, SessionForm, run, title=_("记录调解"), initial={"held_on": timezone.localdate()})


@login_required
def case_extend(request, pk):
    def run(case, data):
        case = services.extend_case(case, actor=request.user, reason=data["reason"])
        messages.success(
            request, _("调解期限已延长至 %(d)s") % {"d": timezone.localtime(case.due_at).strftime("%Y-%m-%d")}
        )

    return _case_action(request, pk, ExtendForm, run, title=_("延长调解期限"))


@login_required
def case_close(request, pk):
    def run(case, data):
        case = services.close_case(case, actor=request.user, **data)
        messages.success(request, _("案件已结案：%(s)s") % {"s": case.get_status_display()})

    return _case_action(request, pk, CloseForm, run, title=_("调解结案"), confirm=_("结案后不能再修改，确定结案吗？"))


@login_required
def case_agreement(request, pk):
    """The A4 调解协议书 of an agreed case. ID numbers are masked; a holder of ``rights.view_pii`` may print them in
    full by giving a reason (POST; audited)."""
    case = _case(request, pk)
    if case.status != CaseStatus.AGREED:
        return render(request, "rights/staff/no_agreement.html", {"case": case}, status=404)
    parties = list(case.parties.all())
    revealed, form = {}, RevealForm(request.POST or None)
    may_reveal = can(request.user, "rights.view_pii", case.org)
    if request.method == "POST":
        if not may_reveal:
            raise PermissionDenied
        if form.is_valid():
            try:
                revealed = services.reveal_party_ids(case, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                add_domain_error(form, exc)
    for p in parties:
        p.shown_id = revealed.get(p.pk) or p.id_masked
    context = {"case": case, "parties": parties, "may_reveal": may_reveal, "form": form, "revealed": bool(revealed)}
    return render(request, "rights/staff/agreement.html", context)


# --- Legal aid ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def aid_list(request):
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "status")}
    page = paginate(request, selectors.aid_cases(request.user, q=f["q"], status=f["status"]))
    context = {"page": page, "f": f, "statuses": AidStatus.choices, "filtered": any(f.values())}
    return render(request, "rights/staff/aid_list.html", context)


def _lawyer_choices(request):
    lawyers = Lawyer.objects.restrict(request.user, VIEW).filter(active=True)
    return [("", "—")] + [(str(lw.pk), str(lw)) for lw in lawyers]


@login_required
def aid_detail(request, pk):
    """A legal-aid case; staff who handle it assign a lawyer and the stage (POST), or close it."""
    aid = _aid(request, pk)
    may_handle = can(request.user, HANDLE, aid.org)
    form = AssignForm(request.POST or None, initial={"lawyer": aid.lawyer_id or "", "stage": aid.stage})
    form.fields["lawyer"].choices = _lawyer_choices(request)
    if request.method == "POST":
        if not may_handle:
            raise PermissionDenied
        if form.is_valid():
            lawyer = Lawyer.objects.restrict(request.user, VIEW).filter(pk=form.cleaned_data["lawyer"] or 0).first()
            try:
                if lawyer is None or lawyer.pk != aid.lawyer_id:
                    services.assign_lawyer(aid, actor=request.user, lawyer=lawyer)
                if form.cleaned_data["stage"] != aid.stage:
                    services.set_stage(aid, actor=request.user, stage=form.cleaned_data["stage"])
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("rights:aid", aid.pk)
    context = {"aid": aid, "parties": list(aid.parties.all()), "form": form, "may_handle": may_handle}
    return render(request, "rights/staff/aid.html", context)


@login_required
def aid_close(request, pk):
    aid = _aid(request, pk)
    if not can(request.user, HANDLE, aid.org):
        raise PermissionDenied
    form = CloseAidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_aid(aid, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("法律援助已结案"))
            return redirect("rights:aid", aid.pk)
    return render(request, "rights/staff/aid_action.html", {"aid": aid, "form": form, "title": _("援助结案")})


@login_required
def lawyer_list(request):
    """The partner lawyers' register of the user's scope, and (for handlers) a form to add one."""
    _gate(request)
    form = LawyerForm(request.POST or None)
    settle_org_field(form, "org", Org.objects.restrict(request.user, HANDLE))
    if request.method == "POST":
        _gate(request, HANDLE)
        if form.is_valid():
            data = form.cleaned_data
            org = _org_by_code(request, form, data["org"])
            if org is not None:
                try:
                    services.add_lawyer(actor=request.user, **{**data, "org": org})
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    messages.success(request, _("已登记律师 %(n)s") % {"n": data["name"]})
                    return redirect("rights:lawyers")
    lawyers = Lawyer.objects.restrict(request.user, VIEW).select_related("org")
    context = {"page": paginate(request, lawyers), "form": form, "may_handle": has_any(request.user, HANDLE)}
    return render(request, "rights/staff/lawyers.html", context)


# --- Labour-law supervision -----------------------------------------------------------------------------------


def open_problem_count():
    return Count("problems", filter=Q(problems__status="open"))


def _inspection(request, pk) -> Inspection:
    qs = Inspection.objects.select_related("org", "enterprise", "created_by")
    return get_scoped_or_404(qs, request.user, VIEW, pk=pk)


def _item_labels() -> dict[str, str]:
    return dict(ChecklistItem.objects.values_list("code", "label"))


@login_required
@require_GET
def inspection_list(request):
    _gate(request)
    q = request.GET.get("q", "").strip()
    page = paginate(request, selectors.inspections(request.user, q=q).annotate(open_problems=open_problem_count()))
    context = {"page": page, "q": q, "may_handle": has_any(request.user, HANDLE)}
    return render(request, "rights/staff/inspections.html", context)


@login_required
def inspection_create(request):
    _gate(request, HANDLE)
    form = InspectionForm(request.POST or None, initial={"inspected_on": timezone.localdate()})
    settle_org_field(form, "org", Org.objects.restrict(request.user, HANDLE))
    form.fields["items"].choices = list(ChecklistItem.objects.filter(active=True).values_list("code", "label"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = _org_by_code(request, form, data["org"])
        code = normalize_code(data["enterprise"])
        enterprise = Enterprise.objects.restrict(request.user, "enterprises.view").filter(uscc=code).first()
        if enterprise is None:
            form.add_error(
                "enterprise", _("企业名录中没有统一社会信用代码为“%(c)s”的企业，或不在您的管理范围内") % {"c": code}
            )
        if org is not None and enterprise is not None:
            try:
                ins = services.record_inspection(actor=request.user, **{**data, "org": org, "enterprise": enterprise})
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记监督检查，可继续登记发现的问题"))
                return redirect("rights:inspection", ins.pk)
    return render(request, "rights/staff/form.html", {"form": form, "title": _("登记劳动法律监督检查")})


def _problem_form(inspection, data=None):
    labels = _item_labels()
    form = ProblemForm(data)
    form.fields["item"].choices = [(c, labels.get(c, c)) for c in inspection.items]
    return form


@login_required
def inspection_detail(request, pk):
    """An inspection with its problems and documents; handlers add a problem here (POST)."""
    ins = _inspection(request, pk)
    may_handle = can(request.user, HANDLE, ins.org)
    form = _problem_form(ins, request.POST or None)
    if request.method == "POST":
        if not may_handle:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_problem(ins, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记问题"))
                return redirect("rights:inspection", ins.pk)
    labels = _item_labels()
    problems = list(ins.problems.select_related("escalated_to"))
    for p in problems:
        p.item_label = labels.get(p.item, p.item)
    context = {
        "ins": ins,
        "items": [labels.get(c, c) for c in ins.items],
        "problems": problems,
        "documents": list(ins.documents.all()),
        "today": timezone.localdate(),
        "may_handle": may_handle,
        "form": form,
    }
    return render(request, "rights/staff/inspection.html", context)


@login_required
def document_issue(request, pk):
    ins = _inspection(request, pk)
    if not can(request.user, HANDLE, ins.org):
        raise PermissionDenied
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.issue_document(ins, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已发出 %(n)s") % {"n": doc.number})
            return redirect("rights:inspection", ins.pk)
    context = {"ins": ins, "form": form, "title": _("发出监督文书")}
    return render(request, "rights/staff/inspection_action.html", context)


@login_required
@require_GET
def document_print(request, pk):
    doc = get_scoped_or_404(
        SupervisionDocument.objects.select_related("org", "inspection__enterprise"), request.user, VIEW, pk=pk
    )
    labels = _item_labels()
    problems = list(doc.inspection.problems.all())
    for p in problems:
        p.item_label = labels.get(p.item, p.item)
    return render(request, "rights/staff/document.html", {"doc": doc, "problems": problems})


@login_required
@require_GET
def problem_list(request):
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("status", "due")}
    page = paginate(request, selectors.problems(request.user, status=f["status"], due=f["due"]))
    context = {"page": page, "f": f, "today": timezone.localdate(), "filtered": any(f.values())}
    return render(request, "rights/staff/problems.html", context)


@login_required
def problem_rectify(request, pk):
    problem = get_scoped_or_404(
        Problem.objects.select_related("inspection__org", "inspection__enterprise"), request.user, VIEW, pk=pk
    )
    if not can(request.user, HANDLE, problem.inspection.org):
        raise PermissionDenied
    form = RectifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rectify(problem, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("问题已整改完毕"))
            return redirect("rights:inspection", problem.inspection_id)
    context = {"ins": problem.inspection, "problem": problem, "form": form, "title": _("整改完毕"), "upload": True}
    return render(request, "rights/staff/inspection_action.html", context)


@login_required
@require_GET
def evidence(request, pk):
    """A problem's rectification evidence, served only inside the scope (never a public media URL)."""
    problem = get_scoped_or_404(Problem.objects.select_related("inspection__org"), request.user, VIEW, pk=pk)
    if not problem.evidence:
        raise Http404
    return FileResponse(problem.evidence.open("rb"), filename=problem.evidence.name.rsplit("/", 1)[-1])


# --- Early warning --------------------------------------------------------------------------------------------


def heat_table(user, risks) -> dict:
    """Enterprises at high / medium risk by town (the sub-tree's towns, or the user's own org) and industry."""
    towns = list(Org.objects.restrict(user, VIEW).filter(kind=OrgKind.TOWN).order_by("path").only("path", "name"))
    industries = sorted({r.enterprise.industry for r in risks if r.level != "low"})
    labels = dict(Industry.choices)
    cells = {}
    for r in risks:
        if r.level == "low":
            continue
        town = next((t for t in towns if r.enterprise.org.path.startswith(t.path)), None)
        key = (town.name if town else r.enterprise.org.name, r.enterprise.industry)
        cell = cells.setdefault(key, {"high": 0, "medium": 0})
        cell[r.level] += 1
    names = list(dict.fromkeys([t.name for t in towns] + [k[0] for k in cells]))
    rows = [
        {"town": n, "cells": [cells.get((n, i), {"high": 0, "medium": 0}) for i in industries]}
        for n in names
        if any((n, i) in cells for i in industries)
    ]
    return {"industries": [(i, labels.get(i, i)) for i in industries], "rows": rows}


@login_required
@require_GET
def warning_page(request):
    """Enterprises at risk in the user's scope, highest score first, each score explained; the heat table by town
    and industry."""
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "level", "industry")}
    enterprises = Enterprise.objects.restrict(request.user, VIEW)
    risks = warning.assess(enterprises)
    shown = [
        r
        for r in risks
        if (not f["q"] or f["q"] in r.enterprise.name)
        and (not f["level"] or r.level == f["level"])
        and (not f["industry"] or r.enterprise.industry == f["industry"])
    ]
    context = {
        "page": paginate(request, shown),
        "f": f,
        "filtered": any(f.values()),
        "industries": Industry.choices,
        "heat": heat_table(request.user, risks),
        "season": warning.before_spring_festival(timezone.localdate()),
    }
    return render(request, "rights/staff/warning.html", context)
