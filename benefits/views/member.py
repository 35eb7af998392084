"""The phone pages (/m/benefits/): the offers open to the member with their vouchers (claim one; show the e-card
at the counter), the draws to enter and their results with the published seed, and the prizes won."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from members.views.member import member_required

from .. import selectors, services
from ..models import Draw, Entry


@member_required
@require_GET
def offers(request):
    """Offers open to the member today, and the member's vouchers."""
    member = request.member
    vouchers = list(selectors.vouchers_of(member)[:50])
    today = timezone.localdate()
    for v in vouchers:
        v.usable = v.used_at is None and v.offer.is_valid_on(today)
    return render(
        request,
        "benefits/member/offers.html",
        {"offers": list(selectors.offers_for_member(member)[:100]), "vouchers": vouchers},
    )


@member_required
@require_POST
def claim(request, pk):
    offer = get_object_or_404(selectors.offers_for_member(request.member), pk=pk)
    try:
        voucher = services.claim_voucher(offer, member=request.member, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("已领取“%(t)s”，券码 %(c)s，到店出示电子会员证即可使用") % {"t": offer.title, "c": voucher.code}
        )
    return redirect("benefits:member_offers")


@member_required
@require_GET
def draws(request):
    found = list(selectors.draws_for_member(request.member)[:50])
    mine = dict(
        Entry.objects.filter(member=request.member, draw__in=[d.pk for d in found]).values_list("draw_id", "prize_id")
    )
    for d in found:
        d.entered = d.pk in mine
        d.won = mine.get(d.pk) is not None
    return render(request, "benefits/member/draws.html", {"draws": found})


def _visible_draw(member, pk) -> Draw:
    return get_object_or_404(
        Draw.objects.filter(org__path__in=services.org_paths_above(member.union)).select_related("org"), pk=pk
    )


@member_required
@require_GET
def draw_detail(request, pk):
    """A draw: the prize pool, entering, and once drawn the seed, the entry numbers and the member's result, so the
    member can re-check it."""
    draw = _visible_draw(request.member, pk)
    entry = Entry.objects.filter(draw=draw, member=request.member).select_related("prize").first()
    context = {
        "draw": draw,
        "prizes": list(draw.prizes.all()),
        "entry": entry,
        "open": draw.status == Draw.Status.OPEN and timezone.now() < draw.entries_close_at,
        "verified": services.recheck(draw) if draw.status == Draw.Status.DRAWN else None,
    }
    return render(request, "benefits/member/draw.html", context)


@member_required
@require_POST
def enter(request, pk):
    draw = _visible_draw(request.member, pk)
    try:
        entry = services.enter_draw(draw, member=request.member, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已参与，您的报名号是 %(n)s，开奖后会通知中奖会员") % {"n": entry.pk})
    return redirect("benefits:member_draw", draw.pk)


@member_required
@require_GET
def prizes(request):
    return render(request, "benefits/member/prizes.html", {"entries": list(selectors.prizes_of(request.member)[:50])})
