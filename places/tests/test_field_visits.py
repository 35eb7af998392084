"""Visits (走访): logged by staff with findings and demands; a problem stays open on the 工作台 until it is closed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import DomainError, ValidationFailed
from core.models import AuditEvent
from places.models import FieldVisit
from places.services import field_visits
from reports import engine
from reports.periods import year


def test_log_follow_and_close_a_problem(tree, users, login):
    visit = field_visits.log_visit(
        actor=users.town,
        org=tree.town_a,
        enterprise=tree.ent_a1,
        visited_on=timezone.localdate(),
        visitors="李建华、王芳",
        findings="一线职工午休没有地方",
        demands="希望送心理健康讲座",
        problem="车间饮水机坏了",
    )
    assert visit.follow_up == FieldVisit.FollowUp.OPEN
    home = login(users.town).get("/console/").content.decode()
    assert "走访发现的问题待办结" in home
    with pytest.raises(DomainError) as exc:
        field_visits.close_problem(visit, actor=users.town, note=" ")
    assert exc.value.code == "close_note_required"
    with pytest.raises(DomainError) as exc:
        field_visits.close_problem(visit, actor=users.union_b, note="修好了")
    assert exc.value.code == "permission_denied"
    page = login(users.town).post(f"/console/places/visits/{visit.pk}/close/", {"note": "已更换饮水机"}, follow=True)
    assert "问题已办结" in page.content.decode()
    visit.refresh_from_db()
    assert visit.follow_up == FieldVisit.FollowUp.CLOSED and visit.closed_note == "已更换饮水机"
    assert set(AuditEvent.objects.filter(action__startswith="places.field_visit").values_list("action", flat=True)) == {
        "places.field_visit.logged",
        "places.field_visit.closed",
    }
    got = engine.compute(tree.town_a, [year(timezone.localdate().year)]).totals
    assert got["places.field_visits"] == [1]


def test_refusals_name_the_fields(tree, users):
    with pytest.raises(ValidationFailed) as exc:
        field_visits.log_visit(
            actor=users.town,
            org=tree.town_a,
            visited_on=timezone.localdate() + timedelta(days=1),
            visitors="",
            findings="",
        )
    codes = {e.code for e in exc.value.errors}
    assert codes == {"invalid_visit_date", "visitors_required", "findings_required", "visit_target_required"}


def test_visit_pages(tree, users, login):
    client = login(users.town)
    r = client.post(
        "/console/places/visits/new/",
        {
            "org": "TA01",
            "enterprise": tree.ent_a2.name,
            "visited_on": timezone.localdate().isoformat(),
            "visitors": "李建华",
            "findings": "新建了职工书屋",
            "demands": "希望有理发服务日",
        },
    )
    assert r.status_code == 302
    visit = FieldVisit.objects.get()
    assert visit.enterprise == tree.ent_a2 and visit.follow_up == FieldVisit.FollowUp.NONE
    listing = client.get("/console/places/visits/", {"q": "理发"}).content.decode()
    assert tree.ent_a2.name in listing
    outside = client.post(
        "/console/places/visits/new/",
        {
            "org": "TA01",
            "enterprise": tree.ent_b1.name,
            "visited_on": timezone.localdate().isoformat(),
            "visitors": "x",
            "findings": "y",
        },
    )
    assert "不在您的管理范围内" in outside.content.decode()
