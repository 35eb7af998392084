"""Every write to the union tree and the employer register. Views and the API call these; each is atomic,
checks its rules before writing anything, and records an audit event in the same transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core import audit
from core.errors import DomainError, ValidationFailed, from_django_validation, validation_errors
from core.pinyin import pinyin_keys
from core.scoping import EVERYTHING, can, scope_paths
from core.validators import normalize_code
from orgs import errors as orgs_errors

from . import locking
from .models import COVERING_KINDS, Enterprise, EnterpriseStatus, Org, OrgKind, OrgStatus, kinds_allowed_under

ACTION_LABELS = {
    "orgs.org.created": _("新建组织"),
    "orgs.org.updated": _("修改组织"),
    "orgs.org.moved": _("调整隶属关系"),
    "orgs.org.dissolved": _("撤销组织"),
    "orgs.enterprise.created": _("新增企业"),
    "orgs.enterprise.updated": _("修改企业"),
}

ORG_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "uscc",
    "region",
    "address",
    "founded_on",
    "chair_name",
    "contact_name",
    "contact_phone",
)
ENTERPRISE_FIELDS = (
    "name",
    "uscc",
    "industry",
    "ownership",
    "staff_count",
    "address",
    "contact_name",
    "contact_phone",
    "covering_union",
    "status",
)

# Federations and town federations (the kinds that hold other unions' admins); where each kind may sit is
# ``models.ALLOWED_CHILDREN``.
FEDERATION_KINDS = {OrgKind.FEDERATION, OrgKind.TOWN}


def _denied():
    return orgs_errors.PERMISSION_DENIED()


def _check_placement(kind: str, parent: Org | None) -> None:
    """Refuse ``kind`` under ``parent`` unless ``ALLOWED_CHILDREN`` allows it (and the parent is active)."""
    if parent is None:
        if kind not in kinds_allowed_under(None):
            raise orgs_errors.KIND_NOT_ALLOWED_HERE(message=_("只有区/市总工会可以作为顶级组织"), field="kind")
        return
    if parent.status != OrgStatus.ACTIVE:
        raise orgs_errors.PARENT_DISSOLVED(name=parent.name, field="parent")
    if kind not in kinds_allowed_under(parent.kind):
        allowed = "、".join(str(OrgKind(k).label) for k in OrgKind if k in kinds_allowed_under(parent.kind))
        raise orgs_errors.KIND_NOT_ALLOWED_HERE(
            kind=OrgKind(kind).label, parent=parent.name, pkind=parent.get_kind_display(), allowed=allowed, field="kind"
        )


def _normalize_org(fields: dict) -> dict:
    fields = {k: v for k, v in fields.items() if k in ORG_FIELDS}
    for key in ("name", "short_name", "region", "address", "chair_name", "contact_name", "contact_phone"):
        if key in fields and fields[key] is not None:
            fields[key] = str(fields[key]).strip()
    if "code" in fields:
        fields["code"] = normalize_code(fields["code"])
    if "uscc" in fields:
        fields["uscc"] = normalize_code(fields["uscc"] or "")
    return fields


def _validate_org(org: Org) -> None:
    """Field rules (model validators) and uniqueness, all reported at once, with stable codes and Chinese
    messages."""
    errors = []
    try:
        org.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors += validation_errors(exc, Org)
    others = Org.objects.exclude(pk=org.pk)
    if org.code and others.filter(code=org.code).exists():
        errors.append(orgs_errors.ORG_CODE_TAKEN(code=org.code, field="code"))
    if org.uscc and others.filter(uscc=org.uscc).exists():
        errors.append(orgs_errors.ORG_USCC_TAKEN(v=org.uscc, field="uscc"))
    if errors:
        raise ValidationFailed(errors)


def _set_pinyin(obj) -> None:
    obj.name_pinyin, obj.name_initials = pinyin_keys(obj.name)


def _integrity(exc: IntegrityError) -> DomainError:
    # Reached only when a concurrent request won a race that the checks above could not see.
    return orgs_errors.CONFLICT()


@transaction.atomic
def create_org(*, actor, parent: Org | None, **fields) -> Org:
    """Set up a new org under ``parent`` (or a new root federation when ``parent`` is None)."""
    if parent is None:
        # Only platform-wide admins set up a new root federation.
        if scope_paths(actor, "orgs.add") is not EVERYTHING:
            raise _denied()
    else:
        # Lock the parent: treebeard derives the new path from the last child, so two concurrent creates
        # under one parent must not interleave.
        parent = locking.lock_org(parent)
        if not can(actor, "orgs.add", parent):
            raise _denied()
    fields = _normalize_org(fields)
    org = Org(**fields)
    _check_placement(org.kind, parent)
    _validate_org(org)
    _set_pinyin(org)
    try:
        with transaction.atomic():
            org = Org.objects.add_root(instance=org) if parent is None else Org.objects.add_child(parent, instance=org)
    except IntegrityError as exc:
        raise _integrity(exc) from None
    audit.record(
        "orgs.org.created",
        actor=actor,
        obj=org,
        changes={k: [None, v] for k, v in audit.snapshot(org, ORG_FIELDS).items() if v not in ("", None)},
        data={"parent": parent.code if parent else None},
    )
    return org


@transaction.atomic
def update_org(org: Org, *, actor, **changes) -> Org:
    """Edit an org's details. Its place in the tree changes only through ``move_org``."""
    org = locking.lock_org(org)
    if not can(actor, "orgs.change", org):
        raise _denied()
    before = audit.snapshot(org, ORG_FIELDS)
    for key, value in _normalize_org(changes).items():
        setattr(org, key, value)
    if "kind" in changes and org.kind != before["kind"]:
        # The kind decides where an org may sit and what it may do: it changes with the move permission
        # (调整隶属关系), under the same placement rules as a move, never with a mere edit.
        parent = Org.objects.get_parent(org)
        if not can(actor, "orgs.move", org) or (parent is not None and not can(actor, "orgs.move", parent)):
            raise orgs_errors.ORG_KIND_CHANGE_DENIED(field="kind")
        _check_placement(org.kind, parent)
        # Its children must still be allowed under its new kind (a town with unions cannot become a union's kind
        # that holds towns, and so on): the same rule, seen from above.
        allowed = kinds_allowed_under(org.kind)
        misplaced = Org.objects.filter(path__startswith=org.path, depth=org.depth + 1).exclude(kind__in=allowed).first()
        if misplaced is not None:
            raise orgs_errors.KIND_NOT_ALLOWED_HERE(
                message=_("“%(child)s”（%(ckind)s）不能设在%(kind)s之下，请先调整其隶属关系")
                % {"child": misplaced.name, "ckind": misplaced.get_kind_display(), "kind": OrgKind(org.kind).label},
                field="kind",
            )
    _validate_org(org)
    _set_pinyin(org)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:
        raise _integrity(exc) from None
    changed = audit.diff(before, audit.snapshot(org, ORG_FIELDS))
    if changed:
        audit.record("orgs.org.updated", actor=actor, obj=org, changes=changed)
    return org


@transaction.atomic
def move_org(org: Org, new_parent: Org, *, actor) -> Org:
    """Re-parent ``org`` (with its whole sub-tree) under ``new_parent``."""
    locked = locking.lock_orgs(org, new_parent)
    org, new_parent = locked[org.pk], locked[new_parent.pk]
    if not can(actor, "orgs.move", org) or not can(actor, "orgs.move", new_parent):
        raise _denied()
    if org.is_root():
        raise orgs_errors.CANNOT_MOVE_ROOT()
    if new_parent.path.startswith(org.path):
        raise orgs_errors.ORG_MOVE_INTO_DESCENDANT(org=org.name, target=new_parent.name, field="parent")
    old_parent = Org.objects.get_parent(org)
    if old_parent.pk == new_parent.pk:
        raise orgs_errors.ORG_MOVE_NOOP(org=org.name, p=new_parent.name, field="parent")
    _check_placement(org.kind, new_parent)
    old_path = org.path
    Org.objects.move(org, new_parent, "last-child")
    org = Org.objects.get(pk=org.pk)
    audit.record(
        "orgs.org.moved",
        actor=actor,
        obj=org,
        changes={"parent": [old_parent.name, new_parent.name], "path": [old_path, org.path]},
        data={"from": old_parent.code, "to": new_parent.code},
    )
    return org


@transaction.atomic
def dissolve_org(org: Org, *, actor, on: date, reason: str) -> Org:
    """Mark an org dissolved (撤销). Its children must be dissolved or moved first, and no enterprise may still
    rely on it for coverage. Records are kept; nothing is deleted."""
    org = locking.lock_org(org)
    if not can(actor, "orgs.dissolve", org):
        raise _denied()
    if org.status == OrgStatus.DISSOLVED:
        raise orgs_errors.ORG_ALREADY_DISSOLVED(org=org.name, d=org.dissolved_on)
    if org.is_root():
        raise orgs_errors.CANNOT_DISSOLVE_ROOT()
    reason = (reason or "").strip()
    if not reason:
        raise orgs_errors.DISSOLVE_REASON_REQUIRED(field="reason")
    active_children = Org.objects.filter(path__startswith=org.path, depth=org.depth + 1, status=OrgStatus.ACTIVE)
    n = active_children.count()
    if n:
        raise orgs_errors.ORG_HAS_ACTIVE_CHILDREN(org=org.name, n=n)
    covered = org.covered_enterprises.filter(status=EnterpriseStatus.ACTIVE).count()
    if covered:
        raise orgs_errors.ORG_COVERS_ENTERPRISES(org=org.name, n=covered)
    org.status = OrgStatus.DISSOLVED
    org.dissolved_on = on
    org.dissolved_reason = reason[:200]
    org.save(update_fields=["status", "dissolved_on", "dissolved_reason", "updated_at"])
    audit.record(
        "orgs.org.dissolved",
        actor=actor,
        obj=org,
        changes={"status": [OrgStatus.ACTIVE, OrgStatus.DISSOLVED]},
        data={"on": on.isoformat(), "reason": org.dissolved_reason},
    )
    return org


# --- Employer register --------------------------------------------------------------------------------------


def _normalize_enterprise(fields: dict) -> dict:
    fields = {k: v for k, v in fields.items() if k in ENTERPRISE_FIELDS}
    for key in ("name", "address", "contact_name", "contact_phone"):
        if key in fields and fields[key] is not None:
            fields[key] = str(fields[key]).strip()
    if "uscc" in fields:
        fields["uscc"] = normalize_code(fields["uscc"] or "")
    return fields


def _validate_enterprise(ent: Enterprise, *, actor) -> None:
    try:
        ent.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise from_django_validation(exc, Enterprise) from None
    if Enterprise.objects.exclude(pk=ent.pk).filter(uscc=ent.uscc).exists():
        raise orgs_errors.ENTERPRISE_USCC_TAKEN(v=ent.uscc, field="uscc")
    union = ent.covering_union
    if union is not None:
        if not can(actor, "orgs.view", union):
            raise orgs_errors.COVERING_UNION_NOT_FOUND(field="covering_union")
        if union.kind not in COVERING_KINDS or union.status != OrgStatus.ACTIVE:
            raise orgs_errors.COVERING_UNION_INVALID(n=union.name, field="covering_union")


@transaction.atomic
def create_enterprise(*, actor, org: Org, **fields) -> Enterprise:
    """Register an employer in the area of ``org``."""
    if not can(actor, "enterprises.add", org):
        raise _denied()
    if org.status != OrgStatus.ACTIVE:
        raise orgs_errors.PARENT_DISSOLVED(message=_("属地工会“%(name)s”已撤销") % {"name": org.name}, field="org")
    ent = Enterprise(org=org, **_normalize_enterprise(fields))
    _validate_enterprise(ent, actor=actor)
    _set_pinyin(ent)
    try:
        with transaction.atomic():
            ent.save()
    except IntegrityError as exc:
        raise _integrity(exc) from None
    audit.record(
        "orgs.enterprise.created",
        actor=actor,
        obj=ent,
        changes={k: [None, v] for k, v in audit.snapshot(ent, ENTERPRISE_FIELDS).items() if v not in ("", None)},
    )
    return ent


@transaction.atomic
def update_enterprise(ent: Enterprise, *, actor, **changes) -> Enterprise:
    """Edit an employer's details, including which union covers it."""
    ent = locking.lock_enterprise(ent)
    if not can(actor, "enterprises.change", ent.org):
        raise _denied()
    before = audit.snapshot(ent, ENTERPRISE_FIELDS)
    for key, value in _normalize_enterprise(changes).items():
        setattr(ent, key, value)
    _validate_enterprise(ent, actor=actor)
    _set_pinyin(ent)
    try:
        with transaction.atomic():
            ent.save()
    except IntegrityError as exc:
        raise _integrity(exc) from None
    changed = audit.diff(before, audit.snapshot(ent, ENTERPRISE_FIELDS))
    if changed:
        audit.record("orgs.enterprise.updated", actor=actor, obj=ent, changes=changed)
    return ent
