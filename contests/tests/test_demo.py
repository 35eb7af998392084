"""The demo steps ``honours`` and ``contests``: two years of honours and contests with published rankings, the
winners proposed for 技术能手, and this year's competition open for entries."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def district(db):
    call_command("seed_demo", force=True, scale=0.1, stdout=StringIO())


def test_demo_contests_and_honours(district):
    from contests.models import Contest, Result
    from honours.models import Award, Nomination

    assert Contest.objects.filter(status="finished").count() >= 2
    assert Contest.objects.filter(status="open").exists()
    ranks = list(Result.objects.filter(entry__isnull=False).values_list("event_id", "rank"))
    assert ranks and any(r == 1 for _, r in ranks)
    assert Nomination.objects.filter(source__contains="职业技能竞赛").exists()
    assert Award.objects.filter(title__category="model_worker").exists()
    assert Award.objects.filter(title__category="studio").exists()
