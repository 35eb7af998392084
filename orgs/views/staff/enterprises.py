"""Staff console pages for the employer register (企业名录), scoped through ``restrict`` like the tree."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import can
from orgs import selectors, services
from orgs.forms import EnterpriseForm
from orgs.models import Enterprise, EnterpriseStatus, Industry, Org


def _visible(request, permission="enterprises.view"):
    return Enterprise.objects.restrict(request.user, permission)


@login_required
@require_GET
def enterprise_list(request):
    """The register with search (name, pinyin, 统一社会信用代码) and filters; ``org`` limits it to a sub-tree."""
    qs = _visible(request).select_related("org", "covering_union")
    f = {k: request.GET.get(k, "").strip() for k in ("q", "covered", "industry", "status", "org")}
    if f["q"]:
        qs = qs.filter(selectors.search_q(f["q"], code_field=None, extra=("uscc__iexact",)))
    if f["covered"] == "yes":
        qs = qs.filter(covering_union__isnull=False)
    elif f["covered"] == "no":
        qs = qs.filter(covering_union__isnull=True)
    if f["industry"]:
        qs = qs.filter(industry=f["industry"])
    if f["status"]:
        qs = qs.filter(status=f["status"])
    within = None
    if f["org"]:
        within = (
            get_object_or_404(Org.objects.restrict(request.user, "orgs.view"), pk=f["org"])
            if f["org"].isdigit()
            else None
        )
        if within is not None:
            qs = qs.filter(org__path__startswith=within.path)
    return render(
        request,
        "orgs/enterprise_list.html",
        {
            "page": paginate(request, qs),
            "f": f,
            "within": within,
            "industries": Industry.choices,
            "statuses": EnterpriseStatus.choices,
            "may_add": bool(Org.objects.restrict(request.user, "enterprises.add").exists()),
        },
    )


@login_required
@require_GET
def enterprise_detail(request, pk):
    ent = get_object_or_404(_visible(request).select_related("org", "covering_union"), pk=pk)
    return render(
        request,
        "orgs/enterprise_detail.html",
        {
            "ent": ent,
            "may_change": can(request.user, "enterprises.change", ent.org),
        },
    )


def _resolve_org(request, form, field: str, permission: str) -> Org | None:
    """The org named by code in ``field``, within the user's scope; adds a field error otherwise."""
    code = (form.cleaned_data.get(field) or "").strip().upper()
    if not code:
        return None
    org = Org.objects.restrict(request.user, permission).filter(code=code).first()
    if org is None:
        form.add_error(field, _("组织代码“%(code)s”不存在或不在您的管理范围内") % {"code": code})
    return org


@login_required
def enterprise_create(request):
    """Register an employer; ``?org=<pk>`` pre-fills the registering union."""
    if not Org.objects.restrict(request.user, "enterprises.add").exists():
        raise PermissionDenied
    initial = {"status": EnterpriseStatus.ACTIVE}
    if request.GET.get("org", "").isdigit():
        org = Org.objects.restrict(request.user, "enterprises.add").filter(pk=request.GET["org"]).first()
        if org is not None:
            initial["org"] = org.code
    form = EnterpriseForm(request.POST or None, initial=initial)
    settle_org_field(form, "org", Org.objects.restrict(request.user, "enterprises.add"))
    if request.method == "POST" and form.is_valid():
        org = _resolve_org(request, form, "org", "enterprises.add")
        covering = _resolve_org(request, form, "covering_union", "orgs.view")
        if not form.errors:
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"org", "covering_union"}}
            try:
                ent = services.create_enterprise(actor=request.user, org=org, covering_union=covering, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记企业“%(name)s”") % {"name": ent.name})
                return redirect("orgs:enterprise_detail", ent.pk)
    return render(request, "orgs/enterprise_form.html", {"form": form, "title": _("登记企业")})


@login_required
def enterprise_edit(request, pk):
    """Edit an employer, including which union covers it."""
    ent = get_object_or_404(_visible(request).select_related("org", "covering_union"), pk=pk)
    if not can(request.user, "enterprises.change", ent.org):
        raise PermissionDenied
    initial = {f: getattr(ent, f) for f in services.ENTERPRISE_FIELDS}
    initial["covering_union"] = ent.covering_union.code if ent.covering_union else ""
    form = EnterpriseForm(request.POST or None, initial=initial)
    del form.fields["org"]  # the registering union is fixed; moving an enterprise is a different workflow
    if request.method == "POST" and form.is_valid():
        covering = _resolve_org(request, form, "covering_union", "orgs.view")
        if not form.errors:
            data = {k: v for k, v in form.cleaned_data.items() if k != "covering_union"}
            try:
                services.update_enterprise(ent, actor=request.user, covering_union=covering, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已保存“%(name)s”的修改") % {"name": ent.name})
                return redirect("orgs:enterprise_detail", ent.pk)
    return render(request, "orgs/enterprise_form.html", {"form": form, "ent": ent, "title": _("修改企业信息")})
