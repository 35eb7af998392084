"""The merchant portal (/partner/benefits/): a merchant's staff log in with the partner login of the merchant
(``activities`` partner accounts: ``p<手机号>``), scan the member's e-card QR (or paste its link, or type a
voucher's code), see what the member may use here and redeem it: a discount within its quota and the member's
limit, a voucher once. Anyone who is not a merchant's account gets 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.paging import paginate

from .. import selectors, services
from ..forms import ScanForm
from ..models import Offer, Redemption, Voucher


def merchant_required(view):
    """Pages for a merchant's accounts: anyone not logged in goes to the login, anyone else gets 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        merchants = services.merchants_of(request.user)
        if not merchants:
            return render(request, "benefits/partner/not_merchant.html", status=404)
        request.merchants = merchants
        return view(request, *args, **kwargs)

    return wrapped


def _merchant(request):
    """The merchant the counter works for (the first, when one account serves several)."""
    wanted = request.POST.get("merchant") or request.GET.get("merchant")
    for m in request.merchants:
        if str(m.pk) == wanted:
            return m
    return request.merchants[0]


def _voucher_by_code(merchant, code: str):
    code = code.strip().upper().replace(" ", "")
    if not code or len(code) > 16:
        return None
    return Voucher.objects.select_related("offer", "member").filter(code=code, offer__merchant=merchant).first()


@merchant_required
@require_GET
def counter(request):
    """Scan or type: a member's e-card shows what the member may use here; a voucher code shows that voucher."""
    merchant = _merchant(request)
    form = ScanForm(request.GET or None)
    context = {"form": form, "merchant": merchant, "merchants": request.merchants}
    if request.GET.get("code") and form.is_valid():
        code = form.cleaned_data["code"].strip()
        voucher = _voucher_by_code(merchant, code)
        if voucher is not None:
            context.update(voucher=voucher, member=voucher.member)
        else:
            try:
                member = services.member_from_card(code)
            except DomainError as exc:
                form.add_error("code", str(exc.message))
            else:
                context.update(member=member, card=code, **selectors.counter_view(merchant, member))
    return render(request, "benefits/partner/counter.html", context)


def _back(merchant, card: str = ""):
    url = reverse("benefits:portal") + f"?merchant={merchant.pk}"
    return redirect(url + (f"&code={card}" if card else ""))


@merchant_required
@require_POST
def redeem_offer(request, pk):
    """Use a discount offer for the member whose card was scanned (the card is checked again)."""
    offer = get_object_or_404(Offer.objects.select_related("merchant"), pk=pk, merchant__in=request.merchants)
    card = request.POST.get("card", "")[:1000]
    try:
        member = services.member_from_card(card)
        services.redeem_offer(offer, member=member, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("核销成功：%(t)s（%(n)s）") % {"t": offer.title, "n": member.name})
    return _back(offer.merchant, card)


@merchant_required
@require_POST
def redeem_voucher(request, pk):
    voucher = get_object_or_404(
        Voucher.objects.select_related("offer__merchant", "member"), pk=pk, offer__merchant__in=request.merchants
    )
    try:
        services.redeem_voucher(voucher, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("核销成功：%(t)s 券码 %(c)s") % {"t": voucher.offer.title, "c": voucher.code})
    return _back(voucher.offer.merchant, request.POST.get("card", "")[:1000])


@merchant_required
@require_GET
def history(request):
    """The redemptions at the merchant's counter, newest first."""
    merchant = _merchant(request)
    qs = (
        Redemption.objects.filter(offer__merchant=merchant)
        .select_related("offer", "member", "voucher", "redeemed_by")
        .order_by("-redeemed_at", "-pk")
    )
    return render(request, "benefits/partner/history.html", {"page": paginate(request, qs), "merchant": merchant})
