"""Visits (走访) staff make to enterprises and places: who, when, findings, the demands raised (需求清单, which feed
the services catalogue) and a problem to follow, which stays open on the staff's to-do list until it is closed with
what was done."""

from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import ValidationFailed
from core.scoping import require

from .. import errors
from ..locking import lock_field_visit
from ..models import FieldVisit

VISIT_FIELDS = ("enterprise", "place", "visited_on", "visitors", "findings", "demands", "problem")


@transaction.atomic
def log_visit(*, actor, org, demand_categories=(), **fields) -> FieldVisit:
    """Record a visit by ``org``'s staff (places.manage over it); a problem written down opens a follow-up. The
    kinds of service the workers asked for (``demand_categories``) go on the 需求清单."""
    from .demand import clean_categories, record_visit_demands

    require(actor, "places.manage", org)
    categories = clean_categories(demand_categories)
    data = {k: v for k, v in fields.items() if k in VISIT_FIELDS}
    for key in ("visitors", "findings", "demands", "problem"):
        data[key] = (data.get(key) or "").strip()
    problems = []
    if not data.get("visited_on") or data["visited_on"] > timezone.localdate():
        problems.append(errors.INVALID_VISIT_DATE())
    if not data["visitors"]:
        problems.append(errors.VISITORS_REQUIRED())
    if not data["findings"]:
        problems.append(errors.FINDINGS_REQUIRED())
    if not data.get("enterprise") and not data.get("place"):
        problems.append(errors.VISIT_TARGET_REQUIRED())
    if problems:
        raise ValidationFailed(problems)
    visit = FieldVisit.objects.create(
        org=org,
        follow_up=FieldVisit.FollowUp.OPEN if data["problem"] else FieldVisit.FollowUp.NONE,
        recorded_by=actor,
        **data,
    )
    record_visit_demands(visit, categories, note=data["demands"])
    audit.record("places.field_visit.logged", actor=actor, obj=visit, data={"demand_categories": categories})
    return visit


@transaction.atomic
def close_problem(visit: FieldVisit, *, actor, note: str) -> FieldVisit:
    """Close the visit's problem with what was done."""
    visit = lock_field_visit(visit)
    require(actor, "places.manage", visit.org)
    if visit.follow_up != FieldVisit.FollowUp.OPEN:
        raise errors.NO_OPEN_PROBLEM()
    if not (note or "").strip():
        raise errors.CLOSE_NOTE_REQUIRED()
    visit.follow_up, visit.closed_note, visit.closed_at = FieldVisit.FollowUp.CLOSED, note.strip()[:500], timezone.now()
    visit.save(update_fields=["follow_up", "closed_note", "closed_at"])
    audit.record("places.field_visit.closed", actor=actor, obj=visit)
    return visit
