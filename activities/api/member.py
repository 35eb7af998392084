"""The member API of activities: open activities, registration, tickets, self check-in and ratings.

A member (a user linked to a roster record) sees the activities whose audience includes their union and only their
own registrations; anything else is 404. ``activities_router`` is mounted at ``/activities`` beside the staff one
(``register``, ``self-check-in``, ``feedback``), ``me_router`` at ``/me``.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status

from activities import errors
from core.api import paginate, with_errors
from members.models import Member

from .. import checkin, selectors, services
from ..models import Activity, Registration
from .schemas import (
    CheckInOut,
    FeedbackIn,
    FeedbackOut,
    MemberActivityDetailOut,
    MemberActivityFilters,
    MemberActivityPage,
    MyRegistrationFilters,
    MyRegistrationOut,
    MyRegistrationPage,
    SelfCheckInIn,
    check_in_answer,
)

activities_router = Router(tags=["活动"])
me_router = Router(tags=["会员：我的活动"])


def _me(request, only: tuple[str, ...] = ()) -> Member:
    """The caller's roster record (its union joined; only the ``only`` fields if given); a token of a user who is
    not a member is refused."""
    qs = Member.objects.select_related("union").filter(user=request.auth)
    member = (qs.only(*only) if only else qs).first()
    if member is None:
        raise errors.NOT_A_MEMBER()
    return member


# What registering reads (visibility, ``services.register``) and answers (``MyRegistrationOut``): on the rush's path
# only these columns are loaded, since composing a select of ~90 columns costs more than the query itself.
REGISTER_MEMBER_FIELDS = ("id", "status", "union", "union__path", "union__name")
REGISTER_ACTIVITY_FIELDS = (
    *("id", "title", "starts_at", "ends_at", "address", "status", "open_to_public", "audience_tags", "mode"),
    *("registration_opens_at", "registration_closes_at", "waitlist_enabled", "capacity", "confirmed"),
    *("organiser", "organiser__path", "organiser__name", "audience_org", "audience_org__path", "audience_org__name"),
)


def _get_member_activity(member: Member, pk: int, only: tuple[str, ...] = ()) -> Activity:
    """An activity visible to ``member`` (only the ``only`` fields if given), or 404. Read by primary key and
    checked in Python: the audience filter in SQL costs more to build than the row costs to fetch."""
    qs = Activity.objects.select_related("organiser", "audience_org")
    qs = qs.only(*only) if only else qs.select_related("series")
    try:
        activity = qs.get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    if not selectors.visible_to(member, activity):
        raise Http404
    return activity


def _attach_my_registrations(member: Member, activities: list[Activity]) -> list[Activity]:
    """Set ``my_registration`` on each activity with one query for the page; cancelled ones count as none."""
    mine = {
        r.activity_id: r
        for r in Registration.objects.filter(member=member, activity__in=activities).exclude(
            status=Registration.Status.CANCELLED
        )
    }
    for a in activities:
        a.my_registration = mine.get(a.pk)
    return activities


def _my_registrations(member: Member):
    return Registration.objects.filter(member=member).select_related("activity")


# --- Activities --------------------------------------------------------------------------------------


@activities_router.post(
    "/{activity_id}/register",
    response=with_errors({200: MyRegistrationOut}, 400, 403, 404, 409),
    summary="报名（会员）",
    description="会员一键报名。幂等：重复提交（如网络重试）返回同一份报名（同一个 id）。先到先得：名额内即确认，"
    "之后进入候补；未启用候补且名额已满时返回 409 `activity_full`。抽签活动为待抽签，审核活动为待审核。"
    "已取消的报名可以重新报名（重新排队）。",
)
def register(request, activity_id: int):
    """Through ``services.register``; the same answer for a retried request. The rush's hot path: five queries for
    a confirmed registration (token, member, activity, row, seat), four once the activity is full (pinned in the
    tests)."""
    member = _me(request, only=REGISTER_MEMBER_FIELDS)
    activity = _get_member_activity(member, activity_id, only=REGISTER_ACTIVITY_FIELDS)
    return services.register(activity, member)


@activities_router.post(
    "/{activity_id}/self-check-in",
    response=with_errors({200: CheckInOut}, 400, 403, 404),
    summary="自助签到（会员）",
    description="会员扫描现场屏幕上的二维码签到。签到码每 30 秒更换，过期或伪造的签到码被拒绝"
    "（`checkin_code_expired`）；只有已确认名额的报名者可以自助签到。重复签到返回 `already: true`。",
)
def self_check_in(request, activity_id: int, payload: SelfCheckInIn):
    """Through ``checkin.self_check_in``."""
    member = _me(request)
    activity = _get_member_activity(member, activity_id)
    participation, created = checkin.self_check_in(activity, member, payload.code)
    reg = Registration.objects.select_related("member").get(activity=activity, member=member)
    return check_in_answer(reg, participation, created)


@activities_router.post(
    "/{activity_id}/feedback",
    response=with_errors({201: FeedbackOut}, 400, 403, 404),
    summary="评价活动（会员）",
    description="参加过的活动结束后评分（1–5）并可留言，每人一次。",
)
def rate(request, activity_id: int, payload: FeedbackIn):
    """Through ``checkin.rate``."""
    member = _me(request)
    activity = _get_member_activity(member, activity_id)
    return Status(201, checkin.rate(activity, member, rating=payload.rating, comment=payload.comment))


@me_router.get(
    "/activities",
    response=with_errors({200: MemberActivityPage}, 403),
    summary="可报名的活动（会员）",
    description="正在报名、面向您所在工会（或向公众开放）且您符合条件的活动，开始早的在前；附您的报名状态。",
)
def my_open_activities(request, filters: Query[MemberActivityFilters]):
    """Open activities the member may join; six queries whatever the page size (token, member, tags, count,
    page, the page's registrations of this member)."""
    member = _me(request)
    now = timezone.now()
    qs = selectors.member_activities(member).filter(status=Activity.Status.PUBLISHED, registration_closes_at__gte=now)
    # The same audience-tag rule as services.eligibility_problem, in SQL so that paging stays exact: an activity
    # limited to some tags lists only for members holding one of them. Tags are stored as a JSON list of codes.
    tags = list(member.tags.values_list("tag", flat=True))
    tag_q = reduce(or_, (Q(audience_tags__icontains=f'"{t}"') for t in tags), Q(audience_tags=[]))
    qs = qs.filter(tag_q).order_by("starts_at", "id")
    if filters.category:
        qs = qs.filter(category=filters.category.value)
    qs = selectors.starting_between(qs, filters.starts_from, filters.starts_to)
    page = paginate(qs, filters)
    _attach_my_registrations(member, page["items"])
    return page


@me_router.get(
    "/activities/{activity_id}",
    response=with_errors({200: MemberActivityDetailOut}, 403, 404),
    summary="活动详情（会员）",
    description="面向您的活动的详情、您的报名状态，以及不能报名时的原因（`problem`）。",
)
def my_activity(request, activity_id: int):
    """One activity visible to the member, with their registration and, if any, why they may not register."""
    member = _me(request)
    activity = _get_member_activity(member, activity_id)
    _attach_my_registrations(member, [activity])
    activity.problem = str(services.eligibility_problem(activity, member) or "") or None
    return activity


@me_router.get(
    "/registrations",
    response=with_errors({200: MyRegistrationPage}, 403),
    summary="我的报名与电子票",
    description="您的全部报名，最近报名的在前；已确认的报名带票码（电子票二维码内容）。",
)
def my_registrations(request, filters: Query[MyRegistrationFilters]):
    """The member's own registrations; four queries whatever the page size (token, member, count, page)."""
    member = _me(request)
    qs = _my_registrations(member).order_by("-created_at", "-id")
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return paginate(qs, filters)


@me_router.get(
    "/registrations/{registration_id}",
    response=with_errors({200: MyRegistrationOut}, 403, 404),
    summary="我的一份报名",
    description="一份报名及其电子票。",
)
def my_registration(request, registration_id: int):
    """One of the member's own registrations; anyone else's is 404."""
    return get_object_or_404(_my_registrations(_me(request)), pk=registration_id)


@me_router.post(
    "/registrations/{registration_id}/cancel",
    response=with_errors({200: MyRegistrationOut}, 400, 403, 404),
    summary="取消报名",
    description="取消自己的报名（已确认的须在取消截止前）；空出的名额自动递补给第一位候补者。重复取消无害。",
)
def cancel_my_registration(request, registration_id: int):
    """Through ``services.cancel_registration``."""
    member = _me(request)
    reg = get_object_or_404(_my_registrations(member), pk=registration_id)
    services.cancel_registration(reg, actor=request.auth)
    return get_object_or_404(_my_registrations(member), pk=registration_id)
