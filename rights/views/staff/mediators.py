"""Console pages of the mediator register (调解员名册, ``/console/rights/mediators/``): the registered volunteer and
partner mediators of the user's scope with a form to add one, a mediator's edit page (phone, specialty, on or off
the register), and a case's mediators page (staff accounts and registered mediators serving the case's union)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Org

from ... import selectors, services
from ...forms import CaseMediatorsForm, MediatorEditForm, MediatorForm
from ...models import MediationCase, Mediator

VIEW, HANDLE = "rights.view", "rights.handle"


@login_required
def mediator_list(request):
    """The register of the user's scope (search by name, specialty or union; active or not) and, for handlers, a
    form to register one."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    form = MediatorForm(request.POST or None)
    settle_org_field(form, "org", Org.objects.restrict(request.user, HANDLE))
    if request.method == "POST":
        if not has_any(request.user, HANDLE):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            org = Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(data["org"])).first()
            if org is None:
                form.add_error("org", _("工会“%(c)s”不存在或不在您的管理范围内") % {"c": data["org"].strip()})
            else:
                try:
                    services.add_mediator(actor=request.user, **{**data, "org": org})
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    messages.success(request, _("已登记调解员 %(n)s") % {"n": data["name"]})
                    return redirect("rights:mediators")
    f = {k: request.GET.get(k, "").strip() for k in ("q", "active")}
    context = {
        "page": paginate(request, selectors.mediators(request.user, q=f["q"], active=f["active"])),
        "f": f,
        "form": form,
        "may_handle": has_any(request.user, HANDLE),
    }
    return render(request, "rights/staff/mediators.html", context)


@login_required
def mediator_edit(request, pk):
    mediator = get_scoped_or_404(Mediator.objects.select_related("org"), request.user, VIEW, pk=pk)
    if not can(request.user, HANDLE, mediator.org):
        raise PermissionDenied
    initial = {k: getattr(mediator, k) for k in ("name", "kind", "phone", "specialty", "active")}
    form = MediatorEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_mediator(mediator, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已保存调解员 %(n)s") % {"n": mediator.name})
            return redirect("rights:mediators")
    title = _("修改调解员：%(n)s") % {"n": mediator.name}
    return render(request, "rights/staff/mediator_form.html", {"form": form, "title": title, "m": mediator})


@login_required
def case_mediators(request, pk):
    """Choose the case's mediators among the staff who may handle its union and the registered mediators serving
    it."""
    case = get_scoped_or_404(MediationCase.objects.select_related("org"), request.user, VIEW, pk=pk)
    if not can(request.user, HANDLE, case.org):
        raise PermissionDenied
    staff, registered = selectors.mediator_candidates(case)
    initial = {
        "staff": [str(u.pk) for u in case.mediators.all()],
        "registered": [str(m.pk) for m in case.registered_mediators.all()],
    }
    form = CaseMediatorsForm(request.POST or None, initial=initial)
    form.fields["staff"].choices = [(str(u.pk), str(u)) for u in staff]
    form.fields["registered"].choices = [
        (str(m.pk), f"{m.name}（{m.get_kind_display()}{'，' + m.specialty if m.specialty else ''}）")
        for m in registered
    ]
    if request.method == "POST" and form.is_valid():
        by_user = {str(u.pk): u for u in staff}
        by_mediator = {str(m.pk): m for m in registered}
        try:
            services.set_case_mediators(
                case,
                actor=request.user,
                staff=[by_user[k] for k in form.cleaned_data["staff"]],
                registered=[by_mediator[k] for k in form.cleaned_data["registered"]],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已指定调解员"))
            return redirect("rights:case", case.pk)
    context = {"case": case, "form": form, "title": _("指定调解员"), "confirm": ""}
    return render(request, "rights/staff/action.html", context)
