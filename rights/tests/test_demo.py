"""The demo district's mediation (demo step ``rights``): cases in every state over a year, some from appeals, amounts
exact to the fen in realistic ranges, a legal-aid case from a referral, and every case with its audit trail. Built
at ``--scale 0.1`` with the clock stopped."""

from datetime import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from core.models import AuditEvent
from rights.models import (
    CaseStatus,
    CollectiveContract,
    DemonstrationRecord,
    Inspection,
    LegalAidCase,
    MediationCase,
    Mediator,
    Problem,
    SupervisionDocument,
)

NOW = datetime(2026, 5, 20, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def district(db):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", force=True, scale=0.1, stdout=StringIO())


def test_a_year_of_cases_in_every_state(district):
    cases = MediationCase.objects.all()
    statuses = set(cases.values_list("status", flat=True))
    assert {CaseStatus.OPEN, CaseStatus.AGREED} <= statuses
    assert cases.filter(appeal__isnull=False).exists() and cases.filter(appeal__isnull=True).exists()
    assert cases.filter(workers__gte=3).exists()  # collective disputes
    assert cases.filter(status=CaseStatus.OPEN, due_at__lt=NOW).exists()  # something overdue for the work queue
    for c in cases:
        assert Decimal("3000") <= c.amount_claimed / c.workers <= Decimal("30000")
        assert c.amount_claimed == c.amount_claimed.quantize(Decimal("0.01"))
        assert c.amount_recovered <= c.amount_claimed
        assert c.parties.count() == c.workers
        assert AuditEvent.objects.filter(action="rights.case.opened", object_id=str(c.pk)).exists()
    agreed = cases.filter(status=CaseStatus.AGREED)
    concluded = cases.filter(status__in=[CaseStatus.AGREED, CaseStatus.FAILED, CaseStatus.REFERRED])
    assert agreed.count() / concluded.count() >= 0.85
    assert all(c.sessions.exists() and c.agreement_text for c in agreed)
    first = min(cases.values_list("accepted_at", flat=True))
    assert (NOW - first).days > 180
    assert LegalAidCase.objects.filter(source_case__isnull=False).exists()
    for aid in LegalAidCase.objects.filter(source_case__isnull=False):
        assert aid.lawyer_id is not None
        assert aid.parties.count() == aid.source_case.workers


def test_workers_applied_online_and_rated(district):
    """Online applications from members and from workers without an account; the older ones closed and mostly
    rated, each with its audit trail."""
    online = LegalAidCase.objects.filter(applied_online=True)
    assert online.count() >= 4
    assert online.filter(parties__member__isnull=False).exists() and online.filter(parties__member=None).exists()
    assert online.filter(status="open").exists()
    rated = online.exclude(rating=None)
    assert rated.exists() and all(1 <= a.rating <= 5 and a.status == "closed" for a in rated)
    assert all(a.closed_at <= a.rated_at <= NOW for a in rated)
    for aid in online:
        assert aid.parties.count() == 1 and aid.opened_at <= NOW
        assert AuditEvent.objects.filter(action="rights.aid.applied", object_id=str(aid.pk)).exists()
    assert AuditEvent.objects.filter(action="rights.aid.rated").count() == rated.count()


def test_inspections_contracts_and_mediators(district):
    assert Inspection.objects.count() >= 10
    assert Problem.objects.filter(status="rectified").exists()
    assert Problem.objects.filter(status="open", escalated_to__isnull=False).exists()
    numbers = list(SupervisionDocument.objects.values_list("org_id", "year", "serial"))
    assert numbers and len(numbers) == len(set(numbers))

    # Collective contracts: enterprise and industry ones, some expiring within 60 days, some expired, 示范 years.
    today = NOW.date()
    states = [c.state(today) for c in CollectiveContract.objects.all()]
    assert {"in_force", "expiring", "expired"} <= set(states)
    assert states.count("in_force") > states.count("expiring")
    assert CollectiveContract.objects.filter(coverage="industry").exists()
    for c in CollectiveContract.objects.exclude(wage_increase=None):
        assert Decimal("3") <= c.wage_increase <= Decimal("8") and c.workers_covered > 0
        assert c.enterprise is None or c.org == c.enterprise.covering_union
    assert DemonstrationRecord.objects.exists()
    # Registered mediators, named on about half the cases staff took in.
    assert Mediator.objects.filter(kind="partner").exists()
    assert MediationCase.objects.filter(registered_mediators__isnull=False).exists()


def test_a_case_outside_the_town_never_gets_the_towns_volunteer(db):
    """A town's case may belong to an enterprise's covering union elsewhere (a district industry union of gig
    workers): the demo then names a district mediator, since the town's volunteer does not serve it (seed_demo at
    --scale 10 stopped on this)."""
    import random

    from orgs.tests.factories import OrgFactory
    from rights.demo import pick_mediator

    root = OrgFactory(federation=True)
    town = OrgFactory(town=True, parent=root)
    in_town = OrgFactory(parent=town)
    gig_union = OrgFactory(parent=root)
    district = Mediator.objects.create(org=root, name="区调解员")
    volunteer = Mediator.objects.create(org=town, name="镇志愿者")
    rng = random.Random(1)
    assert {pick_mediator(rng, [district, volunteer], gig_union) for _ in range(50)} == {district}
    assert {pick_mediator(rng, [district, volunteer], in_town) for _ in range(50)} == {district, volunteer}
