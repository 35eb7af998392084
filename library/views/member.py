"""The member's library pages on the phone (``/m/library/``): their loans (due dates, overdue), a box to type a
book's label, and a copy's page (what the label QR opens) with a button to borrow it there and then."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from members.views.member import member_required

from .. import selectors, services


@member_required
@require_GET
def loan_list(request):
    label = request.GET.get("label", "").strip()
    if label:
        try:
            copy = services.copy_by_label(label)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("library:member_copy", copy.label)
    loans = list(selectors.member_loans(request.member).order_by("returned_at", "-lent_at")[:50])
    shelf = list(selectors.shelf_for_member(request.member))
    return render(request, "library/member/loans.html", {"loans": loans, "shelf": shelf})


def _copy(label):
    try:
        return services.copy_by_label(label)
    except DomainError:
        raise Http404 from None


@member_required
@require_GET
def copy_detail(request, label):
    copy = _copy(label)
    return render(request, "library/member/copy.html", {"copy": copy})


@member_required
@require_POST
def copy_borrow(request, label):
    copy = _copy(label)
    try:
        loan = services.lend(copy, request.member, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("library:member_copy", copy.label)
    messages.success(request, _("借阅成功，请于 %(d)s 前归还到任一职工书屋") % {"d": loan.due_on.isoformat()})
    return redirect("library:member_loans")
