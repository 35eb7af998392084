"""Officer training attendance comes from activities: an officer linked to a member shows the 工会干部培训
activities the member took part in (checked in or added on the spot), on the committee page and in the API; other
activities do not count, and an officer not linked to a member has none."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities import checkin
from activities.tests.factories import open_activity
from members.tests.factories import member
from reports import engine
from reports.periods import year

from ..models import Officer
from ..services import officers

pytestmark = pytest.mark.django_db


def running(organiser, actor, title, category):
    """An activity taking place now, so staff can add people on the spot."""
    now = timezone.now()
    return open_activity(
        organiser,
        actor,
        title=title,
        category=category,
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
        registration_opens_at=now - timedelta(days=3),
        registration_closes_at=now - timedelta(hours=1),
    )


def test_trainings_attended_on_the_committee_page_and_api(tree, users, login, bearer, client):
    chair = member(tree.union_a1, users.union, 501, name="王志强")
    officers.record_congress(
        tree.union_a1,
        actor=users.union,
        held_on=timezone.localdate() - timedelta(days=30),
        officers=[{"role": "chair", "name": "王志强", "member": chair}, {"role": "member", "name": "临时委员"}],
    )
    training = running(tree.district, users.district, "2026 年基层工会主席培训班", "cadre_training")
    sports = running(tree.district, users.district, "职工羽毛球赛", "sports")
    checkin.walk_in(training, actor=users.district, member=chair)
    checkin.walk_in(sports, actor=users.district, member=chair)
    page = login(users.town).get(f"/console/unionlife/committees/{tree.union_a1.pk}/").content.decode()
    assert "1 次" in page and "2026 年基层工会主席培训班" in page and "职工羽毛球赛" not in page
    assert "未关联会员" in page  # 临时委员 is on no roster
    headers = bearer(users.town)
    committee = client.get(f"/api/v1/unionlife/committees/{tree.union_a1.pk}", headers=headers).json()
    assert sorted((o["name"], o["trainings"]) for o in committee["officers"]) == [("临时委员", 0), ("王志强", 1)]
    officer = Officer.objects.get(name="王志强")
    rows = client.get(f"/api/v1/unionlife/officers/{officer.pk}/trainings", headers=headers).json()
    assert [(r["title"], r["organiser"]["code"]) for r in rows] == [("2026 年基层工会主席培训班", "D001")]
    other = bearer(users.union_b)
    assert client.get(f"/api/v1/unionlife/officers/{officer.pk}/trainings", headers=other).status_code == 404
    # The trainings are figures of the activities' category (场, 人次).
    totals = engine.compute(tree.district, [year(timezone.localdate().year)]).totals
    assert totals["activities.count.cadre_training"] == [1]
    assert totals["activities.participations.cadre_training"] == [1]
