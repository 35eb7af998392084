"""Pairings (结对共建) and alliances (工会联盟): members, shared places, joint activities, progress records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Org

from ... import errors, selectors
from ...forms import AllianceForm, PairingForm, PairingRecordForm
from ...models import (
    Alliance,
    AllianceMember,
    JointActivity,
    Pairing,
)
from ...services import ALLIANCES, VIEW
from ...services import alliances as alliance_services
from .shared import _any_orgs, _default_sender, _keeper, _refused


@login_required
@require_GET
def alliances(request):
    """Alliances the user sees, searchable by name or lead union, filtered by status."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    q, status = request.GET.get("q", "").strip()[:100], request.GET.get("status", "")
    context = {
        "page": paginate(request, selectors.alliances(request.user, q=q, status=status)),
        "q": q,
        "status": status,
        "statuses": Alliance.Status.choices,
        "may_manage": has_any(request.user, ALLIANCES),
    }
    return render(request, "unionlife/staff/alliances.html", context)


@login_required
def alliance_create(request):
    if not has_any(request.user, ALLIANCES):
        raise PermissionDenied
    places = selectors.alliance_places(request.user)
    form = AllianceForm(request.POST or None, places=places, initial={"owner": _default_sender(request.user)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        owner = _keeper(request, d["owner"], form)
        lead = _any_orgs(d["lead"], form, "lead")
        members = _any_orgs(d["members"], form, "members")
        if owner is not None and lead is not None and members is not None:
            try:
                alliance = alliance_services.create_alliance(
                    actor=request.user,
                    owner=owner,
                    name=d["name"],
                    kind=d["kind"],
                    lead=lead[0] if lead else None,
                    founded_on=d["founded_on"],
                    members=members,
                    places=list(d["places"]),
                    description=d["description"],
                )
            except DomainError as exc:
                if exc.status == 403:
                    raise PermissionDenied from exc
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记联盟：%(n)s") % {"n": alliance.name})
                return redirect("unionlife:alliance", alliance.pk)
    return render(request, "unionlife/staff/alliance_form.html", {"form": form, "title": _("登记工会联盟")})


def _alliance(request, pk) -> Alliance:
    return get_scoped_or_404(Alliance.objects.select_related("owner", "lead"), request.user, VIEW, pk=pk)


@login_required
@require_GET
def alliance_detail(request, pk):
    """An alliance: its members (past and present), shared places, joint activities; the keeper's forms."""
    alliance = _alliance(request, pk)
    may_manage = can(request.user, ALLIANCES, alliance.owner) and alliance.status == Alliance.Status.ACTIVE
    joint = JointActivity.objects.filter(alliance=alliance).select_related("activity", "activity__organiser")
    context = {
        "alliance": alliance,
        "members": list(
            AllianceMember.objects.filter(alliance=alliance)
            .select_related("union")
            .order_by("left_on", "joined_on", "pk")
        ),
        "places": list(alliance.places.select_related("org").order_by("name")),
        "joint": list(joint.order_by("-activity__starts_at")),
        "may_manage": may_manage,
        "place_choices": list(selectors.alliance_places(request.user)) if may_manage else [],
        "today": timezone.localdate(),
    }
    return render(request, "unionlife/staff/alliance.html", context)


@login_required
@require_POST
def alliance_member_add(request, pk):
    alliance = _alliance(request, pk)
    code = request.POST.get("union", "")[:32]
    union = Org.objects.filter(code=normalize_code(code)).first()
    joined_on = parse_date(request.POST.get("joined_on", "")[:10] or "") if request.POST.get("joined_on") else None
    try:
        if union is None:
            raise errors.NOT_A_UNION(name=code, field="union")
        alliance_services.add_member(alliance, actor=request.user, union=union, joined_on=joined_on)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("%(n)s 已加入联盟") % {"n": union.name})
    return redirect("unionlife:alliance", alliance.pk)


@login_required
@require_POST
def alliance_member_leave(request, pk):
    membership = get_object_or_404(AllianceMember.objects.select_related("union", "alliance"), pk=pk)
    _alliance(request, membership.alliance_id)  # 404 unless the user sees the alliance
    try:
        alliance_services.remove_member(membership, actor=request.user)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("%(n)s 已退出联盟") % {"n": membership.union.name})
    return redirect("unionlife:alliance", membership.alliance_id)


@login_required
@require_POST
def alliance_places(request, pk):
    alliance = _alliance(request, pk)
    ids = [int(x) for x in request.POST.getlist("places")[:200] if x.isdigit()]
    chosen = list(selectors.alliance_places(request.user).filter(pk__in=ids))
    kept = [p for p in alliance.places.all() if not can(request.user, VIEW, p.org)]  # places the user cannot list
    try:
        alliance_services.set_places(alliance, actor=request.user, places=kept + chosen)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已保存共享阵地"))
    return redirect("unionlife:alliance", alliance.pk)


@login_required
@require_POST
def alliance_activity(request, pk):
    alliance = _alliance(request, pk)
    raw = request.POST.get("activity", "").strip()[:12]
    from activities.models import Activity

    activity = (
        Activity.objects.restrict(request.user, "activities.view").filter(pk=int(raw)).first()
        if raw.isdigit()
        else None
    )
    try:
        if activity is None:
            raise errors.ORGANISER_NOT_MEMBER()
        alliance_services.add_joint_activity(alliance, actor=request.user, activity=activity)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已登记联办活动：%(n)s") % {"n": activity.title})
    return redirect("unionlife:alliance", alliance.pk)


@login_required
@require_POST
def alliance_dissolve(request, pk):
    alliance = _alliance(request, pk)
    try:
        alliance_services.dissolve_alliance(alliance, actor=request.user)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("联盟已解散"))
    return redirect("unionlife:alliance", alliance.pk)


@login_required
@require_GET
def pairings(request):
    """Pairings the user sees, searchable by name or party, filtered by status."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    q, status = request.GET.get("q", "").strip()[:100], request.GET.get("status", "")
    context = {
        "page": paginate(request, selectors.pairings(request.user, q=q, status=status)),
        "q": q,
        "status": status,
        "statuses": Pairing.Status.choices,
        "may_manage": has_any(request.user, ALLIANCES),
        "today": timezone.localdate(),
    }
    return render(request, "unionlife/staff/pairings.html", context)


@login_required
def pairing_create(request):
    if not has_any(request.user, ALLIANCES):
        raise PermissionDenied
    form = PairingForm(request.POST or None, initial={"owner": _default_sender(request.user)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        owner = _keeper(request, d["owner"], form)
        orgs = _any_orgs(d["orgs"], form, "orgs")
        if owner is not None and orgs is not None:
            try:
                pairing = alliance_services.create_pairing(
                    actor=request.user,
                    owner=owner,
                    title=d["title"],
                    goals=d["goals"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    parties=[{"org": o} for o in orgs] + d["outside"],
                )
            except DomainError as exc:
                if exc.status == 403:
                    raise PermissionDenied from exc
                add_domain_error(form, exc)
                for e in getattr(exc, "errors", [exc]):
                    if e.field == "parties":
                        form.add_error("orgs", e.message)
            else:
                messages.success(request, _("已登记结对共建：%(n)s") % {"n": pairing.title})
                return redirect("unionlife:pairing", pairing.pk)
    return render(request, "unionlife/staff/pairing_form.html", {"form": form, "title": _("登记结对共建")})


def _pairing(request, pk) -> Pairing:
    return get_scoped_or_404(Pairing.objects.select_related("owner"), request.user, VIEW, pk=pk)


def _pairing_page(request, pairing, form=None, status=200):
    context = {
        "pairing": pairing,
        "parties": list(pairing.parties.select_related("org")),
        "records": list(pairing.records.select_related("recorded_by")),
        "may_manage": can(request.user, ALLIANCES, pairing.owner) and pairing.status == Pairing.Status.ACTIVE,
        "may_record": pairing.status == Pairing.Status.ACTIVE and alliance_services.may_record(request.user, pairing),
        "form": form or PairingRecordForm(initial={"happened_on": timezone.localdate()}),
        "today": timezone.localdate(),
    }
    return render(request, "unionlife/staff/pairing.html", context, status=status)


@login_required
@require_GET
def pairing_detail(request, pk):
    return _pairing_page(request, _pairing(request, pk))


@login_required
@require_POST
def pairing_record(request, pk):
    pairing = _pairing(request, pk)
    form = PairingRecordForm(request.POST)
    if form.is_valid():
        try:
            alliance_services.add_pairing_record(pairing, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            if exc.status == 403:
                raise PermissionDenied from exc
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已记录进展"))
            return redirect("unionlife:pairing", pairing.pk)
    return _pairing_page(request, pairing, form, status=400)


@login_required
@require_POST
def pairing_close(request, pk):
    pairing = _pairing(request, pk)
    try:
        alliance_services.close_pairing(
            pairing,
            actor=request.user,
            status=request.POST.get("status", "")[:20],
            note=request.POST.get("note", "")[:300],
        )
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("结对共建已结束"))
    return redirect("unionlife:pairing", pairing.pk)
