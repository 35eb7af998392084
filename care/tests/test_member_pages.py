"""The member's phone pages: what they received, enrolling, claiming and following the claim (a refused claim says
why), booking and cancelling a slot."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from members import joining

from ..models import Booking, Claim
from ..services import checks, insurance, payouts
from .factories import programme, roster_member


def _member(tree, users, n=3001):
    worker = roster_member(tree.union_a1, users.union, n)
    joining.ensure_account(worker)
    worker.refresh_from_db()
    return worker


def test_member_sees_payouts_enrols_claims_and_books(tree, users, login):
    worker = _member(tree, users)
    prog = programme(tree.town_a, users.town, amount="800.00", title="冬送温暖")
    payouts.approve_payout(
        payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker), actor=users.town
    )
    plan = insurance.create_plan(
        actor=users.district, org=tree.district, name="职工医疗互助保障", year=2026,
        premium="60.00", deductible="500.00", ratio="0.5", cap="2000.00",
    )  # fmt: skip
    client = login(worker.user)
    page = client.get(reverse("care:member_home")).content.decode()
    assert "冬送温暖" in page and "800.00 元" in page

    assert client.post(reverse("care:member_enrol", args=[plan.pk])).status_code == 302
    enrolment = worker.__class__.objects.get(pk=worker.pk) and plan.enrolments.get()
    response = client.post(
        reverse("care:member_claim_new", args=[enrolment.pk]),
        {"hospital": "宁波市第二医院", "category": "inpatient", "bill_amount": "1500.00"},
    )
    claim = Claim.objects.get()
    assert response.url == reverse("care:member_claim", args=[claim.pk])
    insurance.review_claim(claim, actor=users.district)  # premium not paid yet: refused, with the reason
    page = client.get(reverse("care:member_claim", args=[claim.pk])).content.decode()
    assert "不予赔付" in page and "保费尚未缴纳" in page

    insurance.record_premium(enrolment, actor=users.union)
    client.post(
        reverse("care:member_claim_new", args=[enrolment.pk]),
        {"hospital": "宁波市第二医院", "category": "inpatient", "bill_amount": "1500.00"},
    )
    second = Claim.objects.latest("pk")
    insurance.review_claim(second, actor=users.district)
    page = client.get(reverse("care:member_claim", args=[second.pk])).content.decode()
    assert "500.00" in page and Claim.objects.get(pk=second.pk).payable == Decimal("500.00")

    check = checks.create_programme(
        actor=users.district, org=tree.district, kind="health_check", title="免费体检", year=2026
    )
    slot = checks.add_slot(
        check, actor=users.district, place="体检中心", starts_at=timezone.now() + timedelta(days=3), capacity=2
    )
    assert "免费体检" in client.get(reverse("care:member_checks")).content.decode()
    client.post(reverse("care:member_book", args=[slot.pk]))
    booking = Booking.objects.get()
    client.post(reverse("care:member_cancel", args=[booking.pk]))
    assert Booking.objects.get().status == "cancelled"


def test_staff_pages_render(tree, users, login):
    for name in ("care:programme_list", "care:approval_queue", "care:insurance", "care:checks"):
        assert login(users.town).get(reverse(name)).status_code == 200, name
    assert login(users.nobody).get(reverse("care:programme_list")).status_code == 403
