"""Console pages of collective bargaining (集体协商) under ``/console/rights/bargaining/``: the contracts of the user's
scope (expiring soon first) with search, filters and pages; a contract's page with its 示范 years; the forms to
register and correct a contract and to record a 示范 year; and the 示范 list by year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Enterprise, Org

from ... import selectors, services
from ...forms import ContractForm, DemonstrationForm
from ...models import CONTRACT_STATES, CollectiveContract, ContractCoverage, ContractKind, DemoLevel

VIEW, HANDLE = "rights.view", "rights.handle"


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PermissionDenied


def _contract(request, pk) -> CollectiveContract:
    qs = CollectiveContract.objects.select_related("org", "enterprise", "created_by")
    return get_scoped_or_404(qs, request.user, VIEW, pk=pk)


@login_required
@require_GET
def contract_list(request):
    """Contracts of the user's scope, expiring soon first; search by enterprise, industry, union or USCC; filter by
    kind, coverage and state."""
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "state", "coverage")}
    today = timezone.localdate()
    qs = selectors.contracts(
        request.user, q=f["q"], kind=f["kind"], state=f["state"], coverage=f["coverage"], today=today
    )
    page = paginate(request, qs)
    for c in page:
        c.state_code = c.state(today)
        c.state_label = CONTRACT_STATES[c.state_code]
        c.days_left = (c.ends_on - today).days
    context = {
        "page": page,
        "f": f,
        "kinds": ContractKind.choices,
        "coverages": ContractCoverage.choices,
        "states": list(CONTRACT_STATES.items()),
        "filtered": any(f.values()),
        "may_handle": has_any(request.user, HANDLE),
    }
    return render(request, "rights/staff/contracts.html", context)


@login_required
@require_GET
def contract_detail(request, pk):
    contract = _contract(request, pk)
    today = timezone.localdate()
    may_handle = can(request.user, HANDLE, contract.org)
    context = {
        "c": contract,
        "state": contract.state(today),
        "state_label": CONTRACT_STATES[contract.state(today)],
        "days_left": (contract.ends_on - today).days,
        "demonstrations": contract.demonstrations.order_by("-year", "level"),
        "may_handle": may_handle,
        "demo_form": DemonstrationForm(initial={"year": min(today.year, contract.ends_on.year)})
        if may_handle
        else None,
    }
    return render(request, "rights/staff/contract.html", context)


def _enterprise(request, form, data):
    """The enterprise named by its USCC, from the register in the user's scope (only for an enterprise contract)."""
    if data.get("coverage") != ContractCoverage.ENTERPRISE:
        return None, True
    code = normalize_code(data.get("enterprise") or "")
    if not code:
        form.add_error("enterprise", _("企业集体合同须填写企业的统一社会信用代码"))
        return None, False
    enterprise = (
        Enterprise.objects.restrict(request.user, "enterprises.view")
        .select_related("org", "covering_union")
        .filter(uscc=code)
        .first()
    )
    if enterprise is None:
        form.add_error(
            "enterprise", _("企业名录中没有统一社会信用代码为“%(c)s”的企业，或不在您的管理范围内") % {"c": code}
        )
        return None, False
    return enterprise, True


@login_required
def contract_create(request):
    _gate(request, HANDLE)
    form = ContractForm(request.POST or None, initial={"coverage": ContractCoverage.ENTERPRISE})
    settle_org_field(form, "org", Org.objects.restrict(request.user, HANDLE))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(data["org"])).first()
        if org is None:
            form.add_error("org", _("工会“%(c)s”不存在或不在您的管理范围内") % {"c": data["org"].strip()})
        enterprise, ok = _enterprise(request, form, data)
        if org is not None and ok:
            try:
                contract = services.register_contract(
                    actor=request.user, **{**data, "org": org, "enterprise": enterprise}
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记集体合同"))
                return redirect("rights:contract", contract.pk)
    return render(request, "rights/staff/contract_form.html", {"form": form, "title": _("登记集体合同")})


@login_required
def contract_edit(request, pk):
    contract = _contract(request, pk)
    if not can(request.user, HANDLE, contract.org):
        raise PermissionDenied
    initial = {
        "org": contract.org.code,
        "coverage": contract.coverage,
        "enterprise": contract.enterprise.uscc if contract.enterprise_id else "",
        "industry_name": contract.industry_name,
        "kind": contract.kind,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "wage_increase": "" if contract.wage_increase is None else f"{contract.wage_increase.normalize():f}",
        "workers_covered": contract.workers_covered,
        "filed_on": contract.filed_on,
        "union_party": contract.union_party,
        "employer_party": contract.employer_party,
        "note": contract.note,
    }
    form = ContractForm(request.POST or None, initial=initial)
    form.fields["org"].disabled = True
    form.fields["org"].help_text = _("协商工会不可更改")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "org"}
        enterprise, ok = _enterprise(request, form, data)
        if ok:
            try:
                services.update_contract(contract, actor=request.user, **{**data, "enterprise": enterprise})
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已保存集体合同"))
                return redirect("rights:contract", contract.pk)
    title = _("修改集体合同：%(n)s") % {"n": contract.party_name}
    return render(request, "rights/staff/contract_form.html", {"form": form, "title": title, "c": contract})


@login_required
@require_POST
def contract_demonstration(request, pk):
    """Record a 示范 year of the contract's enterprise or industry."""
    contract = _contract(request, pk)
    if not can(request.user, HANDLE, contract.org):
        raise PermissionDenied
    form = DemonstrationForm(request.POST)
    if form.is_valid():
        try:
            services.record_demonstration(contract, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已登记集体协商示范"))
            return redirect("rights:contract", contract.pk)
    messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("rights:contract", contract.pk)


@login_required
@require_GET
def demonstration_list(request):
    """示范企业 and 示范行业 of the user's scope, by year."""
    _gate(request)
    year = request.GET.get("year", "").strip()
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    context = {
        "page": paginate(request, selectors.demonstrations(request.user, year=year)),
        "year": year,
        "levels": DemoLevel.choices,
    }
    return render(request, "rights/staff/demonstrations.html", context)
