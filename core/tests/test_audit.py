"""The audit trail is append-only, attributable, and carries request id and IP."""

import pytest
from django.db import DatabaseError, connection, transaction

from core import audit
from core.models import AuditEvent


def test_event_records_request_context(client, users):
    client.post(
        "/accounts/login/",
        {"username": "district", "password": "Demo@2026"},
        headers={"X-Request-ID": "req-123"},
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.get(action="accounts.login.succeeded")
    assert (event.actor, event.actor_name, event.ip, event.request_id) == (
        users.district,
        "district",
        "10.1.2.3",
        "req-123",
    )
    assert event.org is not None


def test_orm_refuses_to_change_or_delete(tree, users):
    event = audit.record("orgs.org.updated", actor=users.district, obj=tree.town_a)
    event.action = "forged"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_database_refuses_raw_updates(tree, users):
    event = audit.record("orgs.org.updated", actor=users.district, obj=tree.town_a)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "orgs.org.updated"


@pytest.mark.postgresql  # SQLite keeps DELETE for Django's test flush (see core/migrations/0002)
def test_postgresql_refuses_raw_deletes(tree, users):
    event = audit.record("orgs.org.updated", actor=users.district, obj=tree.town_a)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_diff_keeps_only_changed_fields():
    assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_scope_of_audit_events(tree, users):
    audit.record("orgs.org.updated", actor=users.district, obj=tree.union_a1)
    audit.record("orgs.org.updated", actor=users.district, obj=tree.union_b1)
    seen = set(AuditEvent.objects.restrict(users.town, "audit.view").values_list("org__code", flat=True))
    assert seen == {"UA11"}
    assert not AuditEvent.objects.restrict(users.union, "audit.view").exists()
