"""The 关心关爱 figures of the 成绩单: money in 元 exact to the fen, people helped, files on record and closed, each
counted in the union's sub-tree and never in a sibling's."""

from decimal import Decimal

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
    assert got["care.payout_amount"] == [Decimal("666.66")]
    assert got["care.people_helped"] == [2]
    assert got["care.files_active"] == [1]
    assert got["care.files_closed"] == [1]
    district = engine.compute(tree.district, [this_year]).totals
    assert district["care.payout_amount"] == [Decimal("999.99")] and district["care.people_helped"] == [3]


def test_insurance_and_check_figures(tree, users):
    from datetime import timedelta

    from members import joining

    from ..services import checks, insurance

    plan = insurance.create_plan(
        actor=users.district, org=tree.district, name="互助保障", year=2026,
        premium="60.00", deductible="500.00", ratio="0.333", cap="5000.00",
    )  # fmt: skip
    worker = roster_member(tree.union_a1, users.union, 4001)
    enrolment = insurance.enrol(plan, actor=users.union, member=worker, premium_paid=True)
    for bill in ("1000.01", "400.00"):  # 500.01 × 0.333 = 166.50333 → 166.50; the second is refused
        claim = insurance.submit_claim(
            enrolment, actor=users.union, hospital="医院", category="inpatient", bill_amount=bill
        )
        insurance.review_claim(claim, actor=users.district)
    joining.ensure_account(worker)
    worker.refresh_from_db()
    check = checks.create_programme(actor=users.district, org=tree.district, kind="retreat", title="疗休养", year=2026)
    slot = checks.add_slot(
        check, actor=users.district, place="溪口", starts_at=timezone.now() + timedelta(days=2), capacity=3
    )
    checks.book(slot, actor=worker.user, member=worker)
    got = engine.compute(tree.town_a, [year(timezone.localdate().year)]).totals
    assert got["care.enrolled"] == [1] and got["care.claims_granted"] == [1]
    assert got["care.claims_amount"] == [Decimal("166.50")] and got["care.checks"] == [1]


def test_payouts_sum_exactly_in_fen_and_the_rollup_equals_the_raw_sum(tree, users):
    """Three payouts of 0.01, 0.02 and 1234.56 元 make 1234.59 元 exactly, from the raw table and from the rollups
    (which hold 分 as integers); shown as 0.12 万元."""
    from reports import rollups, scorecard

    prog = programme(tree.district, users.district, budget="10000.00", amount="100.00")
    payouts.set_budget(prog, actor=users.district, org=tree.town_a, amount="5000.00")
    for i, amount in enumerate(["0.01", "0.02", "1234.56"]):
        member = roster_member(tree.union_a1, users.union, 700 + i)
        p = payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=member, amount=amount)
        payouts.approve_payout(p, actor=users.town)
    this_year = year(timezone.localdate().year)
    raw = engine.compute(tree.town_a, [this_year]).totals["care.payout_amount"]
    assert raw == [Decimal("1234.59")] and isinstance(raw[0], Decimal)
    rollups.rebuild()
    rolled = engine.compute(tree.town_a, [this_year], source=engine.ROLLUP)
    assert rolled.source == engine.ROLLUP and rolled.totals["care.payout_amount"] == raw
    figure = next(f for f in scorecard.build(tree.town_a, this_year).figures if f.metric.key == "care.payout_amount")
    assert (figure.display, figure.metric.display_unit) == ("0.12", "万元")
