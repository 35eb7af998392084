"""涉及金额: a worker may say how much is at stake (元, optional, ≥ 0, to the fen) on the page and in both APIs; the
staff see it; the 成绩单 sums it exactly (诉求涉及金额, shown in 万元) where one was given."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from appeals import services
from appeals.models import Appeal
from core.errors import ValidationFailed
from core.testing import api_headers
from members import joining
from members.tests.factories import member
from reports import engine
from reports.periods import year


def _submit(m, amount):
    return services.submit(
        kind="appeal",
        category="wages",
        description="拖欠两个月工资",
        name="",
        phone="",
        member=m,
        amount_involved=amount,
    )


@pytest.mark.parametrize(
    ("given", "stored"),
    [(None, None), ("", None), ("12500.5", Decimal("12500.50")), ("1,000", Decimal("1000.00")), (0, Decimal("0.00"))],
)
def test_the_amount_is_optional_and_exact(tree, users, given, stored):
    m = member(tree.union_a1, users.union, 9101)
    assert _submit(m, given).amount_involved == stored


@pytest.mark.parametrize("bad", ["-1", "12.345", "abc", "99999999999"])
def test_a_bad_amount_is_refused_naming_the_field(tree, users, bad):
    m = member(tree.union_a1, users.union, 9102)
    with pytest.raises(ValidationFailed) as exc:
        _submit(m, bad)
    assert [(e.code, e.field) for e in exc.value.errors] == [("invalid_amount", "amount_involved")]
    assert "涉及金额" in exc.value.errors[0].message
    assert not Appeal.objects.exists()


def test_member_api_and_page_take_the_amount(client, tree, users, login):
    m = member(tree.union_a1, users.union, 9103)
    user = joining.ensure_account(m)
    _, raw = ApiToken.issue(user)
    data = {"kind": "appeal", "category": "wages", "description": "公司拖欠工资两个月", "amount_involved": "8650.50"}
    response = client.post("/api/v1/me/appeals", data=data, headers=api_headers(raw))
    assert response.status_code == 201 and response.json()["amount_involved"] == "8650.50"
    refused = client.post("/api/v1/me/appeals", data={**data, "amount_involved": "-5"}, headers=api_headers(raw))
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "amount_involved"
    without = client.post("/api/v1/me/appeals", data={**data, "amount_involved": ""}, headers=api_headers(raw))
    assert without.json()["amount_involved"] is None
    page = login(user)
    response = page.post(reverse("appeals:submit"), {**data, "amount_involved": "300"})
    assert response.status_code == 302
    appeal = Appeal.objects.order_by("-id").first()
    assert appeal.amount_involved == Decimal("300.00")
    assert "涉及金额：300.00 元" in page.get(reverse("appeals:follow", args=[appeal.tracking_no])).content.decode()
    staff = login(users.union).get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "300.00 元" in staff
    bad = page.post(reverse("appeals:submit"), {**data, "amount_involved": "-3"})
    assert bad.status_code == 200 and "amount_involved" in bad.content.decode()


def test_the_figure_sums_the_amounts_given(tree, users):
    a1 = member(tree.union_a1, users.union, 9104)
    b1 = member(tree.union_b1, users.union_b, 9105)
    _submit(a1, "12345.67")
    _submit(a1, "0.01")
    _submit(a1, None)  # no amount: not counted
    _submit(b1, "50000")  # a sibling's
    this_year = year(timezone.localdate().year)
    assert engine.compute(tree.town_a, [this_year]).totals["appeals.amount_involved"] == [Decimal("12345.68")]
    assert engine.compute(tree.district, [this_year]).totals["appeals.amount_involved"] == [Decimal("62345.68")]
