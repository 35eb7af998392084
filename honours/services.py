"""Every write of the honours register: titles per district, awards recorded directly (a past honour, a higher
body's decision), nominations up the tree with a review at each level, and the outcome of a recommendation to a
higher body. Each function is atomic, takes the acting user as the keyword-only ``actor``, checks permission with
``core.scoping.require``, records its audit event and raises the declared errors of ``honours.errors``."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.dates import is_real
from core.errors import DomainError, ValidationFailed
from core.notify import notify
from core.scoping import require
from orgs.models import Org, OrgKind

from . import errors, locking
from .models import Award, Category, Level, Nomination, Review, Title

VIEW, NOMINATE, REVIEW, TITLES = "honours.view", "honours.nominate", "honours.review", "honours.titles"

ACTION_LABELS = {
    "honours.title.created": _("设立荣誉称号"),
    "honours.title.changed": _("修改荣誉称号"),
    "honours.award.recorded": _("登记荣誉"),
    "honours.nomination.created": _("推荐荣誉"),
    "honours.nomination.reviewed": _("审核荣誉推荐"),
    "honours.nomination.concluded": _("登记上级评选结果"),
}

LIVE = (Nomination.Status.REVIEWING, Nomination.Status.FORWARDED, Nomination.Status.AWARDED)


def _year(year) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise errors.INVALID_YEAR()
    return year


@transaction.atomic
def create_title(*, actor, org: Org, name: str, category: str, care_entitled: bool | None = None) -> Title:
    """A district (区/市总工会) sets a title of its own, under its own name (凤麓工匠)."""
    require(actor, TITLES, org)
    found: list[DomainError] = []
    name = (name or "").strip()
    if not name or len(name) > 50:
        found.append(errors.NAME_REQUIRED())
    if category not in Category.values:
        found.append(errors.INVALID_CATEGORY())
    if org.kind != OrgKind.FEDERATION:
        found.append(errors.NOT_A_DISTRICT())
    if found:
        raise ValidationFailed(found)
    if Title.objects.filter(org=org, name=name).exists():
        raise errors.NAME_TAKEN(name=name)
    entitled = category == Category.MODEL_WORKER if care_entitled is None else bool(care_entitled)
    title = Title.objects.create(org=org, name=name, category=category, care_entitled=entitled)
    audit.record("honours.title.created", actor=actor, obj=title, data={"category": category, "name": name})
    return title


@transaction.atomic
def change_title(title: Title, *, actor, name: str | None = None, active: bool | None = None) -> Title:
    """Rename a title or switch it off (its past awards stay)."""
    require(actor, TITLES, title.org)
    before = {"name": title.name, "active": title.active}
    if name is not None:
        name = name.strip()
        if not name or len(name) > 50:
            raise errors.NAME_REQUIRED()
        if Title.objects.filter(org=title.org, name=name).exclude(pk=title.pk).exists():
            raise errors.NAME_TAKEN(name=name)
        title.name = name
    if active is not None:
        title.active = bool(active)
    title.save(update_fields=["name", "active"])
    audit.record(
        "honours.title.changed",
        actor=actor,
        obj=title,
        changes={k: [v, getattr(title, k)] for k, v in before.items() if v != getattr(title, k)},
    )
    return title


def _holder(union: Org, title: Title, member, org, holder_name: str):
    """(member, org, name) of the one honoured: a member of ``union``'s sub-tree for an individual title, a
    collective (an org of the sub-tree, and/or a named team) for a collective one."""
    if title.individual:
        if member is None:
            raise errors.HOLDER_REQUIRED()
        if not member.union.path.startswith(union.path):
            raise errors.MEMBER_NOT_BELOW()
        return member, None, member.name
    name = (holder_name or "").strip()[:100]
    if org is not None and not org.path.startswith(union.path):
        raise errors.HOLDER_REQUIRED()
    if not name and org is None:
        raise errors.HOLDER_REQUIRED()
    return None, org, name or org.name


def _check_title(title: Title, union: Org, level: str, year) -> int:
    found: list[DomainError] = []
    if level not in Level.values:
        found.append(errors.INVALID_LEVEL())
    try:
        year = _year(year)
    except DomainError as exc:
        found.append(exc)
    if not union.path.startswith(title.org.path):
        found.append(errors.TITLE_NOT_ABOVE())
    if found:
        raise ValidationFailed(found)
    return year


@transaction.atomic
def record_award(
    title: Title,
    *,
    actor,
    union: Org,
    level: str,
    year,
    awarding_body: str,
    awarded_on: date | None = None,
    member=None,
    org=None,
    holder_name: str = "",
) -> Award:
    """Record an honour held (a past one, or one a higher body conferred directly) without a nomination."""
    require(actor, NOMINATE, union)
    year = _check_title(title, union, level, year)
    member, org, name = _holder(union, title, member, org, holder_name)
    body = (awarding_body or "").strip()
    if not body or len(body) > 100:
        raise errors.BODY_REQUIRED()
    awarded_on = awarded_on or timezone.localdate()
    if awarded_on > timezone.localdate() or not is_real(awarded_on):
        raise errors.INVALID_DATE()
    award = Award.objects.create(
        title=title,
        level=level,
        year=year,
        awarded_on=awarded_on,
        awarding_body=body,
        union=org or (member.union if member else union),
        member=member,
        holder_name=name,
        recorded_by=actor,
    )
    audit.record(
        "honours.award.recorded", actor=actor, obj=award, data={"title": title.name, "level": level, "year": year}
    )
    return award


def first_reviewer(union: Org, title: Title) -> Org:
    """The first org to review a nomination by ``union``: its parent, or itself when it set the title."""
    if union.pk == title.org_id:
        return union
    return Org.objects.get_parent(union)


@transaction.atomic
def nominate(
    title: Title,
    *,
    actor,
    union: Org,
    level: str,
    year,
    member=None,
    org=None,
    holder_name: str = "",
    reason: str = "",
    source: str = "",
) -> Nomination:
    """A union (or a town, or the organiser of a contest) nominates a member or a collective for a title; the
    nomination waits for the review of the org above it."""
    require(actor, NOMINATE, union)
    if not title.active:
        raise errors.TITLE_INACTIVE()
    year = _check_title(title, union, level, year)
    member, org, name = _holder(union, title, member, org, holder_name)
    same = Nomination.objects.filter(title=title, year=year, status__in=LIVE)
    if (member and same.filter(member=member).exists()) or (
        not member and same.filter(member__isnull=True, holder_name=name).exists()
    ):
        raise errors.ALREADY_NOMINATED(name=name, year=year, title=title.name)
    nomination = Nomination.objects.create(
        title=title,
        level=level,
        year=year,
        union=union,
        member=member,
        org=org,
        holder_name=name,
        reason=(reason or "").strip()[:2000],
        source=(source or "")[:200],
        at_org=first_reviewer(union, title),
        created_by=actor,
    )
    audit.record(
        "honours.nomination.created",
        actor=actor,
        obj=nomination,
        data={"title": title.name, "level": level, "year": year, "at_org": nomination.at_org.code},
    )
    return nomination


def _award_for(nomination: Nomination, *, actor, body: str, awarded_on: date) -> Award:
    return Award.objects.create(
        title=nomination.title,
        level=nomination.level,
        year=nomination.year,
        awarded_on=awarded_on,
        awarding_body=body,
        union=nomination.org or (nomination.member.union if nomination.member else nomination.union),
        member=nomination.member,
        holder_name=nomination.holder_name,
        nomination=nomination,
        recorded_by=actor,
    )


@transaction.atomic
def review(nomination: Nomination, *, actor, approve: bool, note: str = "") -> Nomination:
    """The awaited org reviews a nomination. Not approving ends it. Approving passes it to the org above; at the
    district that set the title it is decided: a 区级 title is conferred (an award is recorded), a higher one is
    recommended to the higher body (推荐上报) and waits for ``conclude``."""
    nomination = locking.lock_nomination(nomination)
    if nomination.status != Nomination.Status.REVIEWING:
        raise errors.NOT_REVIEWING()
    at = nomination.at_org
    require(actor, REVIEW, at)
    note = (note or "").strip()[:200]
    if not approve and not note:
        raise errors.NOTE_REQUIRED()
    now = timezone.now()
    if not approve:
        decision = Review.Decision.REJECT
        nomination.status, nomination.decided_at, nomination.at_org = Nomination.Status.REJECTED, now, None
    elif at.pk != nomination.title.org_id:
        decision = Review.Decision.FORWARD
        nomination.at_org = Org.objects.get_parent(at)
    elif nomination.level == Level.DISTRICT:
        decision = Review.Decision.APPROVE
        nomination.status, nomination.decided_at, nomination.at_org = Nomination.Status.AWARDED, now, None
        _award_for(nomination, actor=actor, body=at.name, awarded_on=timezone.localdate())
    else:
        decision = Review.Decision.RECOMMEND
        nomination.status, nomination.at_org = Nomination.Status.FORWARDED, None
    nomination.save(update_fields=["status", "decided_at", "at_org"])
    Review.objects.create(nomination=nomination, org=at, decision=decision, note=note, actor=actor, at=now)
    audit.record(
        "honours.nomination.reviewed",
        actor=actor,
        obj=nomination,
        data={"org": at.code, "decision": str(decision), "status": nomination.status},
    )
    if nomination.member and nomination.member.user_id and nomination.status == Nomination.Status.AWARDED:
        notify(
            [nomination.member.user],
            f"荣誉：{nomination.title.name}",
            f"您已被授予{nomination.get_level_display()}“{nomination.title.name}”称号。",
        )
    return nomination


@transaction.atomic
def conclude(
    nomination: Nomination, *, actor, awarded: bool, awarding_body: str = "", awarded_on: date | None = None
) -> Nomination:
    """The district records what the higher body decided on a recommendation (推荐上报): conferred (an award is
    recorded, from that body) or not."""
    nomination = locking.lock_nomination(nomination)
    require(actor, REVIEW, nomination.title.org)
    if nomination.status != Nomination.Status.FORWARDED:
        raise errors.NOT_FORWARDED()
    now = timezone.now()
    if awarded:
        body = (awarding_body or "").strip()
        if not body or len(body) > 100:
            raise errors.BODY_REQUIRED()
        awarded_on = awarded_on or timezone.localdate()
        if awarded_on > timezone.localdate() or not is_real(awarded_on):
            raise errors.INVALID_DATE()
        _award_for(nomination, actor=actor, body=body, awarded_on=awarded_on)
        nomination.status = Nomination.Status.AWARDED
    else:
        nomination.status = Nomination.Status.REJECTED
    nomination.decided_at = now
    nomination.save(update_fields=["status", "decided_at"])
    audit.record("honours.nomination.concluded", actor=actor, obj=nomination, data={"awarded": bool(awarded)})
    return nomination
