"""Hardship files and payouts hold ID numbers like the roster, so the PII key rotation re-encrypts and re-hashes them:
afterwards they decrypt under the new key alone, and a file, its payouts and the member still name one person."""

import pytest
from django.core.management import call_command

from core import pii
from members.models import Member
from members.tests.factories import make_id_number

from ..models import HardshipFile, Payout
from ..services import payouts
from .factories import hardship_file, officer, programme, roster_member

OLD = "old-pii-secret-for-the-care-rotation-test-0123"
NEW = "new-pii-secret-for-the-care-rotation-test-9876"


@pytest.mark.django_db(transaction=True)
def test_files_and_payouts_rotate_with_the_roster(tree, users, settings):
    settings.PII_KEY, settings.PII_OLD_KEYS = OLD, []
    number = make_id_number(7777)
    worker = roster_member(tree.union_a1, users.union, 7777, id_number=number)
    town, union = officer(tree.town_a, "care_town"), officer(tree.union_a1, "care_union")
    file = hardship_file(tree.union_a1, union, verify_by=town, id_number=number, member=worker)
    prog = programme(tree.town_a, users.town)
    payouts.propose_payout(prog, actor=union, union=tree.union_a1, file=file)

    settings.PII_KEY, settings.PII_OLD_KEYS = NEW, [OLD]
    call_command("rotate_pii_key", verbosity=0)
    settings.PII_OLD_KEYS = []
    file, payout, worker = HardshipFile.objects.get(), Payout.objects.get(), Member.objects.get(pk=worker.pk)
    assert file.reveal_id_number() == number and pii.key_id_of(file.id_cipher) == pii.key_id(NEW)
    assert pii.decrypt(payout.id_cipher) == number
    assert file.id_hash == payout.id_hash == worker.id_hash == pii.lookup_hash("resident", number)
    # The rules keyed on the person still hold after the rotation.
    with pytest.raises(Exception) as exc:
        payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker)
    assert exc.value.code == "already_proposed"
