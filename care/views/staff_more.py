"""Console pages for mutual insurance (plans, the claims to review with each computation) and health checks /
疗休养 (slots with their bookings, check-in). Claims and bookings are found only inside the user's scope (404
otherwise); writes go through ``care.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.paging import paginate
from core.scoping import get_scoped_or_404, has_any

from ..models import Booking, CheckProgramme, Claim, InsurancePlan, Slot
from ..services import checks, insurance
from .common import _up_and_down


@login_required
@require_GET
def insurance_page(request):
    if not has_any(request.user, "care.view"):
        raise PermissionDenied
    plans = InsurancePlan.objects.select_related("org").filter(_up_and_down(request.user, "care.view", "org__path"))
    claims = Claim.objects.restrict(request.user, "care.view").select_related(
        "enrolment__member", "enrolment__union", "enrolment__plan"
    )
    q = request.GET.get("q", "").strip()
    if q:
        claims = claims.filter(Q(enrolment__member__name__icontains=q) | Q(hospital__icontains=q))
    status = request.GET.get("status", "")
    if status in Claim.Status.values:
        claims = claims.filter(status=status)
    return render(
        request,
        "care/staff/insurance.html",
        {
            "plans": plans,
            "page": paginate(request, claims),
            "q": q,
            "status": status,
            "statuses": Claim.Status.choices,
            "may_review": has_any(request.user, "care.claims"),
        },
    )


@login_required
@require_POST
def claim_review(request, pk):
    claim = get_scoped_or_404(Claim.objects.select_related("enrolment"), request.user, "care.view", pk=pk)
    try:
        done = insurance.review_claim(claim, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        if done.status == Claim.Status.REFUSED:
            messages.warning(request, f"不予赔付：{done.refused_reason}")
        else:
            messages.success(request, f"已核准赔付 {done.payable} 元")
    return redirect("care:insurance")


@login_required
@require_POST
def claim_pay(request, pk):
    claim = get_scoped_or_404(Claim.objects.select_related("enrolment"), request.user, "care.view", pk=pk)
    try:
        insurance.pay_claim(claim, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, "已登记赔付")
    return redirect("care:insurance")


@login_required
@require_GET
def checks_list(request):
    if not has_any(request.user, "care.view"):
        raise PermissionDenied
    programmes = list(
        CheckProgramme.objects.select_related("org").filter(_up_and_down(request.user, "care.view", "org__path"))
    )
    slots = Slot.objects.filter(programme__in=programmes).select_related("programme").order_by("starts_at")
    bookings = Booking.objects.restrict(request.user, "care.view").select_related("member", "slot", "programme")
    q = request.GET.get("q", "").strip()
    if q:
        bookings = bookings.filter(member__name__icontains=q)
    return render(
        request,
        "care/staff/checks.html",
        {"programmes": programmes, "slots": slots, "page": paginate(request, bookings), "q": q},
    )


@login_required
@require_POST
def booking_checkin(request, pk):
    booking = get_scoped_or_404(Booking.objects.select_related("member"), request.user, "care.view", pk=pk)
    try:
        checks.check_in(booking, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, f"{booking.member.name} 已到检")
    return redirect("care:checks")
