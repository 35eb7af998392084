"""Programmes, budgets and payouts: a union proposes, the town approves within budget; one payout per person per
programme; sums exact to the fen; concurrent approvals (threads, SQLite and PostgreSQL) never exceed the budget nor
pay a person twice."""

from decimal import Decimal

import pytest
from django.db import connection

from core.models import AuditEvent
from core.testing import run_at_once

from ..models import Budget, Payout
from ..services import payouts
from .factories import hardship_file, officer, programme, roster_member


@pytest.fixture
def care(tree, users):
    town = officer(tree.town_a, "care_town")
    union = officer(tree.union_a1, "care_union")
    return type("Care", (), {"town": town, "union": union})


def test_propose_approve_pay_and_audit(tree, users, care):
    prog = programme(tree.town_a, users.town, budget="1000.00", amount="333.33", eligibility="filed")
    file = hardship_file(tree.union_a1, care.union, verify_by=care.town)
    payout = payouts.propose_payout(prog, actor=care.union, union=tree.union_a1, file=file, reason_text="大病住院")
    assert payout.status == "proposed" and payout.amount == Decimal("333.33")
    payout = payouts.approve_payout(payout, actor=users.town)
    payouts.mark_paid(payout, actor=care.union, ref="DF20260115")
    budget = Budget.objects.get(programme=prog, org=tree.town_a)
    assert budget.approved == Decimal("333.33") and budget.available == Decimal("666.67")
    actions = list(AuditEvent.objects.filter(object_type="care.payout").values_list("action", flat=True))
    assert sorted(actions) == ["care.payout.approved", "care.payout.paid", "care.payout.proposed"]


def test_union_cannot_approve_its_own_proposal(tree, users, care):
    prog = programme(tree.town_a, users.town)
    worker = roster_member(tree.union_a1, users.union, 11)
    payout = payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker)
    with pytest.raises(Exception) as exc:
        payouts.approve_payout(payout, actor=care.union)
    assert exc.value.code == "approve_by_town"
    assert Payout.objects.get().status == "proposed"


def test_one_payout_per_person_per_programme_from_file_or_roster(tree, users, care):
    """The person is the same whether proposed from the archive or the roster (keyed hash of the ID number)."""
    from members.tests.factories import make_id_number

    number = make_id_number(4242)
    worker = roster_member(tree.union_a1, users.union, 42, id_number=number, name="李春梅")
    file = hardship_file(tree.union_a1, care.union, verify_by=care.town, id_number=number, name="李春梅", member=worker)
    prog = programme(tree.town_a, users.town)
    payouts.propose_payout(prog, actor=care.union, union=tree.union_a1, file=file)
    with pytest.raises(Exception) as exc:
        payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker)
    assert exc.value.code == "already_proposed"
    # A rejected proposal frees the person for a new one.
    payouts.reject_payout(Payout.objects.get(), actor=users.town, reason_text="材料不全")
    again = payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker)
    assert again.status == "proposed"


def test_eligibility(tree, users, care):
    deep_only = programme(tree.town_a, users.town, eligibility="deep", title="医疗救助")
    relative = hardship_file(tree.union_a1, care.union, verify_by=care.town, level="relative")
    with pytest.raises(Exception) as exc:
        payouts.propose_payout(deep_only, actor=care.union, union=tree.union_a1, file=relative)
    assert exc.value.code == "not_eligible" and "深度困难" in exc.value.message
    pending = hardship_file(tree.union_a1, care.union, level="deep")
    with pytest.raises(Exception) as exc:
        payouts.propose_payout(deep_only, actor=care.union, union=tree.union_a1, file=pending)
    assert exc.value.code == "not_eligible"


def test_budget_refuses_past_the_fen_and_allocation(tree, users, care):
    prog = programme(tree.district, users.district, budget="1000.00", amount="100.00")
    with pytest.raises(Exception) as exc:
        payouts.set_budget(prog, actor=users.district, org=tree.town_a, amount="1000.01")
    assert exc.value.code == "allocation_exceeds_budget"
    payouts.set_budget(prog, actor=users.district, org=tree.town_a, amount="300.00")
    root = Budget.objects.get(programme=prog, org=tree.district)
    assert root.allocated == Decimal("300.00") and root.available == Decimal("700.00")
    people = [roster_member(tree.union_a1, users.union, 100 + i) for i in range(4)]
    made = [
        payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=p, amount="100.01") for p in people
    ]
    for p in made[:2]:
        payouts.approve_payout(p, actor=users.town)
    with pytest.raises(Exception) as exc:
        payouts.approve_payout(made[2], actor=users.town)  # 300.00 - 200.02 = 99.98 < 100.01
    assert exc.value.code == "budget_exceeded" and "99.98" in exc.value.message
    town = Budget.objects.get(programme=prog, org=tree.town_a)
    assert town.approved == Decimal("200.02")
    with pytest.raises(Exception) as exc:
        payouts.set_budget(prog, actor=users.district, org=tree.town_a, amount="200.01")
    assert exc.value.code == "budget_below_used"


def test_amounts_must_be_fen(tree, users):
    prog = programme(tree.town_a, users.town)
    worker = roster_member(tree.union_a1, users.union, 7)
    for bad in ["12.345", "-1", "0", "abc", "NaN"]:
        with pytest.raises(Exception) as exc:
            payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker, amount=bad)
        assert exc.value.code == "invalid_amount", bad


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_the_budget(tree, users):
    """30 proposals of 333.33 against a budget of 3333.30, approved by 30 threads at once: exactly ten pass, the
    approved total is exactly the budget, to the fen."""
    prog = programme(tree.town_a, users.town, budget="3333.30", amount="333.33")
    people = [roster_member(tree.union_a1, users.union, 300 + i) for i in range(30)]
    made = [payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=p) for p in people]
    town = users.town

    results, codes = run_at_once([lambda p=p: payouts.approve_payout(p, actor=town) for p in made])
    assert len(results) == 10, codes
    assert set(codes) <= {"budget_exceeded", "busy"} and codes.count("budget_exceeded") >= 1
    budget = Budget.objects.get(programme=prog, org=tree.town_a)
    approved = Payout.objects.filter(programme=prog, status="approved")
    assert approved.count() == 10
    assert budget.approved == sum(p.amount for p in approved) == Decimal("3333.30")
    assert budget.available == Decimal("0.00")


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_one_payout_pay_once(tree, users):
    prog = programme(tree.town_a, users.town, budget="10000.00", amount="800.00")
    worker = roster_member(tree.union_a1, users.union, 501)
    payout = payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker)
    results, codes = run_at_once([lambda: payouts.approve_payout(payout, actor=users.town) for _ in range(20)])
    assert len(results) == 1 and set(codes) <= {"payout_not_proposed", "busy"}
    assert Budget.objects.get(programme=prog, org=tree.town_a).approved == Decimal("800.00")


@pytest.mark.django_db(transaction=True)
def test_concurrent_proposals_of_one_person_make_one_payout(tree, users):
    prog = programme(tree.town_a, users.town)
    worker = roster_member(tree.union_a1, users.union, 502)
    results, codes = run_at_once(
        [lambda: payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker) for _ in range(16)]
    )
    assert len(results) == 1 and set(codes) <= {"already_proposed", "busy"}
    assert Payout.objects.filter(programme=prog).count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_an_overdrawn_budget(tree, users):
    """The check constraint backs the lock: even a direct write cannot approve past the budget."""
    from django.db import IntegrityError

    prog = programme(tree.town_a, users.town, budget="100.00")
    assert connection.vendor == "postgresql"
    with pytest.raises(IntegrityError):
        Budget.objects.filter(programme=prog).update(approved=Decimal("100.01"))
