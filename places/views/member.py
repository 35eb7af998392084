"""The phone pages (/m/places/): the finder (no login: places nearest the worker, sorted on the server by true
distance, with a static schematic instead of map tiles), a place's page, the door-QR visit page (record the
visit, rate it, report a problem as a 随手拍), booking a resource and my bookings (members only)."""

import secrets
from datetime import date, timedelta
from itertools import islice

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from appeals import photos
from core.errors import DomainError
from core.forms import add_domain_error
from members.models import Member
from members.views.member import member_required

from .. import selectors
from ..forms import BookForm
from ..models import (
    Amenity,
    Booking,
    BookingSlot,
    Place,
    PlaceKind,
    PlacePhoto,
    PlaceStatus,
    Resource,
    ServiceCategory,
)
from ..services import booking as booking_services
from ..services import demand, register
from ..services import visits as visit_services
from .common import day_grid, span

DEVICE_COOKIE = "places_device"
PAGE_SIZE = 20  # places per page of the finder
MAX_PAGES = 10  # the finder is for what is near: 200 places at most


def _coord(value, bound: float):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -bound <= number <= bound else None


@require_GET
def finder(request):
    """Places nearest the worker: ``lat``/``lng`` from the phone's location (or typed), filters by kind, amenity,
    open now and words. Without a location, the places are listed by name."""
    lat, lng = _coord(request.GET.get("lat"), 90), _coord(request.GET.get("lng"), 180)
    kind = request.GET.get("kind", "") if request.GET.get("kind", "") in PlaceKind.values else ""
    amenities = [a for a in request.GET.getlist("amenity") if a in Amenity.values]
    q = request.GET.get("q", "").strip()[:50]
    open_now = request.GET.get("open") == "1"
    try:
        page = max(1, min(int(request.GET.get("page", "1")), MAX_PAGES))
    except ValueError:
        page = 1
    offset = (page - 1) * PAGE_SIZE
    found, schematic = [], None
    if lat is not None and lng is not None:
        # One place more than a page tells whether there is a next page.
        found = selectors.nearest(
            lat, lng, kind=kind, amenities=amenities, q=q, open_now=open_now, limit=PAGE_SIZE + 1, offset=offset
        )
        if page == 1 and settings.PLACES_TILE_URL:
            schematic = selectors.tile_map(lat, lng, found[:10], settings.PLACES_TILE_URL)
        elif page == 1:
            schematic = selectors.schematic(found[:10])
    else:
        places = selectors.finder_queryset(kind=kind, amenities=amenities, q=q).only(*selectors.LIST_FIELDS)
        places = places.order_by("name", "pk")
        if open_now:
            now = timezone.now()
            places = (p for p in places.iterator(chunk_size=200) if p.is_open_at(now))
        else:
            places = places[offset : offset + PAGE_SIZE + 1]
            offset = 0
        found = [selectors.Found(p, 0, 0) for p in islice(places, offset, offset + PAGE_SIZE + 1)]
    has_next = len(found) > PAGE_SIZE and page < MAX_PAGES
    found = found[:PAGE_SIZE]
    # Labels resolved once per request as plain text (not a lazy translation per row and per option).
    kind_labels = {v: str(label) for v, label in PlaceKind.choices}
    amenity_labels = {v: str(label) for v, label in Amenity.choices}
    place_url = reverse("places:place", args=[0]).removesuffix("0/")  # one reverse, not one per row
    rows = [
        {
            "url": f"{place_url}{f.place.pk}/",
            "name": f.place.name,
            "address": f.place.address,
            "kind": kind_labels.get(f.place.kind, f.place.kind),
            "distance": f.distance_text,
            "amenities": [amenity_labels.get(a, a) for a in f.place.amenity_list],
        }
        for f in found
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "places/member/finder.html",
        {
            "found": found,
            "rows": rows,
            "located": lat is not None and lng is not None,
            "lat": lat,
            "lng": lng,
            "kind": kind,
            "amenities": amenities,
            "q": q,
            "open_now": open_now,
            "kinds": list(kind_labels.items()),
            "amenity_choices": list(amenity_labels.items()),
            "schematic": schematic,
            "tile_url": getattr(settings, "PLACES_TILE_URL", ""),
            "page": page,
            "first_number": (page - 1) * PAGE_SIZE,
            "next_url": f"?{query.urlencode()}&page={page + 1}" if has_next else "",
        },
    )


def _public_place(pk) -> Place:
    return get_object_or_404(Place.objects.select_related("org").exclude(status=PlaceStatus.CLOSED), pk=pk)


@require_GET
def place_page(request, pk):
    place = _public_place(pk)
    return render(
        request,
        "places/member/place.html",
        {
            "place": place,
            "hours": register.describe_hours(place.opening_hours),
            "open_now": place.is_open_at(),
            "resources": place.resources.filter(active=True),
            "photos": place.photos.all(),
            "exceptions": register.upcoming_exceptions(place),
        },
    )


@require_GET
def place_photo(request, pk):
    """A photo of a place, public like the place's page (404 once the place is revoked)."""
    photo = get_object_or_404(PlacePhoto.objects.exclude(place__status=PlaceStatus.CLOSED), pk=pk)
    response = photos.photo_response(photo)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _device(request) -> tuple[str, bool]:
    key = request.COOKIES.get(DEVICE_COOKIE, "")
    if len(key) == 22 and key.replace("-", "").replace("_", "").isalnum():
        return key, False
    return secrets.token_urlsafe(16)[:22], True


def _member(request):
    if request.user.is_authenticated:
        return Member.objects.filter(user=request.user).select_related("union").first()
    return None


def _with_device(response, key: str, new: bool):
    if new:
        response.set_cookie(
            DEVICE_COOKIE,
            key,
            max_age=3 * 365 * 86400,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
        )
    return response


def scan(request, token):
    """What the door QR opens: the visit is recorded (once per hour per worker) and the worker may rate the place
    or report a problem."""
    place = get_object_or_404(Place.objects.select_related("org"), token=token)
    device, new = _device(request)
    member = _member(request)
    visitor = visit_services.visitor_key(member, device)
    visit, created, problem = None, False, None
    try:
        visit, created = visit_services.scan(place, visitor=visitor, member=member)
    except DomainError as exc:
        problem = str(exc.message)
    response = render(
        request,
        "places/member/scan.html",
        {"place": place, "visit": visit, "created": created, "problem": problem, "member": member},
    )
    return _with_device(response, device, new)


@require_POST
def scan_rate(request, token):
    place = get_object_or_404(Place, token=token)
    device, new = _device(request)
    visitor = visit_services.visitor_key(_member(request), device)
    try:
        visit_services.rate(
            place, visitor=visitor, rating=request.POST.get("rating"), comment=request.POST.get("comment", "")
        )
        messages.success(request, "感谢您的评价！")
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return _with_device(redirect("places:scan", token), device, new)


@member_required
def scan_report(request, token):
    """Report a problem at the place: a 随手拍 handled by the federation the place belongs to."""
    place = get_object_or_404(Place.objects.select_related("org"), token=token)
    error = None
    if request.method == "POST":
        try:
            report = visit_services.report_problem(
                place,
                member=request.member,
                description=request.POST.get("description", ""),
                uploads=request.FILES.getlist("photos"),
            )
        except DomainError as exc:
            error = "；".join(str(e.message) for e in getattr(exc, "errors", [exc]))
        else:
            messages.success(request, f"已提交随手拍，受理编号 {report.appeal.tracking_no}")
            return redirect("places:scan", token)
    return render(
        request,
        "places/member/report.html",
        {"place": place, "error": error, "text": request.POST.get("description", "")},
    )


def _day(request):
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    return max(day, timezone.localdate())


@member_required
def book(request, pk):
    """A resource's free slots for a day, and booking them for oneself."""
    resource = get_object_or_404(
        Resource.objects.select_related("place__org").filter(active=True, place__status=PlaceStatus.OPEN), pk=pk
    )
    day = _day(request)
    form = BookForm(request.POST or None, initial={"day": day, "slots": 1, "party_size": 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        starts_at, ends_at = span(d["day"], d["start"], d["slots"], resource.slot_minutes)
        try:
            booking_services.book(
                resource,
                actor=request.user,
                member=request.member,
                starts_at=starts_at,
                ends_at=ends_at,
                party_size=d["party_size"],
                purpose=d["purpose"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "预约成功")
            return redirect("places:my_bookings")
    taken: dict = {}
    for (slot,) in BookingSlot.objects.filter(resource=resource, slot__date=day).values_list("slot"):
        taken[slot] = taken.get(slot, 0) + 1
    days = [timezone.localdate() + timedelta(days=i) for i in range(7)]
    return render(
        request,
        "places/member/book.html",
        {"resource": resource, "day": day, "days": days, "grid": day_grid(resource, day, taken), "form": form},
    )


@member_required
@require_GET
def my_bookings(request):
    bookings = (
        Booking.objects.filter(member=request.member).select_related("resource__place").order_by("-starts_at")[:50]
    )
    return render(request, "places/member/my_bookings.html", {"bookings": bookings, "now": timezone.now()})


@member_required
@require_POST
def cancel_booking(request, pk):
    booking = get_object_or_404(
        Booking.objects.select_related("resource__place", "member"), pk=pk, member=request.member
    )
    try:
        booking_services.cancel(booking, actor=request.user)
        messages.success(request, "已取消预约")
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("places:my_bookings")


def survey(request, token):
    """An enterprise's 需求问卷 on the phone (no login; the link is signed for that enterprise): which services the
    worker would like the union to bring. One answer per kind per phone."""
    enterprise = demand.enterprise_of(token)
    if enterprise is None:
        raise Http404
    device, new = _device(request)
    chosen, error, done = request.POST.getlist("categories"), None, False
    if request.method == "POST":
        try:
            demand.answer_survey(
                enterprise, respondent=f"d{device}", categories=chosen, note=request.POST.get("note", "")
            )
        except DomainError as exc:
            error = str(exc.message)
        else:
            done = True
    response = render(
        request,
        "places/member/survey.html",
        {
            "enterprise": enterprise,
            "categories": ServiceCategory.choices,
            "chosen": chosen,
            "error": error,
            "done": done,
        },
    )
    return _with_device(response, device, new)
