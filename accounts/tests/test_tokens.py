"""API tokens can be listed and revoked by their owner and by the admins who manage the owner's account (issue 13)."""

from accounts.models import ApiToken
from core.models import AuditEvent
from core.testing import api_headers

from .factories import staff

API = "/api/v1"


def test_an_owner_lists_and_revokes_their_own_tokens(tree, users, client):
    first, raw_first = ApiToken.issue(users.union)
    second, raw_second = ApiToken.issue(users.union)
    ApiToken.issue(users.union_b)  # somebody else's
    listed = client.get(f"{API}/auth/tokens", headers=api_headers(raw_second))
    assert listed.status_code == 200
    assert [(t["id"], t["current"]) for t in listed.json()] == [(second.pk, True), (first.pk, False)]
    # Revoking the other token ends it at once; the current one still works.
    assert client.delete(f"{API}/auth/tokens/{first.pk}", headers=api_headers(raw_second)).status_code == 204
    assert client.get(f"{API}/auth/me", headers=api_headers(raw_first)).status_code == 401
    assert [t["id"] for t in client.get(f"{API}/auth/tokens", headers=api_headers(raw_second)).json()] == [second.pk]
    event = AuditEvent.objects.get(action="accounts.token.revoked")
    assert (event.actor, event.object_id, event.data) == (users.union, str(users.union.pk), {"token_id": first.pk})
    # A token may revoke itself (logging out of a script).
    assert client.delete(f"{API}/auth/tokens/{second.pk}", headers=api_headers(raw_second)).status_code == 204
    assert client.get(f"{API}/auth/me", headers=api_headers(raw_second)).status_code == 401


def test_someone_elses_token_is_not_found(tree, users, client, bearer):
    other, raw_other = ApiToken.issue(users.union_b)
    response = client.delete(f"{API}/auth/tokens/{other.pk}", headers=bearer(users.union))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(f"{API}/auth/me", headers=api_headers(raw_other)).status_code == 200


def test_an_admin_lists_and_revokes_the_tokens_of_an_account_they_manage(tree, users, client, bearer):
    clerk = staff(tree.union_a1, username="clerk")
    token, raw = ApiToken.issue(clerk)
    headers = bearer(users.town)
    listed = client.get(f"{API}/staff-accounts/{clerk.pk}/tokens", headers=headers)
    assert listed.status_code == 200 and [t["id"] for t in listed.json()] == [token.pk]
    assert listed.json()[0]["current"] is False
    response = client.delete(f"{API}/staff-accounts/{clerk.pk}/tokens/{token.pk}", headers=headers)
    assert response.status_code == 204
    assert client.get(f"{API}/auth/me", headers=api_headers(raw)).status_code == 401
    event = AuditEvent.objects.get(action="accounts.token.revoked")
    assert (event.actor, event.object_id) == (users.town, str(clerk.pk))
    assert client.get(f"{API}/staff-accounts/{clerk.pk}/tokens", headers=headers).json() == []


def test_an_admin_may_not_revoke_the_tokens_of_a_higher_account(tree, users, client, bearer):
    # The district admin's account is visible to nobody below; a peer admin of the same org is visible but not
    # manageable: 403, and the token keeps working.
    peer = staff(tree.town_a, "federation_admin", username="peer")
    token, raw = ApiToken.issue(peer)
    response = client.delete(f"{API}/staff-accounts/{peer.pk}/tokens/{token.pk}", headers=bearer(users.town))
    assert response.status_code == 403 and response.json()["code"] == "token_not_manageable"
    assert client.get(f"{API}/auth/me", headers=api_headers(raw)).status_code == 200
    assert not AuditEvent.objects.filter(action="accounts.token.revoked").exists()
