"""Mutual medical insurance: a claim computed under each plan rule (deductible, ratio, the yearly cap), a refused
claim says why, and claims reviewed at once never pay past the cap."""

from decimal import Decimal

import pytest

from core.models import AuditEvent
from core.testing import run_at_once

from ..models import Claim, Enrolment
from ..services import insurance
from .factories import officer, roster_member


@pytest.fixture
def plan(tree, users):
    # 起付线 500 元/次, 报销 60%, 年度封顶 3000 元 (the seeds: 互助保障金 per person per year).
    return insurance.create_plan(
        actor=users.district, org=tree.district, name="2026年职工医疗互助保障", year=2026,
        premium="60.00", deductible="500.00", ratio="0.6", cap="3000.00",
    )  # fmt: skip


@pytest.fixture
def enrolled(tree, users, plan):
    worker = roster_member(tree.union_a1, users.union, 1201)
    return insurance.enrol(plan, actor=users.union, member=worker, premium_paid=True)


def _claim(enrolment, actor, bill):
    claim = insurance.submit_claim(
        enrolment, actor=actor, hospital="宁波市第一医院", category="inpatient", bill_amount=bill
    )
    return insurance.review_claim(claim, actor=actor)


def test_the_deductible_then_the_ratio_rounded_to_the_fen(users, enrolled):
    claim = _claim(enrolled, users.district, "1234.57")
    # (1234.57 - 500) × 0.6 = 440.742 → 440.74
    assert (claim.status, claim.deductible, claim.computed, claim.payable, claim.capped) == (
        "approved", Decimal("500.00"), Decimal("440.74"), Decimal("440.74"), False,
    )  # fmt: skip
    claim = _claim(enrolled, users.district, "500.85")
    assert claim.payable == Decimal("0.51")  # 0.85 × 0.6 = 0.51


def test_a_bill_within_the_deductible_is_refused_with_the_reason(users, enrolled):
    claim = _claim(enrolled, users.district, "480.00")
    assert claim.status == "refused" and claim.payable == 0
    assert claim.refused_reason == "合规医疗费用 480.00 元未超过起付线 500.00 元"


def test_the_cap_limits_the_last_claim_then_refuses(users, enrolled):
    first = _claim(enrolled, users.district, "4500.00")  # 4000 × 0.6 = 2400
    assert first.payable == Decimal("2400.00") and not first.capped
    second = _claim(enrolled, users.district, "2500.00")  # 2000 × 0.6 = 1200, only 600 left
    assert (second.computed, second.payable, second.capped) == (Decimal("1200.00"), Decimal("600.00"), True)
    third = _claim(enrolled, users.district, "1500.00")
    assert third.status == "refused" and third.payable == 0
    assert third.refused_reason == "本年度已赔付 3000.00 元，已达年度封顶 3000.00 元"
    assert Enrolment.objects.get().paid_total == Decimal("3000.00")


def test_unpaid_premium_is_refused(tree, users, plan):
    worker = roster_member(tree.union_a1, users.union, 1202)
    enrolment = insurance.enrol(plan, actor=users.union, member=worker)
    claim = _claim(enrolment, users.district, "2000.00")
    assert claim.status == "refused" and claim.refused_reason == "保费尚未缴纳，暂不能赔付"


def test_enrol_once_audited_and_a_union_officer_cannot_review(tree, users, plan, enrolled):
    with pytest.raises(Exception) as exc:
        insurance.enrol(plan, actor=users.union, member=enrolled.member)
    assert exc.value.code == "already_enrolled"
    claim = insurance.submit_claim(
        enrolled, actor=users.union, hospital="鄞州人民医院", category="accident", bill_amount="900"
    )
    union_officer_without_claims = users.union
    with pytest.raises(Exception) as exc:
        insurance.review_claim(claim, actor=union_officer_without_claims)
    assert exc.value.code == "permission_denied"
    insurance.review_claim(claim, actor=officer(tree.union_a1, "care_union"))
    actions = set(AuditEvent.objects.filter(action__startswith="care.").values_list("action", flat=True))
    assert {"care.plan.created", "care.enrolment.created", "care.claim.submitted", "care.claim.reviewed"} <= actions


def test_invalid_ratio(tree, users):
    for bad in ("0", "1.5", "abc", "0.12345"):
        with pytest.raises(Exception) as exc:
            insurance.create_plan(
                actor=users.district,
                org=tree.district,
                name="x",
                year=2026,
                premium="1",
                deductible="0",
                ratio=bad,
                cap="1",
            )
        assert exc.value.code == "invalid_ratio"


@pytest.mark.django_db(transaction=True)
def test_claims_reviewed_at_once_never_pay_past_the_cap(tree, users, plan):
    worker = roster_member(tree.union_a1, users.union, 1203)
    enrolment = insurance.enrol(plan, actor=users.union, member=worker, premium_paid=True)
    claims = [
        insurance.submit_claim(
            enrolment, actor=users.union, hospital="医院", category="inpatient", bill_amount="1500.00"
        )
        for _ in range(12)
    ]  # each 600.00: five fit in the 3000.00 cap
    results, codes = run_at_once([lambda c=c: insurance.review_claim(c, actor=users.district) for c in claims])
    assert set(codes) <= {"busy"}
    paid = Claim.objects.filter(status="approved")
    assert sum(c.payable for c in paid) == Decimal("3000.00") == Enrolment.objects.get().paid_total
    assert paid.count() == 5 and Claim.objects.filter(status="refused").count() == 12 - 5 - len(codes)


def test_a_union_enrols_its_roster_in_one_batch(tree, users, login):
    from django.urls import reverse

    from core.models import AuditEvent

    from ..models import Enrolment
    from .factories import roster_member

    plan = insurance.create_plan(
        actor=users.district, org=tree.district, name="2027年互助保障", year=2027,
        premium="60.00", deductible="500.00", ratio="0.5", cap="2000.00",
    )  # fmt: skip
    people = [roster_member(tree.union_a1, users.union, 4100 + i) for i in range(3)]
    insurance.enrol(plan, actor=users.union, member=people[0])  # already enrolled: skipped
    roster_member(tree.union_b1, users.union_b, 4200)  # another union: not enrolled
    response = login(users.union).post(
        reverse("care:plan_enrol_roster", args=[plan.pk]), {"union": tree.union_a1.code, "premium_paid": "on"},
        follow=True,
    )  # fmt: skip
    assert "2 人参加" in response.content.decode()
    assert set(Enrolment.objects.values_list("member", flat=True)) == {p.pk for p in people}
    assert Enrolment.objects.filter(premium_paid=True).count() == 2
    assert AuditEvent.objects.filter(action="care.enrolment.created").count() == 3
    # Another union's admin cannot enrol 甲一机械's roster.
    with pytest.raises(Exception) as exc:
        insurance.enrol_roster(plan, actor=users.union_b, union=tree.union_a1)
    assert exc.value.status == 403
