"""The mediator register (调解员名册) and who mediates a case: registered volunteer or partner mediators serve the
union they are registered with and every union below it; a case's mediators are staff accounts who may handle the
case's union, or registered mediators serving it. The free-text ``volunteer_mediators`` of older cases stays as it
was."""

from django.db import transaction

from core import audit
from core.errors import ValidationFailed
from core.scoping import can, require
from core.validators import PHONE_RE

from .. import errors
from ..locking import lock_case
from ..models import Mediator, MediatorKind

HANDLE = "rights.handle"


def _clean(name, phone, kind, specialty) -> dict:
    found = []
    name, phone, specialty = (name or "").strip(), (phone or "").strip(), (specialty or "").strip()
    if not name:
        found.append(errors.MEDIATOR_NAME_REQUIRED())
    if phone and not PHONE_RE.match(phone):
        found.append(errors.INVALID_MEDIATOR_PHONE())
    if kind not in MediatorKind.values:
        found.append(errors.INVALID_MEDIATOR_KIND())
    if found:
        raise ValidationFailed(found)
    return {"name": name[:50], "phone": phone[:20], "kind": kind, "specialty": specialty[:100]}


@transaction.atomic
def add_mediator(
    *, actor, org, name: str, phone: str = "", kind: str = MediatorKind.VOLUNTEER, specialty: str = ""
) -> Mediator:
    """Register a mediator serving ``org`` and its sub-tree."""
    require(actor, HANDLE, org)
    mediator = Mediator.objects.create(org=org, **_clean(name, phone, kind, specialty))
    audit.record("rights.mediator.added", actor=actor, obj=mediator, data={"kind": mediator.kind})
    return mediator


@transaction.atomic
def update_mediator(mediator, *, actor, **data) -> Mediator:
    """Change a mediator's phone, kind, specialty or name, or take them off (``active=False``) and back on the
    register. Cases they mediated keep them."""
    require(actor, HANDLE, mediator.org)
    current = {k: getattr(mediator, k) for k in ("name", "phone", "kind", "specialty")}
    clean = _clean(*(data.get(k, current[k]) for k in ("name", "phone", "kind", "specialty")))
    if "active" in data and data["active"] is not None:
        clean["active"] = bool(data["active"])
    changes = {}
    for key, value in clean.items():
        if getattr(mediator, key) != value:
            changes[key] = [str(getattr(mediator, key)), str(value)]
            setattr(mediator, key, value)
    if changes:
        mediator.save()
        audit.record("rights.mediator.updated", actor=actor, obj=mediator, changes=changes)
    return mediator


@transaction.atomic
def set_case_mediators(case, *, actor, staff=(), registered=()) -> None:
    """Name the case's mediators: staff accounts who may handle the case's union and registered mediators in the
    register serving it (active). At least one. Replaces the previous choice."""
    require(actor, HANDLE, case.org)
    case = lock_case(case)
    if not case.is_open:
        raise errors.CASE_CLOSED(what="指定调解员")
    found = []
    staff, registered = list(dict.fromkeys(staff)), list(dict.fromkeys(registered))
    for user in staff:
        if not user.is_active or not can(user, HANDLE, case.org):
            found.append(errors.STAFF_MEDIATOR_NOT_FOUND(name=str(user)))
    for mediator in registered:
        if not mediator.active or not mediator.serves(case.org):
            found.append(errors.MEDIATOR_NOT_FOUND(name=mediator.name))
    if not staff and not registered and not found:
        found.append(errors.MEDIATOR_REQUIRED())
    if found:
        raise ValidationFailed(found)
    before = sorted(str(u) for u in case.mediators.all()) + sorted(m.name for m in case.registered_mediators.all())
    case.mediators.set(staff)
    case.registered_mediators.set(registered)
    after = sorted(str(u) for u in staff) + sorted(m.name for m in registered)
    audit.record("rights.case.mediators_set", actor=actor, obj=case, changes={"mediators": [before, after]})
