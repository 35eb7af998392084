"""The partner portal (``/partner/``): a partner's people log in at the normal login (they hold no grants) and see
only their own partners' proposals: status and review comments, a new proposal to a series of the federation they
work with, and resubmitting a returned one. Anyone else's proposal answers 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate

from .. import proposals, selectors
from ..forms import PROPOSAL_STATUS_BADGES, ProposalForm
from ..models import Partner, Proposal, Series


def partner_required(view):
    """Pages for partner accounts: anyone not logged in goes to the login, a logged-in non-partner gets 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        partners = list(Partner.objects.filter(users=request.user).select_related("org").order_by("name"))
        if not partners:
            return render(request, "activities/partner/not_partner.html", status=404)
        request.partners = partners
        return view(request, *args, **kwargs)

    return wrapped


def open_series(partners) -> QuerySet:
    """Series a partner may propose to: this year's and later, of the federations they work with (the partner's
    org, its ancestors, or its sub-tree; the same rule ``submit_proposal`` applies)."""
    from orgs.models import Org

    q = Q(pk__in=[])
    for p in partners:
        q |= Q(owner__path__startswith=p.org.path) | Q(owner__path__in=selectors.path_prefixes(p.org.path, Org.steplen))
    return (
        Series.objects.filter(q, year__gte=timezone.localdate().year).select_related("owner").order_by("-year", "name")
    )


def _own(request, pk) -> Proposal:
    """A proposal of one of the user's partners; any other answers 404."""
    return get_object_or_404(Proposal.objects.select_related("series", "partner"), pk=pk, partner__in=request.partners)


@partner_required
@require_GET
def home(request):
    """The partner's proposals with their status and the reviewers' comments."""
    qs = Proposal.objects.filter(partner__in=request.partners).select_related("series", "partner")
    return render(
        request,
        "activities/partner/home.html",
        {
            "page": paginate(request, qs.order_by("-submitted_at", "-id")),
            "partners": request.partners,
            "badges": PROPOSAL_STATUS_BADGES,
            "returned": qs.filter(status=Proposal.Status.RETURNED).count(),
        },
    )


def _form_page(request, *, proposal=None):
    """The proposal form: new, or the resubmission of a returned ``proposal``."""
    partners = request.partners
    initial = {}
    if proposal is not None:
        initial = {
            "partner": proposal.partner_id,
            "series": proposal.series_id,
            "title": proposal.title,
            "category": proposal.category,
            "expected_participants": proposal.expected_participants,
            "content": proposal.content,
        }
    series = open_series(partners)
    form = ProposalForm(
        request.POST or None,
        partners=Partner.objects.filter(pk__in=[p.pk for p in partners]).order_by("name"),
        series=series,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = proposals.submit_proposal(actor=request.user, proposal=proposal, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("方案“%(t)s”已提交，请等待工会审核") % {"t": saved.title})
            return redirect("activities:partner_home")
    return render(
        request,
        "activities/partner/form.html",
        {"form": form, "proposal": proposal, "no_series": not series.exists()},
    )


@partner_required
def proposal_new(request):
    """Submit a new proposal."""
    return _form_page(request)


@partner_required
@require_GET
def proposal_detail(request, pk):
    """One of the partner's own proposals, with the review comment."""
    proposal = _own(request, pk)
    return render(request, "activities/partner/detail.html", {"proposal": proposal, "badges": PROPOSAL_STATUS_BADGES})


@partner_required
def proposal_resubmit(request, pk):
    """Revise and resubmit a proposal that was returned."""
    proposal = _own(request, pk)
    if proposal.status != Proposal.Status.RETURNED:
        messages.error(request, _("只有被退回修改的方案可以重新提交"))
        return redirect("activities:partner_detail", proposal.pk)
    return _form_page(request, proposal=proposal)
