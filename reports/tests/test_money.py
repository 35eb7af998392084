"""Money (元): values are exact ``Decimal`` 元, counters sum integer 分, pages, the print view and the xlsx show
万元 with two decimals (rounded half up), the API gives the exact 元 as a decimal string beside the float."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

import core.metrics as registry
from reports import scorecard
from reports.periods import year

# 12,345,678.90 元 this year (1,234.57 万元 shown), 0.01 + 0.02 + 1,234.56 = 1,234.59 元 last year.
THIS, LAST = Decimal("12345678.90"), Decimal("0.01") + Decimal("0.02") + Decimal("1234.56")


def money_measure(org, periods, group_len):
    values = [THIS if p.end.year == date.today().year else LAST for p in periods]
    return {org.path[:group_len]: {"test.money_yuan": values}}


@pytest.fixture
def money():
    with registry.isolated():
        registry.register_measure(registry.Measure(keys=("test.money_yuan",), fn=money_measure, additive=True))
        registry.register_metric(
            registry.Metric(
                key="test.money",
                label="测试金额",
                unit=registry.YUAN,
                decimals=2,
                section="关心关爱",
                definition="测试用的金额。",
                inputs=("test.money_yuan",),
                formula=registry.yuan("test.money_yuan", scale=1),
                breakdown=True,
            )
        )
        yield


def test_yuan_is_exact_and_shown_in_wan_yuan_half_up():
    fen = registry.yuan("x")
    # Three payouts summed in 分: exact, where floats are not (0.1 + 0.2 != 0.3 in binary).
    assert fen({"x": 1 + 2 + 123456}) == Decimal("1234.59")
    assert 0.1 + 0.2 != 0.3 and fen({"x": 10 + 20}) == Decimal("0.30")
    assert fen({"x": None}) is None
    metric = registry.Metric("m", "金额", registry.YUAN, "关心关爱", "", ("x",), decimals=2)
    assert metric.is_money and metric.display_unit == "万元" and metric.display_decimals == 2
    assert metric.shown(Decimal("12250.00")) == Decimal("1.23")  # half up, not to even
    assert metric.shown(Decimal("12249.99")) == Decimal("1.22")
    assert metric.shown(Decimal("0.01")) == Decimal("0.00") and metric.shown(None) is None
    count = registry.Metric("n", "件数", "件", "关心关爱", "", ("x",))
    assert not count.is_money and count.display_unit == "件" and count.shown(12250) == 12250


def test_money_is_declared_with_two_decimals():
    with registry.isolated(), pytest.raises(ValueError, match="two decimals"):
        registry.register_measure(registry.Measure(keys=("test.y",), fn=money_measure, additive=True))
        registry.register_metric(registry.Metric("test.y", "金额", registry.YUAN, "关心关爱", "", ("test.y",)))


def test_every_money_figure_of_the_apps_is_in_yuan():
    units = {m.key: m.unit for m in registry.metrics()}
    assert "万元" not in units.values()
    for key in (
        "care.payout_amount",
        "care.claims_amount",
        "care.loans_amount",
        "rights.case_amount",
        "rights.case_recovered",
        "unionlife.subsidy",
        "places.investment",
        "activities.subsidy",
    ):
        assert units[key] == "元", key


def url(name, org):
    return f"{reverse(name)}?org={org.pk}&period={date.today().year}"


def test_scorecard_print_and_xlsx_show_wan_yuan_with_two_decimals(money, tree, users, login):
    card = scorecard.build(tree.district, year(date.today().year))
    figure = next(f for f in card.figures if f.metric.key == "test.money")
    assert figure.value == THIS and figure.previous == Decimal("1234.59")
    assert (figure.display, figure.previous_display) == ("1,234.57", "0.12")
    assert figure.change == THIS - Decimal("1234.59") and figure.change_display == "+1,234.44"
    client = login(users.district)
    page = client.get(url("reports:scorecard", tree.district)).content.decode()
    assert "1,234.57" in page and "万元" in page
    printed = client.get(url("reports:scorecard_print", tree.district)).content.decode()
    assert "1,234.57" in printed and "万元" in printed
    ws = load_workbook(io.BytesIO(client.get(url("reports:scorecard_xlsx", tree.district)).content)).active
    row = next(r for r in ws.iter_rows() if r[0].value == "测试金额")
    assert [c.value for c in row[1:5]] == [1234.57, 0.12, 1234.44, "万元"]
    assert all(c.number_format == "#,##0.00" for c in row[1:4])
    header = next(r for r in ws.iter_rows() if r[0].value == "组织")
    assert "测试金额（万元）" in [c.value for c in header]


def test_api_gives_the_exact_yuan_as_a_string(money, tree, users, client, bearer):
    this = date.today().year
    response = client.get(
        f"/api/v1/reports/scorecard?org={tree.district.code}&from={this}-01-01&to={this}-12-31",
        headers=bearer(users.district),
    )
    assert response.status_code == 200
    body = response.json()
    figure = next(f for f in body["figures"] if f["key"] == "test.money")
    assert (figure["unit"], figure["display_unit"], figure["decimals"]) == ("元", "万元", 2)
    assert (figure["value_exact"], figure["previous_exact"], figure["change_exact"]) == (
        "12345678.90",
        "1234.59",
        "12344444.31",
    )
    assert figure["value"] == 12345678.9
    count = next(f for f in body["figures"] if f["unit"] != "元")
    assert count["value_exact"] is None and count["display_unit"] == count["unit"]
    # The measure puts everything on the district's own records (本级); a child without any reads "0.00".
    exact = {c["org"]["code"]: c["figures_exact"]["test.money"] for c in body["children"]}
    assert exact[tree.district.code] == "12345678.90" and exact[tree.town_a.code] == "0.00"
