"""The training API: staff create a course, add sessions, enrol and check in by e-card, finish; refusals carry
stable codes with Chinese messages; members list courses, enrol and fetch their certificates."""

from core.testing import assert_api_refused

from ..models import Course
from .factories import course, member_with_account

BASE = "/api/v1/training"


def test_staff_course_flow(client, tree, users, bearer):
    headers = bearer(users.town)
    body = {"org": "TA01", "title": "叉车司机取证班", "kind": "skill", "starts_on": "2026-06-01", "capacity": 10,
            "sessions_required": 1, "fee": "900", "subsidy": "450.5", "provider_name": "宁波技师学院"}  # fmt: skip
    response = client.post(f"{BASE}/courses", body, content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
    course_id = response.json()["id"]
    assert response.json()["subsidy"] in ("450.50", 450.5)
    response = client.post(
        f"{BASE}/courses/{course_id}/sessions",
        {"topic": "第1讲", "starts_at": "2026-06-01T09:00:00+08:00", "ends_at": "2026-06-01T11:00:00+08:00"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    session_id = response.json()["id"]
    worker = member_with_account(tree.union_a1, users.union, 61)
    response = client.post(
        f"{BASE}/courses/{course_id}/enrolments",
        {"code": worker.card_no},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201 and response.json()["member_name"] == worker.name
    response = client.post(
        f"{BASE}/sessions/{session_id}/checkins",
        {"code": worker.card_no},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["created"] is True
    response = client.post(f"{BASE}/courses/{course_id}/finish", headers=headers)
    assert response.json() == {"completed": 1, "not_completed": 0}
    assert client.get(f"{BASE}/courses?q=叉车", headers=headers).json()["count"] == 1
    # Member: their certificate with its verification link.
    mine = client.get("/api/v1/me/training/certificates", headers=bearer(worker.user)).json()
    assert len(mine) == 1 and "/verify/training/" in mine[0]["verify_url"]


def test_refusals(client, tree, users, bearer):
    c = course(tree.town_a, users.town, capacity=1)
    headers = bearer(users.town)
    state = lambda: Course.objects.count()  # noqa: E731
    bad = {"org": "TA01", "title": "", "kind": "skill", "starts_on": "2026-06-01", "capacity": 10, "provider_name": "x"}
    data = assert_api_refused(
        client, headers, "post", f"{BASE}/courses", bad, status=400, code="title_required", state=state
    )
    assert data["message"] == "课程名称：必填"
    worker = member_with_account(tree.union_a1, users.union, 62)
    second = member_with_account(tree.union_a1, users.union, 63)
    member_headers = bearer(worker.user)
    assert client.post(f"/api/v1/me/training/courses/{c.pk}/enrol", headers=member_headers).status_code == 201
    assert_api_refused(
        client, bearer(second.user), "post", f"/api/v1/me/training/courses/{c.pk}/enrol",
        status=409, code="course_full", state=lambda: Course.objects.get(pk=c.pk).enrolled,
    )  # fmt: skip
    assert client.get("/api/v1/me/training/enrolments", headers=member_headers).json()[0]["course_id"] == c.pk
