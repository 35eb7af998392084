"""Out-of-scope cases of every care route that names an object (run by core/tests/test_route_scope.py).

乙镇 runs its own 冬送温暖 with a payout to a worker of 乙一纺织 and a hardship file there. 甲街道's admin (no care
role) and 甲街道's care officer ask for each: every page and endpoint answers 404."""

from core.testing import ScopeTable

from ..services import payouts
from .factories import hardship_file, officer, programme, roster_member

table = ScopeTable("care")


@table.world
def world(w):
    b_officer = officer(w.tree.town_b, "care_b_town")
    b_union = officer(w.tree.union_b1, "care_b_union")
    w.programme = programme(w.tree.town_b, b_officer, budget="5000.00")
    worker = roster_member(w.tree.union_b1, w.users.union_b, 9001)
    w.payout = payouts.propose_payout(w.programme, actor=w.users.union_b, union=w.tree.union_b1, member=worker)
    w.file = hardship_file(w.tree.union_b1, b_union, name="赵玉兰")
    w.care_a = officer(w.tree.town_a, "care_a_town")


ASKERS = [lambda w: w.users.town, lambda w: w.care_a]


def _form(w):
    return {"org": "TB01", "amount": "1.00", "reason": "核对", "paid_on": "2026-01-05", "method": "transfer"}


BODIES = {
    "POST /api/v1/care/programmes/{programme_id}/budgets": {"org": "TB01", "amount": "1.00"},
    "POST /api/v1/care/programmes/{programme_id}/payouts": {"member_id": 1},
    "POST /api/v1/care/payouts/{payout_id}/reject": {"reason": "核对"},
    "POST /api/v1/care/payouts/{payout_id}/paid": {"ref": "x"},
    "POST /api/v1/care/files/{file_id}/return": {"reason": "核对"},
    "POST /api/v1/care/files/{file_id}/review": {"reason": "核对"},
    "POST /api/v1/care/files/{file_id}/close": {"reason": "核对"},
}


def body(key):
    return lambda w: BODIES.get(key, {})


for asker in ASKERS:
    table.pages(
        ["care:programme_detail", "care:programme_export"],
        args=lambda w: [w.programme.pk],
        user=asker,
        methods=("get",),
    )
    table.pages(["care:programme_budget"], args=lambda w: [w.programme.pk], user=asker, methods=("post",), data=_form)
    table.pages(["care:propose"], args=lambda w: [w.programme.pk], user=asker, data=_form)
    table.pages(
        ["care:payout_approve", "care:payout_reject", "care:payout_paid"],
        args=lambda w: [w.payout.pk],
        user=asker,
        methods=("post",),
        data=_form,
    )
    table.pages(["care:file_detail"], args=lambda w: [w.file.pk], user=asker, methods=("get",))
    table.pages(
        ["care:file_verify", "care:file_return", "care:file_review", "care:file_close"],
        args=lambda w: [w.file.pk],
        user=asker,
        methods=("post",),
        data=_form,
    )
    for key in [
        "GET /api/v1/care/programmes/{programme_id}",
        "POST /api/v1/care/programmes/{programme_id}/budgets",
        "POST /api/v1/care/programmes/{programme_id}/payouts",
    ]:
        table.api([key], params=lambda w: {"programme_id": w.programme.pk}, user=asker, body=body(key))
    for key in [
        "GET /api/v1/care/payouts/{payout_id}",
        "POST /api/v1/care/payouts/{payout_id}/approve",
        "POST /api/v1/care/payouts/{payout_id}/reject",
        "POST /api/v1/care/payouts/{payout_id}/paid",
    ]:
        table.api([key], params=lambda w: {"payout_id": w.payout.pk}, user=asker, body=body(key))
    for key in [
        "GET /api/v1/care/files/{file_id}",
        "POST /api/v1/care/files/{file_id}/verify",
        "POST /api/v1/care/files/{file_id}/return",
        "POST /api/v1/care/files/{file_id}/review",
        "POST /api/v1/care/files/{file_id}/close",
    ]:
        table.api([key], params=lambda w: {"file_id": w.file.pk}, user=asker, body=body(key))
