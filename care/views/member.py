"""The member's care pages on the phone (/m/care/): what they have received, across programmes and years."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from members.views.member import member_required

from ..models import Booking, CheckProgramme, Claim, Enrolment, InsurancePlan, Slot
from ..services import checks, insurance
from ..services.payouts import received_by
from .common import visible_to_member


@member_required
@require_GET
def home(request):
    rows = list(received_by(request.member))
    total = sum((p.amount for p in rows if p.programme.benefit == "cash"), start=0)
    return render(request, "care/member/home.html", {"payouts": rows, "total": total})


# --- Insurance and health checks -----------------------------------------------------------------------------------
# The member's insurance and health-check pages on the phone: enrol, claim and follow the claim; book, cancel a
# slot. A member reaches only their own enrolments, claims and bookings, and plans and slots of their own union or
# above: anything else answers 404.


@member_required
@require_GET
def insurance_home(request):
    member = request.member
    enrolments = list(Enrolment.objects.filter(member=member).select_related("plan").prefetch_related("claims"))
    taken = {e.plan_id for e in enrolments}
    plans = [p for p in visible_to_member(InsurancePlan, member).filter(open_for_enrolment=True) if p.pk not in taken]
    return render(
        request,
        "care/member/insurance.html",
        {"enrolments": enrolments, "plans": plans, "categories": Claim.Category.choices},
    )


@member_required
@require_POST
def enrol(request, pk):
    plan = get_object_or_404(visible_to_member(InsurancePlan, request.member), pk=pk)
    try:
        insurance.enrol(plan, actor=request.user, member=request.member, self_service=True)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, f"已参加{plan.name}，请按工会通知缴纳保费 {plan.premium} 元")
    return redirect("care:member_insurance")


@member_required
@require_POST
def claim(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.select_related("member", "union"), pk=pk, member=request.member)
    try:
        made = insurance.submit_claim(
            enrolment,
            actor=request.user,
            hospital=request.POST.get("hospital", ""),
            category=request.POST.get("category", ""),
            bill_amount=request.POST.get("bill_amount", ""),
            bills=request.FILES.getlist("bills"),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("care:member_insurance")
    messages.success(request, "理赔申请已提交，请留意审核结果")
    return redirect("care:member_claim", made.pk)


@member_required
@require_GET
def claim_detail(request, pk):
    found = get_object_or_404(Claim.objects.select_related("enrolment__plan"), pk=pk, enrolment__member=request.member)
    return render(request, "care/member/claim.html", {"claim": found})


@member_required
@require_GET
def checks_home(request):
    member = request.member
    programmes = list(visible_to_member(CheckProgramme, member).order_by("-year", "pk"))
    slots = Slot.objects.filter(programme__in=programmes, starts_at__gte=timezone.now()).order_by("starts_at")
    bookings = list(Booking.objects.filter(member=member).select_related("slot", "programme"))
    booked = {b.programme_id for b in bookings if b.status != Booking.Status.CANCELLED}
    return render(
        request,
        "care/member/checks.html",
        {"programmes": programmes, "slots": list(slots), "bookings": bookings, "booked": booked},
    )


@member_required
@require_POST
def book(request, pk):
    programmes = visible_to_member(CheckProgramme, request.member)
    slot = get_object_or_404(Slot.objects.filter(programme__in=programmes), pk=pk)
    try:
        checks.book(slot, actor=request.user, member=request.member)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, f"已预约：{slot.place} {timezone.localtime(slot.starts_at):%m月%d日 %H:%M}")
    return redirect("care:member_checks")


@member_required
@require_POST
def cancel(request, pk):
    booking = get_object_or_404(Booking.objects.select_related("member"), pk=pk, member=request.member)
    try:
        checks.cancel(booking, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, "已取消预约")
    return redirect("care:member_checks")
