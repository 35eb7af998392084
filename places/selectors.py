"""Read queries of the places app: the finder (places nearest a point, by true great-circle distance), the stale
list, bookings of a day, quota use."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, FloatField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from .models import QUOTA_STATUSES, STALE_AFTER_DAYS, Booking, BookingSlot, Place, PlaceStatus, ServiceOrder

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), metres


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres between two WGS-84 points (haversine formula)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees clockwise from north (for the schematic)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


@dataclass
class Found:
    place: Place
    distance_m: float
    bearing: float

    @property
    def distance_text(self) -> str:
        if self.distance_m < 1000:
            return f"{round(self.distance_m / 10) * 10:.0f} 米"
        return f"{self.distance_m / 1000:.1f} 公里"


def finder_queryset(*, kind: str = "", amenities=(), q: str = ""):
    """Open places (or those being built, never paused or revoked), filtered in SQL by kind, amenities, words."""
    qs = Place.objects.filter(status=PlaceStatus.OPEN)
    if kind:
        qs = qs.filter(kind=kind)
    for amenity in amenities:
        qs = qs.filter(amenities__contains=f",{amenity},")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    return qs


# The finder first looks inside a small box around the worker and widens it until the box's inscribed circle holds
# enough places; only then is it certain that no place outside the box is nearer (true distance, not degrees).
FIRST_RADIUS_M = 2_000
MAX_RADIUS_M = 250_000
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180
# What a row of the finder's list shows (and ``open now`` needs): nothing else is read for the listed places.
LIST_FIELDS = (
    "id",
    "name",
    "kind",
    "status",
    "address",
    "latitude",
    "longitude",
    "amenities",
    "opening_hours",
    "hours_exceptions",
)


def _box(lat: float, lon: float, radius_m: float):
    """(lat_min, lat_max, lon_min, lon_max) of a box holding every point within ``radius_m``, or None when the box
    would reach a pole or cross the antimeridian (then everything is scanned).

    The box is correct by radius: its half-height is ``radius_m`` along a meridian, and its half-width is taken at
    the box's edge farthest from the equator, where a degree of longitude is shortest, so every point within
    ``radius_m`` of (lat, lon) lies inside it."""
    dlat = radius_m / METRES_PER_DEGREE
    if abs(lat) + dlat >= 89:
        return None
    dlon = radius_m / (METRES_PER_DEGREE * math.cos(math.radians(abs(lat) + dlat)))
    if lon - dlon < -180 or lon + dlon > 180:
        return None
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def nearest(
    lat: float,
    lon: float,
    *,
    kind: str = "",
    amenities=(),
    q: str = "",
    open_now: bool = False,
    limit: int = 20,
    offset: int = 0,
    at=None,
    detail: bool = False,
) -> list[Found]:
    """Places ``offset`` to ``offset + limit`` by true great-circle distance from (lat, lon), nearest first (ties
    by id).

    Fast by design, the same on both databases: (1) a narrow query reads only id and coordinates of the open places
    inside a box around the point (the index on status, latitude, longitude answers it); (2) distances are
    computed here for those candidates only, and only those within the box's inscribed circle are kept, since a
    place outside the box may be nearer than one in its corner; (3) the box widens ×4 until enough are kept;
    (4) only the places shown are then loaded, in one query per batch, with the columns the list needs
    (``detail``: every column and the org, for the API). ``open_now`` keeps places open at ``at``, computed from
    the loaded opening hours without a query per place."""
    want = offset + limit
    base = finder_queryset(kind=kind, amenities=amenities, q=q).order_by()
    radius = FIRST_RADIUS_M
    while True:
        box = _box(lat, lon, radius) if radius <= MAX_RADIUS_M else None
        rows = base
        if box is not None:
            rows = rows.filter(latitude__gte=box[0], latitude__lte=box[1], longitude__gte=box[2], longitude__lte=box[3])
        rows = rows.annotate(_lat=Cast("latitude", FloatField()), _lon=Cast("longitude", FloatField()))
        ranked = sorted((haversine_m(lat, lon, la, lo), pk) for pk, la, lo in rows.values_list("pk", "_lat", "_lon"))
        if box is not None:
            ranked = [r for r in ranked if r[0] <= radius]  # certain: nothing outside the box is this near
        # Without ``open now`` every kept candidate is shown: enough candidates means enough places, no loading
        # needed to decide. With it, a place may be closed, so the candidates are loaded to tell.
        if box is not None and not open_now and len(ranked) < want:
            radius *= 4
            continue
        found = _load(ranked, lat, lon, want, open_now, at, detail)
        if len(found) >= want or box is None:
            return found[offset:]
        radius *= 4


def _load(ranked, lat, lon, limit, open_now, at, detail=False) -> list[Found]:
    """The first ``limit`` of ``ranked`` (distance, pk) loaded (skipping closed ones when ``open_now``)."""
    qs = (Place.objects.select_related("org") if detail else Place.objects.only(*LIST_FIELDS)).order_by()
    found: list[Found] = []
    start, batch = 0, limit if not open_now else max(limit, 20)
    while len(found) < limit and start < len(ranked):
        chunk = ranked[start : start + batch]
        start += batch
        places = qs.in_bulk([pk for _, pk in chunk])
        for dist, pk in chunk:
            place = places[pk]
            if open_now and not place.is_open_at(at):
                continue
            found.append(Found(place, dist, bearing_deg(lat, lon, float(place.latitude), float(place.longitude))))
            if len(found) >= limit:
                break
        batch *= 4
    return found


def schematic(found: list[Found], size: int = 300) -> dict:
    """Where the found places lie around the worker, for a static SVG: the worker at the centre, each place at its
    bearing, at a distance scaled to the farthest shown (no map tiles needed)."""
    if not found:
        return {"size": size, "centre": size / 2, "points": [], "radius_text": ""}
    far = max(f.distance_m for f in found) or 1.0
    r = size / 2 - 18
    points = []
    for index, f in enumerate(found, start=1):
        d = f.distance_m / far * r
        angle = math.radians(f.bearing)
        points.append(
            {
                "n": index,
                "x": round(size / 2 + d * math.sin(angle), 1),
                "y": round(size / 2 - d * math.cos(angle), 1),
                "name": f.place.name,
            }
        )
    radius = f"{far:.0f} 米" if far < 1000 else f"{far / 1000:.1f} 公里"
    return {"size": size, "centre": size / 2, "points": points, "radius_text": radius, "ring": r}


TILE_PX = 256  # a slippy-map tile's side


def _world_px(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web-Mercator pixel coordinates of a point at ``zoom`` (the projection every {z}/{x}/{y} tile server uses)."""
    n = TILE_PX * 2**zoom
    s = math.sin(math.radians(max(-85.0511, min(85.0511, lat))))
    return (lon + 180) / 360 * n, (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n


def tile_map(lat: float, lon: float, found: list[Found], tile_url: str, size: int = 300, max_zoom: int = 18) -> dict:
    """The schematic drawn over map tiles when a deployment configures ``PLACES_TILE_URL`` (``{z}``, ``{x}``, ``{y}``
    replaced): the deepest zoom at which the worker (centre) and every shown place fit, the tiles covering the
    picture with their offsets, and each place at its projected position."""
    half = size / 2 - 14
    points_ll = [(float(f.place.latitude), float(f.place.longitude)) for f in found]
    zoom = max_zoom
    while zoom > 1:
        cx, cy = _world_px(lat, lon, zoom)
        if all(
            abs(px - cx) <= half and abs(py - cy) <= half for px, py in (_world_px(a, b, zoom) for a, b in points_ll)
        ):
            break
        zoom -= 1
    cx, cy = _world_px(lat, lon, zoom)
    left, top, n = cx - size / 2, cy - size / 2, 2**zoom
    tiles = []
    for tx in range(math.floor(left / TILE_PX), math.floor((left + size) / TILE_PX) + 1):
        for ty in range(max(0, math.floor(top / TILE_PX)), min(n - 1, math.floor((top + size) / TILE_PX)) + 1):
            href = tile_url.replace("{z}", str(zoom)).replace("{x}", str(tx % n)).replace("{y}", str(ty))
            tiles.append({"href": href, "x": round(tx * TILE_PX - left, 1), "y": round(ty * TILE_PX - top, 1)})
    points = []
    for index, (f, (a, b)) in enumerate(zip(found, points_ll, strict=True), start=1):
        px, py = _world_px(a, b, zoom)
        points.append({"n": index, "x": round(px - left, 1), "y": round(py - top, 1), "name": f.place.name})
    return {"size": size, "centre": size / 2, "points": points, "tiles": tiles, "zoom": zoom, "tile": TILE_PX}


def stale_places(user):
    """Places not reviewed for ``STALE_AFTER_DAYS`` (never reviewed included), excluding revoked ones."""
    cutoff = timezone.localdate() - timedelta(days=STALE_AFTER_DAYS)
    return (
        Place.objects.restrict(user, "places.view")
        .exclude(status=PlaceStatus.CLOSED)
        .filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=cutoff))
        .select_related("org")
    )


def units_taken(resource, slots) -> dict:
    """How many units of each slot (a datetime) of ``resource`` are held by live bookings."""
    rows = BookingSlot.objects.filter(resource=resource, slot__in=list(slots)).values("slot").annotate(n=Count("pk"))
    return {r["slot"]: r["n"] for r in rows}


def quota_used(item, town, year: int) -> int:
    return ServiceOrder.objects.filter(item=item, town=town, year=year, status__in=QUOTA_STATUSES).count()


def live_bookings(resource, day):
    start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    return (
        Booking.objects.filter(resource=resource, starts_at__lt=start + timedelta(days=1), ends_at__gt=start)
        .filter(status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED])
        .select_related("member", "for_org")
        .order_by("starts_at")
    )


def town_of(org):
    """The town federation (镇街总工会) at or above ``org``, or None."""
    from orgs.models import Org, OrgKind

    paths = [org.path[: i * Org.steplen] for i in range(1, org.depth + 1)]
    return Org.objects.filter(path__in=paths, kind=OrgKind.TOWN).order_by("-depth").first()


def hours_open(place, first, last) -> float:
    """Hours ``place`` is open from ``first`` to ``last`` (dates, inclusive), exceptions included."""
    total = 0.0
    day = first
    while day <= last:
        for a, b in place.hours_on(day):
            ha, ma = (int(x) for x in a.split(":"))
            hb, mb = (int(x) for x in b.split(":"))
            total += (hb * 60 + mb - ha * 60 - ma) / 60
        day += timedelta(days=1)
    return total


def utilisation(place, first, last) -> float | None:
    """利用率 of ``place`` from ``first`` to ``last``: hours booked (confirmed, used or no-show bookings starting in
    the period, all its active resources) ÷ (hours open × active resources), in %; None when nothing is offered."""
    from django.db.models import Sum

    resources = place.resources.filter(active=True).count()
    open_hours = hours_open(place, first, last) * resources
    if not open_hours:
        return None
    start = timezone.make_aware(timezone.datetime.combine(first, timezone.datetime.min.time()))
    end = timezone.make_aware(timezone.datetime.combine(last + timedelta(days=1), timezone.datetime.min.time()))
    booked = (
        Booking.objects.filter(
            resource__place=place,
            resource__active=True,
            starts_at__gte=start,
            starts_at__lt=end,
            status__in=[Booking.Status.CONFIRMED, Booking.Status.USED, Booking.Status.NO_SHOW],
        ).aggregate(h=Sum("hours"))["h"]
        or 0
    )
    return round(float(booked) * 100 / open_hours, 1)


def demand_counts(user, year: int) -> list[dict]:
    """The 需求清单 in ``user``'s scope for ``year``, one row per kind of service: asked during visits, on the
    phone surveys, in all, by how many enterprises; next to what the catalogue offers and what was ordered, so
    staff see which kinds to add or enlarge. Most wanted first."""
    from .models import ServiceCategory, ServiceDemand, ServiceItem

    demands = (
        ServiceDemand.objects.restrict(user, "places.view")
        .filter(created_at__year=year)
        .values("category")
        .annotate(
            visit=Count("pk", filter=Q(source=ServiceDemand.Source.VISIT)),
            survey=Count("pk", filter=Q(source=ServiceDemand.Source.SURVEY)),
            enterprises=Count("enterprise", distinct=True),
        )
    )
    by_kind = {r["category"]: r for r in demands}
    items = dict(
        ServiceItem.objects.restrict(user, "places.view")
        .filter(active=True)
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    ordered = dict(
        ServiceOrder.objects.restrict(user, "places.view")
        .filter(year=year, status__in=QUOTA_STATUSES)
        .values("item__category")
        .annotate(n=Count("pk"))
        .values_list("item__category", "n")
    )
    rows = []
    for value, label in ServiceCategory.choices:
        d = by_kind.get(value, {})
        visit, survey = d.get("visit", 0), d.get("survey", 0)
        rows.append(
            {
                "category": value,
                "label": str(label),
                "visit": visit,
                "survey": survey,
                "total": visit + survey,
                "enterprises": d.get("enterprises", 0),
                "items": items.get(value, 0),
                "orders": ordered.get(value, 0),
            }
        )
    rows.sort(key=lambda r: (-r["total"], -r["enterprises"], r["label"]))
    return rows
