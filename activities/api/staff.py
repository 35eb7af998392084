"""The staff API of activities: activities in the caller's scope, their registrations, the draw, check-in and
figures (``/activities``), and series, partners and proposals (``/activity-series``).

Staff find objects only inside their scope (``restrict(user, "activities.view")``), so anything outside it answers
404 exactly like an unknown id; whether they may change a visible object is the service's decision (403
``permission_denied``). Endpoints never write to the ORM themselves: every change goes through ``services``,
``proposals``, ``lottery``, ``checkin`` or ``partner_accounts``.
"""

from datetime import datetime
from enum import StrEnum

from django.db.models import Avg, Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from accounts.models import User
from activities import errors
from core.api import Paging, paginate, with_errors
from core.errors import DomainError
from core.scoping import can
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org

from .. import checkin, lottery, partner_accounts, proposals, selectors, services
from ..models import Activity, Feedback, Participation, Partner, Proposal, Registration, Series
from .schemas import (
    ActivityDetailOut,
    ActivityFiguresOut,
    ActivityFilters,
    ActivityIn,
    ActivityPage,
    ActivityPatch,
    ActivityReasonIn,
    CheckInCodeOut,
    CheckInOut,
    DrawOut,
    PartnerFilters,
    PartnerIn,
    PartnerOut,
    PartnerPage,
    ProposalFilters,
    ProposalOut,
    ProposalPage,
    ProposalReviewIn,
    RegistrantFilters,
    RegistrantOut,
    RegistrantPage,
    ReviewIn,
    SeriesFilters,
    SeriesIn,
    SeriesOut,
    SeriesPage,
    TicketIn,
    WalkInIn,
    check_in_answer,
)

activities_router = Router(tags=["活动"])
series_router = Router(tags=["活动系列与合伙人"])

VIEW = "activities.view"
DRAW_METHOD = _(
    '每份申请的排序键为 SHA-256("<种子>:<报名 id>") 的十六进制值；按排序键升序依次分配名额（已达本系列每人每月'
    "中签上限的会员跳过），其余申请按同一顺序候补。任何人用公布的种子和报名 id 即可复算。"
)


# --- Helpers ---------------------------------------------------------------------------------------------------


def _not_found(what, *, field: str) -> DomainError:
    """The refusal for an object named in a request body that does not exist or is out of scope."""
    return errors.NOT_FOUND(message=_("%(w)s不存在或不在您的管理范围内") % {"w": what}, field=field)


def _empty_page(paging: Paging) -> dict:
    """A page with nothing on it, answered without touching the database."""
    return {"count": 0, "page": paging.page, "page_size": paging.page_size, "items": []}


def _activities(user):
    """Activities inside ``user``'s scope, with what every answer names already joined."""
    return Activity.objects.restrict(user, VIEW).select_related("series", "organiser", "audience_org")


def _get_activity(user, pk: int, permission: str = VIEW) -> Activity:
    """The activity ``pk`` inside the caller's scope for ``permission``, or 404."""
    qs = Activity.objects.restrict(user, permission).select_related("series", "organiser", "audience_org", "created_by")
    return get_object_or_404(qs, pk=pk)


def _scoped_org(user, code: str, *, field: str, what=None) -> Org:
    """An org named in a request body inside the caller's activity scope; otherwise ``not_found``."""
    org = Org.objects.restrict(user, VIEW).filter(code=normalize_code(code)).first()
    if org is None:
        raise _not_found(_("%(w)s“%(c)s”") % {"w": what or _("组织"), "c": code}, field=field)
    return org


def _series_for(user, pk: int, organiser: Org) -> Series:
    """A series an activity of ``organiser`` may belong to: one in the caller's scope, or one run by the organiser
    or an org above it (a grassroots union holds an event in its town's series)."""
    series = Series.objects.select_related("owner").filter(pk=pk).first()
    if series is None or not (organiser.path.startswith(series.owner.path) or can(user, VIEW, series.owner)):
        raise _not_found(_("活动系列"), field="series")
    return series


def _audience_org(user, code: str, organiser: Org) -> Org:
    """The audience org: in the caller's scope, or above the organiser (the service checks the line)."""
    org = Org.objects.filter(code=normalize_code(code)).first()
    if org is None or not (organiser.path.startswith(org.path) or can(user, VIEW, org)):
        raise _not_found(_("面向组织“%(c)s”") % {"c": code}, field="audience_org")
    return org


def _activity_fields(user, data: dict, organiser: Org) -> dict:
    """Request fields as the services take them: codes and ids resolved to objects, enums to values."""
    fields = {k: (v.value if isinstance(v, StrEnum) else v) for k, v in data.items()}
    if "series" in fields:
        fields["series"] = _series_for(user, fields["series"], organiser) if fields["series"] is not None else None
    if "audience_org" in fields:
        code = fields["audience_org"]
        fields["audience_org"] = _audience_org(user, code, organiser) if code else None
    if "audience_tags" in fields:
        fields["audience_tags"] = [getattr(t, "value", t) for t in fields["audience_tags"]]
    if fields.get("description", "") is None:
        fields["description"] = ""
    return fields


def _registrations(activity: Activity):
    """An activity's registrations with the member and union every answer names."""
    return Registration.objects.filter(activity=activity).select_related("member__union")


def _series(user):
    """Series in the caller's scope with their partner, proposal, conversion and activity counts."""
    return (
        Series.objects.restrict(user, VIEW)
        .select_related("owner")
        .annotate(
            n_partners=Count("proposals__partner", distinct=True),
            n_proposals=Count("proposals", distinct=True),
            n_approved=Count("proposals", filter=Q(proposals__status=Proposal.Status.APPROVED), distinct=True),
            n_activities=Count("activities", distinct=True),
        )
    )


def _partners(user):
    return (
        Partner.objects.restrict(user, VIEW)
        .select_related("org")
        .prefetch_related(Prefetch("users", queryset=User.objects.order_by("username")))
    )


def _proposals_qs():
    return Proposal.objects.select_related("series", "partner", "reviewed_by", "activity")


def _staff_proposals(user):
    return _proposals_qs().restrict(user, VIEW)


# --- Activities: staff ----------------------------------------------------------------------------------------


@activities_router.get(
    "",
    response=with_errors({200: ActivityPage}),
    summary="活动列表",
    description="您管理范围内主办的活动，开始时间晚的在前。`under` 指向您看不到的组织时结果为空。",
)
def list_activities(request, filters: Query[ActivityFilters]):
    """Scoped, filtered, paged activities; four queries whatever the page size (token, scope, count, page)."""
    qs = _activities(request.auth)
    if filters.q and filters.q.strip():
        qs = qs.filter(title__icontains=filters.q.strip())
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.category:
        qs = qs.filter(category=filters.category.value)
    if filters.mode:
        qs = qs.filter(mode=filters.mode.value)
    if filters.series is not None:
        qs = qs.filter(series_id=filters.series)
    if filters.under is not None:
        anchor = Org.objects.restrict(request.auth, VIEW).filter(code=normalize_code(filters.under)).first()
        if anchor is None:
            return _empty_page(filters)
        qs = qs.filter(organiser__path__startswith=anchor.path)
    return paginate(selectors.starting_between(qs, filters.starts_from, filters.starts_to), filters)


@activities_router.post(
    "",
    response=with_errors({201: ActivityDetailOut}, 400, 403, 404),
    summary="新建活动",
    description="新建草稿活动，发布后会员才能看到和报名。主办组织、活动系列、面向组织不在管理范围内时返回 404。",
)
def create_activity(request, payload: ActivityIn):
    """Through ``services.create_activity``; answers 201 with the draft."""
    organiser = _scoped_org(request.auth, payload.organiser, field="organiser", what=_("主办组织"))
    fields = _activity_fields(request.auth, payload.model_dump(exclude={"organiser"}), organiser)
    activity = services.create_activity(actor=request.auth, organiser=organiser, **fields)
    return Status(201, _get_activity(request.auth, activity.pk))


@activities_router.get(
    "/{activity_id}",
    response=with_errors({200: ActivityDetailOut}, 404),
    summary="活动详情",
    description="活动的全部信息，含抽签种子（截止报名时公布）。",
)
def get_activity(request, activity_id: int):
    """One activity in the caller's scope."""
    return _get_activity(request.auth, activity_id)


@activities_router.patch(
    "/{activity_id}",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="修改活动",
    description="只修改请求中出现的字段。已结束或已取消的活动不能修改；名额不能少于已确认人数。",
)
def update_activity(request, activity_id: int, payload: ActivityPatch):
    """Partial update through ``services.update_activity``."""
    activity = _get_activity(request.auth, activity_id)
    changes = _activity_fields(request.auth, payload.model_dump(exclude_unset=True), activity.organiser)
    services.update_activity(activity, actor=request.auth, **changes)
    return _get_activity(request.auth, activity.pk)


@activities_router.post(
    "/{activity_id}/publish",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="发布活动",
    description="草稿 → 报名中：会员可以看到并在报名时间内报名。",
)
def publish_activity(request, activity_id: int):
    """Through ``services.publish``."""
    services.publish(_get_activity(request.auth, activity_id), actor=request.auth)
    return _get_activity(request.auth, activity_id)


@activities_router.post(
    "/{activity_id}/close",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="截止报名",
    description="报名中 → 报名截止。抽签活动此时公布抽签种子，之后才能抽签，任何人都可以用种子复核结果。",
)
def close_activity(request, activity_id: int):
    """Through ``services.close_registration``."""
    services.close_registration(_get_activity(request.auth, activity_id), actor=request.auth)
    return _get_activity(request.auth, activity_id)


@activities_router.post(
    "/{activity_id}/finish",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="结束活动",
    description="标记活动已结束，参加者可以评价。",
)
def finish_activity(request, activity_id: int):
    """Through ``services.finish``."""
    services.finish(_get_activity(request.auth, activity_id), actor=request.auth)
    return _get_activity(request.auth, activity_id)


@activities_router.post(
    "/{activity_id}/cancel",
    response=with_errors({200: ActivityDetailOut}, 400, 403, 404),
    summary="取消活动",
    description="取消活动并填写原因，所有报名者都会收到通知。",
)
def cancel_activity(request, activity_id: int, payload: ActivityReasonIn):
    """Through ``services.cancel_activity``."""
    services.cancel_activity(_get_activity(request.auth, activity_id), actor=request.auth, reason=payload.reason)
    return _get_activity(request.auth, activity_id)


@activities_router.get(
    "/{activity_id}/registrations",
    response=with_errors({200: RegistrantPage}, 404),
    summary="报名名单",
    description="活动的报名者，按排队顺序（候补按此顺序递补）。手机号遮盖显示。",
)
def list_registrations(request, activity_id: int, filters: Query[RegistrantFilters]):
    """Paged registrants of a visible activity; five queries whatever the page size."""
    activity = _get_activity(request.auth, activity_id)
    qs = _registrations(activity)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return paginate(qs, filters)


@activities_router.post(
    "/{activity_id}/registrations/{registration_id}/review",
    response=with_errors({200: RegistrantOut}, 400, 403, 404, 409),
    summary="审核报名",
    description="审核报名方式的活动：确认名额（名额已满时返回 409 `activity_full`）或不通过。报名者会收到通知。",
)
def review_registration(request, activity_id: int, registration_id: int, payload: ReviewIn):
    """Through ``services.review_registration``."""
    activity = _get_activity(request.auth, activity_id)
    reg = get_object_or_404(_registrations(activity), pk=registration_id)
    services.review_registration(reg, actor=request.auth, approve=payload.approve)
    return get_object_or_404(_registrations(activity), pk=registration_id)


@activities_router.post(
    "/{activity_id}/draw",
    response=with_errors({200: DrawOut}, 400, 403, 404),
    summary="抽签",
    description="截止报名（种子已公布）后对抽签活动开奖，只能进行一次。中签者收到通知；其余申请按抽签顺序候补"
    "（未启用候补时为未中签）。同一系列设有每人每月中签上限时，已达上限的会员不再中签。",
)
def draw(request, activity_id: int):
    """Through ``lottery.draw``."""
    activity = _get_activity(request.auth, activity_id)
    winners = lottery.draw(activity, actor=request.auth)
    activity.refresh_from_db(fields=["drawn_at"])
    return {
        "seed": activity.lottery_seed,
        "drawn_at": activity.drawn_at,
        "applications": activity.registrations.exclude(status=Registration.Status.CANCELLED).count(),
        "winners": [r.pk for r in winners],
        "method": str(DRAW_METHOD),
    }


@activities_router.post(
    "/{activity_id}/check-in",
    response=with_errors({200: CheckInOut}, 400, 403, 404),
    summary="验票签到",
    description="工作人员扫描电子票二维码或输入票码签到。重复扫码无害：返回 `already: true`。"
    "不是本活动的票返回 404 `ticket_not_found`；候补、已取消等未确认的报名不能签到。",
)
def check_in(request, activity_id: int, payload: TicketIn):
    """Through ``checkin.check_in_ticket``; idempotent."""
    activity = _get_activity(request.auth, activity_id)
    reg, created = checkin.check_in_ticket(activity, payload.code, actor=request.auth, method=payload.method)
    return check_in_answer(reg, None, created)


@activities_router.post(
    "/{activity_id}/walk-ins",
    response=with_errors({200: CheckInOut}, 400, 403, 404),
    summary="现场登记",
    description="现场加入的参与者：会员填写会员证号，非会员填写姓名。同一会员重复登记返回 `already: true`。",
)
def walk_in(request, activity_id: int, payload: WalkInIn):
    """Through ``checkin.walk_in``."""
    activity = _get_activity(request.auth, activity_id)
    member = None
    if payload.card_no and payload.card_no.strip():
        member = Member.objects.filter(card_no=payload.card_no.strip()).first()
        if member is None:
            raise errors.CARD_NOT_FOUND(c=payload.card_no, field="card_no")
    participation, created = checkin.walk_in(activity, actor=request.auth, member=member, name=payload.name or "")
    reg = None
    if member is not None:
        reg = Registration.objects.select_related("member").filter(activity=activity, member=member).first()
        if reg is not None and reg.status != Registration.Status.CONFIRMED:
            reg = None
    return check_in_answer(reg, participation, created)


@activities_router.get(
    "/{activity_id}/check-in-code",
    response=with_errors({200: CheckInCodeOut}, 404),
    summary="现场签到码",
    description="现场屏幕显示的自助签到码，每 30 秒更换，前一个签到码在下一个周期内仍有效；转发的截图很快失效。"
    "仅限有签到权限的工作人员。",
)
def check_in_code(request, activity_id: int):
    """The current rotating token for the venue screen."""
    activity = _get_activity(request.auth, activity_id, "activities.checkin")
    now = timezone.now()
    rotation = services.ROTATION_SECONDS
    window_end = (int(now.timestamp()) // rotation + 1) * rotation
    return {
        "code": checkin.rotating_token(activity, now),
        "rotation_seconds": rotation,
        "expires_at": datetime.fromtimestamp(window_end, tz=timezone.get_current_timezone()),
    }


@activities_router.get(
    "/{activity_id}/figures",
    response=with_errors({200: ActivityFiguresOut}, 404),
    summary="参与情况统计",
    description="各状态的报名数、参与人次与人数、到场率和平均评分。",
)
def figures(request, activity_id: int):
    """Counts of one activity in four aggregate queries."""
    activity = _get_activity(request.auth, activity_id)
    counts = {s.value: 0 for s in Registration.Status}
    counts.update(
        dict(activity.registrations.values_list("status").annotate(n=Count("id")).order_by().values_list("status", "n"))
    )
    confirmed = activity.registrations.filter(status=Registration.Status.CONFIRMED)
    attended = confirmed.filter(checked_in_at__isnull=False).count()
    parts = activity.participations.aggregate(
        total=Count("id"),
        members=Count("member", distinct=True),
        guests=Count("id", filter=Q(member__isnull=True)),
        walk_ins=Count("id", filter=Q(method=Participation.Method.WALK_IN)),
    )
    ratings = Feedback.objects.filter(activity=activity).aggregate(n=Count("id"), avg=Avg("rating"))
    n_confirmed = counts[Registration.Status.CONFIRMED]
    return {
        "activity_id": activity.pk,
        "capacity": activity.capacity,
        "registrations": counts,
        "participations": parts["total"],
        "members": parts["members"],
        "guests": parts["guests"],
        "walk_ins": parts["walk_ins"],
        "attendance_rate": round(100 * attended / n_confirmed, 1) if n_confirmed else None,
        "ratings": ratings["n"],
        "average_rating": round(ratings["avg"], 1) if ratings["avg"] is not None else None,
    }


# --- Series, partners, proposals: staff -----------------------------------------------------------------------


@series_router.get(
    "",
    response=with_errors({200: SeriesPage}),
    summary="活动系列列表",
    description="您管理范围内的活动系列，附合伙人数、方案数、采纳数和活动数。",
)
def list_series(request, filters: Query[SeriesFilters]):
    """Scoped, paged series with counts; four queries whatever the page size."""
    qs = _series(request.auth)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.under is not None:
        anchor = Org.objects.restrict(request.auth, VIEW).filter(code=normalize_code(filters.under)).first()
        if anchor is None:
            return _empty_page(filters)
        qs = qs.filter(owner__path__startswith=anchor.path)
    return paginate(qs, filters)


@series_router.post(
    "",
    response=with_errors({201: SeriesOut}, 400, 403, 404),
    summary="新建活动系列",
    description="为主办组织新建某一年度的活动系列（如“镇工友缘”），可设每人每月抽签中签上限。",
)
def create_series(request, payload: SeriesIn):
    """Through ``proposals.create_series``."""
    owner = _scoped_org(request.auth, payload.owner, field="owner", what=_("主办组织"))
    series = proposals.create_series(
        actor=request.auth,
        owner=owner,
        name=payload.name,
        year=payload.year,
        description=payload.description,
        monthly_lottery_wins=payload.monthly_lottery_wins,
    )
    return Status(201, get_object_or_404(_series(request.auth), pk=series.pk))


@series_router.get(
    "/partners",
    response=with_errors({200: PartnerPage}),
    summary="合伙人列表",
    description="与您管理范围内的工会合作的合伙人及其登录账号。",
)
def list_partners(request, filters: Query[PartnerFilters]):
    """Scoped, paged partners; five queries whatever the page size (token, scope, count, page, accounts)."""
    qs = _partners(request.auth)
    if filters.q and filters.q.strip():
        qs = qs.filter(name__icontains=filters.q.strip())
    return paginate(qs, filters)


@series_router.post(
    "/partners",
    response=with_errors({201: PartnerOut}, 400, 403, 404),
    summary="新增合伙人",
    description="登记合伙人并开通登录账号：每个账号的登录名为 p+手机号，设置密码的一次性链接以短信发送。"
    "合伙人账号只能看到和提交本单位的创意方案。",
)
def create_partner(request, payload: PartnerIn):
    """Through ``partner_accounts.create_partner_with_accounts``."""
    org = _scoped_org(request.auth, payload.org, field="org")
    partner = partner_accounts.create_partner_with_accounts(
        actor=request.auth,
        org=org,
        name=payload.name,
        kind=payload.kind.value,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        accounts=[a.model_dump() for a in payload.accounts],
    )
    return Status(201, get_object_or_404(_partners(request.auth), pk=partner.pk))


@series_router.get(
    "/proposals",
    response=with_errors({200: ProposalPage}),
    summary="创意方案列表",
    description="提交到您管理范围内活动系列的创意方案，新提交的在前。",
)
def list_proposals(request, filters: Query[ProposalFilters]):
    """Scoped, paged proposals; four queries whatever the page size (token, scope, count, page)."""
    qs = _staff_proposals(request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.series is not None:
        qs = qs.filter(series_id=filters.series)
    if filters.partner is not None:
        qs = qs.filter(partner_id=filters.partner)
    return paginate(qs, filters)


@series_router.get(
    "/proposals/{proposal_id}",
    response=with_errors({200: ProposalOut}, 404),
    summary="创意方案详情",
    description="一份创意方案及其审核情况。",
)
def get_proposal(request, proposal_id: int):
    """One proposal in the caller's scope."""
    return get_object_or_404(_staff_proposals(request.auth), pk=proposal_id)


@series_router.post(
    "/proposals/{proposal_id}/review",
    response=with_errors({200: ProposalOut}, 400, 403, 404),
    summary="审核创意方案",
    description="采纳（生成草稿活动，待完善后发布）、退回修改或不采纳；退回和不采纳须填写意见。合伙人会收到通知。",
)
def review_proposal(request, proposal_id: int, payload: ProposalReviewIn):
    """Through ``proposals.review_proposal``."""
    proposal = get_object_or_404(_staff_proposals(request.auth), pk=proposal_id)
    proposals.review_proposal(proposal, actor=request.auth, decision=payload.decision.value, comment=payload.comment)
    return get_object_or_404(_staff_proposals(request.auth), pk=proposal_id)
