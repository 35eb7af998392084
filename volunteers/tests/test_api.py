"""The staff and member volunteer API: a team with a leader, enrolling (an outsider refused), a shift and a sign-up,
records logged, confirmed by the leader and rejected, the hours report, and error answers (400, 404, 409, 422)."""

from django.utils import timezone

from members.tests.factories import member

from .factories import member_with_account, shift


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", headers=headers)


def test_staff_and_member_api(client, tree, users, bearer):
    staff = bearer(users.union)
    leader = member_with_account(tree.union_a1, users.union, 31)
    made = post(
        client, "/api/v1/volunteers/teams", {"org": "UA11", "name": "甲一志愿队", "leader": leader.card_no}, staff
    )
    assert made.status_code == 201 and made.json()["leader_id"] == leader.pk
    team_id = made.json()["id"]
    outsider = member(tree.union_b1, users.union_b, 32)
    bad = post(client, f"/api/v1/volunteers/teams/{team_id}/members", {"member": outsider.card_no}, staff)
    assert bad.status_code == 400 and bad.json()["code"] == "member_out_of_scope"
    a = member_with_account(tree.union_a1, users.union, 33)
    assert post(client, f"/api/v1/volunteers/teams/{team_id}/members", {"member": a.card_no}, staff).status_code == 201
    again = post(client, f"/api/v1/volunteers/teams/{team_id}/members", {"member": a.card_no}, staff)
    assert again.status_code == 409 and again.json()["code"] == "already_volunteer"
    members = client.get(f"/api/v1/volunteers/teams/{team_id}/members", headers=staff).json()
    assert {m["name"] for m in members} == {leader.name, a.name}
    invalid = post(client, f"/api/v1/volunteers/teams/{team_id}/shifts", {"title": "x"}, staff)
    assert invalid.status_code == 422
    from ..models import Team

    s = shift(Team.objects.get(pk=team_id), users.union, quota=1)
    mine = bearer(a.user)
    shifts = client.get("/api/v1/me/volunteers/shifts", headers=mine).json()
    assert [x["id"] for x in shifts] == [s.pk] and shifts[0]["taken"] == 0
    assert post(client, f"/api/v1/me/volunteers/shifts/{s.pk}/signup", {}, mine).status_code == 201
    full = post(client, f"/api/v1/me/volunteers/shifts/{s.pk}/signup", {}, bearer(leader.user))
    assert full.status_code == 409 and full.json()["code"] == "shift_full"
    today = timezone.localdate().isoformat()
    body = {"team_id": team_id, "served_on": today, "hours": "2.5", "description": "社区助老"}
    record = post(client, "/api/v1/me/volunteers/records", body, mine)
    assert record.status_code == 201 and record.json()["status"] == "pending"
    bad_hours = post(client, "/api/v1/me/volunteers/records", {**body, "hours": "0.3"}, mine)
    assert bad_hours.status_code in (400, 422)
    lead = bearer(leader.user)
    pending = client.get("/api/v1/me/volunteers/pending", headers=lead).json()
    assert [p["id"] for p in pending] == [record.json()["id"]]
    done = post(client, f"/api/v1/me/volunteers/records/{pending[0]['id']}/confirm", {}, lead)
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    twice = post(client, f"/api/v1/volunteers/records/{pending[0]['id']}/reject", {"reason": "x"}, staff)
    assert twice.status_code == 409 and twice.json()["code"] == "not_pending"
    summary = client.get("/api/v1/me/volunteers/summary", headers=mine).json()
    assert summary["hours"] == "2.5" and summary["teams"][0]["name"] == "甲一志愿队"
    staff_body = {**body, "member": a.card_no, "hours": "1"}
    logged = post(client, "/api/v1/volunteers/records", staff_body, staff).json()
    rejected = post(client, f"/api/v1/volunteers/records/{logged['id']}/reject", {"reason": "重复登记"}, staff)
    assert rejected.json()["status"] == "rejected" and rejected.json()["reject_reason"] == "重复登记"
    report = client.get("/api/v1/volunteers/hours", headers=staff).json()
    assert report["teams"][0]["hours"] == "2.5" and report["people"][0]["name"] == a.name
    # Another union's staff: 404 for 甲一's team.
    assert client.get(f"/api/v1/volunteers/teams/{team_id}", headers=bearer(users.union_b)).status_code == 404
