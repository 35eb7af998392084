"""API of transfers between unions (转会): visible from either end; accepted or declined by the receiving union,
withdrawn by the sending one."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from core.api import paginate, with_errors
from core.errors import DomainError
from core.scoping import EVERYTHING, path_q, scope_paths
from core.validators import normalize_code
from members import errors, services
from members.api.schemas import (
    AcceptIn,
    Direction,
    MemberNoteIn,
    TransferFilters,
    TransferIn,
    TransferOut,
    TransferPage,
)
from members.models import Transfer
from orgs.models import Org

from .members import member_in_scope

transfers_router = Router(tags=["转会"])


def _transfers(user):
    """Transfers visible from either end, with everything the answer names joined in one query."""
    return Transfer.objects.restrict(user, "members.view").select_related(
        "member", "from_union", "to_union", "requested_by", "decided_by"
    )


def _get_transfer(user, pk: int) -> Transfer:
    """The transfer ``pk`` with an end inside the caller's scope, or 404."""
    return get_object_or_404(_transfers(user), pk=pk)


def _receiving_union(code: str) -> Org:
    """The union a member is transferred to. It may lie outside the caller's scope (a town admin sends a member
    to another town's union), so it is looked up unscoped, but only by its exact code, and a refusal names
    nothing about it beyond what the caller typed."""
    union = Org.objects.filter(code=normalize_code(code)).first()
    if union is None:
        raise errors.NOT_FOUND(message=_("转入工会：组织代码“%(c)s”不存在") % {"c": code}, field="to_union")
    return union


# --- Transfers ------------------------------------------------------------------------------------------------


@transfers_router.get(
    "",
    response=with_errors({200: TransferPage}),
    summary="转会列表",
    description="转出或转入工会在您管理范围内的转会，新发起的在前。`direction` 按您的管理范围区分转入与转出。",
)
def list_transfers(request, filters: Query[TransferFilters]):
    """Scoped, filtered, paged transfers; four queries whatever the page size (token, scope, count, page)."""
    qs = _transfers(request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.direction:
        paths = scope_paths(request.auth, "members.view")
        if paths is not EVERYTHING:
            end = "to_union__path" if filters.direction == Direction.INCOMING else "from_union__path"
            qs = qs.filter(path_q(end, paths))
    if filters.member is not None:
        qs = qs.filter(member_id=filters.member)
    return paginate(qs, filters)


@transfers_router.post(
    "",
    response=with_errors({201: TransferOut}, 400, 403, 404),
    summary="发起转会",
    description="把在册会员转到另一个工会（转出）。转入工会可以不在您的管理范围内（如转到其他镇街的工会），"
    "但须按组织代码准确填写，且能登记会员。转入工会接收后会员才转过去。",
)
def create_transfer(request, payload: TransferIn):
    """Through ``services.request_transfer``; answers 201 with the transfer."""
    member = member_in_scope(request.auth, payload.member)
    to_union = _receiving_union(payload.to_union)
    try:
        transfer = services.request_transfer(member, to_union, actor=request.auth, reason=payload.reason)
    except DomainError as exc:
        if exc.field != "union":
            raise
        # The service explains why a union cannot hold members (dissolved, its kind); for a union outside the
        # caller's scope that says more than its name, so the refusal stays general.
        raise errors.UNION_CANNOT_HOLD_MEMBERS(n=to_union.name, field="to_union") from None
    return Status(201, _get_transfer(request.auth, transfer.pk))


@transfers_router.get(
    "/{transfer_id}",
    response=with_errors({200: TransferOut}, 404),
    summary="转会详情",
    description="转出或转入工会在您管理范围内的一笔转会。",
)
def get_transfer(request, transfer_id: int):
    """One transfer visible from either end."""
    return _get_transfer(request.auth, transfer_id)


@transfers_router.post(
    "/{transfer_id}/accept",
    response=with_errors({200: TransferOut}, 400, 403, 404),
    summary="接收转会",
    description="转入工会接收：会员转入本工会，转出与转入都记入会籍变动记录。只有转入端可以接收。",
)
def accept_transfer(request, transfer_id: int, payload: AcceptIn):
    """Through ``services.accept_transfer``."""
    transfer = _get_transfer(request.auth, transfer_id)
    services.accept_transfer(transfer, actor=request.auth, note=payload.note, on=payload.on)
    return _get_transfer(request.auth, transfer.pk)


@transfers_router.post(
    "/{transfer_id}/reject",
    response=with_errors({200: TransferOut}, 400, 403, 404),
    summary="拒绝转会",
    description="转入工会拒绝并说明原因，会员留在原工会。只有转入端可以拒绝。",
)
def reject_transfer(request, transfer_id: int, payload: MemberNoteIn):
    """Through ``services.reject_transfer``."""
    transfer = _get_transfer(request.auth, transfer_id)
    services.reject_transfer(transfer, actor=request.auth, note=payload.note)
    return _get_transfer(request.auth, transfer.pk)


@transfers_router.post(
    "/{transfer_id}/cancel",
    response=with_errors({200: TransferOut}, 400, 403, 404),
    summary="撤回转会",
    description="转出工会撤回尚未处理的转会。只有转出端可以撤回。",
)
def cancel_transfer(request, transfer_id: int):
    """Through ``services.cancel_transfer``."""
    transfer = _get_transfer(request.auth, transfer_id)
    services.cancel_transfer(transfer, actor=request.auth)
    return _get_transfer(request.auth, transfer.pk)
