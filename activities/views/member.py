"""The member site's activity pages (phone first): the list with filters and 'near me', a month calendar, an
activity's page with one-tap registration, my tickets with their QR codes, cancelling, rating, and the self
check-in that the venue's rotating QR code opens. A member reaches only their own registrations: anyone else's
answers 404."""

from datetime import date, timedelta

import segno
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.dates import is_real, parse_filter_date
from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from members.views.member import member_required

from .. import checkin, selectors, services
from ..forms import FeedbackForm
from ..lottery import draw_key
from ..models import Activity, Category, Feedback, Participation, Registration

ACTIVE_STATUSES = (
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
    Registration.Status.APPLIED,
    Registration.Status.PENDING,
)


def ticket_qr_svg(code: str) -> str:
    """The ticket's QR code (its short code, which the staff scanner reads), as inline SVG."""
    return segno.make(code, error="m").svg_inline(scale=6, dark="#222", border=2, omitsize=True)


def _float(value: str) -> float | None:
    """A coordinate from the query string, or None when missing or malformed."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -180 <= number <= 180 else None


def _visible(pk) -> Activity:
    """An activity a member may look at (never a draft)."""
    return get_object_or_404(
        Activity.objects.select_related("series", "organiser", "audience_org").exclude(status=Activity.Status.DRAFT),
        pk=pk,
    )


def _own_registration(request, pk) -> Registration:
    """One of the logged-in member's own registrations; anyone else's answers 404."""
    return get_object_or_404(Registration.objects.select_related("activity"), pk=pk, member=request.member)


@never_cache
@member_required
@require_GET
def activity_list(request):
    """Upcoming activities for the member's union (or open to all), filtered by category and day; nearest first
    when the browser passes its position as ``lat``/``lng``."""
    f = {k: request.GET.get(k, "").strip() for k in ("category", "date", "lat", "lng", "past")}
    qs = selectors.for_member(request.member).select_related("series")
    now = timezone.now()
    qs = qs.filter(ends_at__lt=now) if f["past"] else qs.filter(ends_at__gte=now)
    if f["category"] in Category.values:
        qs = qs.filter(category=f["category"])
    day = None
    if f["date"]:
        day = parse_filter_date(f["date"])
        if day is None:
            messages.error(request, _("日期筛选：“%(v)s”不是有效日期，已忽略") % {"v": f["date"]})
        else:
            qs = selectors.in_period(qs, day, day)
    lat, lng = _float(f["lat"]), _float(f["lng"])
    near = lat is not None and lng is not None
    if near:
        qs = selectors.nearest_first(qs, lat, lng)
    else:
        qs = qs.order_by("-starts_at", "-id") if f["past"] else qs.order_by("starts_at", "id")
    page = paginate(request, qs)
    mine = dict(
        Registration.objects.filter(member=request.member, activity__in=[a.pk for a in page]).values_list(
            "activity_id", "status"
        )
    )
    labels = dict(Registration.Status.choices)
    for a in page:
        a.my_status = labels.get(mine.get(a.pk)) if mine.get(a.pk) != Registration.Status.CANCELLED else None
        a.distance_km = selectors.distance_km(getattr(a, "distance2", None)) if near else None
    return render(
        request,
        "activities/member/list.html",
        {"page": page, "f": f, "near": near, "categories": Category.choices},
    )


@never_cache
@member_required
@require_GET
def calendar(request):
    """A month at a glance: the member's activities by day."""
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
        if not is_real(first):  # 9999-12 would step past the last date Python knows
            raise ValueError(first)
    except ValueError:
        first = today.replace(day=1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    activities = list(
        selectors.in_period(selectors.for_member(request.member), first, last).order_by("starts_at", "id")[:300]
    )
    prev_month = (first - timedelta(days=1)).replace(day=1)
    next_month = last + timedelta(days=1)
    weeks = selectors.month_grid(first.year, first.month, activities)
    return render(
        request,
        "activities/member/calendar.html",
        {
            "first": first,
            "weeks": weeks,
            "days": [(d, items) for week in weeks for d, items in week if items and d.month == first.month],
            "today": today,
            "prev": prev_month.strftime("%Y-%m"),
            "next": next_month.strftime("%Y-%m"),
        },
    )


@never_cache
@member_required
@require_GET
def detail(request, pk):
    """An activity's page: what, when, where, for whom, seats left, how seats are given (and for 抽签 how anyone can
    re-run the draw), the member's own registration and the one-tap button."""
    activity = _visible(pk)
    member = request.member
    reg = Registration.objects.filter(activity=activity, member=member).first()
    if reg is not None and reg.status == Registration.Status.CANCELLED:
        reg = None
    now = timezone.now()
    problem = services.eligibility_problem(activity, member)
    open_now = (
        activity.status == Activity.Status.PUBLISHED
        and activity.registration_opens_at <= now <= activity.registration_closes_at
    )
    context = {
        "activity": activity,
        "reg": reg,
        "problem": problem,
        "open_now": open_now,
        "not_yet": activity.status == Activity.Status.PUBLISHED and now < activity.registration_opens_at,
        "position": selectors.waitlist_position(reg) if reg else None,
        "may_cancel": reg is not None
        and reg.status in ACTIVE_STATUSES
        and activity.status in (Activity.Status.PUBLISHED, Activity.Status.CLOSED),
        "may_rate": activity.status == Activity.Status.FINISHED
        and Participation.objects.filter(activity=activity, member=member).exists()
        and not Feedback.objects.filter(activity=activity, member=member).exists(),
    }
    if activity.mode == Activity.Mode.LOTTERY and activity.drawn_at:
        # The draw's applications, in draw order (the draw stamped queued_at in that order).
        drawn = Registration.objects.filter(activity=activity, queued_at__gte=activity.drawn_at).order_by(
            "queued_at", "id"
        )
        page = paginate(request, drawn.only("id", "status", "member_id", "queued_at"), per_page=50)
        for r in page:
            r.key = draw_key(activity.lottery_seed, r.pk)
        context["draw_page"] = page
    return render(request, "activities/member/detail.html", context)


@member_required
@require_POST
def register(request, pk):
    """One tap: the result is shown on the activity's page (confirmed, waitlisted with position, applied for the
    draw, or waiting for review)."""
    activity = _visible(pk)
    try:
        reg = services.register(activity, request.member)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("activities:member_detail", activity.pk)
    if reg.status == Registration.Status.CONFIRMED:
        messages.success(request, _("报名成功，已为您确认名额。活动当天请出示电子票签到。"))
    elif reg.status == Registration.Status.WAITLISTED:
        messages.warning(
            request,
            _("名额已满，您已进入候补（第 %(n)d 位）。有人取消时将按顺序自动递补并通知您。")
            % {"n": selectors.waitlist_position(reg)},
        )
    elif reg.status == Registration.Status.APPLIED:
        messages.info(request, _("已提交抽签申请。报名截止后公开抽签，结果会通知您。"))
    elif reg.status == Registration.Status.PENDING:
        messages.info(request, _("已提交报名，等待主办方审核，结果会通知您。"))
    return redirect("activities:member_detail", activity.pk)


@never_cache
@member_required
@require_GET
def my_tickets(request):
    """The member's registrations: upcoming confirmed ones as tickets (QR code and short code), the rest by status."""
    now = timezone.now()
    regs = list(
        Registration.objects.filter(member=request.member)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("activity")
        .order_by("-activity__starts_at", "-id")[:100]
    )
    tickets = [
        r
        for r in regs
        if r.status == Registration.Status.CONFIRMED
        and r.activity.ends_at >= now
        and r.activity.status != Activity.Status.CANCELLED
    ]
    for r in tickets:
        # segno's own SVG of our own ticket code: no user input reaches the markup.
        r.qr_svg = mark_safe(ticket_qr_svg(r.ticket_code))
    tickets.reverse()  # soonest first
    others = [r for r in regs if r not in tickets]
    rated = set(Feedback.objects.filter(member=request.member).values_list("activity_id", flat=True))
    took_part = set(Participation.objects.filter(member=request.member).values_list("activity_id", flat=True))
    for r in others:
        r.may_rate = (
            r.activity.status == Activity.Status.FINISHED and r.activity_id in took_part and r.activity_id not in rated
        )
    return render(request, "activities/member/tickets.html", {"tickets": tickets, "others": others})


@never_cache
@member_required
def cancel(request, pk):
    """Cancel one's own registration after confirming; a freed seat goes to the first on the waitlist."""
    reg = _own_registration(request, pk)
    if request.method == "POST":
        try:
            services.cancel_registration(reg, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已取消“%(t)s”的报名") % {"t": reg.activity.title})
        return redirect("activities:member_detail", reg.activity_id)
    return render(request, "activities/member/cancel.html", {"reg": reg, "activity": reg.activity})


@never_cache
@member_required
def rate(request, pk):
    """Rate a finished activity one took part in: 1 to 5 and a comment."""
    activity = _visible(pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkin.rate(activity, request.member, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("感谢您的评价！"))
            return redirect("activities:member_detail", activity.pk)
    return render(request, "activities/member/rate.html", {"activity": activity, "form": form})


@never_cache
@member_required
def self_check_in(request, pk):
    """Where the venue screen's rotating QR code leads: one tap to sign in with the code it carries."""
    activity = _visible(pk)
    token = request.POST.get("t") or request.GET.get("t", "")
    result = None
    if request.method == "POST":
        try:
            participation, created = checkin.self_check_in(activity, request.member, token)
        except DomainError as exc:
            result = {"ok": False, "message": exc.message}
        else:
            when = timezone.localtime(participation.checked_in_at).strftime("%H:%M")
            result = {
                "ok": True,
                "created": created,
                "message": _("签到成功") if created else _("您已于 %(t)s 签到过") % {"t": when},
            }
    return render(request, "activities/member/checkin.html", {"activity": activity, "token": token, "result": result})
