"""Collective bargaining (集体协商): contracts per enterprise or per industry with their kind, term, wage increase,
workers covered and filing; validation naming the field in Chinese; the 60-day expiry reminder firing once per
contract (frozen time) to the union's and its town's staff; 示范 years; the console pages and the API; the figures
at the end of a period."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.roles import Role
from core import notify
from core.errors import DomainError, ValidationFailed
from core.models import AuditEvent
from orgs.tests.factories import UserFactory
from reports import engine
from reports.periods import year
from rights import selectors, services
from rights.models import CollectiveContract, DemonstrationRecord

from .factories import at, contract


def test_an_enterprise_and_an_industry_contract(tree, users):
    c = contract(tree.union_a1, users.union, enterprise=tree.ent_a1, wage_increase="6.5", filed_on=date.today())
    assert (c.coverage, c.enterprise, c.wage_increase, c.workers_covered) == (
        "enterprise",
        tree.ent_a1,
        Decimal("6.50"),
        120,
    )
    assert c.party_name == "甲一机械有限公司"
    i = contract(tree.town_a, users.town, industry_name="餐饮行业", kind="general", wage_increase="")
    assert (i.coverage, i.enterprise, i.wage_increase, i.party_name) == ("industry", None, None, "餐饮行业（行业性）")
    assert AuditEvent.objects.filter(action="rights.contract.registered").count() == 2


def test_validation_names_every_field_in_chinese(tree, users):
    with pytest.raises(ValidationFailed) as exc:
        services.register_contract(
            actor=users.union,
            org=tree.union_a1,
            coverage="enterprise",
            enterprise=tree.ent_b1,  # another town's
            kind="wages",
            starts_on=date(2026, 1, 1),
            ends_on=date(2025, 12, 31),
            wage_increase="12.345",
            workers_covered=0,
            filed_on=date.today() + timedelta(days=3),
            union_party=" ",
            employer_party="",
        )
    found = {e.code: str(e.message) for e in exc.value.errors}
    assert set(found) == {
        "contract_enterprise_not_found",
        "invalid_term",
        "invalid_wage_increase",
        "invalid_workers_covered",
        "invalid_filed_on",
        "union_party_required",
        "employer_party_required",
    }
    assert found["invalid_term"].startswith("终止日期：") and found["invalid_wage_increase"].startswith("工资增长幅度")
    with pytest.raises(ValidationFailed) as exc:
        contract(tree.town_a, users.town, industry_name=" ", coverage="industry", kind="wages", wage_increase=None)
    assert {e.code for e in exc.value.errors} == {"industry_name_required", "invalid_wage_increase"}
    with pytest.raises(ValidationFailed) as exc:
        contract(tree.town_a, users.town, industry_name="x", ends_on=date.today() + timedelta(days=4 * 365))
    assert {e.code for e in exc.value.errors} == {"invalid_term"}  # longer than three years
    with pytest.raises(DomainError) as exc:
        contract(tree.union_b1, users.union, enterprise=tree.ent_b1)
    assert exc.value.code == "permission_denied"
    assert not CollectiveContract.objects.exists()


@pytest.fixture
def town_clerk(tree):
    return UserFactory(username="town_a_clerk", grant=(tree.town_a, Role.FEDERATION_ADMIN))


def test_the_expiry_reminder_fires_once_60_days_before(tree, users, town_clerk, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2025, 7, 1), tick=False):
        c = contract(
            tree.union_a1, users.union, enterprise=tree.ent_a1, starts_on=date(2025, 7, 1), ends_on=date(2026, 6, 30)
        )
        other = contract(tree.union_b1, users.union_b, enterprise=tree.ent_b1, ends_on=date(2026, 12, 31))
    notify.outbox.clear()

    def run(y, m, d):
        with time_machine.travel(at(y, m, d), tick=False), django_capture_on_commit_callbacks(execute=True):
            return services.send_contract_reminders()

    assert run(2026, 4, 30) == 0  # 61 days before
    assert run(2026, 5, 1) == 1  # 60 days before
    assert {n.user_id for n in notify.outbox} == {users.union.pk, users.town.pk, town_clerk.pk}
    assert all("2026-06-30" in n.body and "甲一机械有限公司" in n.body for n in notify.outbox)
    assert run(2026, 5, 1) == 0 and run(2026, 6, 29) == 0 and run(2026, 7, 5) == 0
    assert len(notify.outbox) == 3
    c.refresh_from_db()
    assert c.reminded_at is not None
    assert AuditEvent.objects.filter(action="rights.contract.reminded", object_id=str(c.pk)).count() == 1
    # A corrected end date re-arms the reminder.
    with time_machine.travel(at(2026, 5, 2), tick=False):
        services.update_contract(c, actor=users.union, ends_on=date(2026, 9, 30))
    c.refresh_from_db()
    assert c.reminded_at is None
    assert run(2026, 5, 3) == 0 and run(2026, 8, 1) == 1
    other.refresh_from_db()
    assert other.reminded_at is None


def test_the_periodic_job_sends_the_reminders(tree, users):
    from core.management.commands.run_periodic import default_jobs
    from rights.tasks import send_contract_reminders

    assert "rights.tasks.send_contract_reminders" in {j.task for j in default_jobs(10)}
    with time_machine.travel(at(2026, 1, 1), tick=False):
        contract(tree.union_a1, users.union, enterprise=tree.ent_a1, ends_on=date(2026, 2, 1))
        assert send_contract_reminders.call() == 1


def test_demonstration_years(tree, users):
    with time_machine.travel(at(2026, 3, 1), tick=False):
        c = contract(
            tree.union_a1, users.union, enterprise=tree.ent_a1, starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31)
        )
        d = services.record_demonstration(c, actor=users.union, year=2025, level="district")
        services.record_demonstration(c, actor=users.union, year=2026, level="city")
        with pytest.raises(DomainError) as exc:
            services.record_demonstration(c, actor=users.union, year=2025, level="district")
        assert exc.value.code == "demonstration_exists" and "2025" in str(exc.value.message)
        with pytest.raises(ValidationFailed) as exc:
            services.record_demonstration(c, actor=users.union, year=2027, level="galaxy")  # not yet, no such level
        assert {e.code for e in exc.value.errors} == {"invalid_demo_year", "invalid_demo_level"}
    assert d.enterprise == tree.ent_a1 and d.title == "工资集体协商示范企业"
    assert [r.year for r in selectors.demonstrations(users.town)] == [2026, 2025]
    assert not selectors.demonstrations(users.union_b).exists()


@pytest.fixture
def spread(tree, users):
    """Four contracts of 甲街道 on 1 June 2026: expiring in 20 days, in force for a year, expired, not yet started;
    and 乙's."""
    with time_machine.travel(at(2025, 5, 1), tick=False):
        made = {
            "soon": contract(
                tree.union_a1,
                users.union,
                enterprise=tree.ent_a1,
                starts_on=date(2025, 6, 21),
                ends_on=date(2026, 6, 21),
            ),
            "later": contract(
                tree.union_a2, users.town, enterprise=tree.ent_a2, starts_on=date(2025, 6, 1), ends_on=date(2027, 5, 31)
            ),
            "expired": contract(
                tree.town_a,
                users.town,
                industry_name="餐饮行业",
                starts_on=date(2025, 1, 1),
                ends_on=date(2025, 12, 31),
                workers_covered=800,
            ),
            "pending": contract(
                tree.town_a, users.town, enterprise=tree.ent_a3, starts_on=date(2026, 7, 1), ends_on=date(2027, 6, 30)
            ),
            "b": contract(tree.union_b1, users.union_b, enterprise=tree.ent_b1),
        }
    return made


def test_the_list_puts_expiring_contracts_first(spread, users):
    today = date(2026, 6, 1)
    got = list(selectors.contracts(users.town, today=today))
    assert got == [spread["soon"], spread["later"], spread["pending"], spread["expired"]]
    assert list(selectors.contracts(users.town, state="expiring", today=today)) == [spread["soon"]]
    assert list(selectors.contracts(users.town, state="expired", today=today)) == [spread["expired"]]
    assert list(selectors.contracts(users.town, coverage="industry", today=today)) == [spread["expired"]]
    assert list(selectors.contracts(users.town, q="甲二", today=today)) == [spread["later"]]
    assert list(selectors.contracts(users.union, today=today)) == [spread["soon"]]


def test_the_console_pages(spread, users, login, tree):
    client = login(users.town)
    with time_machine.travel(at(2026, 6, 1), tick=False):
        page = client.get(reverse("rights:contracts")).content.decode()
        assert page.index("甲一机械有限公司") < page.index("甲二电子有限公司") < page.index("餐饮行业")
        assert "即将到期" in page and "20 天" in page and "乙一纺织" not in page
        filtered = client.get(reverse("rights:contracts"), {"state": "expired"}).content.decode()
        assert "餐饮行业" in filtered and "甲一机械" not in filtered
        empty = client.get(reverse("rights:contracts"), {"q": "没有这家"}).content.decode()
        assert "没有符合条件的集体合同" in empty
        detail = client.get(reverse("rights:contract", args=[spread["soon"].pk])).content.decode()
        assert "还有 20 天" in detail and "尚未备案" in detail

        bad = client.post(
            reverse("rights:contract_create"),
            {
                "org": "TA01",
                "coverage": "enterprise",
                "enterprise": "",
                "kind": "wages",
                "starts_on": "2026-06-01",
                "ends_on": "2026-05-01",
                "wage_increase": "abc",
                "workers_covered": "50",
                "union_party": "张三",
                "employer_party": "李四",
            },
        ).content.decode()
        assert "企业集体合同须填写企业的统一社会信用代码" in bad
        ok = client.post(
            reverse("rights:contract_create"),
            {
                "org": "TA01",
                "coverage": "enterprise",
                "enterprise": tree.ent_a3.uscc,
                "kind": "wages",
                "starts_on": "2026-06-01",
                "ends_on": "2026-05-01",
                "wage_increase": "abc",
                "workers_covered": "50",
                "union_party": "张三",
                "employer_party": "李四",
            },
        )
        text = ok.content.decode()
        assert ok.status_code == 200 and "须晚于起始日期" in text and "0 到 100" in text
        ok = client.post(
            reverse("rights:contract_create"),
            {
                "org": "TA01",
                "coverage": "enterprise",
                "enterprise": tree.ent_a3.uscc,
                "kind": "wages",
                "starts_on": "2026-06-01",
                "ends_on": "2027-05-31",
                "wage_increase": "4.5",
                "workers_covered": "50",
                "filed_on": "2026-05-20",
                "union_party": "张三",
                "employer_party": "李四",
            },
        )
        made = CollectiveContract.objects.get(enterprise=tree.ent_a3, starts_on=date(2026, 6, 1))
        assert ok.status_code == 302 and ok.url == reverse("rights:contract", args=[made.pk])
        edit_url = reverse("rights:contract_edit", args=[made.pk])
        assert "4.5" in client.get(edit_url).content.decode()
        form = {
            "coverage": "enterprise",
            "enterprise": tree.ent_a3.uscc,
            "kind": "wages",
            "starts_on": "2026-06-01",
            "ends_on": "2027-05-31",
            "wage_increase": "5",
            "workers_covered": "60",
            "filed_on": "2026-05-20",
            "union_party": "张三",
            "employer_party": "李四",
        }
        assert client.post(edit_url, form).status_code == 302
        made.refresh_from_db()
        assert (made.wage_increase, made.workers_covered) == (Decimal("5.00"), 60)
        event = AuditEvent.objects.get(action="rights.contract.updated")
        assert event.changes["workers_covered"] == ["50", "60"]
        r = client.post(reverse("rights:contract_demonstration", args=[made.pk]), {"year": "2026", "level": "district"})
        assert r.status_code == 302 and DemonstrationRecord.objects.filter(contract=made, year=2026).exists()
        demos = client.get(reverse("rights:demonstrations"), {"year": "2026"}).content.decode()
        assert "甲三未建会商贸公司" in demos and "区级" in demos
    # The union sees its own contract and may not edit the town's.
    union = login(users.union)
    assert union.get(reverse("rights:contract_edit", args=[spread["soon"].pk])).status_code == 200
    assert union.get(reverse("rights:contract", args=[spread["later"].pk])).status_code == 404


def test_a_viewer_without_handle_may_not_edit(spread, tree, login):
    viewer = UserFactory(username="pii", grant=(tree.district, Role.PII_OFFICER))
    client = login(viewer)
    assert client.get(reverse("rights:contract", args=[spread["soon"].pk])).status_code == 200
    assert client.get(reverse("rights:contract_edit", args=[spread["soon"].pk])).status_code == 403
    assert client.get(reverse("rights:contract_create")).status_code == 403


def test_the_api(spread, users, client, bearer, tree):
    h = bearer(users.town)
    with time_machine.travel(at(2026, 6, 1), tick=False):
        listed = client.get("/api/v1/rights/contracts", headers=h).json()
        assert [i["id"] for i in listed["items"]][0] == spread["soon"].pk and listed["count"] == 4
        assert listed["items"][0]["state"] == "expiring" and listed["items"][0]["wage_increase"] == "5.50"
        body = {
            "org": "TA01",
            "coverage": "industry",
            "industry_name": "物流快递行业",
            "kind": "wages",
            "starts_on": "2026-06-01",
            "ends_on": "2027-05-31",
            "wage_increase": "4.25",
            "workers_covered": 900,
            "union_party": "王五",
            "employer_party": "物流快递行业协会",
        }
        r = client.post("/api/v1/rights/contracts", data=body, content_type="application/json", headers=h)
        assert r.status_code == 201, r.content
        got = r.json()
        assert (got["industry_name"], got["enterprise"], got["wage_increase"]) == ("物流快递行业", None, "4.25")
        bad = client.post(
            "/api/v1/rights/contracts",
            data={**body, "workers_covered": 0, "ends_on": "2026-01-01"},
            content_type="application/json",
            headers=h,
        )
        assert bad.status_code == 400
        assert {e["code"] for e in bad.json()["errors"]} == {"invalid_workers_covered", "invalid_term"}
        patched = client.patch(
            f"/api/v1/rights/contracts/{got['id']}",
            data={"workers_covered": 950},
            content_type="application/json",
            headers=h,
        ).json()
        assert patched["workers_covered"] == 950 and patched["industry_name"] == "物流快递行业"
        demo = client.post(
            f"/api/v1/rights/contracts/{got['id']}/demonstrations",
            data={"year": 2026, "level": "city"},
            content_type="application/json",
            headers=h,
        )
        assert demo.status_code == 201 and demo.json()["title"] == "工资集体协商示范行业"
        again = client.post(
            f"/api/v1/rights/contracts/{got['id']}/demonstrations",
            data={"year": 2026, "level": "city"},
            content_type="application/json",
            headers=h,
        )
        assert again.status_code == 409
        demos = client.get("/api/v1/rights/demonstrations?year=2026", headers=h).json()
        assert demos["count"] == 1
        detail = client.get(f"/api/v1/rights/contracts/{got['id']}", headers=h).json()
        assert [d["level"] for d in detail["demonstrations"]] == ["city"]
        other = client.get(f"/api/v1/rights/contracts/{spread['b'].pk}", headers=h)
        assert other.status_code == 404
    assert "乙一" not in json.dumps(listed, ensure_ascii=False)


def test_figures_contracts_in_force_and_workers_at_the_end_of_the_period(spread, tree):
    got = engine.compute(tree.town_a, [year(2025)]).totals
    # On 31 Dec 2025: soon (120), later (120) and the industry contract (800, its last day) are in force.
    assert got["rights.contracts_in_force"] == [3] and got["rights.contract_workers"] == [1040]
    with time_machine.travel(at(2026, 6, 1), tick=False):
        now = engine.compute(tree.town_a, [year(2026)]).totals  # the year not over: as of today
    assert now["rights.contracts_in_force"] == [2] and now["rights.contract_workers"] == [240]
    assert engine.compute(tree.union_a1, [year(2025)]).totals["rights.contracts_in_force"] == [1]
    district = engine.compute(tree.district, [year(2025)]).totals
    assert district["rights.contracts_in_force"] == [4]  # with 乙's (1 May 2025 to 30 April 2026)
    assert engine.compute(tree.town_b, [year(2025)]).totals["rights.contract_workers"] == [120]
