"""Out-of-scope cases of every contests route that names an object (run by core/tests/test_route_scope.py).

乙镇 runs a contest with an event; the admin of 甲街道 asks for them (pages and API); a judge of the district's event
asks for 乙镇's event on the judges' pages and endpoints; a member of 甲一 asks for 乙镇's contest and event on the
phone. Each answers 404."""

from core.testing import ScopeTable
from orgs.tests.factories import UserFactory

from .factories import contest, event, judge, member_with_account

table = ScopeTable("contests")


@table.world
def world(w):
    w.asker = w.users.town
    town_b = UserFactory(username="contest_town_b", grant=(w.tree.town_b, "federation_admin"))
    w.contest = contest(town_b, w.tree.town_b, title="乙镇技术比武")
    w.event = event(town_b, w.contest)
    own = event(w.users.district, contest(w.users.district, w.tree.district), name="电工")
    w.judge = judge(w.users.district, own, "judge_a")
    w.member = member_with_account(w.tree.union_a1, w.users.union, 981)


def _asker(w):
    return w.asker


def _judge(w):
    return w.judge


def _member(w):
    return w.member.user


table.pages(["contests:contest"], args=lambda w: [w.contest.pk], user=_asker, methods=("get",))
table.pages(
    ["contests:event_create"],
    args=lambda w: [w.contest.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"name": "钳工", "mode": "individual", "held_on": w.contest.starts_on.isoformat()},
)
table.pages(["contests:contest_close"], args=lambda w: [w.contest.pk], user=_asker, methods=("post",))
table.pages(["contests:event"], args=lambda w: [w.event.pk], user=_asker, methods=("get",))
EVENT_FORM = {"name": "实操", "max_score": "100", "username": "judge_a", "union": "UA11", "member_phone": "13800000981"}
table.pages(
    [
        "contests:round_create",
        "contests:judge_assign",
        "contests:team_create",
        "contests:entry_create",
        "contests:event_publish",
        "contests:event_propose",
    ],
    args=lambda w: [w.event.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: EVENT_FORM,
)
table.pages(["contests:judge_sheet"], args=lambda w: [w.event.pk], user=_judge, methods=("get",))
table.pages(
    ["contests:judge_score"],
    args=lambda w: [w.event.pk],
    user=_judge,
    methods=("post",),
    data=lambda w: {"round": w.event.rounds.first().pk, "entry": "1", "value": "90"},
)
table.pages(["contests:member_contest"], args=lambda w: [w.contest.pk], user=_member, methods=("get",))
table.pages(["contests:member_enter"], args=lambda w: [w.event.pk], user=_member, methods=("post",))

table.api(
    ["GET /api/v1/contests/contests/{contest_id}", "GET /api/v1/contests/contests/{contest_id}/events",
     "POST /api/v1/contests/contests/{contest_id}/close"],
    params=lambda w: {"contest_id": w.contest.pk},
    user=_asker,
)  # fmt: skip
table.api(
    ["POST /api/v1/contests/contests/{contest_id}/events"],
    params=lambda w: {"contest_id": w.contest.pk},
    user=_asker,
    body=lambda w: {"name": "钳工", "held_on": w.contest.starts_on.isoformat()},
)
table.api(
    ["GET /api/v1/contests/events/{event_id}", "GET /api/v1/contests/events/{event_id}/entries",
     "POST /api/v1/contests/events/{event_id}/publish"],
    params=lambda w: {"event_id": w.event.pk},
    user=_asker,
)  # fmt: skip
table.api(
    ["POST /api/v1/contests/events/{event_id}/rounds"],
    params=lambda w: {"event_id": w.event.pk},
    user=_asker,
    body=lambda w: {"name": "实操", "max_score": "100"},
)
table.api(
    ["POST /api/v1/contests/events/{event_id}/judges"],
    params=lambda w: {"event_id": w.event.pk},
    user=_asker,
    body=lambda w: {"username": "judge_a"},
)
table.api(
    ["POST /api/v1/contests/events/{event_id}/teams"],
    params=lambda w: {"event_id": w.event.pk},
    user=_asker,
    body=lambda w: {"union": "UA11", "name": "甲一突击队"},
)
table.api(
    ["POST /api/v1/contests/events/{event_id}/entries"],
    params=lambda w: {"event_id": w.event.pk},
    user=_asker,
    body=lambda w: {"member_id": w.member.pk},
)
table.api(
    ["POST /api/v1/contests/events/{event_id}/propose"],
    params=lambda w: {"event_id": w.event.pk},
    user=_asker,
    body=lambda w: {"title_id": 1, "top": 3, "level": "district"},
)
table.api(["GET /api/v1/contests/judging/{event_id}/entries"], params=lambda w: {"event_id": w.event.pk}, user=_judge)
table.api(
    ["POST /api/v1/contests/judging/{event_id}/scores"],
    params=lambda w: {"event_id": w.event.pk},
    user=_judge,
    body=lambda w: {"round_id": w.event.rounds.first().pk, "entry_id": 1, "value": "90"},
)
table.api(["GET /api/v1/me/contests/{contest_id}"], params=lambda w: {"contest_id": w.contest.pk}, user=_member)
table.api(["POST /api/v1/me/contests/events/{event_id}/enter"], params=lambda w: {"event_id": w.event.pk}, user=_member)
