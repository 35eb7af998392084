"""Staff console pages of activity series, partner organisations (合伙人) and their proposals (创意方案): lists with
counts, creating series and partners (with a login whose initial password is shown once), and the review queue.
Out of scope answers 404, in scope without ``activities.manage`` 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from activities import partner_accounts, proposals, selectors
from activities.forms import PROPOSAL_STATUS_BADGES, AccountForm, PartnerForm, ReviewForm, SeriesForm
from activities.models import Activity, Partner, Proposal, Series
from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from orgs.models import Org, OrgKind

from .activities import get_only, has_any, require

FEDERATIONS = (OrgKind.FEDERATION, OrgKind.TOWN)


def _federations(request, permission: str = "activities.manage"):
    """The federations (区/镇街总工会) in the user's scope: series and partners belong to one."""
    return Org.objects.restrict(request.user, permission).filter(kind__in=FEDERATIONS).order_by("path")


def _need(request, permission: str) -> None:
    """403 unless the user holds ``permission`` somewhere."""
    if not has_any(request.user, permission):
        raise PermissionDenied


# --- Series ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def series_list(request):
    """Series in scope with their partners, proposals, conversions and activities."""
    _need(request, "activities.view")
    qs = selectors.with_series_counts(Series.objects.restrict(request.user, "activities.view").select_related("owner"))
    year = request.GET.get("year", "").strip()
    if year.isdigit():
        qs = qs.filter(year=int(year))
    return render(
        request,
        "activities/staff/series_list.html",
        {
            "page": paginate(request, qs.order_by("-year", "name")),
            "year": year,
            "may_add": _federations(request).exists(),
        },
    )


@login_required
def series_create(request):
    """Set up a series for a year."""
    _need(request, "activities.manage")
    owners = _federations(request)
    form = SeriesForm(
        request.POST or None,
        owners=owners,
        initial={"year": timezone.localdate().year, "owner": owners.first()},
    )
    settle_org_field(form, "owner", owners)
    if request.method == "POST" and form.is_valid():
        try:
            series = proposals.create_series(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已新建活动系列“%(n)s”") % {"n": series.name})
            return redirect("activities:series_detail", series.pk)
    return render(
        request,
        "activities/staff/simple_form.html",
        {"form": form, "title": _("新建活动系列"), "back": "activities:series_list"},
    )


@login_required
def series_detail(request, pk):
    """A series: its figures, activities and proposals."""
    series = get_object_or_404(
        selectors.with_series_counts(Series.objects.restrict(request.user, "activities.view").select_related("owner")),
        pk=pk,
    )
    if refused := get_only(request):
        return refused
    activities = Activity.objects.filter(series=series).select_related("organiser").order_by("-starts_at", "-id")
    return render(
        request,
        "activities/staff/series_detail.html",
        {
            "series": series,
            "figures": selectors.series_figures(series),
            "activities": activities[:50],
            "proposals": series.proposals.select_related("partner").order_by("-submitted_at")[:50],
            "badges": PROPOSAL_STATUS_BADGES,
        },
    )


# --- Partners ----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def partner_list(request):
    """Partners in scope, with their accounts and how many proposals they have sent."""
    _need(request, "activities.view")
    q = request.GET.get("q", "").strip()
    qs = (
        Partner.objects.restrict(request.user, "activities.view")
        .select_related("org")
        .prefetch_related("users")
        .annotate(
            proposal_count=Count("proposals", distinct=True),
            approved_count=Count("proposals", filter=Q(proposals__status=Proposal.Status.APPROVED), distinct=True),
        )
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(contact_name__icontains=q))
    return render(
        request,
        "activities/staff/partner_list.html",
        {"page": paginate(request, qs.order_by("name")), "q": q, "may_add": _federations(request).exists()},
    )


def _show_password(request, partner, user, password):
    """The once-only page with a new partner account's initial password."""
    return render(
        request,
        "activities/staff/partner_password.html",
        {"partner": partner, "account": user, "password": password},
    )


@never_cache
@login_required
def partner_create(request):
    """Register a partner, optionally with its first login."""
    _need(request, "activities.manage")
    orgs = _federations(request)
    form = PartnerForm(request.POST or None, orgs=orgs, initial={"org": orgs.first()})
    settle_org_field(form, "org", orgs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        username = data.pop("username", "").strip()
        try:
            partner = proposals.create_partner(actor=request.user, **data)
            account = None
            if username:
                account = partner_accounts.create_partner_account(partner, actor=request.user, username=username)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已登记合伙人“%(n)s”") % {"n": partner.name})
            if account:
                return _show_password(request, partner, *account)
            return redirect("activities:partner_list")
    return render(
        request,
        "activities/staff/simple_form.html",
        {"form": form, "title": _("登记合伙人"), "back": "activities:partner_list"},
    )


@never_cache
@login_required
def partner_account(request, pk):
    """Open another login for a partner; its initial password is shown once."""
    partner = get_object_or_404(Partner.objects.restrict(request.user, "activities.view").select_related("org"), pk=pk)
    require(request, "activities.manage", partner.org)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = partner_accounts.create_partner_account(partner, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _show_password(request, partner, user, password)
    return render(
        request,
        "activities/staff/simple_form.html",
        {"form": form, "title": _("为“%(n)s”开通账号") % {"n": partner.name}, "back": "activities:partner_list"},
    )


# --- Proposals ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def proposal_list(request):
    """The review queue (submitted first by default), filterable by status and series."""
    _need(request, "activities.view")
    status = request.GET.get("status", Proposal.Status.SUBMITTED)
    series = request.GET.get("series", "")
    qs = Proposal.objects.restrict(request.user, "activities.view").select_related("series", "partner")
    if status in Proposal.Status.values:
        qs = qs.filter(status=status)
    if series.isdigit():
        qs = qs.filter(series_id=series)
    return render(
        request,
        "activities/staff/proposal_list.html",
        {
            "page": paginate(request, qs.order_by("submitted_at", "id")),
            "status": status,
            "series": series,
            "statuses": Proposal.Status.choices,
            "series_options": Series.objects.restrict(request.user, "activities.view").only("id", "name", "year")[:200],
            "badges": PROPOSAL_STATUS_BADGES,
        },
    )


@login_required
def proposal_detail(request, pk):
    """Read a proposal and decide: approve (a draft activity is made), return with comments, or reject."""
    proposal = get_object_or_404(
        Proposal.objects.restrict(request.user, "activities.view").select_related(
            "series__owner", "partner", "reviewed_by", "submitted_by"
        ),
        pk=pk,
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        require(request, "activities.manage", proposal.series.owner)
        if form.is_valid():
            try:
                proposal = proposals.review_proposal(proposal, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, _("方案“%(t)s”：%(s)s") % {"t": proposal.title, "s": proposal.get_status_display()}
                )
                activity = Activity.objects.filter(proposal=proposal).first()
                if activity is not None:
                    return redirect("activities:staff_edit", activity.pk)
                return redirect("activities:proposal_list")
    return render(
        request,
        "activities/staff/proposal_detail.html",
        {
            "proposal": proposal,
            "form": form,
            "activity": Activity.objects.filter(proposal=proposal).first(),
            "badges": PROPOSAL_STATUS_BADGES,
            "may_review": proposal.status == Proposal.Status.SUBMITTED,
        },
    )
