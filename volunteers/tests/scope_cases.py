"""The out-of-scope case of every volunteer route that names an object (run by core/tests/test_route_scope.py).

The admin of 甲一 asks for 乙一's team (its page, enrolling, new shift, new record), a volunteer, shift, sign-up and
service record of it; a member of 甲一 who leads 甲一's own team asks on the phone and through the API for 乙一's
shift, sign-up and record. Each answers 404, with a valid body so the scope and not the form refuses."""

from django.utils import timezone

from core.testing import ScopeTable

from .. import services
from .factories import member_with_account, shift, team_with

table = ScopeTable("volunteers")


@table.world
def world(w):
    w.asker = w.users.union
    w.team, (w.b_leader, w.b_member, _third) = team_with(w.tree.union_b1, w.users.union_b, first=960, name="乙一志愿队")
    w.volunteer = w.team.volunteers.get(member=w.b_member)
    w.shift = shift(w.team, w.users.union_b)
    w.signup = services.sign_up(w.shift, w.b_member, actor=w.users.union_b)
    w.record = services.log_record(
        w.b_member, w.team, actor=w.users.union_b, served_on=timezone.localdate(), hours="2", description="助老"
    )
    w.a_team, (w.a_leader, w.a_member, _x) = team_with(w.tree.union_a1, w.users.union, first=970)
    w.a_card = member_with_account(w.tree.union_a1, w.users.union, 980).card_no


def _asker(w):
    return w.asker


def _leader(w):
    return w.a_leader.user


def _today(w):
    return timezone.localdate().isoformat()


table.pages(["volunteers:team"], args=lambda w: [w.team.pk], user=_asker, methods=("get",))
table.pages(["volunteers:shift"], args=lambda w: [w.shift.pk], user=_asker, methods=("get",))
table.pages(
    ["volunteers:team_add_member"],
    args=lambda w: [w.team.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"member": w.a_card},
)
table.pages(
    ["volunteers:shift_create"],
    args=lambda w: [w.team.pk],
    user=_asker,
    data=lambda w: {"title": "岗", "starts_at": "2030-01-01T09:00", "ends_at": "2030-01-01T11:00", "quota": "2"},
)
table.pages(
    ["volunteers:record_create"],
    args=lambda w: [w.team.pk],
    user=_asker,
    data=lambda w: {
        "member": w.b_member.card_no, "team": str(w.team.pk), "served_on": _today(w), "hours": "1",
        "description": "x",
    },
)  # fmt: skip
table.pages(["volunteers:volunteer_leave"], args=lambda w: [w.volunteer.pk], user=_asker, methods=("post",))
table.pages(["volunteers:signup_attended"], args=lambda w: [w.signup.pk], user=_asker, methods=("post",))
table.pages(["volunteers:record_confirm"], args=lambda w: [w.record.pk], user=_asker, methods=("post",))
table.pages(
    ["volunteers:record_reject"],
    args=lambda w: [w.record.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"reason": "不符"},
)
# The phone: a leader of 甲一's team asks for 乙一's objects.
table.pages(["volunteers:member_signup"], args=lambda w: [w.shift.pk], user=_leader, methods=("post",))
table.pages(["volunteers:member_signup_cancel"], args=lambda w: [w.signup.pk], user=_leader, methods=("post",))
table.pages(["volunteers:member_lead_attended"], args=lambda w: [w.signup.pk], user=_leader, methods=("post",))
table.pages(["volunteers:member_lead_confirm"], args=lambda w: [w.record.pk], user=_leader, methods=("post",))
table.pages(
    ["volunteers:member_lead_reject"],
    args=lambda w: [w.record.pk],
    user=_leader,
    methods=("post",),
    data=lambda w: {"reason": "不符"},
)

table.api(
    [
        "GET /api/v1/volunteers/teams/{team_id}",
        "GET /api/v1/volunteers/teams/{team_id}/members",
        "GET /api/v1/volunteers/teams/{team_id}/shifts",
        "POST /api/v1/volunteers/teams/{team_id}/disband",
    ],
    params=lambda w: {"team_id": w.team.pk},
    user=_asker,
)
table.api(
    ["POST /api/v1/volunteers/teams/{team_id}/leader"],
    params=lambda w: {"team_id": w.team.pk},
    user=_asker,
    body=lambda w: {"member_id": w.b_member.pk},
)
table.api(
    ["POST /api/v1/volunteers/teams/{team_id}/members"],
    params=lambda w: {"team_id": w.team.pk},
    user=_asker,
    body=lambda w: {"member": w.a_card},
)
table.api(
    ["POST /api/v1/volunteers/teams/{team_id}/members/{member_id}/leave"],
    params=lambda w: {"team_id": w.team.pk, "member_id": w.b_member.pk},
    user=_asker,
)
table.api(
    ["POST /api/v1/volunteers/teams/{team_id}/shifts"],
    params=lambda w: {"team_id": w.team.pk},
    user=_asker,
    body=lambda w: {
        "title": "岗", "starts_at": "2030-01-01T09:00:00+08:00", "ends_at": "2030-01-01T11:00:00+08:00", "quota": 2,
    },
)  # fmt: skip
table.api(["GET /api/v1/volunteers/shifts/{shift_id}/signups"], params=lambda w: {"shift_id": w.shift.pk}, user=_asker)
table.api(
    ["POST /api/v1/volunteers/signups/{signup_id}/attended"], params=lambda w: {"signup_id": w.signup.pk}, user=_asker
)
table.api(
    ["POST /api/v1/volunteers/records/{record_id}/confirm"], params=lambda w: {"record_id": w.record.pk}, user=_asker
)
table.api(
    ["POST /api/v1/volunteers/records/{record_id}/reject"],
    params=lambda w: {"record_id": w.record.pk},
    user=_asker,
    body=lambda w: {"reason": "不符"},
)
table.api(
    ["POST /api/v1/me/volunteers/shifts/{shift_id}/signup"], params=lambda w: {"shift_id": w.shift.pk}, user=_leader
)
table.api(
    [
        "POST /api/v1/me/volunteers/signups/{signup_id}/cancel",
        "POST /api/v1/me/volunteers/signups/{signup_id}/attended",
    ],
    params=lambda w: {"signup_id": w.signup.pk},
    user=_leader,
)
table.api(
    ["POST /api/v1/me/volunteers/records/{record_id}/confirm"],
    params=lambda w: {"record_id": w.record.pk},
    user=_leader,
)
table.api(
    ["POST /api/v1/me/volunteers/records/{record_id}/reject"],
    params=lambda w: {"record_id": w.record.pk},
    user=_leader,
    body=lambda w: {"reason": "不符"},
)
