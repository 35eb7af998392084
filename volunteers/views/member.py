"""The member's volunteer pages on the phone (``/m/volunteers/``): 我的志愿时长 (total confirmed hours, their teams,
their records with their state, their sign-ups and the open shifts of their teams to sign up for), logging a service
record, and for a team leader the records waiting for confirmation (confirm, reject with a reason) and the sign-ups
of the team's shifts to mark attended. Shifts, sign-ups and records outside what the member may see answer 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from members.views.member import member_required

from .. import selectors, services
from ..forms import RecordForm
from ..models import SignUp, Team


def _one(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@member_required
@require_GET
def home(request):
    member = request.member
    now = timezone.now()
    records = list(selectors.member_records(member)[:50])
    signups = list(selectors.member_signups(member, now))
    mine = {s.shift_id for s in signups}
    shifts = [s for s in selectors.open_shifts(member, now)[:30] if s.pk not in mine]
    context = {
        "hours": selectors.member_hours(member),
        "year_hours": selectors.member_hours(member, start=timezone.localdate().replace(month=1, day=1)),
        "teams": list(selectors.member_teams(member)),
        "records": records,
        "signups": signups,
        "shifts": shifts,
        "leads": selectors.led_teams(member).exists(),
        "waiting": selectors.pending_for_leader(member).count(),
        "now": now,
    }
    return render(request, "volunteers/member/home.html", context)


@member_required
def record_new(request):
    member = request.member
    teams = {str(v.team.pk): v.team for v in selectors.member_teams(member)}
    form = RecordForm(request.POST or None, initial={"served_on": timezone.localdate()})
    form.fields["team"].choices = [(pk, t.name) for pk, t in teams.items()]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = teams.get(data["team"])
        try:
            services.log_record(
                member, team, actor=request.user, served_on=data["served_on"], hours=data["hours"],
                description=data["description"],
            )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已登记，等待队长确认"))
            return redirect("volunteers:member_home")
    return render(request, "volunteers/member/record_form.html", {"form": form, "teams": teams})


@member_required
@require_POST
def shift_signup(request, pk):
    shift = _one(selectors.member_shifts(request.member), pk)
    try:
        services.sign_up(shift, request.member, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已报名“%(t)s”") % {"t": shift.title})
    return redirect("volunteers:member_home")


@member_required
@require_POST
def signup_cancel(request, pk):
    signup = _one(SignUp.objects.filter(member=request.member).select_related("member", "shift__team"), pk)
    try:
        services.cancel_signup(signup, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已取消报名"))
    return redirect("volunteers:member_home")


@member_required
@require_GET
def lead(request):
    """The leader's page: records waiting for confirmation, and sign-ups of started shifts to mark attended."""
    member = request.member
    teams = list(Team.objects.filter(leader=member))
    if not teams:
        raise Http404
    now = timezone.now()
    attend = (
        selectors.led_signups(member)
        .filter(cancelled_at__isnull=True, attended_at__isnull=True, shift__starts_at__lte=now)
        .select_related("shift")
        .order_by("-shift__starts_at", "pk")[:50]
    )
    context = {"teams": teams, "pending": list(selectors.pending_for_leader(member)[:100]), "attend": list(attend)}
    return render(request, "volunteers/member/lead.html", context)


@member_required
@require_POST
def lead_confirm(request, pk):
    record = _one(selectors.led_records(request.member), pk)
    try:
        services.confirm_record(record, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认%(m)s的 %(h)s 小时") % {"m": record.member.name, "h": record.hours})
    return redirect("volunteers:member_lead")


@member_required
@require_POST
def lead_reject(request, pk):
    record = _one(selectors.led_records(request.member), pk)
    try:
        services.reject_record(record, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已退回%(m)s的服务记录") % {"m": record.member.name})
    return redirect("volunteers:member_lead")


@member_required
@require_POST
def lead_attended(request, pk):
    signup = _one(selectors.led_signups(request.member), pk)
    try:
        record = services.mark_attended(signup, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认%(m)s到岗，记入 %(h)s 小时") % {"m": signup.member.name, "h": record.hours})
    return redirect("volunteers:member_lead")
