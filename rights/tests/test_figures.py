"""The 维权维稳 figures of the 成绩单: cases, workers, the sums in 万元 summed exactly in fen, the success rate, legal
aid, inspections, documents and problems rectified, each in the union's sub-tree and never a sibling's; the rollups
give the raw answer."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from reports import engine, rollups
from reports.periods import year
from rights import services

from .factories import case, inspection


def test_rights_figures(tree, users):
    amounts = ["12345.67", "0.01", "20000.00", "7654.32"]
    made = [case(tree.town_a, users.town, amount=a, workers=w) for a, w in zip(amounts, [1, 3, 1, 2], strict=True)]
    services.close_case(made[0], actor=users.town, outcome="agreed", agreement_text="支付", amount_recovered="12345.67")
    services.close_case(made[1], actor=users.town, outcome="agreed", agreement_text="支付", amount_recovered="0.01")
    services.close_case(made[2], actor=users.town, outcome="referred", referral="legal_aid", note="拒绝调解")
    services.close_case(made[3], actor=users.town, outcome="withdrawn", note="撤回")  # not in the success rate
    case(tree.union_b1, users.union_b, amount="99999.99")  # a sibling's
    ins = inspection(tree.union_a1, users.union, tree.ent_a1, inspected_on=date.today() - timedelta(days=1))
    services.issue_document(ins, actor=users.union, kind="opinion", content="请整改")
    services.rectify(ins.problems.get(), actor=users.union, rectification="已整改")

    this_year = year(timezone.localdate().year)
    got = engine.compute(tree.town_a, [this_year]).totals
    assert got["rights.cases"] == [4]
    assert got["rights.case_workers"] == [7]
    assert got["rights.case_amount"] == [Decimal("40000.00")]  # exact 元, summed in 分
    assert got["rights.case_recovered"] == [Decimal("12345.68")]
    assert got["rights.success_rate"] == [66.7]  # 2 agreed of 3 concluded (the withdrawn one not counted)
    assert got["rights.legal_aid"] == [1]
    assert (got["rights.inspections"], got["rights.documents"], got["rights.problems_rectified"]) == ([1], [1], [1])
    district = engine.compute(tree.district, [this_year]).totals
    assert district["rights.cases"] == [5] and district["rights.case_amount"] == [Decimal("139999.99")]
    assert engine.compute(tree.town_b, [this_year]).totals["rights.inspections"] == [0]
    rollups.rebuild()
    assert engine.compute(tree.town_a, [this_year], source="rollup").totals == got
