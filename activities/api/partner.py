"""The partner API of activities: a partner account (a user in ``Partner.users``) sees only its partners' proposals
and the series they may submit to (``/partner``)."""

from functools import reduce
from operator import or_

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from activities import errors
from core.api import paginate, with_errors
from core.errors import DomainError
from orgs.models import Org

from .. import proposals
from ..models import Partner, Proposal, Series
from .schemas import (
    PartnerRef,
    ProposalContentIn,
    ProposalFilters,
    ProposalIn,
    ProposalOut,
    ProposalPage,
    SeriesOut,
)

partner_router = Router(tags=["合伙人：创意方案"])


def _not_found(what, *, field: str) -> DomainError:
    """The refusal for an object named in a request body that does not exist or is out of scope."""
    return errors.NOT_FOUND(message=_("%(w)s不存在或不在您的管理范围内") % {"w": what}, field=field)


def _proposals_qs():
    return Proposal.objects.select_related("series", "partner", "reviewed_by", "activity")


def _my_partners(user):
    """The partners ``user`` is an account of."""
    return Partner.objects.filter(users=user).select_related("org")


def _partner_series(partners: list[Partner]):
    """Series a partner may submit to: run by its org, an org above it, or one below it (the service's rule)."""
    conditions = []
    for p in partners:
        above = [p.org.path[: i * Org.steplen] for i in range(1, p.org.depth + 1)]
        conditions.append(Q(owner__path__startswith=p.org.path) | Q(owner__path__in=above))
    if not conditions:
        return Series.objects.none()
    return Series.objects.filter(reduce(or_, conditions)).select_related("owner").distinct()


def _partner_proposals(user):
    return _proposals_qs().filter(partner__users=user)


# --- Partners' own work ---------------------------------------------------------------------------------------


@partner_router.get(
    "/partners",
    response=with_errors({200: list[PartnerRef]}),
    summary="我的合伙人单位",
    description="您的账号所属的合伙人单位。",
)
def my_partners(request):
    """The partners the caller is an account of."""
    return list(_my_partners(request.auth))


@partner_router.get(
    "/series",
    response=with_errors({200: list[SeriesOut]}),
    summary="可投稿的活动系列",
    description="您所属合伙人单位可以提交方案的活动系列（合作工会及其上下级主办的）。",
)
def partner_series(request):
    """Series open to the caller's partners, with their counts."""
    ids = _partner_series(list(_my_partners(request.auth))).values("pk")
    return list(
        Series.objects.filter(pk__in=ids)
        .select_related("owner")
        .annotate(
            n_partners=Count("proposals__partner", distinct=True),
            n_proposals=Count("proposals", distinct=True),
            n_approved=Count("proposals", filter=Q(proposals__status=Proposal.Status.APPROVED), distinct=True),
            n_activities=Count("activities", distinct=True),
        )
    )


@partner_router.get(
    "/proposals",
    response=with_errors({200: ProposalPage}),
    summary="我的创意方案",
    description="您所属合伙人单位提交的方案，新提交的在前。",
)
def my_proposals(request, filters: Query[ProposalFilters]):
    """The partner's own proposals; three queries whatever the page size (token, count, page)."""
    qs = _partner_proposals(request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.series is not None:
        qs = qs.filter(series_id=filters.series)
    if filters.partner is not None:
        qs = qs.filter(partner_id=filters.partner)
    return paginate(qs, filters)


@partner_router.post(
    "/proposals",
    response=with_errors({201: ProposalOut}, 400, 403, 404),
    summary="提交创意方案",
    description="以所属合伙人单位的名义向活动系列提交方案，等待工会审核。",
)
def submit_proposal(request, payload: ProposalIn):
    """Through ``proposals.submit_proposal``."""
    partners = list(_my_partners(request.auth))
    partner = next((p for p in partners if p.pk == payload.partner), None)
    if partner is None:
        raise _not_found(_("合伙人单位"), field="partner")
    series = _partner_series([partner]).filter(pk=payload.series).first()
    if series is None:
        raise _not_found(_("活动系列"), field="series")
    proposal = proposals.submit_proposal(
        actor=request.auth,
        partner=partner,
        series=series,
        **payload.model_dump(include={"title", "content", "expected_participants"}),
        category=payload.category.value,
    )
    return Status(201, get_object_or_404(_partner_proposals(request.auth), pk=proposal.pk))


@partner_router.get(
    "/proposals/{proposal_id}",
    response=with_errors({200: ProposalOut}, 404),
    summary="我的一份创意方案",
    description="一份方案及其审核意见。",
)
def my_proposal(request, proposal_id: int):
    """One of the partner's own proposals; anyone else's is 404."""
    return get_object_or_404(_partner_proposals(request.auth), pk=proposal_id)


@partner_router.post(
    "/proposals/{proposal_id}/resubmit",
    response=with_errors({200: ProposalOut}, 400, 403, 404),
    summary="修改后重新提交方案",
    description="被退回修改的方案，按审核意见修改后重新提交。",
)
def resubmit_proposal(request, proposal_id: int, payload: ProposalContentIn):
    """Through ``proposals.submit_proposal`` with the returned proposal."""
    qs = _partner_proposals(request.auth).select_related("partner__org", "series__owner")
    proposal = get_object_or_404(qs, pk=proposal_id)
    proposals.submit_proposal(
        actor=request.auth,
        partner=proposal.partner,
        series=proposal.series,
        proposal=proposal,
        **payload.model_dump(include={"title", "content", "expected_participants"}),
        category=payload.category.value,
    )
    return get_object_or_404(_partner_proposals(request.auth), pk=proposal_id)
