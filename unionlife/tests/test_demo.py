"""The demo step ``unionlife``: a year of notices with returns in every state, and member notices with readers."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.menus import worklist_for
from unionlife.models import Delivery, MemberRead, Notice


@pytest.fixture
def district(db):
    call_command("seed_demo", force=True, scale=0.1, stdout=StringIO())


def test_demo_notices(district):
    from accounts.models import User

    assert Notice.objects.filter(audience="orgs").count() == 11
    assert Notice.objects.filter(audience="members").count() == 4
    assert set(Notice.objects.values_list("return_kind", flat=True)) == {"none", "form", "file", "figure"}
    reported = Delivery.objects.filter(reported_at__isnull=False)
    assert reported.exists() and Delivery.objects.filter(read_at__isnull=True).exists()
    late = [d for d in reported.select_related("notice") if d.reported_late]
    assert late
    assert MemberRead.objects.exists()
    union = User.objects.get(username="union")
    assert any(i.group == "通知与任务" for i in worklist_for(union))


def test_demo_officers(district):
    from django.utils import timezone

    from orgs.models import Org, OrgStatus
    from unionlife.models import Officer, Term
    from unionlife.selectors import COMMITTEE_KINDS

    today = timezone.localdate()
    unions = Org.objects.filter(kind__in=COMMITTEE_KINDS, status=OrgStatus.ACTIVE)
    assert Term.objects.filter(closed_on__isnull=True).count() == unions.count()  # every union has its committee
    assert Term.objects.filter(closed_on__isnull=True, due_on__lt=today).exists()  # some are overdue
    assert Term.objects.filter(closed_on__isnull=False).exists()  # the demo union's earlier term
    assert Officer.objects.filter(role="vice_chair", source_union__isnull=False).exists()


def test_demo_assessment(district):
    from unionlife.models import Assessment, ChairPoints, StarRecord

    a = Assessment.objects.get()
    assert a.unions.filter(status="confirmed").count() == StarRecord.objects.filter(year=a.year).count() > 0
    assert all(p.subsidy <= a.subsidy_cap for p in ChairPoints.objects.all())
    assert ChairPoints.objects.exists()


def test_demo_officer_training(district):
    from unionlife.models import Officer
    from unionlife.selectors import officer_trainings

    linked = list(Officer.objects.filter(member__isnull=False, role="chair"))
    trained = [pk for pk, rows in officer_trainings(linked).items() if rows]
    assert linked and trained


def test_demo_alliances_and_pairings(district):
    from unionlife.models import Alliance, AllianceMember, JointActivity, Pairing, PairingRecord

    assert Alliance.objects.count() == 5
    assert set(Alliance.objects.values_list("kind", flat=True)) == {"union", "place", "community"}
    assert AllianceMember.objects.filter(left_on__isnull=True).count() >= 10
    assert Pairing.objects.count() >= 4 and Pairing.objects.filter(status="completed").exists()
    assert PairingRecord.objects.exists()
    assert JointActivity.objects.exists()
    for link in JointActivity.objects.select_related("activity"):
        assert link.activity.co_organisers.exists()
