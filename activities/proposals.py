"""Activity series, partner organisations (合伙人) and their proposals (创意方案); an approved proposal becomes a
draft activity."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import errors
from core import audit
from core.errors import PERMISSION_DENIED
from core.notify import notify
from core.scoping import require

from . import locking
from .models import Activity, Partner, Proposal, Series

# --- Series, partners, proposals ---------------------------------------------------------------------------------


@transaction.atomic
def create_series(
    *, actor, owner, name: str, year: int, description: str = "", monthly_lottery_wins: int | None = None
) -> Series:
    """A federation sets up an activity series for a year."""
    require(actor, "activities.manage", owner)
    name = (name or "").strip()
    if not name:
        raise errors.NAME_REQUIRED(message=_("系列名称：请填写系列名称"), field="name")
    if Series.objects.filter(owner=owner, year=year, name=name).exists():
        raise errors.SERIES_EXISTS(y=year, n=name, field="name")
    series = Series.objects.create(
        owner=owner, name=name, year=year, description=description, monthly_lottery_wins=monthly_lottery_wins
    )
    audit.record("activities.series.created", actor=actor, obj=series)
    return series


@transaction.atomic
def create_partner(
    *, actor, org, name: str, kind: str, contact_name: str = "", contact_phone: str = "", users=()
) -> Partner:
    """Register a partner organisation (合伙人) of ``org``; ``users`` are its accounts."""
    require(actor, "activities.manage", org)
    name = (name or "").strip()
    if not name:
        raise errors.NAME_REQUIRED(message=_("合伙人名称：请填写名称"), field="name")
    if Partner.objects.filter(org=org, name=name).exists():
        raise errors.PARTNER_EXISTS(n=name, field="name")
    partner = Partner.objects.create(
        org=org, name=name, kind=kind, contact_name=contact_name, contact_phone=contact_phone
    )
    partner.users.set(users)
    audit.record("activities.partner.created", actor=actor, obj=partner)
    return partner


@transaction.atomic
def submit_proposal(
    *,
    actor,
    partner: Partner,
    series: Series,
    title: str,
    content: str,
    category: str,
    expected_participants: int = 0,
    proposal: Proposal | None = None,
) -> Proposal:
    """A partner submits a proposal to a series of the federation it works with, or resubmits a returned one."""
    if not partner.users.filter(pk=actor.pk).exists():
        raise PERMISSION_DENIED()
    if not series.owner.path.startswith(partner.org.path) and not partner.org.path.startswith(series.owner.path):
        raise errors.SERIES_NOT_OPEN(field="series")
    if not (title or "").strip() or not (content or "").strip():
        raise errors.PROPOSAL_INCOMPLETE(field="title")
    if proposal is None:
        proposal = Proposal(partner=partner, series=series, submitted_by=actor)
    elif proposal.partner_id != partner.pk or proposal.status != Proposal.Status.RETURNED:
        raise errors.PROPOSAL_NOT_EDITABLE()
    proposal.title, proposal.content, proposal.category = title.strip(), content.strip(), category
    proposal.expected_participants, proposal.status = expected_participants, Proposal.Status.SUBMITTED
    proposal.save()
    audit.record("activities.proposal.submitted", actor=actor, obj=proposal, org=series.owner)
    return proposal


@transaction.atomic
def review_proposal(proposal: Proposal, *, actor, decision: str, comment: str = "") -> Proposal:
    """Approve (it becomes a draft activity to complete), return with comments, or reject."""
    proposal = locking.lock_proposal(proposal)
    require(actor, "activities.manage", proposal.series.owner)
    if proposal.status != Proposal.Status.SUBMITTED:
        raise errors.PROPOSAL_DECIDED(s=proposal.get_status_display())
    statuses = {
        "approve": Proposal.Status.APPROVED,
        "return": Proposal.Status.RETURNED,
        "reject": Proposal.Status.REJECTED,
    }
    if decision not in statuses:
        raise errors.INVALID_DECISION()
    if decision != "approve" and not (comment or "").strip():
        raise errors.COMMENT_REQUIRED(field="comment")
    proposal.status, proposal.review_comment = statuses[decision], (comment or "").strip()[:500]
    proposal.reviewed_by, proposal.reviewed_at = actor, timezone.now()
    proposal.save()
    if decision == "approve":
        now = timezone.now()
        Activity.objects.create(
            title=proposal.title,
            series=proposal.series,
            proposal=proposal,
            organiser=proposal.series.owner,
            category=proposal.category,
            description=proposal.content,
            starts_at=now + timedelta(days=30),
            ends_at=now + timedelta(days=30, hours=2),
            address=_("待定"),
            capacity=max(proposal.expected_participants, 1),
            registration_opens_at=now,
            registration_closes_at=now + timedelta(days=25),
            created_by=actor,
        )
    audit.record(
        "activities.proposal.reviewed",
        actor=actor,
        obj=proposal,
        org=proposal.series.owner,
        data={"decision": decision, "comment": proposal.review_comment},
    )
    notify(
        proposal.partner.users.all(),
        _("方案审核结果"),
        _("您的方案“%(t)s”：%(s)s。%(c)s")
        % {"t": proposal.title, "s": proposal.get_status_display(), "c": proposal.review_comment},
    )
    return proposal
