"""The 关心关爱 figures of the 成绩单: money in 元 exact to the fen, people helped, files on record and closed, each
counted in the union's sub-tree and never in a sibling's."""

from django.utils import timezone

from reports import engine
from reports.periods import year

from ..services import hardship, payouts
from .factories import hardship_file, officer, programme, roster_member


def test_care_figures(tree, users):
    town, union = officer(tree.town_a, "care_town"), officer(tree.union_a1, "care_union")
    prog = programme(tree.district, users.district, budget="10000.00", amount="333.33")
    payouts.set_budget(prog, actor=users.district, org=tree.town_a, amount="5000.00")
    payouts.set_budget(prog, actor=users.district, org=tree.town_b, amount="5000.00")
    made = [
        payouts.propose_payout(
            prog, actor=users.union, union=tree.union_a1, member=roster_member(tree.union_a1, users.union, 800 + i)
        )
        for i in range(3)
    ]
    for p in made[:2]:
        payouts.approve_payout(p, actor=users.town)
    other = payouts.propose_payout(
        prog, actor=users.union_b, union=tree.union_b1, member=roster_member(tree.union_b1, users.union_b, 900)
    )
    payouts.approve_payout(other, actor=users.district)
    kept = hardship_file(tree.union_a1, union, verify_by=town)
    closed = hardship_file(tree.union_a1, union, verify_by=town)
    hardship.close_file(closed, actor=union, reason_text="再就业")
    hardship_file(tree.union_a1, union)  # pending: not on record yet
    assert kept.status == "active"

    this_year = year(timezone.localdate().year)
    got = engine.compute(tree.town_a, [this_year]).totals
    assert got["care.payout_amount"] == [666.66]
    assert got["care.people_helped"] == [2]
    assert got["care.files_active"] == [1]
    assert got["care.files_closed"] == [1]
    district = engine.compute(tree.district, [this_year]).totals
    assert district["care.payout_amount"] == [999.99] and district["care.people_helped"] == [3]
