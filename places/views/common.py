"""What the page views of both audiences share."""

from datetime import datetime, timedelta

import segno
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.validators import normalize_code
from orgs.models import Org


def org_in_scope(user, permission: str, text: str):
    """The org a form names by code or exact name, inside ``user``'s scope for ``permission``; else None."""
    text = (text or "").strip()
    if not text:
        return None
    return (
        Org.objects.restrict(user, permission)
        .filter(Q(code=normalize_code(text)) | Q(name=text))
        .order_by("depth")
        .first()
    )


def door_url(request, place) -> str:
    return request.build_absolute_uri(reverse("places:scan", args=[place.token]))


def qr_svg(text: str, scale: int = 6) -> str:
    return segno.make(text, error="m").svg_inline(scale=scale, dark="#222", border=2, omitsize=True)


def span(day, start, slots: int, slot_minutes: int):
    """(starts_at, ends_at) of ``slots`` slots from ``start`` (a time) on ``day``, in local time."""
    starts_at = timezone.make_aware(datetime.combine(day, start))
    return starts_at, starts_at + timedelta(minutes=slot_minutes * slots)


def day_grid(resource, day, taken: dict) -> list[dict]:
    """Every slot of ``day`` within the place's opening hours, with the units still free (for the booking page)."""
    from ..models import local_dt

    rows = []
    now = timezone.now()
    for a, b in resource.place.hours_on(day):
        t = local_dt(day, a)
        end = local_dt(day, b) if b != "24:00" else local_dt(day, "00:00") + timedelta(days=1)
        while t + timedelta(minutes=resource.slot_minutes) <= end:
            free = resource.units - taken.get(t, 0)
            rows.append({"at": t, "free": free, "past": t < now})
            t += timedelta(minutes=resource.slot_minutes)
    return rows
