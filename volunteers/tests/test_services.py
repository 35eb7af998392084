"""Teams and volunteers (out-of-scope members refused), shifts (quota under a flood of sign-ups, cancelling before
the start, attendance writing a confirmed record), service records (hours in half-hour steps, confirmed only by the
team's leader or staff) and the hours per person and per team, exact."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from core.errors import DomainError, ValidationFailed
from core.testing import run_at_once
from members.tests.factories import member
from reports import engine
from reports.periods import year

from .. import selectors, services
from ..models import RecordStatus, ServiceRecord, SignUp
from .factories import member_with_account, shift, team, team_with


def codes(exc) -> set:
    return {e.code for e in exc.value.errors} if isinstance(exc.value, ValidationFailed) else {exc.value.code}


def test_members_outside_the_team_org_are_refused(tree, users):
    t = team(tree.union_a1, users.union)
    outsider = member(tree.union_b1, users.union_b, 1)
    with pytest.raises(DomainError) as caught:
        services.add_volunteer(t, outsider, actor=users.union)
    assert caught.value.code == "member_out_of_scope"
    assert str(caught.value.message) == "会员：该会员不属于“甲一机械有限公司工会”及其下级工会，不能加入该服务队"
    # A town's team takes members of the unions under it; a member may serve in several teams.
    town = team(tree.town_a, users.town, name="甲街道志愿服务总队")
    m = member(tree.union_a1, users.union, 2)
    services.add_volunteer(t, m, actor=users.union)
    services.add_volunteer(town, m, actor=users.town)
    with pytest.raises(DomainError) as caught:
        services.add_volunteer(t, m, actor=users.union)
    assert caught.value.code == "already_volunteer"
    # Another union's staff may not enrol anyone in 甲一's team.
    with pytest.raises(DomainError) as caught:
        services.add_volunteer(t, member(tree.union_a1, users.union, 3), actor=users.union_b)
    assert caught.value.code == "permission_denied"
    with pytest.raises(ValidationFailed) as caught:
        services.create_team(actor=users.union, org=tree.union_a1, name=" ")
    assert codes(caught) == {"name_required"}


def test_leader_must_serve_and_cannot_leave(tree, users):
    t, (leader, other, _third) = team_with(tree.union_a1, users.union)
    assert t.leader == leader
    with pytest.raises(DomainError) as caught:
        services.remove_volunteer(t.volunteers.get(member=leader), actor=users.union)
    assert caught.value.code == "leader_cannot_leave"
    services.remove_volunteer(t.volunteers.get(member=other), actor=users.union)
    with pytest.raises(DomainError) as caught:
        services.set_leader(t, other, actor=users.union)
    assert caught.value.code == "leader_not_volunteer"


def test_shift_place_and_activity_on_the_team_org_line(tree, users):
    from places.tests.factories import place

    t = team(tree.union_a1, users.union)
    town_place = place(tree.town_a, users.town, name="甲街道职工服务中心")
    b_place = place(tree.union_b1, users.union_b, name="乙一驿站", coordinates="29.87,121.55")
    s = shift(t, users.union, place=town_place)
    assert s.place == town_place
    with pytest.raises(ValidationFailed) as caught:
        shift(t, users.union, place=b_place, quota=0, title="")
    assert codes(caught) == {"invalid_place", "invalid_quota", "title_required"}
    with pytest.raises(ValidationFailed) as caught:
        shift(t, users.union, hours=25)
    assert codes(caught) == {"invalid_times"}


def test_sign_up_cancel_attend(tree, users):
    t, (leader, a, b) = team_with(tree.union_a1, users.union)
    s = shift(t, users.union, quota=1, hours=3)
    outsider = member_with_account(tree.union_a1, users.union, 150)
    with pytest.raises(DomainError) as caught:
        services.sign_up(s, outsider, actor=outsider.user)
    assert caught.value.code == "not_volunteer"
    signup = services.sign_up(s, a, actor=a.user)
    with pytest.raises(DomainError) as caught:
        services.sign_up(s, a, actor=a.user)
    assert caught.value.code == "already_signed_up"
    with pytest.raises(DomainError) as caught:
        services.sign_up(s, b, actor=b.user)
    assert caught.value.code == "shift_full"
    services.cancel_signup(signup, actor=a.user)
    signup = services.sign_up(s, b, actor=b.user)
    with pytest.raises(DomainError) as caught:
        services.mark_attended(signup, actor=leader.user)
    assert caught.value.code == "shift_not_started"
    with time_machine.travel(s.starts_at + timedelta(minutes=5), tick=False):
        with pytest.raises(DomainError) as caught:
            services.cancel_signup(signup, actor=b.user)
        assert caught.value.code == "shift_started"
        with pytest.raises(DomainError) as caught:
            services.mark_attended(signup, actor=a.user)  # not the leader
        assert caught.value.code == "permission_denied"
        record = services.mark_attended(signup, actor=leader.user)
        with pytest.raises(DomainError) as caught:
            services.mark_attended(signup, actor=leader.user)
        assert caught.value.code == "already_attended"
    assert (record.status, record.hours, record.member, record.shift) == ("confirmed", Decimal("3.0"), b, s)
    assert SignUp.objects.get(pk=signup.pk).record == record


def test_shift_hours_round_down_to_the_half_hour(tree, users):
    t = team(tree.union_a1, users.union)
    s = shift(t, users.union)
    s.ends_at = s.starts_at + timedelta(hours=2, minutes=50)
    assert services.shift_hours(s) == Decimal("2.5")
    s.ends_at = s.starts_at + timedelta(minutes=10)
    assert services.shift_hours(s) == Decimal("0.5")


@pytest.mark.django_db(transaction=True)
def test_sign_ups_never_exceed_the_quota_under_a_flood(tree, users):
    t, people = team_with(tree.union_a1, users.union, n=10, first=200)
    s = shift(t, users.union, quota=3)
    made, refused = run_at_once([lambda m=m: services.sign_up(s, m, actor=m.user) for m in people])
    assert len(made) == 3 and set(refused) == {"shift_full"} and len(refused) == 7
    assert SignUp.objects.filter(shift=s, cancelled_at__isnull=True).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_record_is_decided_once_under_a_flood(tree, users):
    t, (leader, a, _b) = team_with(tree.union_a1, users.union, first=300)
    record = services.log_record(a, t, actor=a.user, served_on=timezone.localdate(), hours="2", description="社区清扫")
    calls = [lambda: services.confirm_record(record, actor=leader.user)] * 4
    calls += [lambda: services.reject_record(record, actor=users.union, reason="时长有误")] * 4
    made, refused = run_at_once(calls)
    assert len(made) == 1 and set(refused) == {"not_pending"}


def test_hours_are_checked(tree, users):
    t, (_leader, a, _b) = team_with(tree.union_a1, users.union)
    today = timezone.localdate()
    for bad in ["0", "-1", "24.5", "1.3", "abc", "NaN", ""]:
        with pytest.raises(ValidationFailed) as caught:
            services.log_record(a, t, actor=a.user, served_on=today, hours=bad, description="x")
        assert codes(caught) == {"invalid_hours"}, bad
    with pytest.raises(ValidationFailed) as caught:
        services.log_record(a, t, actor=a.user, served_on=today + timedelta(days=1), hours="1", description="")
    assert codes(caught) == {"invalid_date", "description_required"}
    assert services.parse_hours("24") == Decimal("24.0") and services.parse_hours(0.5) == Decimal("0.5")
    # Before the member joined the team: not a volunteer then.
    with pytest.raises(DomainError) as caught:
        services.log_record(a, t, actor=a.user, served_on=today - timedelta(days=3), hours="1", description="x")
    assert caught.value.code == "not_volunteer"


def test_only_the_leader_or_staff_confirm(tree, users):
    t, (leader, a, b) = team_with(tree.union_a1, users.union)
    today = timezone.localdate()
    r1 = services.log_record(a, t, actor=a.user, served_on=today, hours="1.5", description="助老")
    with pytest.raises(DomainError) as caught:
        services.confirm_record(r1, actor=b.user)
    assert caught.value.code == "permission_denied"
    with pytest.raises(DomainError) as caught:
        services.confirm_record(r1, actor=users.union_b)
    assert caught.value.code == "permission_denied"
    services.confirm_record(r1, actor=leader.user)
    with pytest.raises(DomainError) as caught:
        services.reject_record(r1, actor=users.union, reason="x")
    assert caught.value.code == "not_pending"
    own = services.log_record(leader, t, actor=leader.user, served_on=today, hours="2", description="带队")
    with pytest.raises(DomainError) as caught:
        services.confirm_record(own, actor=leader.user)
    assert caught.value.code == "own_record"
    services.confirm_record(own, actor=users.town)  # staff above may
    r3 = services.log_record(b, t, actor=users.union, served_on=today, hours="4", description="登记")
    with pytest.raises(DomainError) as caught:
        services.reject_record(r3, actor=leader.user, reason=" ")
    assert caught.value.code == "reason_required"
    services.reject_record(r3, actor=leader.user, reason="当天未参加")
    assert ServiceRecord.objects.get(pk=r3.pk).status == RecordStatus.REJECTED
    assert list(selectors.pending_for_leader(leader)) == []


def test_hours_per_person_and_team_are_exact(tree, users):
    t, (leader, a, b) = team_with(tree.union_a1, users.union)
    town, (c,) = team_with(tree.town_a, users.town, n=1, first=400, name="甲街道志愿服务总队", union=tree.union_a2)
    services.add_volunteer(town, a, actor=users.town)
    today = timezone.localdate()
    made = []
    for m, tm, h in [(a, t, "0.5"), (a, t, "1.5"), (a, town, "2"), (b, t, "24"), (c, town, "3.5"), (b, t, "7")]:
        made.append(services.log_record(m, tm, actor=users.town, served_on=today, hours=h, description="服务"))
    for r in made[:-1]:
        services.confirm_record(r, actor=users.town)  # the last stays pending: it never counts
    per_person = {r["member_id"]: r["hours"] for r in selectors.hours_per_person(ServiceRecord.objects.all())}
    assert per_person == {a.pk: Decimal("4.0"), b.pk: Decimal("24.0"), c.pk: Decimal("3.5")}
    per_team = {
        r["team_id"]: (r["hours"], r["volunteers"]) for r in selectors.hours_per_team(ServiceRecord.objects.all())
    }
    assert per_team == {t.pk: (Decimal("26.0"), 2), town.pk: (Decimal("5.5"), 2)}
    assert selectors.member_hours(a) == Decimal("4.0")
    assert [r["member_id"] for r in selectors.ranking(users.union)] == [b.pk, a.pk]  # 甲一's scope: its team only
    assert selectors.ranking(users.union_b) == []
    # Figures: 甲一's team counts for 甲一, the town's team for the town; the district sees both.
    this_year = year(today.year)
    district = engine.compute(tree.district, [this_year]).totals
    assert district["volunteers.hours"] == [31.5] and district["volunteers.volunteers"] == [4]
    assert district["volunteers.teams"] == [2]
    a1 = engine.compute(tree.union_a1, [this_year]).totals
    assert a1["volunteers.hours"] == [26.0] and a1["volunteers.volunteers"] == [3] and a1["volunteers.teams"] == [1]
    services.disband_team(town, actor=users.town)
    assert engine.compute(tree.district, [this_year]).totals["volunteers.teams"] == [1]
