"""Pairings and alliances (结对共建, 工会联盟): who sees them, their rules, booking a shared place through an alliance,
joint activities seen by the co-organisers' staff, and the 基层基础 figures."""

import pytest
from django.utils import timezone

from activities.models import Activity
from activities.tests.factories import open_activity
from core.errors import DomainError, ValidationFailed
from core.models import AuditEvent
from core.testing import run_at_once
from places.services import booking as booking_services
from places.tests.factories import place, resource
from reports import engine
from reports.periods import year

from ..models import Alliance, AllianceMember, Pairing
from ..services import alliances
from .factories import alliance, in_days, pairing

pytestmark = pytest.mark.django_db


def codes_of(exc) -> list[str]:
    return [e.code for e in getattr(exc.value, "errors", [exc.value])]


def test_a_pairing_needs_two_parties_one_of_them_an_org_and_a_period(tree, users):
    with pytest.raises(ValidationFailed) as exc:
        alliances.create_pairing(
            actor=users.town,
            owner=tree.town_a,
            title="",
            goals="",
            starts_on=in_days(0),
            ends_on=in_days(-1),
            parties=[{"kind": "community", "name": "东湖社区"}],
        )
    assert codes_of(exc) == ["name_required", "goals_required", "ends_before_start", "parties_too_few"]
    assert exc.value.errors[0].field == "title" and "名称" in exc.value.errors[0].message
    with pytest.raises(ValidationFailed) as exc:
        pairing(
            users.town, tree.town_a, parties=[{"kind": "community", "name": "东湖社区"}, {"kind": "x", "name": "a"}]
        )
    assert codes_of(exc) == ["invalid_party"] and "第 2 方" in exc.value.message
    with pytest.raises(DomainError) as exc:
        pairing(users.union_b, tree.town_a)  # not the keeper's manager
    assert exc.value.code == "permission_denied"
    p = pairing(users.town, tree.town_a)
    assert [(x.kind, x.name) for x in p.parties.all()] == [("org", tree.union_a1.name), ("community", "东湖社区")]
    assert AuditEvent.objects.filter(action="unionlife.pairing.created", object_id=str(p.pk)).exists()


def test_who_sees_a_pairing_the_keepers_sub_tree_and_each_party(tree, users):
    ours = pairing(users.town, tree.town_a)  # town_a keeps it, 甲一 and a community take part
    with_b = pairing(
        users.district, tree.district, parties=[{"org": tree.union_a1}, {"org": tree.union_b1}, {"org": tree.union_a2}]
    )
    assert set(Pairing.objects.restrict(users.district, "unionlife.view")) == {ours, with_b}
    assert set(Pairing.objects.restrict(users.town, "unionlife.view")) == {ours, with_b}  # a party is below it
    assert list(Pairing.objects.restrict(users.union, "unionlife.view").order_by("pk")) == [ours, with_b]  # once each
    assert list(Pairing.objects.restrict(users.union_b, "unionlife.view")) == [with_b]


def test_progress_records_and_closing_a_pairing(tree, users):
    p = pairing(users.town, tree.town_a, starts=-30)
    alliances.add_pairing_record(p, actor=users.union, happened_on=in_days(-2), text="联合开展送清凉")  # a party
    with pytest.raises(ValidationFailed) as exc:
        alliances.add_pairing_record(p, actor=users.town, happened_on=in_days(-40), text="")
    assert codes_of(exc) == ["record_date_invalid", "record_text_required"]
    with pytest.raises(DomainError) as exc:
        alliances.add_pairing_record(p, actor=users.union_b, happened_on=in_days(0), text="x")
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        alliances.close_pairing(p, actor=users.union, status="completed")  # a party records, the keeper ends
    assert exc.value.code == "permission_denied"
    with pytest.raises(ValidationFailed) as exc:
        alliances.close_pairing(p, actor=users.town, status="paused")
    assert codes_of(exc) == ["invalid_close_status"]
    alliances.close_pairing(p, actor=users.town, status="completed", note="目标达成")
    p.refresh_from_db()
    assert (p.status, p.closed_on, p.closing_note) == ("completed", timezone.localdate(), "目标达成")
    with pytest.raises(DomainError) as exc:
        alliances.add_pairing_record(p, actor=users.town, happened_on=in_days(0), text="x")
    assert exc.value.code == "pairing_closed"
    actions = set(AuditEvent.objects.filter(object_id=str(p.pk)).values_list("action", flat=True))
    assert {"unionlife.pairing.recorded", "unionlife.pairing.closed"} <= actions


def test_an_alliance_lead_below_the_keeper_members_anywhere_places_of_members(tree, users):
    with pytest.raises(ValidationFailed) as exc:
        alliances.create_alliance(
            actor=users.town,
            owner=tree.town_a,
            name="",
            kind="nope",
            lead=tree.union_b1,
            founded_on=in_days(3),
        )
    assert codes_of(exc) == ["name_required", "invalid_alliance_kind", "founded_required", "lead_not_below"]
    far = place(tree.union_b1, users.district, name="乙一职工之家", kind="home")
    with pytest.raises(ValidationFailed) as exc:
        alliance(users.town, tree.town_a, places=[far])
    assert codes_of(exc) == ["place_not_shared"]
    a = alliance(users.town, tree.town_a, members=[tree.union_b1], places=[far])  # a member's place
    assert a.lead == tree.union_a1
    assert sorted(m.union.code for m in a.members.all()) == ["UA11", "UB11"]
    assert AuditEvent.objects.filter(action="unionlife.alliance.created", object_id=str(a.pk)).exists()


def test_members_join_and_leave_the_lead_stays_and_dissolving_ends_all(tree, users):
    a = alliance(users.town, tree.town_a, founded=-100)
    with pytest.raises(DomainError) as exc:
        alliances.add_member(a, actor=users.town, union=tree.town_b)
    assert exc.value.code == "not_a_union"
    with pytest.raises(DomainError) as exc:
        alliances.add_member(a, actor=users.town, union=tree.union_b1, joined_on=in_days(-200))
    assert exc.value.code == "joined_on_invalid" and "加入日期" in exc.value.message
    m = alliances.add_member(a, actor=users.town, union=tree.union_b1, joined_on=in_days(-50))
    with pytest.raises(DomainError) as exc:
        alliances.add_member(a, actor=users.town, union=tree.union_b1)
    assert exc.value.code == "already_member"
    lead = AllianceMember.objects.get(alliance=a, union=tree.union_a1)
    with pytest.raises(DomainError) as exc:
        alliances.remove_member(lead, actor=users.town)
    assert exc.value.code == "lead_cannot_leave"
    with pytest.raises(DomainError) as exc:
        alliances.remove_member(m, actor=users.union_b)  # a member's staff see it, the keeper manages it
    assert exc.value.code == "permission_denied"
    alliances.remove_member(m, actor=users.town, left_on=in_days(-1))
    again = alliances.add_member(a, actor=users.town, union=tree.union_b1)  # rejoining adds a row
    assert AllianceMember.objects.filter(alliance=a, union=tree.union_b1).count() == 2 and again.left_on is None
    alliances.dissolve_alliance(a, actor=users.town)
    assert not AllianceMember.objects.filter(alliance=a, left_on__isnull=True).exists()
    with pytest.raises(DomainError) as exc:
        alliances.add_member(a, actor=users.town, union=tree.union_a2)
    assert exc.value.code == "alliance_dissolved"
    actions = list(AuditEvent.objects.filter(object_id=str(a.pk)).values_list("action", flat=True))
    assert actions.count("unionlife.alliance.member_added") == 2
    assert {"unionlife.alliance.member_left", "unionlife.alliance.dissolved"} <= set(actions)


def test_who_sees_an_alliance_the_keeper_and_the_members_past_and_present(tree, users):
    a = alliance(users.town, tree.town_a, members=[tree.union_b1])
    other = alliance(users.town, tree.town_a, name="甲街道阵地联盟", lead=tree.union_a2)
    assert set(Alliance.objects.restrict(users.town, "unionlife.view")) == {a, other}
    assert list(Alliance.objects.restrict(users.union_b, "unionlife.view")) == [a]
    assert list(Alliance.objects.restrict(users.union, "unionlife.view")) == [a]
    assert not Alliance.objects.restrict(users.district, "unionlife.view").exclude(pk__in=[a.pk, other.pk]).exists()


def test_members_of_an_alliance_sharing_a_place_may_book_its_alliance_resources(tree, users):
    venue = place(tree.union_a1, users.town, name="甲一职工之家", kind="home")
    res = resource(venue, users.town, audience="alliance")
    assert not booking_services.may_book(res, for_org=tree.union_b1)  # another town, not a partner
    a = alliance(users.town, tree.town_a, members=[tree.union_b1], places=[venue])
    assert booking_services.may_book(res, for_org=tree.union_b1)
    assert booking_services.shared_with(res) == [(a.name, [tree.union_a1, tree.union_b1])]
    assert not booking_services.may_book(res, for_org=tree.town_b)  # a member's town is not a member
    alliances.remove_member(AllianceMember.objects.get(alliance=a, union=tree.union_b1), actor=users.town)
    assert not booking_services.may_book(res, for_org=tree.union_b1)
    alliances.add_member(a, actor=users.town, union=tree.union_b1)
    alliances.set_places(a, actor=users.town, places=[])
    assert not booking_services.may_book(res, for_org=tree.union_b1)
    alliances.set_places(a, actor=users.town, places=[venue])
    alliances.dissolve_alliance(a, actor=users.town)
    assert not booking_services.may_book(res, for_org=tree.union_b1)


def test_a_joint_activity_is_seen_by_the_co_organisers_staff_and_managed_by_the_organiser(tree, users, login):
    act = open_activity(tree.union_a1, users.town)
    assert not Activity.objects.restrict(users.union_b, "activities.view").filter(pk=act.pk).exists()
    a = alliance(users.town, tree.town_a, members=[tree.union_b1])
    outsider = open_activity(tree.union_a2, users.town)
    with pytest.raises(DomainError) as exc:
        alliances.add_joint_activity(a, actor=users.town, activity=outsider)
    assert exc.value.code == "organiser_not_member"
    with pytest.raises(DomainError) as exc:
        alliances.add_joint_activity(a, actor=users.town, activity=act, co_organisers=[tree.union_a2])
    assert exc.value.code == "co_organiser_not_member"
    with pytest.raises(DomainError) as exc:
        alliances.add_joint_activity(a, actor=users.union_b, activity=act)
    assert exc.value.code == "permission_denied"
    alliances.add_joint_activity(a, actor=users.town, activity=act)
    assert list(act.co_organisers.all()) == [tree.union_b1]
    with pytest.raises(DomainError) as exc:
        alliances.add_joint_activity(a, actor=users.town, activity=act)
    assert exc.value.code == "already_joint"
    assert list(Activity.objects.restrict(users.union_b, "activities.view").filter(pk=act.pk)) == [act]
    assert not Activity.objects.restrict(users.union_b, "activities.manage").filter(pk=act.pk).exists()
    client = login(users.union_b)
    assert client.get(f"/console/activities/{act.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="activities.activity.co_organisers", object_id=str(act.pk)).exists()
    assert AuditEvent.objects.filter(action="unionlife.alliance.activity_added", object_id=str(a.pk)).exists()


def test_ties_figures(tree, users):
    a = alliance(users.town, tree.town_a, members=[tree.union_b1, tree.union_a2])
    pairing(users.town, tree.town_a)  # 甲一 again: counted once
    done = pairing(
        users.district, tree.district, parties=[{"org": tree.union_b1}, {"kind": "department", "name": "区人社局"}]
    )
    alliances.close_pairing(done, actor=users.district, status="ended", closed_on=in_days(-1))
    act = open_activity(tree.union_a1, users.town)
    alliances.add_joint_activity(a, actor=users.town, activity=act)
    this_year = year(timezone.localdate().year)
    district = engine.compute(tree.district, [this_year]).totals
    assert district["unionlife.ties_active"] == [2]  # the alliance and the open pairing; the ended one is not
    assert district["unionlife.tied_unions"] == [3]
    assert district["unionlife.joint_activities"] == [1 if act.starts_at.year == this_year.end.year else 0]
    town_b = engine.compute(tree.town_b, [this_year]).totals
    assert town_b["unionlife.ties_active"] == [0] and town_b["unionlife.tied_unions"] == [1]


@pytest.mark.django_db(transaction=True)
def test_two_clerks_adding_one_union_at_once_add_it_once(tree, users):
    a = alliance(users.town, tree.town_a)
    _, errs = run_at_once([lambda: alliances.add_member(a, actor=users.town, union=tree.union_b1)] * 2, workers=2)
    assert errs == ["already_member"]
    assert AllianceMember.objects.filter(alliance=a, union=tree.union_b1, left_on__isnull=True).count() == 1
