"""The mediator register: volunteer and partner mediators serving a union and its sub-tree; a case's mediators are
staff who may handle its union or registered mediators serving it (an older case's free-text volunteers stay);
pages, API, audit and scope."""

import pytest
from django.urls import reverse

from core.errors import ValidationFailed
from core.models import AuditEvent
from rights import selectors, services
from rights.models import Mediator

from .factories import case


@pytest.fixture
def register(tree, users):
    return {
        "district": services.add_mediator(
            actor=users.district, org=tree.district, name="李德明", kind="volunteer", specialty="退休法官"
        ),
        "town": services.add_mediator(
            actor=users.town, org=tree.town_a, name="张红", kind="partner", phone="13900001111", specialty="工资报酬"
        ),
        "b": services.add_mediator(actor=users.union_b, org=tree.union_b1, name="赵调解"),
    }


def test_the_register_validates_and_is_scoped(tree, users, register):
    with pytest.raises(ValidationFailed) as exc:
        services.add_mediator(actor=users.town, org=tree.town_a, name=" ", phone="12345", kind="judge")
    assert {e.code for e in exc.value.errors} == {
        "mediator_name_required",
        "invalid_mediator_phone",
        "invalid_mediator_kind",
    }
    assert {m.name for m in selectors.mediators(users.town)} == {"张红"}
    assert {m.name for m in selectors.mediators(users.district)} == {"李德明", "张红", "赵调解"}
    assert register["town"].phone_masked == "139****1111"
    services.update_mediator(register["town"], actor=users.town, active=False)
    assert [m.name for m in selectors.mediators(users.town, active="0")] == ["张红"]
    assert AuditEvent.objects.filter(action="rights.mediator.updated").count() == 1


def test_a_case_takes_staff_and_registered_mediators_serving_its_union(tree, users, register):
    c = case(tree.union_a1, users.union, volunteer_mediators="王老师（人民调解员）")
    staff, registered = selectors.mediator_candidates(c)
    assert {users.union, users.town, users.district} <= set(staff) and users.union_b not in staff
    assert [m.name for m in registered] == ["张红", "李德明"]  # the district's and the town's, not 乙's
    services.set_case_mediators(c, actor=users.union, staff=[users.union], registered=[register["district"]])
    assert list(c.registered_mediators.all()) == [register["district"]] and list(c.mediators.all()) == [users.union]
    assert c.volunteer_mediators == "王老师（人民调解员）"  # kept as it was
    with pytest.raises(ValidationFailed) as exc:
        services.set_case_mediators(c, actor=users.union, staff=[users.union_b], registered=[register["b"]])
    assert {e.code for e in exc.value.errors} == {"staff_mediator_not_found", "mediator_not_found"}
    assert "赵调解" in str(exc.value.errors[1].message)
    services.update_mediator(register["town"], actor=users.town, active=False)
    with pytest.raises(ValidationFailed):
        services.set_case_mediators(c, actor=users.union, registered=[register["town"]])  # off the register
    with pytest.raises(ValidationFailed) as exc:
        services.set_case_mediators(c, actor=users.union)
    assert exc.value.errors[0].code == "mediator_required"
    assert AuditEvent.objects.filter(action="rights.case.mediators_set").count() == 1


def test_the_pages(tree, users, register, login):
    client = login(users.town)
    page = client.get(reverse("rights:mediators")).content.decode()
    assert "张红" in page and "139****1111" in page and "13900001111" not in page and "赵调解" not in page
    bad = client.post(reverse("rights:mediators"), {"org": "TA01", "name": "钱多", "kind": "volunteer", "phone": "1"})
    assert bad.status_code == 200 and "11 位手机号" in bad.content.decode()
    ok = client.post(
        reverse("rights:mediators"),
        {"org": "TA01", "name": "钱多", "kind": "volunteer", "phone": "0574-87654321", "specialty": "工伤"},
    )
    assert ok.status_code == 302 and Mediator.objects.filter(name="钱多", org=tree.town_a).exists()
    edit = reverse("rights:mediator", args=[register["town"].pk])
    assert client.post(edit, {"name": "张红", "kind": "partner", "phone": "13900001111"}).status_code == 302
    register["town"].refresh_from_db()
    assert register["town"].active is False  # the box unticked
    c = case(tree.town_a, users.town)
    url = reverse("rights:case_mediators", args=[c.pk])
    form = client.get(url).content.decode()
    assert "李德明（志愿调解员" in form and "钱多（志愿调解员" in form
    assert "张红（合作调解员" not in form and "赵调解" not in form  # off the register; another town's
    assert client.post(url, {"registered": [str(register["district"].pk)]}).status_code == 302
    detail = client.get(reverse("rights:case", args=[c.pk])).content.decode()
    assert "李德明" in detail
    assert login(users.union).get(url).status_code == 404  # the town's case is outside the union's scope


def test_the_api(tree, users, register, client, bearer):
    h = bearer(users.town)
    listed = client.get("/api/v1/rights/mediators", headers=h).json()
    assert [i["name"] for i in listed["items"]] == ["张红"] and listed["items"][0]["phone_masked"] == "139****1111"
    made = client.post(
        "/api/v1/rights/mediators",
        data={"org": "TA01", "name": "孙律", "kind": "partner", "specialty": "经济补偿"},
        content_type="application/json",
        headers=h,
    )
    assert made.status_code == 201
    bad = client.post(
        "/api/v1/rights/mediators", data={"org": "TA01", "name": ""}, content_type="application/json", headers=h
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "mediator_name_required"
    off = client.patch(
        f"/api/v1/rights/mediators/{made.json()['id']}",
        data={"active": False},
        content_type="application/json",
        headers=h,
    )
    assert off.json()["active"] is False
    c = case(tree.town_a, users.town)
    r = client.post(
        f"/api/v1/rights/cases/{c.pk}/mediators",
        data={"staff_ids": [users.town.pk], "mediator_ids": [register["district"].pk, register["town"].pk]},
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert {m["name"] for m in body["registered_mediators"]} == {"李德明", "张红"}
    assert [m["id"] for m in body["mediators"]] == [users.town.pk]
    refused = client.post(
        f"/api/v1/rights/cases/{c.pk}/mediators",
        data={"mediator_ids": [register["b"].pk]},
        content_type="application/json",
        headers=h,
    )
    assert refused.status_code == 400 and refused.json()["code"] == "mediator_not_found"
