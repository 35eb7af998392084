"""Pairings and alliances (结对共建, 工会联盟): two or more parties pairing up for a period with goals and progress
records; alliances (工会联盟, 阵地联盟, 社区工会联合会) with member unions joining and leaving on dates, a lead union,
shared places (whose 联盟 resources the members may book) and joint activities held with co-organisers.

Who keeps one: the ``owner`` org, inside the actor's ``unionlife.alliances`` scope. The parties and member unions
may be anywhere in the tree (an alliance crosses town lines, as the 联盟单位 of a shared venue always could); the
lead union is in the owner's sub-tree. See docs/unionlife.md for who sees what."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from activities import services as activity_services
from activities.locking import lock_activity
from core import audit
from core.dates import is_real
from core.errors import DomainError, ValidationFailed
from core.scoping import can, require
from orgs.models import COVERING_KINDS, OrgStatus

from .. import errors, locking
from ..models import Alliance, AllianceMember, JointActivity, Pairing, PairingParty, PairingRecord
from . import ALLIANCES

CLOSING = (Pairing.Status.COMPLETED, Pairing.Status.ENDED)


def _real(day) -> bool:
    return isinstance(day, date) and is_real(day)


def _is_union(org) -> bool:
    return org is not None and org.kind in COVERING_KINDS and org.status == OrgStatus.ACTIVE


# --- Pairings ------------------------------------------------------------------------------------------------------


def _clean_parties(parties) -> list[dict]:
    """Each party is ``{"org": Org}`` or ``{"kind": "community"|"department"|"enterprise"|"other", "name": "…"}``."""
    clean, seen = [], set()
    for n, p in enumerate(parties or [], start=1):
        org = p.get("org")
        if org is not None:
            if org.status != OrgStatus.ACTIVE:
                raise errors.INVALID_PARTY(n=n, reason=f"{org.name} 已撤销")
            if org.pk in seen:
                raise errors.INVALID_PARTY(n=n, reason=f"{org.name} 重复")
            seen.add(org.pk)
            clean.append({"kind": PairingParty.Kind.ORG, "org": org, "name": org.name})
            continue
        kind, name = p.get("kind"), str(p.get("name") or "").strip()
        if kind not in PairingParty.Kind.values or kind == PairingParty.Kind.ORG:
            raise errors.INVALID_PARTY(n=n, reason="类型应为社区、部门、企业或其他单位")
        if not name or len(name) > 100:
            raise errors.INVALID_PARTY(n=n, reason="单位名称必填，最多 100 字")
        clean.append({"kind": kind, "org": None, "name": name})
    if len(clean) < 2 or not seen:
        raise errors.PARTIES_TOO_FEW()
    return clean


@transaction.atomic
def create_pairing(
    *, actor, owner, title: str, goals: str, starts_on: date | None, ends_on: date | None, parties
) -> Pairing:
    """Record a 结对共建 kept by ``owner``: two or more parties (at least one org of the tree) for a period with
    goals. Every problem of the form is reported at once."""
    require(actor, ALLIANCES, owner)
    title, goals = (title or "").strip(), (goals or "").strip()
    found: list[DomainError] = []
    if not title or len(title) > 100:
        found.append(errors.NAME_REQUIRED(field="title"))
    if not goals:
        found.append(errors.GOALS_REQUIRED())
    if not _real(starts_on):
        found.append(errors.STARTS_REQUIRED())
    if not _real(ends_on):
        found.append(errors.ENDS_REQUIRED())
    elif _real(starts_on) and ends_on < starts_on:
        found.append(errors.ENDS_BEFORE_START())
    clean: list[dict] = []
    try:
        clean = _clean_parties(parties)
    except DomainError as exc:
        found.append(exc)
    if found:
        raise ValidationFailed(found)
    pairing = Pairing.objects.create(
        owner=owner, title=title, goals=goals, starts_on=starts_on, ends_on=ends_on, created_by=actor
    )
    PairingParty.objects.bulk_create([PairingParty(pairing=pairing, **p) for p in clean])
    audit.record(
        "unionlife.pairing.created",
        actor=actor,
        obj=pairing,
        data={
            "parties": [p["org"].code if p["org"] else f"{p['kind']}:{p['name']}" for p in clean],
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
    )
    return pairing


def _open_pairing(pairing, actor) -> Pairing:
    pairing = locking.lock_pairing(pairing)
    require(actor, ALLIANCES, pairing.owner)
    if pairing.status != Pairing.Status.ACTIVE:
        raise errors.PAIRING_CLOSED(status=pairing.get_status_display())
    return pairing


def may_record(actor, pairing) -> bool:
    """Progress may be recorded by the owner's managers and by those of a party org of the tree."""
    if can(actor, ALLIANCES, pairing.owner):
        return True
    return any(can(actor, ALLIANCES, p.org) for p in pairing.parties.all() if p.org_id)


@transaction.atomic
def add_pairing_record(pairing, *, actor, happened_on: date | None, text: str) -> PairingRecord:
    """A progress record (what the parties did together on a day), by the owner or one of the party orgs."""
    pairing = locking.lock_pairing(pairing)
    if not may_record(actor, pairing):
        require(actor, ALLIANCES, pairing.owner)
    if pairing.status != Pairing.Status.ACTIVE:
        raise errors.PAIRING_CLOSED(status=pairing.get_status_display())
    text = (text or "").strip()
    found: list[DomainError] = []
    if not _real(happened_on) or happened_on < pairing.starts_on or happened_on > timezone.localdate():
        found.append(errors.RECORD_DATE_INVALID())
    if not text:
        found.append(errors.RECORD_TEXT_REQUIRED())
    if found:
        raise ValidationFailed(found)
    record = PairingRecord.objects.create(pairing=pairing, happened_on=happened_on, text=text, recorded_by=actor)
    audit.record(
        "unionlife.pairing.recorded",
        actor=actor,
        obj=pairing,
        data={"record": record.pk, "on": happened_on.isoformat()},
    )
    return record


@transaction.atomic
def close_pairing(pairing, *, actor, status: str, closed_on: date | None = None, note: str = "") -> Pairing:
    """End a pairing as completed (已完成) or ended early (已终止) on a day (today by default)."""
    pairing = _open_pairing(pairing, actor)
    closed_on = closed_on or timezone.localdate()
    found: list[DomainError] = []
    if status not in CLOSING:
        found.append(errors.INVALID_CLOSE_STATUS())
    if not _real(closed_on) or closed_on < pairing.starts_on or closed_on > timezone.localdate():
        found.append(errors.CLOSED_ON_INVALID())
    if found:
        raise ValidationFailed(found)
    pairing.status, pairing.closed_on, pairing.closing_note = status, closed_on, (note or "").strip()[:300]
    pairing.save(update_fields=["status", "closed_on", "closing_note"])
    audit.record(
        "unionlife.pairing.closed",
        actor=actor,
        obj=pairing,
        data={"status": status, "closed_on": closed_on.isoformat(), "note": pairing.closing_note},
    )
    return pairing


# --- Alliances -----------------------------------------------------------------------------------------------------


def _check_places(places, owner, unions) -> None:
    roots = [owner.path] + [u.path for u in unions]
    for place in places:
        if not any(place.org.path.startswith(r) for r in roots):
            raise errors.PLACE_NOT_SHARED(name=place.name)


@transaction.atomic
def create_alliance(
    *,
    actor,
    owner,
    name: str,
    kind: str,
    lead,
    founded_on: date | None,
    members=(),
    places=(),
    description: str = "",
) -> Alliance:
    """Record an alliance kept by ``owner`` with its lead union (in the owner's sub-tree, a member from the
    founding day) and the other founding members (unions anywhere in the tree) and shared places (of the owner or
    a member)."""
    require(actor, ALLIANCES, owner)
    name = (name or "").strip()
    today = timezone.localdate()
    found: list[DomainError] = []
    if not name or len(name) > 100:
        found.append(errors.NAME_REQUIRED())
    if kind not in Alliance.Kind.values:
        found.append(errors.INVALID_ALLIANCE_KIND())
    if not _real(founded_on) or founded_on > today:
        found.append(errors.FOUNDED_REQUIRED())
    if not _is_union(lead) or not lead.path.startswith(owner.path):
        found.append(errors.LEAD_NOT_BELOW())
    unions = list(dict.fromkeys([lead, *members])) if lead is not None else list(dict.fromkeys(members))
    for union in unions:
        if union is not lead and not _is_union(union):
            found.append(errors.NOT_A_UNION(name=union.name))
            break
    try:
        _check_places(places, owner, unions)
    except DomainError as exc:
        found.append(exc)
    if found:
        raise ValidationFailed(found)
    alliance = Alliance.objects.create(
        owner=owner,
        name=name,
        kind=kind,
        lead=lead,
        founded_on=founded_on,
        description=(description or "").strip(),
        created_by=actor,
    )
    AllianceMember.objects.bulk_create(
        [AllianceMember(alliance=alliance, union=u, joined_on=founded_on) for u in unions]
    )
    alliance.places.set(places)
    audit.record(
        "unionlife.alliance.created",
        actor=actor,
        obj=alliance,
        data={
            "kind": kind,
            "lead": lead.code,
            "members": [u.code for u in unions],
            "places": [p.pk for p in places],
            "founded_on": founded_on.isoformat(),
        },
    )
    return alliance


def _live_alliance(alliance, actor) -> Alliance:
    alliance = locking.lock_alliance(alliance)
    require(actor, ALLIANCES, alliance.owner)
    if alliance.status != Alliance.Status.ACTIVE:
        raise errors.ALLIANCE_DISSOLVED(day=alliance.dissolved_on.isoformat() if alliance.dissolved_on else "")
    return alliance


def current_members(alliance) -> list:
    """The member unions of the alliance today (open memberships), lead first."""
    rows = AllianceMember.objects.filter(alliance=alliance, left_on__isnull=True).select_related("union")
    unions = [m.union for m in rows.order_by("joined_on", "pk")]
    return sorted(unions, key=lambda u: u.pk != alliance.lead_id)


@transaction.atomic
def add_member(alliance, *, actor, union, joined_on: date | None = None) -> AllianceMember:
    """A union joins the alliance on ``joined_on`` (today by default)."""
    alliance = _live_alliance(alliance, actor)
    joined_on = joined_on or timezone.localdate()
    if not _is_union(union):
        raise errors.NOT_A_UNION(name=union.name, field="union")
    if not _real(joined_on) or joined_on < alliance.founded_on or joined_on > timezone.localdate():
        raise errors.JOINED_ON_INVALID()
    if AllianceMember.objects.filter(alliance=alliance, union=union, left_on__isnull=True).exists():
        raise errors.ALREADY_MEMBER(name=union.name)
    try:
        with transaction.atomic():
            member = AllianceMember.objects.create(alliance=alliance, union=union, joined_on=joined_on)
    except IntegrityError as exc:  # the partial unique index: another request added it first
        raise errors.ALREADY_MEMBER(name=union.name) from exc
    audit.record(
        "unionlife.alliance.member_added",
        actor=actor,
        obj=alliance,
        data={"union": union.code, "joined_on": joined_on.isoformat()},
    )
    return member


@transaction.atomic
def remove_member(membership, *, actor, left_on: date | None = None) -> AllianceMember:
    """A member union leaves the alliance on ``left_on`` (today by default); the lead union cannot leave."""
    alliance = _live_alliance(membership.alliance, actor)
    membership = AllianceMember.objects.select_related("union").get(pk=membership.pk)
    if membership.left_on is not None:
        raise errors.MEMBER_LEFT(day=membership.left_on.isoformat())
    if membership.union_id == alliance.lead_id:
        raise errors.LEAD_CANNOT_LEAVE()
    left_on = left_on or timezone.localdate()
    if not _real(left_on) or left_on < membership.joined_on or left_on > timezone.localdate():
        raise errors.LEFT_ON_INVALID()
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    audit.record(
        "unionlife.alliance.member_left",
        actor=actor,
        obj=alliance,
        data={"union": membership.union.code, "left_on": left_on.isoformat()},
    )
    return membership


@transaction.atomic
def set_places(alliance, *, actor, places) -> Alliance:
    """The places the alliance shares (each the owner's or a current member's): members may book their 联盟
    resources."""
    alliance = _live_alliance(alliance, actor)
    places = list(dict.fromkeys(places))
    _check_places(places, alliance.owner, current_members(alliance))
    before = sorted(alliance.places.values_list("pk", flat=True))
    alliance.places.set(places)
    after = sorted(p.pk for p in places)
    audit.record("unionlife.alliance.places_set", actor=actor, obj=alliance, changes={"places": [before, after]})
    return alliance


@transaction.atomic
def add_joint_activity(alliance, *, actor, activity, co_organisers=None) -> JointActivity:
    """Record an activity the alliance holds jointly: its organiser is a current member (or the owner), and the
    co-organisers (by default every other current member) become the activity's co-organisers, whose staff then
    see it. Needs ``activities.manage`` over the organiser as well."""
    activity = lock_activity(activity, "organiser")  # 42, before the alliance (95)
    alliance = _live_alliance(alliance, actor)
    members = current_members(alliance)
    member_ids = {u.pk for u in members}
    if activity.organiser_id not in member_ids | {alliance.owner_id}:
        raise errors.ORGANISER_NOT_MEMBER()
    if co_organisers is None:
        co_organisers = [u for u in members if u.pk != activity.organiser_id]
    for org in co_organisers:
        if org.pk not in member_ids:
            raise errors.CO_ORGANISER_NOT_MEMBER(name=org.name)
    if JointActivity.objects.filter(alliance=alliance, activity=activity).exists():
        raise errors.ALREADY_JOINT()
    existing = list(activity.co_organisers.all())
    activity_services.set_co_organisers(activity, actor=actor, orgs=[*existing, *co_organisers])
    link = JointActivity.objects.create(alliance=alliance, activity=activity, added_by=actor)
    audit.record(
        "unionlife.alliance.activity_added",
        actor=actor,
        obj=alliance,
        data={"activity": activity.pk, "co_organisers": [o.code for o in co_organisers]},
    )
    return link


@transaction.atomic
def dissolve_alliance(alliance, *, actor, dissolved_on: date | None = None) -> Alliance:
    """Dissolve the alliance on a day (today by default): every open membership ends that day and its shared
    places stop being bookable through it."""
    alliance = _live_alliance(alliance, actor)
    dissolved_on = dissolved_on or timezone.localdate()
    if not _real(dissolved_on) or dissolved_on < alliance.founded_on or dissolved_on > timezone.localdate():
        raise errors.DISSOLVED_ON_INVALID()
    AllianceMember.objects.filter(alliance=alliance, left_on__isnull=True).update(left_on=dissolved_on)
    alliance.status, alliance.dissolved_on = Alliance.Status.DISSOLVED, dissolved_on
    alliance.save(update_fields=["status", "dissolved_on"])
    audit.record(
        "unionlife.alliance.dissolved", actor=actor, obj=alliance, data={"dissolved_on": dissolved_on.isoformat()}
    )
    return alliance


# --- Booking: the alliance's shared places ------------------------------------------------------------------------


def partners_of(resource) -> list[tuple[str, list]]:
    """For ``places``: the active alliances sharing the resource's place, each with its current member unions (who,
    with the orgs under them, may book the resource's 联盟 slots)."""
    alliances = Alliance.objects.filter(places=resource.place_id, status=Alliance.Status.ACTIVE).order_by("pk")
    found = []
    for alliance in alliances:
        rows = AllianceMember.objects.filter(alliance=alliance, left_on__isnull=True).select_related("union")
        found.append((alliance.name, [m.union for m in rows.order_by("pk")]))
    return found
