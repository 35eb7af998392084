"""Staff console pages of activities: the list, creating and editing, an activity's page with its registrants and
figures, the lifecycle (publish, close, finish, cancel) and reviewing registrations. Every query starts from
``restrict``: out of scope answers 404, in scope without the permission 403. The draw and the export are in
``results``, check-in pages in ``checkin``; series, partners and proposals in ``series``."""

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from activities import selectors, services
from activities.forms import ActivityForm, CancelForm
from activities.models import Activity, Category, Participation, Registration, Series
from core import pii
from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import EVERYTHING, can, scope_paths
from orgs.models import Org

FILTERS = ("q", "status", "category", "mode", "series", "under", "from", "to")
TABS = {
    "confirmed": (_("已确认"), Registration.Status.CONFIRMED),
    "waitlist": (_("候补"), Registration.Status.WAITLISTED),
    "applied": (_("待抽签"), Registration.Status.APPLIED),
    "pending": (_("待审核"), Registration.Status.PENDING),
    "others": (_("未中签/未通过/已取消"), None),
    "checked": (_("签到记录"), None),
}


def visible_activities(request, permission: str = "activities.view"):
    """Activities in the user's scope for ``permission``."""
    return Activity.objects.restrict(request.user, permission)


def get_activity(request, pk) -> Activity:
    """The activity if it is in the user's scope, else 404."""
    return get_object_or_404(visible_activities(request).select_related("organiser", "series", "audience_org"), pk=pk)


def require(request, permission: str, org) -> None:
    """403 unless the user holds ``permission`` over ``org``."""
    if not can(request.user, permission, org):
        raise PermissionDenied


def get_only(request) -> HttpResponseNotAllowed | None:
    """For read-only object pages: answer 405 to other methods, but only after the object's scope check, so an
    out-of-scope URL answers 404 whatever the method."""
    return None if request.method in ("GET", "HEAD") else HttpResponseNotAllowed(["GET"])


def has_any(user, permission: str) -> bool:
    """Whether the user holds ``permission`` anywhere (gates the list pages)."""
    paths = scope_paths(user, permission)
    return paths is EVERYTHING or bool(paths)


def scope_series(request, permission: str = "activities.view"):
    """Series in the user's scope, for choosing one."""
    return Series.objects.restrict(request.user, permission).select_related("owner")


def _parse_day(value: str):
    """An ISO date from a filter, or None when empty, malformed or outside 1900–2100."""
    from core.dates import parse_filter_date

    return parse_filter_date(value)


@login_required
@require_GET
def activity_list(request):
    """Activities in the user's scope, filtered and paginated, with seats and participations per row."""
    if not has_any(request.user, "activities.view"):
        raise PermissionDenied
    f = {k: request.GET.get(k, "").strip() for k in FILTERS}
    qs = visible_activities(request).select_related("organiser", "series")
    within = None
    if f["under"].isdigit():
        within = get_object_or_404(Org.objects.restrict(request.user, "activities.view"), pk=f["under"])
        qs = qs.filter(organiser__path__startswith=within.path)
    if f["q"]:
        qs = qs.filter(Q(title__icontains=f["q"]) | Q(address__icontains=f["q"]))
    if f["status"] in Activity.Status.values:
        qs = qs.filter(status=f["status"])
    if f["category"] in Category.values:
        qs = qs.filter(category=f["category"])
    if f["mode"] in Activity.Mode.values:
        qs = qs.filter(mode=f["mode"])
    if f["series"].isdigit():
        qs = qs.filter(series_id=f["series"])
    start, end = _parse_day(f["from"]), _parse_day(f["to"])
    qs = selectors.in_period(qs, start, end)
    page = paginate(request, qs.order_by("-starts_at", "-id"))
    counts = selectors.participation_counts(a.pk for a in page)
    for a in page:
        a.participation_count = counts.get(a.pk, 0)
    return render(
        request,
        "activities/staff/list.html",
        {
            "page": page,
            "f": f,
            "within": within,
            "statuses": Activity.Status.choices,
            "categories": Category.choices,
            "modes": Activity.Mode.choices,
            "series_options": Series.objects.restrict(request.user, "activities.view").only("id", "name", "year")[:200],
            "may_add": has_any(request.user, "activities.manage"),
        },
    )


def _org_by_code(request, code: str, permission: str) -> Org | None:
    """The org with ``code`` if it is in the user's scope for ``permission``, else None."""
    code = (code or "").strip().upper()
    return Org.objects.restrict(request.user, permission).filter(code=code).first() if code else None


def _activity_fields(request, form) -> dict | None:
    """The service's keyword arguments from a valid form; None (with the error on the form) when an org code is
    unknown or outside the user's scope."""
    data = dict(form.cleaned_data)
    data.pop("image", None)
    data.pop("organiser", None)
    if data.get("subsidy_amount") is None:
        data["subsidy_amount"] = Decimal("0")
    code = data.pop("audience_org", "")
    data["audience_org"] = None
    if code:
        data["audience_org"] = _org_by_code(request, code, "activities.view")
        if data["audience_org"] is None:
            form.add_error("audience_org", _("组织代码“%(c)s”不存在或不在您的管理范围内") % {"c": code})
            return None
    return data


def _default_organiser(request) -> str:
    """The code of the user's top-most granted org: the organiser the form suggests."""
    grant = (
        request.user.grants.select_related("org").order_by("org__path").first()
        if request.user.is_authenticated
        else None
    )
    return grant.org.code if grant else ""


@login_required
def activity_create(request):
    """A new activity (saved as a draft, published from its page)."""
    if not has_any(request.user, "activities.manage"):
        raise PermissionDenied
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    initial = {
        "organiser": _default_organiser(request),
        "registration_opens_at": now,
        "registration_closes_at": now + timedelta(days=6),
        "starts_at": now + timedelta(days=7),
        "ends_at": now + timedelta(days=7, hours=2),
        "waitlist_enabled": True,
        "capacity": 30,
    }
    if request.GET.get("series", "").isdigit():
        initial["series"] = request.GET["series"]
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        series_queryset=scope_series(request, "activities.manage"),
        example_code=initial["organiser"] or "",
    )
    settle_org_field(form, "organiser", Org.objects.restrict(request.user, "activities.manage"))
    if request.method == "POST" and form.is_valid():
        organiser = _org_by_code(request, form.cleaned_data["organiser"], "activities.manage")
        data = _activity_fields(request, form)
        if organiser is None:
            form.add_error(
                "organiser",
                _("组织代码“%(c)s”不存在或您无权在该组织下发布活动") % {"c": form.cleaned_data["organiser"]},
            )
        elif data is not None:
            try:
                activity = services.create_activity(actor=request.user, organiser=organiser, **data)
                if form.cleaned_data.get("image"):
                    services.set_image(activity, form.cleaned_data["image"], actor=request.user)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已保存活动草稿“%(t)s”，确认无误后请发布") % {"t": activity.title})
                return redirect("activities:staff_detail", activity.pk)
    return render(request, "activities/staff/form.html", {"form": form, "title": _("新建活动")})


@login_required
def activity_edit(request, pk):
    """Edit an activity that has not finished."""
    activity = get_activity(request, pk)
    require(request, "activities.manage", activity.organiser)
    initial = {f: getattr(activity, f) for f in services.ACTIVITY_FIELDS}
    initial["audience_org"] = activity.audience_org.code if activity.audience_org else ""
    for key in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "cancel_deadline"):
        if initial[key]:
            initial[key] = timezone.localtime(initial[key])
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        series_queryset=scope_series(request, "activities.manage"),
        editing=True,
        example_code=activity.organiser.code,
    )
    if request.method == "POST" and form.is_valid():
        data = _activity_fields(request, form)
        if data is not None:
            try:
                services.update_activity(activity, actor=request.user, **data)
                if form.cleaned_data.get("image"):
                    services.set_image(activity, form.cleaned_data["image"], actor=request.user)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已保存“%(t)s”的修改") % {"t": activity.title})
                return redirect("activities:staff_detail", activity.pk)
    return render(request, "activities/staff/form.html", {"form": form, "activity": activity, "title": _("修改活动")})


@login_required
def activity_detail(request, pk):
    """An activity's page: details, figures, actions allowed now, and the registrants by tab."""
    activity = get_activity(request, pk)
    if refused := get_only(request):
        return refused
    tab = request.GET.get("tab", "confirmed")
    if tab not in TABS:
        tab = "confirmed"
    regs = Registration.objects.filter(activity=activity).select_related("member__union")
    counts = {key: regs.filter(status=status).count() for key, (_label, status) in TABS.items() if status}
    if tab == "checked":
        rows = Participation.objects.filter(activity=activity).select_related("member", "recorded_by")
        rows = rows.order_by("-checked_in_at", "-id")
    elif tab == "others":
        rows = regs.filter(
            status__in=[Registration.Status.NOT_DRAWN, Registration.Status.REJECTED, Registration.Status.CANCELLED]
        ).order_by("-updated_at", "-id")
    else:
        rows = regs.filter(status=TABS[tab][1]).order_by("queued_at", "id")
    page = paginate(request, rows)
    offset = (page.number - 1) * page.paginator.per_page
    for i, row in enumerate(page, start=1):
        row.position = offset + i
        if tab != "checked":
            row.phone_masked = pii.mask_phone(row.member.phone)
    user = request.user
    return render(
        request,
        "activities/staff/detail.html",
        {
            "activity": activity,
            "figures": selectors.activity_figures(activity),
            "tab": tab,
            "tabs": [(key, label, counts.get(key)) for key, (label, _s) in TABS.items()],
            "page": page,
            "may_manage": can(user, "activities.manage", activity.organiser),
            "may_checkin": can(user, "activities.checkin", activity.organiser),
        },
    )


def _transition_view(request, pk, *, action, title, note, done, danger=False):
    """A confirmation page (GET) and the lifecycle step itself (POST)."""
    activity = get_activity(request, pk)
    require(request, "activities.manage", activity.organiser)
    form = CancelForm(request.POST or None) if action is services.cancel_activity else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if form is None:
                action(activity, actor=request.user)
            else:
                action(activity, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            if form is not None:
                add_domain_error(form, exc)
            else:
                messages.error(request, exc.message)
                return redirect("activities:staff_detail", activity.pk)
        else:
            messages.success(request, done % {"t": activity.title})
            return redirect("activities:staff_detail", activity.pk)
    return render(
        request,
        "activities/staff/confirm.html",
        {"activity": activity, "title": title, "note": note, "form": form, "danger": danger},
    )


@login_required
def publish(request, pk):
    """Publish a draft: members can see it and register once its window opens."""
    activity = get_activity(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    require(request, "activities.manage", activity.organiser)
    try:
        services.publish(activity, actor=request.user)
    except DomainError as exc:
        for error in getattr(exc, "errors", [exc]):
            messages.error(request, error.message)
    else:
        messages.success(request, _("已发布“%(t)s”") % {"t": activity.title})
    return redirect("activities:staff_detail", activity.pk)


@login_required
def close(request, pk):
    """Stop registration after a confirmation (publishes the seed of a 抽签 activity)."""
    return _transition_view(
        request,
        pk,
        action=services.close_registration,
        title=_("截止报名"),
        note=_("截止后会员不能再报名。抽签活动将在此时公布抽签种子，之后才能抽签。"),
        done=_("“%(t)s”已截止报名"),
    )


@login_required
def finish(request, pk):
    """Mark the activity over after a confirmation; members can then rate it."""
    return _transition_view(
        request,
        pk,
        action=services.finish,
        title=_("结束活动"),
        note=_("结束后不能再修改活动，参与者可以评价。"),
        done=_("“%(t)s”已结束"),
    )


@login_required
def cancel(request, pk):
    """Call the activity off with a reason, after a confirmation; registrants are told."""
    return _transition_view(
        request,
        pk,
        action=services.cancel_activity,
        title=_("取消活动"),
        note=_("取消后不能恢复，所有报名者会收到通知。"),
        done=_("已取消“%(t)s”，已通知报名者"),
        danger=True,
    )


@login_required
def review_registration(request, pk, reg_pk):
    """审核 mode: confirm or decline a pending registration."""
    activity = get_activity(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    require(request, "activities.manage", activity.organiser)
    reg = get_object_or_404(Registration.objects.select_related("member"), pk=reg_pk, activity=activity)
    approve = request.POST.get("decision") == "approve"
    try:
        services.review_registration(reg, actor=request.user, approve=approve)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        verdict = _("已确认") if approve else _("未通过")
        messages.success(request, _("%(n)s 的报名：%(v)s") % {"n": reg.member.name, "v": verdict})
    return redirect(reverse("activities:staff_detail", args=[activity.pk]) + "?tab=pending")
