"""Titles, recording honours and nominations up the tree with a review at each level; the care entitlement of a
劳模; figures of the 成绩单."""

from datetime import date

import pytest
from django.utils import timezone

from core.errors import DomainError, ValidationFailed
from core.models import AuditEvent
from core.testing import run_at_once
from reports import engine
from reports.periods import year

from .. import selectors, services
from ..models import Award, Nomination
from .factories import member_with_account, nominate, title

pytestmark = pytest.mark.django_db


def codes(exc) -> set[str]:
    return {e.code for e in exc.errors} if isinstance(exc, ValidationFailed) else {exc.code}


def test_titles_are_set_by_a_district_with_its_own_names(tree, users):
    craftsman = title(users.district, tree.district, name="凤麓工匠", category="craftsman")
    assert craftsman.unit == "名" and craftsman.individual and not craftsman.care_entitled
    studio = title(users.district, tree.district, name="劳模创新工作室", category="studio")
    assert studio.unit == "家" and not studio.individual
    assert title(users.district, tree.district, name="区劳动模范").care_entitled
    with pytest.raises(DomainError) as exc:
        title(users.district, tree.district, name="凤麓工匠", category="craftsman")
    assert exc.value.code == "name_taken"
    with pytest.raises(ValidationFailed) as exc:
        services.create_title(actor=users.town, org=tree.town_a, name="", category="x")
    assert codes(exc.value) == {"name_required", "invalid_category", "not_a_district"}
    assert [t.name for t in selectors.titles_for(tree.union_a1)] == ["凤麓工匠", "劳模创新工作室", "区劳动模范"]


def test_a_nomination_goes_up_the_tree_with_a_review_at_each_level(tree, users):
    t = title(users.district, tree.district)
    worker = member_with_account(tree.union_a1, users.union, 1)
    n = nominate(t, users.union, tree.union_a1, worker, reason="技术革新")
    assert (n.status, n.at_org) == ("reviewing", tree.town_a)
    assert list(selectors.waiting_for(users.town)) == [n] and not selectors.waiting_for(users.union).exists()
    # The union may not review its own nomination; the district must wait for the town.
    with pytest.raises(DomainError) as exc:
        services.review(n, actor=users.union, approve=True)
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        services.review(n, actor=users.union_b, approve=True)
    assert exc.value.code == "permission_denied"
    n = services.review(n, actor=users.town, approve=True, note="同意推荐")
    assert (n.status, n.at_org) == ("reviewing", tree.district)
    n = services.review(n, actor=users.district, approve=True)
    assert n.status == "awarded" and n.at_org is None
    award = Award.objects.get(nomination=n)
    assert (award.member, award.level, award.awarding_body, award.union) == (
        worker,
        "district",
        "测试区总工会",
        tree.union_a1,
    )
    assert list(n.reviews.values_list("org__code", "decision")) == [("TA01", "forward"), ("D001", "approve")]
    with pytest.raises(DomainError) as exc:
        services.review(n, actor=users.district, approve=True)
    assert exc.value.code == "not_reviewing"
    assert AuditEvent.objects.filter(action="honours.nomination.reviewed").count() == 2
    # A 劳模 has the care entitlement the care module reads.
    assert selectors.care_tags(worker) == {"model_worker"}
    assert selectors.entitled_member_ids() == {worker.pk}
    assert list(selectors.member_honours(worker)) == [award]


def test_rejection_needs_a_reason_and_ends_the_nomination(tree, users):
    t = title(users.district, tree.district, name="技术能手", category="technician")
    worker = member_with_account(tree.union_a1, users.union, 2)
    n = nominate(t, users.union, tree.union_a1, worker)
    with pytest.raises(DomainError) as exc:
        services.review(n, actor=users.town, approve=False)
    assert exc.value.code == "note_required"
    n = services.review(n, actor=users.town, approve=False, note="事迹材料不足")
    assert n.status == "rejected" and not Award.objects.exists()
    assert selectors.care_tags(worker) == set()
    # Rejected, it may be nominated again; twice at once it may not.
    again = nominate(t, users.union, tree.union_a1, worker)
    with pytest.raises(DomainError) as exc:
        nominate(t, users.union, tree.union_a1, worker)
    assert exc.value.code == "already_nominated"
    assert again.status == "reviewing"


def test_a_higher_title_is_recommended_then_its_outcome_recorded(tree, users):
    t = title(users.district, tree.district, name="劳动模范", category="model_worker")
    worker = member_with_account(tree.union_a1, users.union, 3)
    n = nominate(t, users.town, tree.town_a, worker, level="province")
    assert n.at_org == tree.district
    n = services.review(n, actor=users.district, approve=True)
    assert n.status == "forwarded" and not Award.objects.exists()
    with pytest.raises(DomainError) as exc:
        services.conclude(n, actor=users.district, awarded=True, awarding_body="")
    assert exc.value.code == "body_required"
    n = services.conclude(n, actor=users.district, awarded=True, awarding_body="浙江省人民政府")
    award = Award.objects.get()
    assert (n.status, award.level, award.awarding_body) == ("awarded", "province", "浙江省人民政府")


def test_collectives_and_the_checks_of_a_holder(tree, users):
    pioneer = title(users.district, tree.district, name="工人先锋号", category="pioneer")
    award = services.record_award(
        pioneer, actor=users.union, union=tree.union_a1, level="city", year=2025, awarding_body="宁波市总工会",
        org=tree.union_a1, holder_name="甲一机械装配车间", awarded_on=date(2025, 4, 28),
    )  # fmt: skip
    assert (award.holder_name, award.member, award.union) == ("甲一机械装配车间", None, tree.union_a1)
    with pytest.raises(DomainError) as exc:
        services.record_award(pioneer, actor=users.union, union=tree.union_a1, level="city", year=2025,
                              awarding_body="宁波市总工会")  # fmt: skip
    assert exc.value.code == "holder_required"
    t = title(users.district, tree.district)
    other = member_with_account(tree.union_b1, users.union_b, 4)
    with pytest.raises(DomainError) as exc:
        nominate(t, users.union, tree.union_a1, other)
    assert exc.value.code == "member_not_below"
    with pytest.raises(ValidationFailed) as exc:
        nominate(t, users.union, tree.union_a1, other, level="moon", year=1999)
    assert codes(exc.value) == {"invalid_level", "invalid_year"}
    services.change_title(t, actor=users.district, active=False)
    with pytest.raises(DomainError) as exc:
        nominate(t, users.union, tree.union_a1, member_with_account(tree.union_a1, users.union, 5))
    assert exc.value.code == "title_inactive"


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_move_a_nomination_up_one_level(tree, users):
    t = title(users.district, tree.district)
    n = nominate(t, users.union, tree.union_a1, member_with_account(tree.union_a1, users.union, 6))
    results, errors = run_at_once(
        [lambda: services.review(Nomination.objects.get(pk=n.pk), actor=users.town, approve=True)] * 2, workers=2
    )
    n.refresh_from_db()
    assert n.at_org_id == tree.district.pk and n.reviews.count() == 1
    assert (len(results), errors) in ((1, ["permission_denied"]), (1, ["not_reviewing"]))


def test_figures_count_titles_by_kind_and_level(tree, users):
    this = timezone.localdate()
    lm = title(users.district, tree.district)
    studio = title(users.district, tree.district, name="劳模创新工作室", category="studio")
    for n, level in enumerate(("district", "city")):
        services.record_award(
            lm, actor=users.union, union=tree.union_a1, level=level, year=this.year, awarding_body="某单位",
            member=member_with_account(tree.union_a1, users.union, 10 + n), awarded_on=this,
        )  # fmt: skip
    services.record_award(
        studio, actor=users.union_b, union=tree.union_b1, level="district", year=this.year, awarding_body="区总工会",
        holder_name="张伟劳模创新工作室", awarded_on=this,
    )  # fmt: skip
    totals = engine.compute(tree.district, [year(this.year)]).totals
    assert totals["honours.model_workers"] == [2] and totals["honours.studios"] == [1]
    assert totals["honours.high_individual"] == [1]
    town_a = engine.compute(tree.town_a, [year(this.year)]).totals
    assert town_a["honours.model_workers"] == [2] and town_a["honours.studios"] == [0]


def test_care_reads_the_model_worker_entitlement_of_an_honour(tree, users):
    from care.services import payouts
    from care.tests.factories import programme

    prog = programme(tree.town_a, users.town, eligibility="model_worker", title="劳模春节慰问")
    worker = member_with_account(tree.union_a1, users.union, 60)
    with pytest.raises(DomainError) as exc:
        payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker)
    assert exc.value.code == "not_eligible"
    services.record_award(
        title(users.district, tree.district), actor=users.union, union=tree.union_a1, level="city", year=2024,
        awarding_body="宁波市人民政府", member=worker,
    )  # fmt: skip
    assert payouts.propose_payout(prog, actor=users.union, union=tree.union_a1, member=worker).member == worker
