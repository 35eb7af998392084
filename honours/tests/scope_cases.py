"""Out-of-scope cases of every honours route that names an object (run by core/tests/test_route_scope.py).

乙镇's union 乙一 holds an honour and has a nomination waiting at 乙镇; the admin of 甲街道 asks for them (pages and
API) and for the district's title (a district title is seen from the district's scope only). Each answers 404."""

from core.testing import ScopeTable

from .. import services
from .factories import member_with_account, nominate, title

table = ScopeTable("honours")


@table.world
def world(w):
    w.asker = w.users.town
    w.title = title(w.users.district, w.tree.district)
    who = member_with_account(w.tree.union_b1, w.users.union_b, 971)
    w.award = services.record_award(
        w.title, actor=w.users.union_b, union=w.tree.union_b1, level="district", year=2025,
        awarding_body="测试区总工会", member=who,
    )  # fmt: skip
    other = member_with_account(w.tree.union_b1, w.users.union_b, 972)
    w.nomination = nominate(w.title, w.users.union_b, w.tree.union_b1, other)


def _asker(w):
    return w.asker


table.pages(["honours:award"], args=lambda w: [w.award.pk], user=_asker, methods=("get",))
table.pages(["honours:nomination"], args=lambda w: [w.nomination.pk], user=_asker, methods=("get",))
table.pages(
    ["honours:nomination_review"],
    args=lambda w: [w.nomination.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"decision": "approve", "note": ""},
)
table.pages(
    ["honours:nomination_conclude"],
    args=lambda w: [w.nomination.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"awarded": "yes", "awarding_body": "宁波市总工会"},
)
table.pages(["honours:title_toggle"], args=lambda w: [w.title.pk], user=_asker, methods=("post",))
table.api(["GET /api/v1/honours/awards/{award_id}"], params=lambda w: {"award_id": w.award.pk}, user=_asker)
table.api(
    ["GET /api/v1/honours/nominations/{nomination_id}"],
    params=lambda w: {"nomination_id": w.nomination.pk},
    user=_asker,
)
table.api(
    ["POST /api/v1/honours/nominations/{nomination_id}/review"],
    params=lambda w: {"nomination_id": w.nomination.pk},
    user=_asker,
    body=lambda w: {"approve": True},
)
table.api(
    ["POST /api/v1/honours/nominations/{nomination_id}/conclude"],
    params=lambda w: {"nomination_id": w.nomination.pk},
    user=_asker,
    body=lambda w: {"awarded": True, "awarding_body": "宁波市总工会"},
)
table.api(
    ["PATCH /api/v1/honours/titles/{title_id}"],
    params=lambda w: {"title_id": w.title.pk},
    user=_asker,
    body=lambda w: {"active": False},
)
