"""Out-of-scope cases of every activities route that names an object (run by core/tests/test_route_scope.py).

乙镇 runs a series with a partner (乙镇书画协会, with its own login) whose proposal waits for review, and an activity
for 乙镇's workers (reviewed registrations) that a 乙一纺织 member has registered for. Then:

- 甲街道's admin asks for the activity, the registration, the series, the partner's account and the proposal on
  every console page and staff endpoint;
- a member of 甲一机械 asks for the 乙 member's registration on the member site, and for the activity (not aimed
  at them) and the registration in the member API (the member site shows any published activity's page: exempt);
- 甲街道's own partner asks for 乙镇's proposal on the partner portal and the partner API.

Every request answers 404, for every method."""

from datetime import timedelta

from django.utils import timezone

from activities import partner_accounts, proposals, services
from core.testing import ScopeTable
from members import joining
from members.models import Member
from members.tests.factories import member

from .factories import open_activity

table = ScopeTable("activities")


def _with_account(m: Member) -> Member:
    joining.ensure_account(m)
    return Member.objects.select_related("user", "union").get(pk=m.pk)


@table.world
def world(w):
    w.asker = w.users.town
    w.series = proposals.create_series(actor=w.users.district, owner=w.tree.town_b, name="乙镇工友缘", year=2026)
    w.partner = proposals.create_partner(actor=w.users.district, org=w.tree.town_b, name="乙镇书画协会", kind="culture")
    partner_user, _pw = partner_accounts.create_partner_account(w.partner, actor=w.users.district, username="yishu")
    w.proposal = proposals.submit_proposal(
        actor=partner_user,
        partner=w.partner,
        series=w.series,
        title="书法进车间",
        content="每周一次",
        category="culture",
    )
    now = timezone.now()
    w.activity = open_activity(
        w.tree.town_b,
        w.users.district,
        mode="review",
        series=w.series,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
        registration_closes_at=now + timedelta(minutes=30),
    )
    w.b_member = _with_account(member(w.tree.union_b1, w.users.union_b, 9200))
    w.registration = services.register(w.activity, w.b_member)
    # The askers on the member site and the partner portal.
    w.a_member = _with_account(member(w.tree.union_a1, w.users.union, 9201))
    own_partner = proposals.create_partner(actor=w.users.town, org=w.tree.town_a, name="甲街道摄影协会", kind="culture")
    w.a_partner, _pw = partner_accounts.create_partner_account(own_partner, actor=w.users.town, username="jiaying")


def _asker(w):
    return w.asker


def _member(w):
    return w.a_member.user


def _partner(w):
    return w.a_partner


FORM = {
    "code": "X",
    "decision": "approve",
    "approve": "1",
    "reason": "核对",
    "name": "张三",
    "username": "scope_x1",
    "comment": "核对",
    "rating": "5",
    "title": "改名",
    "content": "内容",
    "category": "culture",
}

# --- Console pages -------------------------------------------------------------------------------------------------
table.pages(
    ["activities:staff_detail", "activities:export", "activities:screen", "activities:screen_qr"],
    args=lambda w: [w.activity.pk],
    user=_asker,
    methods=("get",),
)
table.pages(
    ["activities:staff_edit", "activities:lottery", "activities:checkin"],
    args=lambda w: [w.activity.pk],
    user=_asker,
    data=lambda w: FORM,
)
table.pages(
    [
        "activities:publish",
        "activities:close",
        "activities:finish",
        "activities:cancel",
        "activities:checkin_ticket",
        "activities:walk_in",
    ],
    args=lambda w: [w.activity.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: FORM,
)
table.pages(
    ["activities:review_registration"],
    args=lambda w: [w.activity.pk, w.registration.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: FORM,
)
table.pages(["activities:series_detail"], args=lambda w: [w.series.pk], user=_asker, methods=("get",))
table.pages(["activities:partner_account"], args=lambda w: [w.partner.pk], user=_asker, data=lambda w: FORM)
table.pages(["activities:proposal_detail"], args=lambda w: [w.proposal.pk], user=_asker, data=lambda w: FORM)

# --- Member site ---------------------------------------------------------------------------------------------------
# A published activity's page is shown to any logged-in member by design: a link shared from another town explains
# whom the activity is for, and registering, rating and self check-in are refused by the services to members outside
# its audience (activities/tests/test_pages.py::test_registration_refusals_are_shown). The member API answers 404.
REASON = "by design any member may read a published activity's page; its actions refuse members outside the audience"
for key in ("member_detail", "member_register", "member_rate", "member_checkin"):
    table.exempt(f"activities:{key}", REASON)
table.pages(["activities:member_cancel"], args=lambda w: [w.registration.pk], user=_member)

# --- Partner portal ------------------------------------------------------------------------------------------------
table.pages(["activities:partner_detail"], args=lambda w: [w.proposal.pk], user=_partner, methods=("get",))
table.pages(["activities:partner_resubmit"], args=lambda w: [w.proposal.pk], user=_partner, data=lambda w: FORM)

# --- Staff API -----------------------------------------------------------------------------------------------------
STAFF_API = {
    "GET /api/v1/activities/{activity_id}": None,
    "PATCH /api/v1/activities/{activity_id}": {"title": "改名"},
    "POST /api/v1/activities/{activity_id}/publish": {},
    "POST /api/v1/activities/{activity_id}/close": {},
    "POST /api/v1/activities/{activity_id}/finish": {},
    "POST /api/v1/activities/{activity_id}/cancel": {"reason": "核对"},
    "GET /api/v1/activities/{activity_id}/registrations": None,
    "POST /api/v1/activities/{activity_id}/draw": {},
    "POST /api/v1/activities/{activity_id}/check-in": {"code": "X"},
    "POST /api/v1/activities/{activity_id}/walk-ins": {"name": "张三"},
    "GET /api/v1/activities/{activity_id}/check-in-code": None,
    "GET /api/v1/activities/{activity_id}/figures": None,
}
for key, body in STAFF_API.items():
    table.api([key], params=lambda w: {"activity_id": w.activity.pk}, user=_asker, body=lambda w, body=body: body)
table.api(
    ["POST /api/v1/activities/{activity_id}/registrations/{registration_id}/review"],
    params=lambda w: {"activity_id": w.activity.pk, "registration_id": w.registration.pk},
    user=_asker,
    body=lambda w: {"approve": True},
)
table.api(
    [
        "GET /api/v1/activity-series/proposals/{proposal_id}",
        "POST /api/v1/activity-series/proposals/{proposal_id}/review",
    ],
    params=lambda w: {"proposal_id": w.proposal.pk},
    user=_asker,
    body=lambda w: {"decision": "approve"},
)

# --- Member API ----------------------------------------------------------------------------------------------------
MEMBER_API = {
    "GET /api/v1/me/activities/{activity_id}": None,
    "POST /api/v1/activities/{activity_id}/register": {},
    "POST /api/v1/activities/{activity_id}/self-check-in": {"code": "X"},
    "POST /api/v1/activities/{activity_id}/feedback": {"rating": 5},
}
for key, body in MEMBER_API.items():
    table.api([key], params=lambda w: {"activity_id": w.activity.pk}, user=_member, body=lambda w, body=body: body)
table.api(
    ["GET /api/v1/me/registrations/{registration_id}", "POST /api/v1/me/registrations/{registration_id}/cancel"],
    params=lambda w: {"registration_id": w.registration.pk},
    user=_member,
)

# --- Partner API ---------------------------------------------------------------------------------------------------
table.api(
    ["GET /api/v1/partner/proposals/{proposal_id}", "POST /api/v1/partner/proposals/{proposal_id}/resubmit"],
    params=lambda w: {"proposal_id": w.proposal.pk},
    user=_partner,
    body=lambda w: {"title": "改名", "content": "内容", "category": "culture"},
)
