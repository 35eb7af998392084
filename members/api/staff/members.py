"""API of the roster: members. Every endpoint is scoped through ``restrict``; transfers and applications are in
``transfers`` and ``applications`` beside this module.

Members and applications are found only inside the caller's scope (``members.view`` / ``members.approve``),
transfers from either end, so anything outside it answers 404 exactly like an unknown id. Whether the caller may
change a visible object is the service function's decision (403 ``permission_denied``); endpoints never write
to the ORM themselves. ID numbers and phone numbers are always masked; the full ID number is only returned by
``reveal-id``, which needs ``members.view_pii`` and a reason and is audited.

The three public endpoints under ``/applications`` (consent notice, eligible unions, submitting an application)
need no token: they are what the member site and app call before the worker has an account.
"""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from core.api import Paging, with_errors
from core.errors import DomainError
from core.scoping import scope_paths
from core.validators import normalize_code
from members import cards, errors, selectors, services
from members.api.schemas import (
    CARD_STATUS_LABELS,
    VERIFY_MESSAGES,
    CardOut,
    CardStatus,
    MemberDetailOut,
    MemberFilters,
    MemberIn,
    MemberPage,
    MemberPatch,
    MemberReasonIn,
    RevealOut,
    StatusIn,
    VerifyCode,
    VerifyOut,
    VerifyQuery,
)
from members.models import Member, MembershipEvent, Transfer
from members.paging import capped_count, page_rows
from orgs.models import Enterprise, Org

members_router = Router(tags=["会员"])

# --- Helpers --------------------------------------------------------------------------------------------------


def _not_found(what, *, field: str) -> DomainError:
    """The refusal for an object named in a request body that does not exist or is out of scope."""
    return errors.NOT_FOUND(message=_("%(w)s不存在或不在您的管理范围内") % {"w": what}, field=field)


def _members(user, permission: str = "members.view"):
    """Members inside ``user``'s scope with the union and employer every answer names already joined."""
    return Member.objects.restrict(user, permission).select_related("union", "employer")


def member_in_scope(user, pk: int) -> Member:
    """The member ``pk`` inside the caller's view scope, or 404."""
    return get_object_or_404(_members(user), pk=pk)


def _member_detail(user, pk: int) -> Member:
    """A member in the caller's view scope with tags, history and pending transfer loaded, or 404."""
    events = MembershipEvent.objects.select_related("union", "other_union", "actor")
    member = get_object_or_404(_members(user).prefetch_related("tags", Prefetch("events", queryset=events)), pk=pk)
    member.pending_transfer = (
        Transfer.objects.filter(member=member, status=Transfer.Status.PENDING).select_related("to_union").first()
    )
    return member


def _member_union(user, code: str) -> Org:
    """The union named in a new member's body: one the caller cannot see is ``not_found`` for that field."""
    union = Org.objects.restrict(user, "members.view").filter(code=normalize_code(code)).first()
    if union is None:
        raise _not_found(_("工会“%(c)s”") % {"c": code}, field="union")
    return union


def _staff_employer(user, pk: int) -> Enterprise:
    """An employer staff name for a member: registered in their enterprise scope, or covered by a union in their
    roster scope (a grassroots admin cannot see the register of the town, but their own firm's members work
    there)."""
    in_register = Enterprise.objects.restrict(user, "enterprises.view").values("pk")
    covered = Org.objects.restrict(user, "members.view").values("pk")
    ent = Enterprise.objects.filter(Q(pk__in=in_register) | Q(covering_union__in=covered), pk=pk).first()
    if ent is None:
        raise _not_found(_("工作单位"), field="employer")
    return ent


def _card(member: Member) -> dict:
    """The card answer for a member."""
    status = CardStatus.VALID if member.is_holding else CardStatus.ENDED
    return {
        "card_no": member.card_no,
        "status": status,
        "status_label": str(CARD_STATUS_LABELS[status]),
        "verify_url": cards.verify_url(member),
        "token": cards.card_token(member),
    }


def _is_staff(user) -> bool:
    """Whether ``user`` holds any staff grant (the grants are read once per request and cached on the user)."""
    return any(scope_paths(user, perm) for perm in ("orgs.view", "members.view"))


def _empty_page(paging: Paging) -> dict:
    """A page with nothing on it, answered without touching the database."""
    return {
        "count": 0,
        "count_exact": True,
        "has_next": False,
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [],
    }


# --- Members --------------------------------------------------------------------------------------------------


@members_router.get(
    "",
    response=with_errors({200: MemberPage}),
    summary="会员列表",
    description="列出您管理范围内的会员，新登记的在前。证件号码和手机号一律遮盖显示。"
    "`union`、`under` 指向您看不到的组织时结果为空。",
)
def list_members(request, filters: Query[MemberFilters]):
    """Scoped, filtered, paged members; five queries whatever the page size (token, scope, count, page, tags)."""
    qs = _members(request.auth).prefetch_related("tags")
    if filters.q and filters.q.strip():
        qs = qs.filter(selectors.search_q(filters.q))
    if filters.union is not None:
        # Within the scope already applied, so a code outside it simply matches nothing.
        qs = qs.filter(union__code=normalize_code(filters.union))
    if filters.under is not None:
        anchor = Org.objects.restrict(request.auth, "members.view").filter(code=normalize_code(filters.under)).first()
        if anchor is None:
            return _empty_page(filters)
        qs = qs.filter(union__path__startswith=anchor.path)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.tag:
        # One row per (member, tag) at most, so the join never repeats a member.
        qs = qs.filter(tags__tag=filters.tag.value)
    if filters.employer is not None:
        qs = qs.filter(employer_id=filters.employer)
    if filters.joined_from:
        qs = qs.filter(joined_on__gte=filters.joined_from)
    if filters.joined_to:
        qs = qs.filter(joined_on__lte=filters.joined_to)
    if filters.gig_platform:
        qs = qs.filter(gig_platform=filters.gig_platform.value)
    return _member_page(qs, filters)


def _member_page(qs, paging: Paging) -> dict:
    """One page of members with a count capped at ``COUNT_CAP`` (a whole district holds a million): one COUNT
    that reads at most the cap, and one SELECT of a row more than the page to tell whether another follows."""
    count, exact = capped_count(qs)
    start = (paging.page - 1) * paging.page_size
    rows = []
    if start < count or not exact:
        rows = list(page_rows(qs.order_by("-id"), start, start + paging.page_size + 1))
    return {
        "count": count,
        "count_exact": exact,
        "has_next": len(rows) > paging.page_size,
        "page": paging.page,
        "page_size": paging.page_size,
        "items": rows[: paging.page_size],
    }


@members_router.post(
    "",
    response=with_errors({201: MemberDetailOut}, 400, 403, 404, 409),
    summary="登记会员",
    description="把一个人登记为所属工会的会员（入会）。字段的校验规则与控制台表单、名册导入相同，"
    "所有问题一次返回（`errors`）。此人已在平台任一工会有有效会籍时返回 `already_member`，请改为办理转会。",
)
def create_member(request, payload: MemberIn):
    """Register through ``services.register_member``; answers 201 with the member's details."""
    union = _member_union(request.auth, payload.union)
    employer = _staff_employer(request.auth, payload.employer) if payload.employer is not None else None
    raw = payload.model_dump(exclude={"union", "employer"})
    member = services.register_member(actor=request.auth, union=union, employer=employer, **raw)
    return Status(201, _member_detail(request.auth, member.pk))


@members_router.get(
    "/verify-card",
    response=with_errors({200: VerifyOut}, 403),
    summary="核验会员证",
    description="核验扫码得到的会员证令牌（`token`，即核验链接最后一段）。需要工作人员令牌；"
    "不需要登录的核验请使用二维码中的核验页面。结果不含证件号码和手机号。",
)
def verify_card(request, params: Query[VerifyQuery]):
    """Any staff member (any grant) may check any card, as at the door of an event; members may not."""
    if not _is_staff(request.auth):
        raise services._denied()
    verdict = cards.verify_card(params.token)
    member = verdict.member
    code = VerifyCode(verdict.code)
    return {
        "genuine": verdict.genuine,
        "code": code,
        "message": str(VERIFY_MESSAGES[code]),
        "name": member.name if member else None,
        "union": member.union if member else None,
        "card_no": member.card_no if member else None,
    }


@members_router.get(
    "/{member_id}",
    response=with_errors({200: MemberDetailOut}, 404),
    summary="会员详情",
    description="会员的全部信息（证件号码、手机号遮盖）、标签、会籍变动记录和待接收的转会。",
)
def get_member(request, member_id: int):
    """One member in the caller's scope, with history."""
    return _member_detail(request.auth, member_id)


@members_router.patch(
    "/{member_id}",
    response=with_errors({200: MemberDetailOut}, 400, 403, 404),
    summary="修改会员信息",
    description="只修改请求中出现的字段，校验规则与登记相同。所属工会通过转会变更，会籍状态通过会籍变动接口变更。",
)
def update_member(request, member_id: int, payload: MemberPatch):
    """Partial update through ``services.update_member``."""
    member = member_in_scope(request.auth, member_id)
    changes = payload.model_dump(exclude_unset=True)
    if "employer" in changes:
        employer_id = changes.pop("employer")
        changes["employer"] = None if employer_id is None else _staff_employer(request.auth, employer_id)
    services.update_member(member, actor=request.auth, **changes)
    return _member_detail(request.auth, member.pk)


@members_router.post(
    "/{member_id}/status",
    response=with_errors({200: MemberDetailOut}, 400, 403, 404),
    summary="会籍变动",
    description="保留会籍、除名、退会，或为保留会籍的会员恢复会籍；记入会籍变动记录。会籍终止后会员证失效。",
)
def change_status(request, member_id: int, payload: StatusIn):
    """Through ``services.change_status``."""
    member = member_in_scope(request.auth, member_id)
    services.change_status(
        member,
        payload.change.value,
        actor=request.auth,
        on=payload.on or timezone.localdate(),
        reason=payload.reason,
    )
    return _member_detail(request.auth, member.pk)


@members_router.post(
    "/{member_id}/reveal-id",
    response=with_errors({200: RevealOut}, 400, 403, 404),
    summary="查看完整证件号码",
    description="需要“个人信息查看员”授权（`members.view_pii`）并填写查看原因；每次查看都记入审计日志。",
)
def reveal_id(request, member_id: int, payload: MemberReasonIn):
    """Through ``services.reveal_id_number`` (permission, reason and audit are its job)."""
    member = member_in_scope(request.auth, member_id)
    return {"id_number": services.reveal_id_number(member, actor=request.auth, reason=payload.reason)}


@members_router.get(
    "/{member_id}/card",
    response=with_errors({200: CardOut}, 404),
    summary="电子会员证",
    description="会员当前的电子会员证：证号、状态、核验链接（二维码内容）与签名令牌。",
)
def get_card(request, member_id: int):
    """The card of a member in the caller's scope."""
    return _card(member_in_scope(request.auth, member_id))


@members_router.post(
    "/{member_id}/revoke-card",
    response=with_errors({200: CardOut}, 400, 403, 404),
    summary="作废会员证",
    description="会员证遗失或被冒用时作废：旧二维码立即失效，返回新的会员证（证号不变）。",
)
def revoke_card(request, member_id: int, payload: MemberReasonIn):
    """Through ``services.revoke_card``; answers with the re-issued card."""
    member = member_in_scope(request.auth, member_id)
    return _card(services.revoke_card(member, actor=request.auth, reason=payload.reason))
