"""Small loans (蓝领通): a union refers a worker to the partner bank and records the bank's answer; the register is
scoped, every write audited, and granted loans count in the 成绩单 (people and 元, exact to the fen)."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import AuditEvent
from members.tests.factories import make_id_number

from ..models import LoanReferral
from ..services import loans


def _refer(tree, users, n, amount="50000.00", union=None, actor=None):
    return loans.refer(
        actor=actor or users.union, union=union or tree.union_a1, name=f"职工{n}",
        id_number_value=make_id_number(8800 + n, area="330206"), amount=amount, purpose="startup", bank="宁波银行",
    )  # fmt: skip


def test_refer_and_record_the_banks_answer(tree, users):
    loan = _refer(tree, users, 1, amount="30000.50")
    assert loan.status == "referred" and loan.amount == Decimal("30000.50") and "*" in loan.id_masked
    loans.report_status(loan, actor=users.union, status="reviewing")
    loan = loans.report_status(loan, actor=users.union, status="granted", note="三年期")
    assert loan.granted_at is not None
    with pytest.raises(Exception) as exc:
        loans.report_status(loan, actor=users.union, status="declined")
    assert exc.value.code == "loan_status"
    with pytest.raises(Exception) as exc:
        _refer(tree, users, 2, amount="0")
    assert exc.value.code == "invalid_amount"
    with pytest.raises(Exception) as exc:
        _refer(tree, users, 3, amount="10.001")
    assert exc.value.code == "invalid_amount"
    # A union never records another union's referral.
    with pytest.raises(Exception) as exc:
        loans.report_status(_refer(tree, users, 4), actor=users.union_b, status="granted")
    assert exc.value.status == 403
    actions = list(AuditEvent.objects.filter(action__startswith="care.loan").values_list("action", flat=True))
    assert actions.count("care.loan.referred") == 2 and actions.count("care.loan.status") == 2


def test_console_list_form_and_status(tree, users, login):
    client = login(users.union)
    response = client.post(
        reverse("care:loan_create"),
        {"union": tree.union_a1.code, "name": "孙大壮", "id_number": make_id_number(8900, area="330206"),
         "amount": "80000", "purpose": "employment", "bank": "农商银行"},
    )  # fmt: skip
    assert response.status_code == 302
    loan = LoanReferral.objects.get()
    client.post(reverse("care:loan_status", args=[loan.pk]), {"status": "granted", "note": "已放款"})
    page = client.get(reverse("care:loan_list")).content.decode()
    assert "孙大壮" in page and "已放款 1 人，合计 80000.00 元" in page
    # Another union's admin does not see it.
    assert "孙大壮" not in login(users.union_b).get(reverse("care:loan_list")).content.decode()


def test_api_register(tree, users, client, bearer):
    h = bearer(users.union)
    body = {"union": tree.union_a1.code, "name": "周小明", "id_number": make_id_number(8950, area="330206"),
            "amount": "20000.00", "purpose": "startup", "bank": "宁波银行"}  # fmt: skip
    response = client.post("/api/v1/care/loans", json.dumps(body), content_type="application/json", headers=h)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(
        f"/api/v1/care/loans/{pk}/status", {"status": "declined"}, content_type="application/json", headers=h
    )
    assert response.json()["status"] == "declined"
    assert client.get("/api/v1/care/loans", headers=bearer(users.union_b)).json()["count"] == 0
    assert client.get("/api/v1/care/loans?status=declined", headers=h).json()["count"] == 1


def test_granted_loans_count_in_the_figures(tree, users):
    from django.utils import timezone

    from reports import engine
    from reports.periods import year

    for n, amount in [(10, "33333.33"), (11, "10000.01")]:
        loans.report_status(_refer(tree, users, n, amount=amount), actor=users.union, status="granted")
    loans.report_status(_refer(tree, users, 12), actor=users.union, status="declined")
    _refer(tree, users, 13)  # referred only: not counted
    other = _refer(tree, users, 14, amount="5000.00", union=tree.union_b1, actor=users.union_b)
    loans.report_status(other, actor=users.union_b, status="granted")
    this_year = year(timezone.localdate().year)
    got = engine.compute(tree.town_a, [this_year]).totals
    assert got["care.loans"] == [2] and got["care.loans_amount"] == [Decimal("43333.34")]
    district = engine.compute(tree.district, [this_year]).totals
    assert district["care.loans"] == [3] and district["care.loans_amount"] == [Decimal("48333.34")]
