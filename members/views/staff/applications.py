"""Staff review of online join applications (入会审核) in the console. Every query starts from
``JoinApplication.objects.restrict(user, "members.approve")``: another union's application answers 404. Approving
and rejecting go through ``joining``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import pii
from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.scoping import EVERYTHING, scope_paths
from core.validators import normalize_code
from members import joining
from members.models import JoinApplication
from members.site_forms import RejectForm

PERMISSION = "members.approve"
ALL = "all"


def _reviewable(request):
    """The applications this user may decide; someone with no such grant at all is refused outright (403)."""
    paths = scope_paths(request.user, PERMISSION)
    if paths is not EVERYTHING and not paths:
        raise PermissionDenied
    return JoinApplication.objects.restrict(request.user, PERMISSION)


def _get(request, pk) -> JoinApplication:
    return get_object_or_404(_reviewable(request).select_related("union", "employer", "decided_by", "member"), pk=pk)


@login_required
@require_GET
def application_list(request):
    """The queue: pending applications first by default, filterable by status, searchable by name or phone."""
    status = request.GET.get("status", JoinApplication.Status.PENDING)
    q = request.GET.get("q", "").strip()
    apps = _reviewable(request).select_related("union").defer("id_cipher", "id_hash")
    if status in JoinApplication.Status.values:
        apps = apps.filter(status=status)
    else:
        status = ALL
    if q:
        digits = normalize_code(q)
        cond = Q(name__icontains=q)
        if digits.isdigit():
            cond |= Q(phone__startswith=digits)
        apps = apps.filter(cond)
    context = {
        "page": paginate(request, apps),
        "status": status,
        "q": q,
        "statuses": JoinApplication.Status.choices,
        "pending_count": _reviewable(request).filter(status=JoinApplication.Status.PENDING).count(),
    }
    return render(request, "members/review/list.html", context)


@login_required
@require_GET
def application_detail(request, pk):
    """One application, ID number masked, with its consent record and, while pending, the decision buttons."""
    app = _get(request, pk)
    return render(request, "members/review/detail.html", {"app": app, "reject_form": RejectForm()})


@login_required
def application_approve(request, pk):
    """GET asks for confirmation; POST approves: the worker joins, gets an account and a text to set a password."""
    app = _get(request, pk)
    if request.method == "POST":
        try:
            member = joining.approve_application(app, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("已通过%(name)s的入会申请，会员证号 %(card)s；设置密码的链接已短信发送至 %(phone)s")
                % {"name": member.name, "card": member.card_no, "phone": pii.mask_phone(member.phone)},
            )
        return redirect("members:application_detail", app.pk)
    if app.status != JoinApplication.Status.PENDING:
        return redirect("members:application_detail", app.pk)
    return render(request, "members/review/approve.html", {"app": app})


@login_required
def application_reject(request, pk):
    """Reject with a reason (required), which the applicant receives by text message."""
    app = _get(request, pk)
    if app.status != JoinApplication.Status.PENDING:
        return redirect("members:application_detail", app.pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            joining.reject_application(app, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_domain_error(form, exc)
            if exc.code == "application_decided":
                messages.error(request, str(exc.message))
                return redirect("members:application_detail", app.pk)
        else:
            messages.success(request, _("已驳回%(name)s的入会申请，已短信告知申请人") % {"name": app.name})
            return redirect("members:application_detail", app.pk)
    return render(request, "members/review/reject.html", {"app": app, "form": form})
