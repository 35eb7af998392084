"""Out-of-scope cases of every rights route that names an object (run by core/tests/test_route_scope.py).

The town admin of 甲街道 asks for 乙镇's mediation case, its legal-aid case and a flagged appeal of 乙镇's union:
each answers 404, pages and API alike, for every method, with a valid body so the scope and not the form refuses."""

from appeals.api.public import access_pass
from core.testing import ScopeTable
from members import joining
from members.tests.factories import member

from .. import services
from .factories import case, inspection, wage_appeal

table = ScopeTable("rights")


@table.world
def world(w):
    w.asker = w.users.town
    w.case = case(w.tree.union_b1, w.users.union_b)
    w.closed = case(w.tree.union_b1, w.users.union_b)
    services.close_case(w.closed, actor=w.users.union_b, outcome="referred", referral="legal_aid", note="企业拒绝调解")
    w.aid = w.closed.legal_aid
    w.appeal = wage_appeal(w.tree.union_b1, w.users.union_b)
    # A worker of 甲一 with an account: another worker's legal aid and mediation case answer 404 on the phone pages
    # and in the member API; so do they for a worker who proved another mobile number (the public API).
    w.worker = member(w.tree.union_a1, w.users.union, 9400)
    joining.ensure_account(w.worker)
    w.worker.refresh_from_db()


def _asker(w):
    return w.asker


FORMS = {
    "rights:session": {"held_on": "2026-01-05", "notes": "调解"},
    "rights:extend": {"reason": "双方同意"},
    "rights:close": {"outcome": "failed", "note": "不成"},
    "rights:agreement": {"reason": "打印"},
    "rights:from_appeal": {"dispute_type": "wages", "committee_level": "grassroots", "amount_claimed": "100"},
    "rights:aid": {"lawyer": "", "stage": "consult"},
    "rights:aid_close": {"outcome": "结案", "amount_recovered": "0"},
}

table.pages(["rights:case"], args=lambda w: [w.case.pk], user=_asker, methods=("get",))
for key in ["rights:session", "rights:extend", "rights:close"]:
    table.pages([key], args=lambda w: [w.case.pk], user=_asker, data=lambda w, k=key: FORMS[k])
table.pages(["rights:agreement"], args=lambda w: [w.closed.pk], user=_asker, data=lambda w: FORMS["rights:agreement"])
table.pages(
    ["rights:from_appeal"], args=lambda w: [w.appeal.pk], user=_asker, data=lambda w: FORMS["rights:from_appeal"]
)
for key in ["rights:aid", "rights:aid_close"]:
    table.pages([key], args=lambda w: [w.aid.pk], user=_asker, data=lambda w, k=key: FORMS[k])

BODIES = {
    "POST /api/v1/rights/cases/{case_id}/sessions": {"held_on": "2026-01-05", "notes": "调解"},
    "POST /api/v1/rights/cases/{case_id}/extend": {"reason": "双方同意"},
    "POST /api/v1/rights/cases/{case_id}/close": {"outcome": "failed", "note": "不成"},
    "POST /api/v1/rights/legal-aid/{aid_id}/assign": {"stage": "consult"},
    "POST /api/v1/rights/legal-aid/{aid_id}/close": {"outcome": "结案"},
    "POST /api/v1/rights/cases/from-appeal/{appeal_id}": {"amount_claimed": "100"},
}
for key in [
    "GET /api/v1/rights/cases/{case_id}",
    "POST /api/v1/rights/cases/{case_id}/sessions",
    "POST /api/v1/rights/cases/{case_id}/extend",
    "POST /api/v1/rights/cases/{case_id}/close",
]:
    table.api([key], params=lambda w: {"case_id": w.case.pk}, user=_asker, body=lambda w, k=key: BODIES.get(k, {}))
for key in [
    "GET /api/v1/rights/legal-aid/{aid_id}",
    "POST /api/v1/rights/legal-aid/{aid_id}/assign",
    "POST /api/v1/rights/legal-aid/{aid_id}/close",
]:
    table.api([key], params=lambda w: {"aid_id": w.aid.pk}, user=_asker, body=lambda w, k=key: BODIES.get(k, {}))
table.api(
    ["POST /api/v1/rights/cases/from-appeal/{appeal_id}"],
    params=lambda w: {"appeal_id": w.appeal.pk},
    user=_asker,
    body=lambda w: BODIES["POST /api/v1/rights/cases/from-appeal/{appeal_id}"],
)


# --- Supervision: 乙镇's inspection, its problem and its document ------------------------------------------------


def _supervision(w):
    if not hasattr(w, "ins"):
        w.ins = inspection(w.tree.union_b1, w.users.union_b, w.tree.ent_b1)
        w.problem = w.ins.problems.get()
        w.doc = services.issue_document(w.ins, actor=w.users.union_b, kind="opinion", content="请整改")
    return w


table.pages(
    ["rights:inspection"],
    args=lambda w: [_supervision(w).ins.pk],
    user=_asker,
    data=lambda w: {"item": "wages", "due_on": "2099-01-01", "description": "问题"},
)
table.pages(
    ["rights:document_issue"],
    args=lambda w: [_supervision(w).ins.pk],
    user=_asker,
    data=lambda w: {"kind": "opinion", "content": "请整改"},
)
table.pages(["rights:document"], args=lambda w: [_supervision(w).doc.pk], user=_asker, methods=("get",))
table.pages(
    ["rights:rectify"],
    args=lambda w: [_supervision(w).problem.pk],
    user=_asker,
    data=lambda w: {"rectification": "已整改"},
)
table.pages(["rights:evidence"], args=lambda w: [_supervision(w).problem.pk], user=_asker, methods=("get",))
for key, body in [
    ("GET /api/v1/rights/inspections/{inspection_id}", {}),
    (
        "POST /api/v1/rights/inspections/{inspection_id}/problems",
        {"item": "wages", "description": "x", "due_on": "2099-01-01"},
    ),
    ("POST /api/v1/rights/inspections/{inspection_id}/documents", {"kind": "opinion", "content": "请整改"}),
]:
    table.api([key], params=lambda w: {"inspection_id": _supervision(w).ins.pk}, user=_asker, body=lambda w, b=body: b)
table.api(
    ["POST /api/v1/rights/problems/{problem_id}/rectify"],
    params=lambda w: {"problem_id": _supervision(w).problem.pk},
    user=_asker,
    body=lambda w: {"rectification": "已整改"},
)


# --- Collective bargaining: 乙镇's contract ---------------------------------------------------------------------


def _bargaining(w):
    if not hasattr(w, "contract"):
        from .factories import contract

        w.contract = contract(w.tree.union_b1, w.users.union_b, enterprise=w.tree.ent_b1)
    return w


CONTRACT_FORM = {
    "org": "TA01",
    "coverage": "industry",
    "industry_name": "餐饮行业",
    "kind": "wages",
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "wage_increase": "5",
    "workers_covered": "100",
    "union_party": "张三",
    "employer_party": "李四",
}
table.pages(["rights:contract"], args=lambda w: [_bargaining(w).contract.pk], user=_asker, methods=("get",))
table.pages(
    ["rights:contract_edit"], args=lambda w: [_bargaining(w).contract.pk], user=_asker, data=lambda w: CONTRACT_FORM
)
table.pages(
    ["rights:contract_demonstration"],
    args=lambda w: [_bargaining(w).contract.pk],
    user=_asker,
    data=lambda w: {"year": str(w.contract.starts_on.year), "level": "district"},
    methods=("post",),
)
table.api(
    ["GET /api/v1/rights/contracts/{contract_id}"],
    params=lambda w: {"contract_id": _bargaining(w).contract.pk},
    user=_asker,
)
table.api(
    ["PATCH /api/v1/rights/contracts/{contract_id}"],
    params=lambda w: {"contract_id": _bargaining(w).contract.pk},
    user=_asker,
    body=lambda w: {"workers_covered": 99},
)
table.api(
    ["POST /api/v1/rights/contracts/{contract_id}/demonstrations"],
    params=lambda w: {"contract_id": _bargaining(w).contract.pk},
    user=_asker,
    body=lambda w: {"year": w.contract.starts_on.year, "level": "district"},
)


# --- Mediators: 乙镇's registered mediator, and 乙's case -----------------------------------------------------------


def _mediator(w):
    if not hasattr(w, "mediator"):
        w.mediator = services.add_mediator(actor=w.users.union_b, org=w.tree.union_b1, name="赵调解")
    return w


table.pages(
    ["rights:mediator"],
    args=lambda w: [_mediator(w).mediator.pk],
    user=_asker,
    data=lambda w: {"name": "赵调解", "kind": "volunteer", "active": "on"},
)
table.pages(["rights:case_mediators"], args=lambda w: [w.case.pk], user=_asker, data=lambda w: {"staff": []})
table.api(
    ["PATCH /api/v1/rights/mediators/{mediator_id}"],
    params=lambda w: {"mediator_id": _mediator(w).mediator.pk},
    user=_asker,
    body=lambda w: {"active": False},
)
table.api(
    ["POST /api/v1/rights/cases/{case_id}/mediators"],
    params=lambda w: {"case_id": w.case.pk},
    user=_asker,
    body=lambda w: {"staff_ids": [w.users.town.pk]},
)


# --- The worker's own pages and APIs: another worker's legal aid and mediation case ------------------------------


def _worker(w):
    return w.worker.user


table.pages(["rights:my_aid"], args=lambda w: [w.aid.aid_no], user=_worker, methods=("get",))
table.pages(
    ["rights:aid_rate"], args=lambda w: [w.aid.aid_no], user=_worker, methods=("post",), data=lambda w: {"rating": "5"}
)
table.pages(["rights:my_case"], args=lambda w: [w.case.case_no], user=_worker, methods=("get",))
table.api(["GET /api/v1/me/rights/legal-aid/{aid_no}"], params=lambda w: {"aid_no": w.aid.aid_no}, user=_worker)
table.api(
    ["POST /api/v1/me/rights/legal-aid/{aid_no}/rating"],
    params=lambda w: {"aid_no": w.aid.aid_no},
    user=_worker,
    body=lambda w: {"rating": 5},
)
table.api(["GET /api/v1/me/rights/cases/{case_no}"], params=lambda w: {"case_no": w.case.case_no}, user=_worker)
table.api(
    ["POST /api/v1/public/rights/legal-aid/{aid_no}/rating"],
    params=lambda w: {"aid_no": w.aid.aid_no},
    user=lambda w: None,
    body=lambda w: {"phone": "13900001111", "access": access_pass("13900001111")["access"], "rating": 5},
)
