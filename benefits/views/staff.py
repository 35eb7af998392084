"""The member-offers console (/console/benefits/): merchants signed in the user's scope and their offers, the
redemptions at their counters, and draws with their prize pool, entries, seed, winners and prizes collected. Writes
go through ``benefits.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Org

from .. import selectors, services
from ..forms import DrawForm, MerchantForm, OfferForm
from ..models import Draw, Entry, Merchant, Offer

VIEW, MANAGE = "benefits.view", "benefits.manage"


def _viewer(request):
    if not has_any(request.user, VIEW):
        raise PermissionDenied


def _scoped_org(request, code: str):
    return Org.objects.restrict(request.user, MANAGE).filter(code=normalize_code(code)).first()


def _default_org(user) -> str:
    org = Org.objects.restrict(user, MANAGE).order_by("depth", "path").first()
    return org.code if org else ""


@login_required
@require_GET
def merchant_list(request):
    """Merchants signed in the user's scope, searchable by name."""
    _viewer(request)
    qs = selectors.merchant_list(request.user)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    context = {"page": paginate(request, qs), "q": q, "may_manage": has_any(request.user, MANAGE), "tab": "merchants"}
    return render(request, "benefits/staff/merchants.html", context)


@login_required
def merchant_create(request):
    if not has_any(request.user, MANAGE):
        raise PermissionDenied
    form = MerchantForm(request.POST or None, initial={"org": _default_org(request.user)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = _scoped_org(request, data["org"])
        if org is None:
            form.add_error("org", _("在您的管理范围内没有这个组织代码"))
        else:
            try:
                merchant = services.create_merchant(
                    actor=request.user,
                    org=org,
                    name=data["name"],
                    category=data["category"],
                    address=data["address"],
                    phone=data["phone"],
                    accounts=[{"phone": data["account_phone"], "display_name": data["account_name"]}],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已签约商户“%(n)s”，收银账号将收到设置密码的短信") % {"n": merchant.name})
                return redirect("benefits:merchant", merchant.pk)
    return render(request, "benefits/staff/form.html", {"form": form, "title": _("签约商户"), "tab": "merchants"})


@login_required
@require_GET
def merchant_detail(request, pk):
    merchant = get_scoped_or_404(Merchant.objects.select_related("org", "partner"), request.user, VIEW, pk=pk)
    context = {
        "merchant": merchant,
        "offers": list(merchant.offers.order_by("-starts_on", "-pk")),
        "accounts": list(merchant.partner.users.order_by("pk")),
        "used": sum(o.taken for o in merchant.offers.all()),
        "may_manage": can(request.user, MANAGE, merchant.org),
        "tab": "merchants",
    }
    return render(request, "benefits/staff/merchant.html", context)


@login_required
@require_POST
def merchant_toggle(request, pk):
    """Pause or resume the partnership."""
    merchant = get_scoped_or_404(Merchant.objects.select_related("org"), request.user, VIEW, pk=pk)
    try:
        services.update_merchant(merchant, actor=request.user, active=not merchant.active)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已恢复合作") if not merchant.active else _("已暂停合作"))
    return redirect("benefits:merchant", merchant.pk)


@login_required
def offer_create(request, pk):
    merchant = get_scoped_or_404(Merchant.objects.select_related("org"), request.user, VIEW, pk=pk)
    if not can(request.user, MANAGE, merchant.org):
        raise PermissionDenied
    form = OfferForm(request.POST or None, initial={"per_member": 1})
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.create_offer(merchant, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已发布“%(t)s”") % {"t": offer.title})
            return redirect("benefits:offer", offer.pk)
    context = {"form": form, "title": _("发布优惠：%(n)s") % {"n": merchant.name}, "tab": "offers"}
    return render(request, "benefits/staff/form.html", context)


@login_required
@require_GET
def offer_list(request):
    _viewer(request)
    qs = selectors.offer_list(request.user)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(merchant__name__icontains=q))
    kind = request.GET.get("kind", "")
    if kind in Offer.Kind.values:
        qs = qs.filter(kind=kind)
    context = {"page": paginate(request, qs), "q": q, "kind": kind, "kinds": Offer.Kind.choices, "tab": "offers"}
    return render(request, "benefits/staff/offers.html", context)


@login_required
@require_GET
def offer_detail(request, pk):
    offer = get_scoped_or_404(Offer.objects.select_related("merchant__org"), request.user, VIEW, pk=pk)
    context = {
        "offer": offer,
        "vouchers": offer.vouchers.count(),
        "redemptions": offer.redemptions.count(),
        "recent": list(offer.redemptions.select_related("member").order_by("-redeemed_at", "-pk")[:20]),
        "may_manage": can(request.user, MANAGE, offer.merchant.org),
        "tab": "offers",
    }
    return render(request, "benefits/staff/offer.html", context)


@login_required
@require_POST
def offer_withdraw(request, pk):
    offer = get_scoped_or_404(Offer.objects.select_related("merchant__org"), request.user, VIEW, pk=pk)
    services.withdraw_offer(offer, actor=request.user)
    messages.success(request, _("已下架“%(t)s”") % {"t": offer.title})
    return redirect("benefits:offer", offer.pk)


@login_required
@require_GET
def redemption_list(request):
    _viewer(request)
    qs = selectors.redemption_list(request.user)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(Q(offer__title__icontains=q) | Q(offer__merchant__name__icontains=q) | Q(member__name=q))
    return render(request, "benefits/staff/redemptions.html", {"page": paginate(request, qs), "q": q, "tab": "used"})


@login_required
@require_GET
def draw_list(request):
    _viewer(request)
    qs = selectors.draw_list(request.user)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(title__icontains=q)
    context = {"page": paginate(request, qs), "q": q, "may_manage": has_any(request.user, MANAGE), "tab": "draws"}
    return render(request, "benefits/staff/draws.html", context)


@login_required
def draw_create(request):
    if not has_any(request.user, MANAGE):
        raise PermissionDenied
    form = DrawForm(request.POST or None, initial={"org": _default_org(request.user)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = _scoped_org(request, data.pop("org"))
        if org is None:
            form.add_error("org", _("在您的管理范围内没有这个组织代码"))
        else:
            try:
                draw = services.create_draw(actor=request.user, org=org, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已创建“%(t)s”，会员可在手机上参与") % {"t": draw.title})
                return redirect("benefits:draw", draw.pk)
    return render(request, "benefits/staff/form.html", {"form": form, "title": _("新建抽奖"), "tab": "draws"})


@login_required
@require_GET
def draw_detail(request, pk):
    draw = get_scoped_or_404(Draw.objects.select_related("org"), request.user, VIEW, pk=pk)
    winners = (
        Entry.objects.filter(draw=draw, prize__isnull=False)
        .select_related("member__union", "prize")
        .order_by("prize__rank", "pk")
    )
    context = {
        "draw": draw,
        "prizes": list(draw.prizes.all()),
        "page": paginate(request, winners),
        "verified": services.recheck(draw) if draw.status == Draw.Status.DRAWN else None,
        "may_manage": can(request.user, MANAGE, draw.org),
        "tab": "draws",
    }
    return render(request, "benefits/staff/draw.html", context)


def _draw_step(request, pk, step, done: str):
    draw = get_scoped_or_404(Draw.objects.select_related("org"), request.user, VIEW, pk=pk)
    try:
        step(draw, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("benefits:draw", draw.pk)


@login_required
@require_POST
def draw_close(request, pk):
    return _draw_step(request, pk, services.close_draw, _("已截止报名并公布抽奖种子"))


@login_required
@require_POST
def draw_run(request, pk):
    return _draw_step(request, pk, services.run_draw, _("已开奖，中奖会员已收到通知"))


@login_required
@require_POST
def entry_collect(request, pk):
    entry = get_scoped_or_404(Entry.objects.select_related("draw__org", "member"), request.user, VIEW, pk=pk)
    try:
        services.collect_prize(entry, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已登记 %(n)s 领奖") % {"n": entry.member.name})
    return redirect("benefits:draw", entry.draw_id)
