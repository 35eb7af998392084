"""The console pages of the places app (/console/places/): the register of places with its stale list, a place's
page (resources, door QR, reviews, investment, visits and reports), bookings, the services catalogue and orders.
Objects are loaded through the user's scope (404 outside it); writes go through the services."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from appeals import photos
from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Enterprise, Org

from .. import errors, selectors
from ..forms import (
    DeclineForm,
    FieldVisitForm,
    InvestmentForm,
    OrderForm,
    PlaceForm,
    RateForm,
    ResourceForm,
    ReviewForm,
    ScheduleForm,
    ServiceItemForm,
    StaffBookForm,
)
from ..models import (
    Booking,
    FieldVisit,
    Place,
    PlaceKind,
    PlacePhoto,
    PlaceReport,
    PlaceStatus,
    Resource,
    ServiceDemand,
    ServiceItem,
    ServiceOrder,
)
from ..services import booking as booking_services
from ..services import demand, field_visits, register
from ..services import orders as order_services
from .common import day_grid, door_url, org_in_scope, qr_svg, span


def _gate(request, permission="places.view"):
    if not has_any(request.user, permission):
        raise PermissionDenied


def _place(request, pk) -> Place:
    return get_scoped_or_404(Place.objects.select_related("org"), request.user, "places.view", pk=pk)


def _resource(request, pk) -> Resource:
    return get_scoped_or_404(Resource.objects.select_related("place__org"), request.user, "places.view", pk=pk)


def _booking(request, pk) -> Booking:
    return get_scoped_or_404(
        Booking.objects.select_related("resource__place__org", "member", "for_org"), request.user, "places.view", pk=pk
    )


def _order(request, pk) -> ServiceOrder:
    return get_scoped_or_404(
        ServiceOrder.objects.select_related("item", "ordering_org", "town", "activity"),
        request.user,
        "places.view",
        pk=pk,
    )


# --- The register -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def place_list(request):
    """Places in scope: search by name or address, filter by kind, status and 待复核 (not reviewed for a year)."""
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "status", "stale")}
    places = selectors.stale_places(request.user) if f["stale"] else Place.objects.restrict(request.user, "places.view")
    places = places.select_related("org")
    if f["q"]:
        places = places.filter(
            Q(name__icontains=f["q"]) | Q(address__icontains=f["q"]) | Q(org__name__icontains=f["q"])
        )
    if f["kind"] in PlaceKind.values:
        places = places.filter(kind=f["kind"])
    if f["status"] in PlaceStatus.values:
        places = places.filter(status=f["status"])
    page = paginate(request, places.order_by("org__path", "name", "pk"))
    return render(
        request,
        "places/staff/list.html",
        {"page": page, "f": f, "kinds": PlaceKind.choices, "statuses": PlaceStatus.choices},
    )


def _place_fields(form) -> dict:
    d = form.cleaned_data
    return {
        k: d[k]
        for k in (
            "name",
            "kind",
            "status",
            "address",
            "coordinates",
            "opening_hours",
            "hours_exceptions",
            "amenities",
            "contact_name",
            "contact_phone",
            "level",
            "description",
        )
    }


@login_required
def place_create(request):
    _gate(request, "places.manage")
    form = PlaceForm(request.POST or None, initial={"opening_hours": "1-7 全天"})
    settle_org_field(form, "org", Org.objects.restrict(request.user, "places.manage"))
    if request.method == "POST" and form.is_valid():
        org = org_in_scope(request.user, "places.manage", form.cleaned_data["org"])
        if org is None:
            form.add_error("org", str(errors.ORG_NOT_IN_SCOPE(org=form.cleaned_data["org"]).message).split("：", 1)[1])
        else:
            try:
                place = register.create_place(actor=request.user, org=org, **_place_fields(form))
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, f"已登记“{place.name}”")
                return redirect("places:staff_detail", place.pk)
    return render(request, "places/staff/form.html", {"form": form, "title": "登记阵地"})


@login_required
def place_edit(request, pk):
    place = _place(request, pk)
    if not can(request.user, "places.manage", place.org):
        raise PermissionDenied
    initial = {
        "org": place.org.code,
        "name": place.name,
        "kind": place.kind,
        "status": place.status,
        "address": place.address,
        "coordinates": f"{place.latitude},{place.longitude}",
        "opening_hours": register.format_hours(place.opening_hours),
        "hours_exceptions": register.format_exceptions(place.hours_exceptions),
        "amenities": place.amenity_list,
        "contact_name": place.contact_name,
        "contact_phone": place.contact_phone,
        "level": place.level,
        "description": place.description,
    }
    form = PlaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        org = org_in_scope(request.user, "places.manage", form.cleaned_data["org"])
        if org is None:
            form.add_error("org", str(errors.ORG_NOT_IN_SCOPE(org=form.cleaned_data["org"]).message).split("：", 1)[1])
        else:
            try:
                register.update_place(place, actor=request.user, org=org, **_place_fields(form))
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "已保存")
                return redirect("places:staff_detail", place.pk)
    return render(request, "places/staff/form.html", {"form": form, "title": "修改阵地", "place": place})


@login_required
@require_GET
def place_detail(request, pk):
    place = _place(request, pk)
    month_ago = timezone.now() - timezone.timedelta(days=30)
    visits = place.visits.filter(visited_at__gte=month_ago).aggregate(n=Count("pk"), avg=Avg("rating"))
    return render(
        request,
        "places/staff/detail.html",
        {
            "place": place,
            "hours": register.describe_hours(place.opening_hours),
            "resources": place.resources.all(),
            "reviews": place.reviews.select_related("reviewed_by")[:5],
            "investments": place.investments.all(),
            "visits": visits,
            "rated": place.visits.exclude(rating=None).order_by("-visited_at")[:10],
            "reports": PlaceReport.objects.filter(place=place).select_related("appeal")[:10],
            "photos": place.photos.all(),
            "may_manage": can(request.user, "places.manage", place.org),
            "review_form": ReviewForm(initial={"stars": place.stars}),
            "investment_form": InvestmentForm(initial={"year": timezone.localdate().year}),
            "resource_form": ResourceForm(),
            "door_url": door_url(request, place),
            "utilisation": _utilisation(place),
        },
    )


def _utilisation(place) -> list[tuple[str, float | None]]:
    """This month's and last month's 利用率 (hours booked ÷ hours open) of the place's resources."""
    import calendar

    today = timezone.localdate()
    out = []
    for back in (0, 1):
        y, m = today.year, today.month - back
        if m == 0:
            y, m = y - 1, 12
        first = date(y, m, 1)
        last = date(y, m, calendar.monthrange(y, m)[1])
        out.append((f"{y}年{m}月", selectors.utilisation(place, first, last)))
    return out


@login_required
@require_GET
def place_qr(request, pk):
    """The door QR (SVG, for printing): scanning it opens the place's visit page."""
    place = _place(request, pk)
    svg = qr_svg(door_url(request, place), scale=10)
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@require_POST
def place_review(request, pk):
    place = _place(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            register.review_place(place, actor=request.user, **form.cleaned_data)
            messages.success(request, "已记录本年度星级复核")
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, "星级：请选择 0 到 5 星")
    return redirect("places:staff_detail", place.pk)


@login_required
@require_POST
def place_investment(request, pk):
    place = _place(request, pk)
    form = InvestmentForm(request.POST)
    if form.is_valid():
        try:
            register.record_investment(place, actor=request.user, **form.cleaned_data)
            messages.success(request, "已记录建设投入")
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, "年度、投入金额：请填写")
    return redirect("places:staff_detail", place.pk)


@login_required
@require_POST
def resource_create(request, pk):
    place = _place(request, pk)
    form = ResourceForm(request.POST)
    if form.is_valid():
        try:
            booking_services.create_resource(place, actor=request.user, **form.cleaned_data)
            messages.success(request, "已新增可预约资源")
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()))
    return redirect("places:staff_detail", place.pk)


@login_required
@require_POST
def place_photos_add(request, pk):
    """Upload photos of the place (shown on its phone page); the appeals' photo limits apply."""
    place = _place(request, pk)
    try:
        added = register.add_photos(
            place, actor=request.user, uploads=request.FILES.getlist("photos"), caption=request.POST.get("caption", "")
        )
        messages.success(request, f"已上传 {len(added)} 张照片")
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("places:staff_detail", place.pk)


def _photo(request, pk) -> PlacePhoto:
    return get_scoped_or_404(PlacePhoto.objects.select_related("place__org"), request.user, "places.view", pk=pk)


@login_required
@require_GET
def place_photo(request, pk):
    return photos.photo_response(_photo(request, pk))


@login_required
@require_POST
def place_photo_delete(request, pk):
    photo = _photo(request, pk)
    try:
        register.remove_photo(photo, actor=request.user)
        messages.success(request, "已删除照片")
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("places:staff_detail", photo.place_id)


# --- Bookings ---------------------------------------------------------------------------------------------------


@login_required
@require_POST
def resource_partners(request, pk):
    """Name the 联盟 unions (one organisation code a line) whose groups may book an alliance resource."""
    resource = _resource(request, pk)
    codes = [
        normalize_code(c) for c in request.POST.get("partners", "")[:2000].replace(",", "\n").splitlines() if c.strip()
    ]
    found = {o.code: o for o in Org.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    try:
        if missing:
            raise errors.PARTNER_UNKNOWN(code=missing[0])
        booking_services.set_partners(resource, actor=request.user, orgs=list(found.values()))
        messages.success(request, "已保存联盟单位")
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("places:staff_resource", resource.pk)


def _day(request):
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def resource_detail(request, pk):
    """A resource's day: its slots with what is free, the day's bookings, and booking for a union or enterprise."""
    resource = _resource(request, pk)
    day = _day(request)
    form = StaffBookForm(request.POST or None, initial={"day": day, "party_size": 1, "slots": 1})
    settle_org_field(form, "for_org", Org.objects.restrict(request.user, "places.book"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = org_in_scope(request.user, "places.book", d["for_org"])
        if org is None:
            form.add_error("for_org", "组织不存在或不在您的管理范围内")
        else:
            starts_at, ends_at = span(d["day"], d["start"], d["slots"], resource.slot_minutes)
            try:
                booking_services.book(
                    resource,
                    actor=request.user,
                    for_org=org,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    party_size=d["party_size"],
                    purpose=d["purpose"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "已预约")
                return redirect(f"{request.path}?day={d['day'].isoformat()}")
    grid = day_grid(resource, day, _taken(resource, day))
    return render(
        request,
        "places/staff/resource.html",
        {
            "resource": resource,
            "day": day,
            "grid": grid,
            "bookings": selectors.live_bookings(resource, day),
            "partners": resource.partners.order_by("path"),
            "shared": booking_services.shared_with(resource),
            "may_manage": can(request.user, "places.manage", resource.place.org),
            "form": form,
        },
    )


def _taken(resource, day):
    from ..models import BookingSlot

    rows = BookingSlot.objects.filter(resource=resource, slot__date=day).values_list("slot")
    taken: dict = {}
    for (slot,) in rows:
        taken[slot] = taken.get(slot, 0) + 1
    return taken


@login_required
@require_GET
def booking_list(request):
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "status")}
    bookings = Booking.objects.restrict(request.user, "places.view").select_related(
        "resource__place", "member", "for_org"
    )
    if f["status"] in Booking.Status.values:
        bookings = bookings.filter(status=f["status"])
    if f["q"]:
        bookings = bookings.filter(
            Q(resource__place__name__icontains=f["q"])
            | Q(member__name__icontains=f["q"])
            | Q(for_org__name__icontains=f["q"])
        )
    page = paginate(request, bookings.order_by("-starts_at", "-pk"))
    return render(request, "places/staff/bookings.html", {"page": page, "f": f, "statuses": Booking.Status.choices})


def _booking_action(request, pk, fn, done: str, **kwargs):
    booking = _booking(request, pk)
    try:
        fn(booking, actor=request.user, **kwargs)
        messages.success(request, done)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, str(exc.message))
    return redirect(request.POST.get("next") or "places:staff_bookings")


@login_required
@require_POST
def booking_cancel(request, pk):
    return _booking_action(request, pk, booking_services.cancel, "已取消预约，时段已释放")


@login_required
@require_POST
def booking_decide(request, pk):
    approve = request.POST.get("approve") == "1"
    return _booking_action(request, pk, booking_services.decide, "已通过" if approve else "已驳回", approve=approve)


@login_required
@require_POST
def booking_no_show(request, pk):
    return _booking_action(request, pk, booking_services.mark_no_show, "已登记未到场")


# --- Services on order ------------------------------------------------------------------------------------------


@login_required
@require_GET
def service_list(request):
    _gate(request)
    q = request.GET.get("q", "").strip()
    # The catalogue is public knowledge among staff: every union may order what its district or town offers.
    items = ServiceItem.objects.select_related("org")
    if q:
        items = items.filter(Q(name__icontains=q) | Q(provider__icontains=q))
    year = timezone.localdate().year
    page = paginate(request, items.order_by("category", "name", "pk"))
    return render(
        request,
        "places/staff/services.html",
        {"page": page, "q": q, "year": year, "may_serve": has_any(request.user, "places.serve")},
    )


@login_required
def service_create(request):
    _gate(request, "places.serve")
    form = ServiceItemForm(request.POST or None)
    settle_org_field(form, "org", Org.objects.restrict(request.user, "places.serve"))
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        org = org_in_scope(request.user, "places.serve", d.pop("org"))
        if org is None:
            form.add_error("org", "组织不存在或不在您的管理范围内")
        else:
            try:
                order_services.create_item(actor=request.user, org=org, **d)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "已新增服务项目")
                return redirect("places:staff_services")
    return render(request, "places/staff/form.html", {"form": form, "title": "新增点单服务"})


@login_required
def service_edit(request, pk):
    item = get_scoped_or_404(ServiceItem.objects.select_related("org"), request.user, "places.serve", pk=pk)
    fields = ("name", "category", "provider", "description", "needs", "yearly_quota", "lead_days", "active")
    form = ServiceItemForm(
        request.POST or None, initial={"org": item.org.code, **{k: getattr(item, k) for k in fields}}
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d.pop("org")
        try:
            order_services.update_item(item, actor=request.user, **d)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("places:staff_services")
    return render(request, "places/staff/form.html", {"form": form, "title": f"修改服务：{item.name}"})


@login_required
@require_GET
def order_list(request):
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "status")}
    orders = ServiceOrder.objects.restrict(request.user, "places.view").select_related("item", "ordering_org", "town")
    if f["status"] == "open":
        orders = orders.filter(status__in=[ServiceOrder.Status.REQUESTED, ServiceOrder.Status.ACCEPTED])
    elif f["status"] in ServiceOrder.Status.values:
        orders = orders.filter(status=f["status"])
    if f["q"]:
        orders = orders.filter(Q(item__name__icontains=f["q"]) | Q(ordering_org__name__icontains=f["q"]))
    page = paginate(request, orders.order_by("-requested_at", "-pk"))
    return render(
        request,
        "places/staff/orders.html",
        {
            "page": page,
            "f": f,
            "statuses": ServiceOrder.Status.choices,
            "may_order": has_any(request.user, "places.order"),
        },
    )


@login_required
def order_create(request):
    _gate(request, "places.order")
    items = list(ServiceItem.objects.filter(active=True).select_related("org").order_by("category", "name"))
    form = OrderForm(request.POST or None)
    settle_org_field(form, "ordering_org", Org.objects.restrict(request.user, "places.order"))
    form.fields["item"].choices = [(i.pk, f"{i.get_category_display()}·{i.name}（{i.provider}）") for i in items]
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        org = org_in_scope(request.user, "places.order", d.pop("ordering_org"))
        item = next((i for i in items if i.pk == d.pop("item")), None)
        if org is None:
            form.add_error("ordering_org", "组织不存在或不在您的管理范围内")
        else:
            try:
                order = order_services.place_order(item, actor=request.user, ordering_org=org, **d)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "已提交点单，等待镇街受理")
                return redirect("places:staff_order", order.pk)
    return render(request, "places/staff/form.html", {"form": form, "title": "服务点单"})


@login_required
@require_GET
def order_detail(request, pk):
    order = _order(request, pk)
    activity = order.activity
    return render(
        request,
        "places/staff/order.html",
        {
            "order": order,
            "may_serve": can(request.user, "places.serve", order.town),
            "may_order": can(request.user, "places.order", order.ordering_org),
            "participations": activity.participations.count() if activity else 0,
            "registrations": activity.registrations.count() if activity else 0,
            "decline_form": DeclineForm(),
            "schedule_form": ScheduleForm(initial={"day": order.wished_date}),
            "rate_form": RateForm(),
        },
    )


def _order_step(request, pk, fn, done: str, **kwargs):
    order = _order(request, pk)
    try:
        fn(order, actor=request.user, **kwargs)
        messages.success(request, done)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, str(exc.message))
    return redirect("places:staff_order", order.pk)


@login_required
@require_POST
def order_accept(request, pk):
    return _order_step(request, pk, order_services.accept, "已受理")


@login_required
@require_POST
def order_decline(request, pk):
    return _order_step(request, pk, order_services.decline, "已答复不受理", reason=request.POST.get("reason", ""))


@login_required
@require_POST
def order_schedule(request, pk):
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        _order(request, pk)
        messages.error(request, "送达时间：请填写日期、开始和结束时间")
        return redirect("places:staff_order", pk)
    d = form.cleaned_data
    starts_at, _ = span(d["day"], d["start"], 0, 1)
    ends_at, _ = span(d["day"], d["end"], 0, 1)
    return _order_step(
        request,
        pk,
        order_services.schedule,
        "已排期，已生成活动",
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=d["capacity"],
    )


@login_required
@require_POST
def order_deliver(request, pk):
    return _order_step(request, pk, order_services.deliver, "已确认送达")


@login_required
@require_POST
def order_rate(request, pk):
    return _order_step(
        request,
        pk,
        order_services.rate,
        "已评价",
        rating=request.POST.get("rating"),
        comment=request.POST.get("comment", ""),
    )


@login_required
@require_POST
def order_withdraw(request, pk):
    return _order_step(request, pk, order_services.withdraw, "已撤回点单")


# --- Visits (走访) ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def field_visit_list(request):
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "follow")}
    found = FieldVisit.objects.restrict(request.user, "places.view").select_related("enterprise", "place", "org")
    if f["follow"] in FieldVisit.FollowUp.values:
        found = found.filter(follow_up=f["follow"])
    if f["q"]:
        found = found.filter(
            Q(enterprise__name__icontains=f["q"])
            | Q(place__name__icontains=f["q"])
            | Q(visitors__icontains=f["q"])
            | Q(findings__icontains=f["q"])
            | Q(demands__icontains=f["q"])
        )
    page = paginate(request, found.order_by("-visited_on", "-pk"))
    return render(
        request, "places/staff/field_visits.html", {"page": page, "f": f, "follow_ups": FieldVisit.FollowUp.choices}
    )


@login_required
def field_visit_create(request):
    _gate(request, "places.manage")
    form = FieldVisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    settle_org_field(form, "org", Org.objects.restrict(request.user, "places.manage"))
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        org = org_in_scope(request.user, "places.manage", d.pop("org"))
        enterprise_name, place_name = d.pop("enterprise").strip(), d.pop("place").strip()
        enterprise = (
            Enterprise.objects.restrict(request.user, "enterprises.view").filter(name=enterprise_name).first()
            if enterprise_name
            else None
        )
        place = (
            Place.objects.restrict(request.user, "places.view").filter(name=place_name).first() if place_name else None
        )
        if org is None:
            form.add_error("org", "组织不存在或不在您的管理范围内")
        elif enterprise_name and enterprise is None:
            form.add_error("enterprise", "企业不存在或不在您的管理范围内")
        elif place_name and place is None:
            form.add_error("place", "阵地不存在或不在您的管理范围内")
        else:
            try:
                visit = field_visits.log_visit(actor=request.user, org=org, enterprise=enterprise, place=place, **d)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "已登记走访")
                return redirect("places:staff_field_visit", visit.pk)
    return render(request, "places/staff/form.html", {"form": form, "title": "登记走访"})


@login_required
@require_GET
def field_visit_detail(request, pk):
    visit = get_scoped_or_404(
        FieldVisit.objects.select_related("org", "enterprise", "place"), request.user, "places.view", pk=pk
    )
    return render(
        request,
        "places/staff/field_visit.html",
        {"visit": visit, "may_manage": can(request.user, "places.manage", visit.org)},
    )


@login_required
@require_POST
def field_visit_close(request, pk):
    visit = get_scoped_or_404(FieldVisit.objects.select_related("org"), request.user, "places.view", pk=pk)
    try:
        field_visits.close_problem(visit, actor=request.user, note=request.POST.get("note", ""))
        messages.success(request, "问题已办结")
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, str(exc.message))
    return redirect("places:staff_field_visit", visit.pk)


# --- 需求清单 ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def demand_list(request):
    """需求清单: kinds of service wanted this year (from visits and the enterprises' phone surveys) next to the
    catalogue and the orders; and an enterprise's survey link to hand out."""
    _gate(request)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    name = request.GET.get("enterprise", "").strip()[:200]
    enterprises = []
    if name:
        enterprises = list(
            Enterprise.objects.restrict(request.user, "enterprises.view")
            .filter(Q(name__icontains=name) | Q(uscc=name.upper()))
            .order_by("name")[:10]
        )
    return render(
        request,
        "places/staff/demand.html",
        {
            "year": year,
            "rows": selectors.demand_counts(request.user, year),
            "enterprise_q": name,
            "enterprises": enterprises,
            "recent": ServiceDemand.objects.restrict(request.user, "places.view").select_related("enterprise")[:20],
        },
    )


@login_required
@require_GET
def demand_survey_link(request, enterprise_id):
    """The enterprise's survey link and its QR code, for its union to pass to the workers."""
    _gate(request)
    enterprise = get_scoped_or_404(Enterprise.objects.all(), request.user, "enterprises.view", pk=enterprise_id)
    url = request.build_absolute_uri(reverse("places:survey", args=[demand.survey_token(enterprise)]))
    return render(
        request,
        "places/staff/survey_link.html",
        {"enterprise": enterprise, "url": url, "qr": qr_svg(url, scale=6)},
    )
