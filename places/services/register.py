"""The register of union places: create and edit a place (coordinates pasted from any map app, opening hours in
a few typed lines), its yearly star review and the money invested in it."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import ValidationFailed
from core.scoping import require

from .. import errors, locking
from ..models import Amenity, Level, Place, PlaceInvestment, PlaceKind, PlacePhoto, PlaceStatus, StarReview

PLACE_FIELDS = (
    "name",
    "kind",
    "status",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "hours_exceptions",
    "amenities",
    "contact_name",
    "contact_phone",
    "description",
    "level",
    "stars",
)

_NUMBER = r"-?\d{1,3}(?:\.\d+)?"
_COORDS = re.compile(rf"({_NUMBER})\s*[,，\s]\s*({_NUMBER})")
_HOURS = re.compile(r"^([1-7])(?:\s*[-–~至]\s*([1-7]))?\s+(.+)$")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})$")
_DAY_NAMES = "一二三四五六日"


def parse_coordinates(text: str) -> tuple[Decimal, Decimal]:
    """``"29.868336,121.543990"`` (what map apps copy: latitude first) → (latitude, longitude). A pair whose first
    number cannot be a latitude but whose second can is taken as longitude,latitude (some apps copy it so)."""
    raw = (text or "").strip()
    match = _COORDS.search(raw)
    if not match:
        raise errors.INVALID_COORDINATES(value=raw[:40])
    a, b = Decimal(match.group(1)), Decimal(match.group(2))
    if abs(a) > 90 and abs(b) <= 90:
        a, b = b, a
    if abs(a) > 90 or abs(b) > 180:
        raise errors.INVALID_COORDINATES(value=raw[:40])
    return a.quantize(Decimal("0.000001")), b.quantize(Decimal("0.000001"))


def _ranges(text: str) -> list[list[str]] | None:
    text = text.strip()
    if text in ("全天", "24小时", "24 小时"):
        return [["00:00", "24:00"]]
    if text in ("闭馆", "休息", "关闭"):
        return []
    out = []
    for part in re.split(r"[,，、\s]+", text):
        m = _RANGE.match(part)
        if not m:
            return None
        h1, m1, h2, m2 = (int(x) for x in m.groups())
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59 or (h2, m2) <= (h1, m1):
            return None
        out.append([f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"])
    return out


def parse_hours(text: str) -> dict:
    """Lines like ``1-5 08:00-18:00`` or ``6-7 09:00-12:00 14:00-17:00`` (days 1 = Monday … 7 = Sunday; ``全天``
    for round the clock) → ``{"0": [["08:00", "18:00"]], …}``. Each wrong line is reported with its number."""
    hours: dict[str, list] = {}
    problems = []
    for row, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        m = _HOURS.match(line)
        ranges = _ranges(m.group(3)) if m else None
        if not m or ranges is None:
            problems.append(errors.INVALID_HOURS(row=row, line=line[:30]))
            continue
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        for day in range(first, last + 1):
            hours.setdefault(str(day - 1), []).extend(ranges)
    if problems:
        raise ValidationFailed(problems)
    return hours


def format_hours(hours: dict) -> str:
    """The inverse of ``parse_hours``: consecutive days with the same ranges on one line."""
    lines, day = [], 0
    while day < 7:
        ranges = hours.get(str(day))
        if not ranges:
            day += 1
            continue
        end = day
        while end + 1 < 7 and hours.get(str(end + 1)) == ranges:
            end += 1
        span = f"{day + 1}" if end == day else f"{day + 1}-{end + 1}"
        lines.append(f"{span} " + " ".join(f"{a}-{b}" for a, b in ranges))
        day = end + 1
    return "\n".join(lines)


def describe_hours(hours: dict) -> list[str]:
    """Chinese lines for people: ``周一至周五 08:00-18:00``."""
    out = []
    for line in format_hours(hours).splitlines():
        span, rest = line.split(" ", 1)
        days = [int(x) for x in span.split("-")]
        label = f"周{_DAY_NAMES[days[0] - 1]}" + (f"至周{_DAY_NAMES[days[1] - 1]}" if len(days) > 1 else "")
        out.append(f"{label} {rest.replace('00:00-24:00', '全天')}")
    return out


def parse_exceptions(text: str) -> list[dict]:
    """Lines like ``2026-10-01 闭馆`` or ``2026-10-02 09:00-12:00 国庆`` → ``[{"date", "hours", "note"}]``."""
    found, problems = [], []
    for row, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = line.split()
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            problems.append(errors.INVALID_EXCEPTION(row=row, line=line[:30]))
            continue
        ranges = _ranges(parts[1]) if len(parts) > 1 else None
        if ranges is None:
            problems.append(errors.INVALID_EXCEPTION(row=row, line=line[:30]))
            continue
        found.append({"date": day.isoformat(), "hours": ranges, "note": " ".join(parts[2:])[:50]})
    if problems:
        raise ValidationFailed(problems)
    return sorted(found, key=lambda e: e["date"])


def format_exceptions(items: list[dict]) -> str:
    return "\n".join(
        f"{e['date']} "
        + (" ".join(f"{a}-{b}" for a, b in e["hours"]) or "闭馆")
        + (f" {e['note']}" if e.get("note") else "")
        for e in items
    )


def upcoming_exceptions(place: Place, days: int = 30) -> list[dict]:
    """The place's dated exceptions from today to ``days`` ahead (closed days, other hours), for its page."""
    today = timezone.localdate().isoformat()
    last = (timezone.localdate() + timezone.timedelta(days=days)).isoformat()
    return sorted(
        (e for e in place.hours_exceptions or [] if today <= str(e.get("date", "")) <= last), key=lambda e: e["date"]
    )


def clean_amenities(values) -> str:
    """A list of amenity codes → the stored ``,a,b,`` form (in the catalogue's order)."""
    if isinstance(values, str):
        values = [v for v in values.split(",") if v]
    values = set(values or [])
    unknown = values - set(Amenity.values)
    if unknown:
        raise errors.INVALID_AMENITY(value=sorted(unknown)[0])
    ordered = [a for a in Amenity.values if a in values]
    return f",{','.join(ordered)}," if ordered else ""


def _clean(place: Place) -> None:
    problems = []
    place.name = (place.name or "").strip()
    place.address = (place.address or "").strip()
    if not place.name:
        problems.append(errors.NAME_REQUIRED())
    if place.kind not in PlaceKind.values:
        problems.append(errors.INVALID_KIND())
    if place.status not in PlaceStatus.values:
        problems.append(errors.INVALID_STATUS())
    if not place.address:
        problems.append(errors.ADDRESS_REQUIRED())
    if place.latitude is None or place.longitude is None:
        problems.append(errors.INVALID_COORDINATES(value=""))
    if place.level and place.level not in Level.values:
        problems.append(errors.INVALID_LEVEL())
    if place.stars is None or not 0 <= int(place.stars) <= 5:
        problems.append(errors.INVALID_STARS())
    if problems:
        raise ValidationFailed(problems)


def _prepare(fields: dict) -> dict:
    fields = {k: v for k, v in fields.items() if k in PLACE_FIELDS or k == "coordinates"}
    if "coordinates" in fields:
        fields["latitude"], fields["longitude"] = parse_coordinates(fields.pop("coordinates"))
    if isinstance(fields.get("opening_hours"), str):
        fields["opening_hours"] = parse_hours(fields["opening_hours"])
    if isinstance(fields.get("hours_exceptions"), str):
        fields["hours_exceptions"] = parse_exceptions(fields["hours_exceptions"])
    if "amenities" in fields:
        fields["amenities"] = clean_amenities(fields["amenities"])
    return fields


@transaction.atomic
def create_place(*, actor, org, **fields) -> Place:
    """Register a place of ``org`` (places.manage over it). ``coordinates`` may be given as pasted text."""
    require(actor, "places.manage", org)
    place = Place(org=org, **_prepare(fields))
    _clean(place)
    place.save()
    audit.record("places.place.created", actor=actor, obj=place)
    return place


@transaction.atomic
def update_place(place: Place, *, actor, **changes) -> Place:
    """Edit a place; a change of ``org`` needs places.manage over both orgs."""
    place = Place.objects.select_related("org").get(pk=place.pk)
    require(actor, "places.manage", place.org)
    new_org = changes.pop("org", None)
    if new_org is not None and new_org != place.org:
        require(actor, "places.manage", new_org)
        place.org = new_org
    fields = _prepare(changes)
    before = audit.snapshot(place, list(fields) + ["org"])
    for key, value in fields.items():
        setattr(place, key, value)
    _clean(place)
    place.save()
    audit.record(
        "places.place.updated",
        actor=actor,
        obj=place,
        changes=audit.diff(before, audit.snapshot(place, list(fields) + ["org"])),
    )
    return place


@transaction.atomic
def review_place(place: Place, *, actor, stars: int, note: str = "", year: int | None = None) -> StarReview:
    """The yearly review: the star level given this year (one review per year; a second replaces the first)."""
    place = Place.objects.select_related("org").get(pk=place.pk)
    require(actor, "places.manage", place.org)
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        raise errors.INVALID_STARS() from None
    if not 0 <= stars <= 5:
        raise errors.INVALID_STARS()
    today = timezone.localdate()
    year = year or today.year
    review, _ = StarReview.objects.update_or_create(
        place=place,
        year=year,
        defaults={"stars": stars, "note": (note or "").strip()[:300], "reviewed_by": actor, "reviewed_on": today},
    )
    before = place.stars
    place.stars, place.reviewed_on = stars, today
    place.save(update_fields=["stars", "reviewed_on", "updated_at"])
    audit.record(
        "places.place.reviewed", actor=actor, obj=place, changes={"stars": [before, stars]}, data={"year": year}
    )
    return review


@transaction.atomic
def record_investment(place: Place, *, actor, year, amount, note: str = "") -> PlaceInvestment:
    """The money invested in ``place`` in ``year`` (元, exact to the fen; one figure per year, replaced)."""
    place = Place.objects.select_related("org").get(pk=place.pk)
    require(actor, "places.manage", place.org)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise errors.INVALID_YEAR() from None
    if not 2000 <= year <= timezone.localdate().year:
        raise errors.INVALID_YEAR()
    try:
        amount = Decimal(str(amount).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise errors.INVALID_AMOUNT() from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e10"):
        raise errors.INVALID_AMOUNT()
    inv, _ = PlaceInvestment.objects.update_or_create(
        place=place, year=year, defaults={"amount": amount, "note": (note or "").strip()[:200]}
    )
    audit.record("places.place.investment", actor=actor, obj=place, data={"year": year, "amount": str(amount)})
    return inv


MAX_PLACE_PHOTOS = 9


@transaction.atomic
def add_photos(place: Place, *, actor, uploads, caption: str = "") -> list[PlacePhoto]:
    """Photos of ``place`` for its phone page, each through the appeals' photo check (real image, 10 MB, side and
    pixel limits read from the header before decoding) and re-encoded without metadata; 9 per place at most."""
    from appeals.photos import clean_photo

    place = locking.lock_place(place.pk)
    require(actor, "places.manage", place.org)
    uploads = [u for u in uploads or [] if u]
    if not uploads:
        raise errors.PHOTO_REQUIRED()
    if place.photos.count() + len(uploads) > MAX_PLACE_PHOTOS:
        raise errors.TOO_MANY_PHOTOS(max=MAX_PLACE_PHOTOS)
    cleaned = [clean_photo(upload, index=i) for i, upload in enumerate(uploads, start=1)]
    out = []
    for file, (width, height) in cleaned:
        photo = PlacePhoto(
            place=place, width=width, height=height, caption=(caption or "").strip()[:100], uploaded_by=actor
        )
        photo.image.save(file.name, file, save=False)
        photo.save()
        out.append(photo)
    audit.record("places.place.photos_added", actor=actor, obj=place, data={"photos": [p.pk for p in out]})
    return out


@transaction.atomic
def remove_photo(photo: PlacePhoto, *, actor) -> None:
    photo = PlacePhoto.objects.select_related("place__org").get(pk=photo.pk)
    require(actor, "places.manage", photo.place.org)
    place, pk = photo.place, photo.pk
    photo.image.delete(save=False)
    photo.delete()
    audit.record("places.place.photo_removed", actor=actor, obj=place, data={"photo": pk})
