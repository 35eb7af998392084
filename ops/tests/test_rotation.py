"""Acceptance 2: the personal-data key is rotated in batches, interrupted half-way and resumed; afterwards every ID
number decrypts under the new key alone and look-ups by ID number find the same members as before."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from core import pii
from core.errors import DomainError
from members import services
from members.choices import IdType
from members.models import Member
from members.selectors import search_q
from members.tests import factories
from ops.services import rotation

OLD = "old-pii-secret-for-the-rotation-test-0123456789"
NEW = "new-pii-secret-for-the-rotation-test-9876543210"


def _found_by_number(number: str) -> list[int]:
    """The members the console's search finds for an ID number (through its keyed hash)."""
    return list(Member.objects.filter(search_q(number)).values_list("pk", flat=True))


@pytest.fixture
def roster(tree, users, settings):
    settings.PII_KEY, settings.PII_OLD_KEYS = OLD, []
    people = [factories.person(n) for n in range(101, 141)]
    members = [services.register_member(actor=users.union, union=tree.union_a1, **p) for p in people]
    # One record written before ciphertext named its key (plain Fernet token under the old key's derivation).
    legacy = members[30]
    fernet, _ = pii._keys(OLD)
    Member._base_manager.filter(pk=legacy.pk).update(
        id_cipher=fernet.encrypt(people[30]["id_number"].encode()).decode()
    )
    before = {p["id_number"]: _found_by_number(p["id_number"]) for p in people}
    assert all(len(found) == 1 for found in before.values())
    return people, before


def _left():
    """Rows still under an old key, by model; every encrypted model is counted (a new one joins by itself)."""
    remaining = rotation.remaining()
    assert {"care.HardshipFile", "care.Payout", "members.JoinApplication", "members.Member"} <= set(remaining)
    return {label: n for label, n in remaining.items() if n}


@pytest.mark.django_db(transaction=True)
def test_rotation_interrupted_half_way_and_resumed(roster, settings, users, tree, monkeypatch):
    people, before = roster
    assert _left() == {"members.Member": 1}  # the legacy row

    settings.PII_KEY, settings.PII_OLD_KEYS = NEW, [OLD]
    assert _left() == {"members.Member": 40}
    # Interrupted between batches: three batches of seven, then the run stops.
    run = rotation.rotate(batch_size=7, max_batches=3)
    assert not run.finished and run.rewritten["members.Member"] == 21
    assert rotation.remaining()["members.Member"] == 19

    # Interrupted inside a batch: the fourth encryption of the next batch fails, the whole batch rolls back.
    calls = {"n": 0}
    real_encrypt = pii.encrypt

    def failing(value):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("power cut")
        return real_encrypt(value)

    with monkeypatch.context() as m:
        m.setattr(pii, "encrypt", failing)
        with pytest.raises(RuntimeError, match="power cut"):
            rotation.rotate(batch_size=7)
    assert rotation.remaining()["members.Member"] == 19

    # Half-way: rows under both keys, and every look-up still finds the same one member.
    kids = {pii.key_id_of(c) for c in Member.objects.values_list("id_cipher", flat=True)}
    assert kids == {pii.key_id(NEW), pii.key_id(OLD), None}
    assert {n: _found_by_number(n) for n in before} == before
    # The uniqueness check sees the person stored under the old key's hash: no second membership.
    not_yet = Member.objects.exclude(id_cipher__startswith=pii.key_id(NEW)).first()
    number = not_yet.reveal_id_number()
    twin = next(p for p in people if p["id_number"] == number)
    with pytest.raises(DomainError) as refused:
        services.register_member(actor=users.union, union=tree.union_a1, **{**twin, "phone": "13900009999"})
    assert refused.value.code == "already_member"

    # Resumed: the command picks up the rows left.
    call_command("rotate_pii_key", batch_size=7, verbosity=0)
    assert _left() == {}

    # Done: the old key is dropped; every number decrypts under the new key alone and hashes are the new key's.
    settings.PII_OLD_KEYS = []
    for member in Member.objects.all():
        assert pii.key_id_of(member.id_cipher) == pii.key_id(NEW)
        number = member.reveal_id_number()
        assert member.id_hash == pii.lookup_hash(IdType.RESIDENT, number)
        assert number in before
    assert sorted(m.reveal_id_number() for m in Member.objects.all()) == sorted(before)
    assert {n: _found_by_number(n) for n in before} == before

    # And the old key alone no longer opens anything.
    settings.PII_KEY = OLD
    with pytest.raises(ValueError):
        Member.objects.first().reveal_id_number()


@pytest.mark.django_db(transaction=True)
def test_rotation_leaves_a_concurrent_edit_alone(roster, settings, users):
    people, before = roster
    settings.PII_KEY, settings.PII_OLD_KEYS = NEW, [OLD]
    member = Member.objects.order_by("pk").first()
    stale = list(Member.objects.filter(pk=member.pk).values_list("pk", "id_type", "id_cipher"))
    # Someone corrects the number while the batch holding the old ciphertext is being prepared.
    corrected = factories.make_id_number(777, birth=member.birth_date, female=member.gender == "F")
    services.update_member(member, actor=users.union, id_number=corrected)
    done, skipped = rotation._rotate_batch(Member, stale)
    assert (done, skipped) == (0, 1)
    member.refresh_from_db()
    assert member.reveal_id_number() == corrected
    assert _found_by_number(corrected) == [member.pk]


@pytest.mark.django_db
def test_a_key_nobody_configured_is_refused_with_the_row_named(roster, settings):
    people, before = roster
    settings.PII_KEY, settings.PII_OLD_KEYS = NEW, []  # the old key forgotten
    with pytest.raises(DomainError) as refused:
        rotation.rotate(batch_size=5)
    assert refused.value.code == "pii_unreadable"
    assert rotation.remaining()["members.Member"] == 40


def test_key_ids_are_fingerprints_that_do_not_reveal_the_key():
    assert pii.key_id(OLD) != pii.key_id(NEW) and len(pii.key_id(OLD)) == 8
    assert pii.key_id(OLD) not in OLD
    token = Fernet(Fernet.generate_key()).encrypt(b"x").decode()
    assert pii.SEPARATOR not in token
