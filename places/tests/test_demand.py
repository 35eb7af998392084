"""需求清单: kinds of service raised during visits and answered on an enterprise's phone survey (signed link, no
login, once per kind per phone) are counted per kind for staff planning the catalogue, within their scope."""

import re

from django.utils import timezone

from core.testing import api_call
from places import selectors
from places.models import ServiceDemand
from places.services import demand, field_visits

from .factories import service_item


def _row(rows, category):
    return next(r for r in rows if r["category"] == category)


def test_visit_and_survey_demands_are_counted_per_kind(tree, users, login, client):
    field_visits.log_visit(
        actor=users.union,
        org=tree.union_a1,
        enterprise=tree.ent_a1,
        visited_on=timezone.localdate(),
        visitors="甲一工会主席",
        findings="一线职工久坐",
        demands="希望有心理讲座和义诊",
        demand_categories=["mental", "clinic"],
    )
    service_item(tree.district, users.district, category="mental")
    link = login(users.union).get(f"/console/places/demand/survey/{tree.ent_a1.pk}/").content.decode()
    # The link is signed with the time it was made: read it from the page, it names the enterprise.
    token = re.search(r"/m/places/survey/([^/]+)/", link).group(1)
    assert demand.enterprise_of(token) == tree.ent_a1 and "<svg" in link
    # Two phones answer; the first answers twice, which adds only the kind it had not given.
    phone1, phone2 = client, type(client)()
    assert phone1.get(f"/m/places/survey/{token}/").status_code == 200
    assert "已提交" in phone1.post(f"/m/places/survey/{token}/", {"categories": ["mental", "haircut"]}).content.decode()
    phone1.post(f"/m/places/survey/{token}/", {"categories": ["mental", "law"]})
    phone2.post(f"/m/places/survey/{token}/", {"categories": ["mental"]})
    empty = phone2.post(f"/m/places/survey/{token}/", {"note": "没选"}).content.decode()
    assert "请至少选择一项" in empty
    assert ServiceDemand.objects.filter(source="survey").count() == 4  # mental ×2, haircut, law: no repeat
    rows = selectors.demand_counts(users.union, timezone.localdate().year)
    mental = _row(rows, "mental")
    assert (mental["visit"], mental["survey"], mental["total"], mental["enterprises"]) == (1, 2, 3, 1)
    assert mental["items"] == 0  # the district's item is outside a union's scope
    assert rows[0]["category"] == "mental"  # most wanted first
    assert (_row(rows, "clinic")["visit"], _row(rows, "haircut")["survey"], _row(rows, "law")["survey"]) == (1, 1, 1)
    district = selectors.demand_counts(users.district, timezone.localdate().year)
    assert _row(district, "mental")["items"] == 1 and _row(district, "mental")["total"] == 3
    page = login(users.union).get("/console/places/demand/").content.decode()
    assert "需求清单" in page and 'data-category="mental"' in page
    # Another town's staff see none of it.
    assert _row(selectors.demand_counts(users.union_b, timezone.localdate().year), "mental")["total"] == 0


def test_survey_link_cannot_be_forged_or_altered(tree, client):
    token = demand.survey_token(tree.ent_a1)
    assert client.get(f"/m/places/survey/{token}x/").status_code == 404
    assert client.get("/m/places/survey/1/").status_code == 404
    assert client.post(f"/m/places/survey/{token[:-2]}/", {"categories": ["law"]}).status_code == 404
    assert not ServiceDemand.objects.exists()


def test_demand_through_the_api(tree, users, bearer, client):
    h = bearer(users.union)
    body = {
        "org": "UA11",
        "enterprise_id": tree.ent_a1.pk,
        "visited_on": timezone.localdate().isoformat(),
        "visitors": "甲一工会主席",
        "findings": "职工想学法律",
        "demand_categories": ["law", "law", "lecture"],
    }
    assert api_call(client, "post", "/api/v1/field-visits", h, body).status_code == 201
    bad = api_call(client, "post", "/api/v1/field-visits", h, {**body, "demand_categories": ["magic"]})
    assert bad.status_code == 400 and "magic" in bad.content.decode()
    counts = {r["category"]: r for r in api_call(client, "get", "/api/v1/field-visits/demand-counts", h).json()}
    assert (counts["law"]["visit"], counts["lecture"]["visit"], counts["law"]["enterprises"]) == (1, 1, 1)
