"""Console pages of 志愿服务 (``/console/volunteers/``): the teams with search, a new team, a team's page (its
volunteers with enrolling by card number, its shifts, the records waiting for confirmation with confirm and reject),
a new shift, a shift's sign-ups (mark attended), the records of the scope, and the hours per team and per person
over a period (xlsx export). Objects load through ``restrict`` (404 outside scope); actions need
``volunteers.manage`` over the team's org (403)."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities.models import Activity
from core.dates import parse_filter_date
from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Org
from places.models import Place, PlaceStatus

from .. import selectors, services
from ..forms import AddMemberForm, RejectForm, ShiftForm, StaffRecordForm, TeamForm
from ..models import RecordStatus, ServiceRecord, Shift, SignUp, Team, TeamStatus, Volunteer

VIEW, MANAGE = "volunteers.view", "volunteers.manage"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PermissionDenied


def _team(request, pk, permission: str = VIEW) -> Team:
    team = get_scoped_or_404(Team.objects.select_related("org", "leader"), request.user, VIEW, pk=pk)
    if permission == MANAGE and not can(request.user, MANAGE, team.org):
        raise PermissionDenied
    return team


def _back(request, default):
    nxt = request.POST.get("next", "")
    return redirect(nxt) if nxt.startswith("/console/volunteers/") else redirect(*default)


@login_required
@require_GET
def team_list(request):
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "status")}
    qs = selectors.search_teams(request.user, q=f["q"], status=f["status"] if f["status"] in TeamStatus else "")
    context = {"page": paginate(request, qs), "f": f, "may_manage": has_any(request.user, MANAGE)}
    context["pending"] = ServiceRecord.objects.restrict(request.user, VIEW).filter(status=RecordStatus.PENDING).count()
    return render(request, "volunteers/staff/teams.html", context)


@login_required
def team_create(request):
    _gate(request, MANAGE)
    form = TeamForm(request.POST or None)
    orgs = Org.objects.restrict(request.user, MANAGE)
    settle_org_field(form, "org", orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = orgs.filter(code=normalize_code(data["org"])).first()
        leader = selectors.member_by_card(data["leader"]) if data["leader"] else None
        if org is None:
            form.add_error("org", _("工会不存在或不在您的管理范围内"))
        elif data["leader"] and leader is None:
            form.add_error("leader", _("未找到该会员证号的会员"))
        else:
            try:
                team = services.create_team(
                    actor=request.user, org=org, name=data["name"], description=data["description"], leader=leader
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已成立志愿服务队“%(n)s”") % {"n": team.name})
                return redirect("volunteers:team", team.pk)
    return render(request, "volunteers/staff/form.html", {"form": form, "title": _("成立志愿服务队")})


def _team_page(request, team, *, member_form=None, status=200):
    context = {
        "team": team,
        "volunteers": list(selectors.team_volunteers(team)[:500]),
        "shifts": paginate(request, selectors.team_shifts(team)),
        "pending": list(selectors.search_records(request.user, status=RecordStatus.PENDING, team=team)[:100]),
        "recent": list(selectors.search_records(request.user, team=team).exclude(status=RecordStatus.PENDING)[:20]),
        "hours": selectors.hours_per_team(ServiceRecord.objects.filter(team=team)),
        "may_manage": can(request.user, MANAGE, team.org),
        "member_form": member_form or AddMemberForm(),
        "reject_form": RejectForm(),
    }
    return render(request, "volunteers/staff/team.html", context, status=status)


@login_required
@require_GET
def team_detail(request, pk):
    return _team_page(request, _team(request, pk))


@login_required
@require_POST
def team_add_member(request, pk):
    team = _team(request, pk, MANAGE)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        member = selectors.member_by_card(form.cleaned_data["member"])
        if member is None:
            form.add_error("member", _("未找到该会员证号的会员"))
        else:
            try:
                services.add_volunteer(team, member, actor=request.user)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("%(m)s已加入服务队") % {"m": member.name})
                return redirect("volunteers:team", team.pk)
    return _team_page(request, team, member_form=form)


@login_required
@require_POST
def volunteer_leave(request, pk):
    volunteer = get_scoped_or_404(Volunteer.objects.select_related("team__org", "member"), request.user, VIEW, pk=pk)
    try:
        services.remove_volunteer(volunteer, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(m)s已退出服务队") % {"m": volunteer.member.name})
    return redirect("volunteers:team", volunteer.team_id)


@login_required
def shift_create(request, pk):
    team = _team(request, pk, MANAGE)
    form = ShiftForm(request.POST or None)
    places = list(
        Place.objects.restrict(request.user, "places.view").filter(status=PlaceStatus.OPEN).select_related("org")[:300]
    )
    activities = list(
        Activity.objects.restrict(request.user, "activities.view")
        .filter(starts_at__gte=timezone.now())
        .select_related("organiser")
        .order_by("starts_at")[:300]
    )
    form.fields["place"].choices = [("", "（不选）")] + [(str(p.pk), p.name) for p in places]
    form.fields["activity"].choices = [("", "（不选）")] + [(str(a.pk), a.title) for a in activities]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = next((p for p in places if str(p.pk) == data["place"]), None)
        activity = next((a for a in activities if str(a.pk) == data["activity"]), None)
        try:
            shift = services.create_shift(
                team, actor=request.user, title=data["title"], starts_at=data["starts_at"], ends_at=data["ends_at"],
                quota=data["quota"], place=place, activity=activity,
            )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已发布志愿岗“%(t)s”") % {"t": shift.title})
            return redirect("volunteers:shift", shift.pk)
    title = _("发布志愿岗 · %(t)s") % {"t": team.name}
    return render(request, "volunteers/staff/form.html", {"form": form, "title": title, "team": team})


@login_required
def record_create(request, pk):
    team = _team(request, pk, MANAGE)
    form = StaffRecordForm(request.POST or None, initial={"team": team.pk, "served_on": timezone.localdate()})
    form.fields["team"].choices = [(str(team.pk), team.name)]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = selectors.member_by_card(data["member"])
        if member is None:
            form.add_error("member", _("未找到该会员证号的会员"))
        else:
            try:
                services.log_record(
                    member, team, actor=request.user, served_on=data["served_on"], hours=data["hours"],
                    description=data["description"],
                )  # fmt: skip
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记%(m)s的服务记录，待确认") % {"m": member.name})
                return redirect("volunteers:team", team.pk)
    title = _("登记服务记录 · %(t)s") % {"t": team.name}
    return render(request, "volunteers/staff/form.html", {"form": form, "title": title, "team": team})


@login_required
@require_GET
def shift_detail(request, pk):
    shift = get_scoped_or_404(Shift.objects.select_related("team__org", "place", "activity"), request.user, VIEW, pk=pk)
    signups = list(selectors.shift_signups(shift))
    context = {
        "shift": shift,
        "signups": signups,
        "taken": sum(1 for s in signups if s.is_active),
        "started": shift.starts_at <= timezone.now(),
        "may_manage": can(request.user, MANAGE, shift.team.org),
    }
    return render(request, "volunteers/staff/shift.html", context)


@login_required
@require_POST
def signup_attended(request, pk):
    signup = get_scoped_or_404(SignUp.objects.select_related("shift__team__org", "member"), request.user, VIEW, pk=pk)
    try:
        record = services.mark_attended(signup, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认%(m)s到岗，记入 %(h)s 小时") % {"m": signup.member.name, "h": record.hours})
    return redirect("volunteers:shift", signup.shift_id)


@login_required
@require_GET
def record_list(request):
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "status")}
    status = f["status"] if f["status"] in RecordStatus else ""
    page = paginate(request, selectors.search_records(request.user, q=f["q"], status=status))
    return render(request, "volunteers/staff/records.html", {"page": page, "f": f, "statuses": RecordStatus.choices})


def _record(request, pk) -> ServiceRecord:
    qs = ServiceRecord.objects.select_related("member", "team__org", "team__leader")
    return get_scoped_or_404(qs, request.user, VIEW, pk=pk)


@login_required
@require_POST
def record_confirm(request, pk):
    record = _record(request, pk)
    try:
        services.confirm_record(record, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认%(m)s的 %(h)s 小时") % {"m": record.member.name, "h": record.hours})
    return _back(request, ("volunteers:team", record.team_id))


@login_required
@require_POST
def record_reject(request, pk):
    record = _record(request, pk)
    form = RejectForm(request.POST)
    try:
        services.reject_record(record, actor=request.user, reason=form.data.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已退回%(m)s的服务记录") % {"m": record.member.name})
    return _back(request, ("volunteers:team", record.team_id))


@login_required
@require_GET
def hours(request):
    """Confirmed hours per team and per person of the scope over a period (default: this year); ``?export=xlsx``."""
    _gate(request)
    today = timezone.localdate()
    start = parse_filter_date(request.GET.get("start")) or today.replace(month=1, day=1)
    end = parse_filter_date(request.GET.get("end")) or today
    records = ServiceRecord.objects.restrict(request.user, VIEW)
    teams = selectors.hours_per_team(records, start, end)
    people = selectors.hours_per_person(records, start, end)
    if request.GET.get("export") == "xlsx":
        return _export(teams, people, start, end)
    context = {"teams": teams, "people": paginate(request, people), "start": start, "end": end}
    context["total"] = sum((t["hours"] for t in teams), start=selectors.ZERO)
    return render(request, "volunteers/staff/hours.html", context)


def _export(teams, people, start, end) -> HttpResponse:
    from openpyxl import Workbook

    from core.xlsx import safe_row

    book = Workbook()
    sheet = book.active
    sheet.title = "服务队"
    sheet.append(["服务队", "所属工会", "志愿者（人）", "服务记录（条）", "时长（小时）"])
    for t in teams:
        sheet.append(safe_row(sheet, [t["name"], t["org"], t["volunteers"], t["records"], float(t["hours"])]))
    sheet = book.create_sheet("志愿者")
    sheet.append(["排名", "姓名", "服务记录（条）", "时长（小时）"])
    for n, p in enumerate(people, start=1):
        sheet.append(safe_row(sheet, [n, p["name"], p["records"], float(p["hours"])]))
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="volunteer-hours-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response
