"""Committees, congresses (换届), officers' terms and a town's part-time vice-chairs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Org, OrgKind

from ... import errors, selectors
from ...forms import CongressForm
from ...models import (
    Officer,
    StarRecord,
    Term,
)
from ...services import OFFICERS, VIEW
from ...services import officers as officer_services


@login_required
@require_GET
def committees(request):
    """Unions and towns in scope with their term and 换届 due date; filters: overdue, due soon, none recorded."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    due = request.GET.get("due", "")
    page = paginate(request, selectors.committees(request.user, due))
    today = timezone.localdate()
    return render(request, "unionlife/staff/committees.html", {"page": page, "due": due, "today": today})


def _committee_org(request, pk) -> Org:
    return get_scoped_or_404(Org.objects.all(), request.user, VIEW, pk=pk)


@login_required
@require_GET
def committee(request, pk):
    """A union's committee: the open term and its officers, the town's part-time vice-chairs, past terms."""
    org = _committee_org(request, pk)
    terms = list(Term.objects.filter(union=org).order_by("-started_on", "-pk"))
    current = next((t for t in terms if t.closed_on is None), None)
    serving = list(
        Officer.objects.filter(union=org, ends_on__isnull=True)
        .select_related("member", "source_union")
        .order_by("role", "pk")
    )
    trainings = selectors.officer_trainings(serving)
    for o in serving:
        o.trainings = trainings[o.pk]
    context = {
        "org": org,
        "current": current,
        "past": [t for t in terms if t.closed_on is not None],
        "serving": serving,
        "may_manage": can(request.user, OFFICERS, org),
        "is_town": org.kind == OrgKind.TOWN,
        "star_history": list(StarRecord.objects.filter(union=org).order_by("-year")),
        "today": timezone.localdate(),
    }
    return render(request, "unionlife/staff/committee.html", context)


@login_required
def congress(request, pk):
    """Record a 会员(代表)大会: date, delegates, the elected committee; it closes the open term."""
    org = _committee_org(request, pk)
    if not can(request.user, OFFICERS, org):
        raise PermissionDenied
    form = CongressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            term = officer_services.record_congress(
                org,
                actor=request.user,
                held_on=data["held_on"],
                officers=data["committee"],
                delegates=data["delegates"],
                length_years=data["length_years"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("已登记第 %(n)s 届委员会，换届到期日 %(d)s") % {"n": term.number, "d": term.due_on}
            )
            return redirect("unionlife:committee", org.pk)
    context = {"form": form, "title": _("登记会员（代表）大会"), "org": org}
    return render(request, "unionlife/staff/congress_form.html", context)


@login_required
@require_POST
def vice_chair(request, pk):
    """Make an enterprise union's chair a part-time vice-chair of this town."""
    org = _committee_org(request, pk)
    source = (
        Org.objects.restrict(request.user, VIEW)
        .filter(code=normalize_code(request.POST.get("source_union", "")))
        .first()
    )
    try:
        if source is None:
            raise errors.SOURCE_NOT_BELOW()
        officer = officer_services.appoint_vice_chair(org, actor=request.user, source_union=source)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已选配 %(n)s 为兼职副主席") % {"n": officer.name})
    return redirect("unionlife:committee", org.pk)


@login_required
@require_POST
def officer_end(request, pk):
    officer = get_scoped_or_404(Officer.objects.select_related("union"), request.user, VIEW, pk=pk)
    try:
        officer_services.end_officer(officer, actor=request.user)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s 已离任") % {"n": officer.name})
    return redirect("unionlife:committee", officer.union_id)
