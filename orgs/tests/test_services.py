"""Tree rules in the service layer: each refusal has a stable code, a Chinese message, and writes nothing."""

import re
from datetime import date

import pytest

from core.errors import DomainError
from core.models import AuditEvent
from orgs import services
from orgs.models import Enterprise, Org
from orgs.selectors import coverage
from orgs.tests.factories import make_uscc

VALID_USCC = make_uscc(4242)


def tree_state():
    return list(Org.objects.order_by("pk").values_list("pk", "path", "status", "code", "name", "uscc"))


def refused(expected, fn, /, *args, **kwargs):
    before = tree_state(), Enterprise.objects.count(), AuditEvent.objects.count()
    with pytest.raises(DomainError) as excinfo:
        fn(*args, **kwargs)
    assert excinfo.value.code == expected
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(excinfo.value.message)), "message must be Chinese"
    assert (tree_state(), Enterprise.objects.count(), AuditEvent.objects.count()) == before, "nothing written"
    return excinfo.value


def test_create_org_normalises_and_audits(tree, users):
    org = services.create_org(
        actor=users.town,
        parent=tree.town_a,
        code=" ua99 ",
        name="新工会",
        kind="grassroots",
        uscc="９１３３０２１１" + VALID_USCC[8:].lower(),
    )
    assert (org.code, org.uscc, org.depth) == ("UA99", VALID_USCC, 3)
    assert org.name_initials == "xgh"
    event = AuditEvent.objects.get(action="orgs.org.created")
    assert (event.actor, event.org, event.changes["code"]) == (users.town, org, [None, "UA99"])


def test_move_into_own_descendant_is_refused(tree, users):
    err = refused("org_move_into_descendant", services.move_org, tree.town_a, tree.union_a2, actor=users.district)
    assert "下级" in str(err.message)
    refused("org_move_into_descendant", services.move_org, tree.town_a, tree.town_a, actor=users.district)


def test_dissolving_an_org_with_active_children_is_refused(tree, users):
    err = refused(
        "org_has_active_children",
        services.dissolve_org,
        tree.union_a2,
        actor=users.town,
        on=date(2026, 5, 1),
        reason="企业破产",
    )
    assert "1 个未撤销的下级组织" in str(err.message)


def test_duplicate_code_is_refused(tree, users):
    refused(
        "org_code_taken",
        services.create_org,
        actor=users.town,
        parent=tree.town_a,
        code="ua11",
        name="重复",
        kind="grassroots",
    )
    refused("org_code_taken", services.update_org, tree.union_a2, actor=users.town, code="UA11")


@pytest.mark.parametrize("bad", ["91330211MA2AXXXX1", "913302117900000000", "ABCDEFGHJKLMNPQRTU", "12345"])
def test_malformed_uscc_is_refused(tree, users, bad):
    err = refused(
        "invalid_uscc",
        services.create_org,
        actor=users.town,
        parent=tree.town_a,
        code="NEW1",
        name="新工会",
        kind="grassroots",
        uscc=bad,
    )
    assert "统一社会信用代码" in str(err.message)
    refused("invalid_uscc", services.update_org, tree.union_a1, actor=users.union, uscc=bad)
    refused(
        "invalid_uscc",
        services.create_enterprise,
        actor=users.town,
        org=tree.town_a,
        name="某公司",
        uscc=bad,
        industry="C",
        ownership="private",
    )


def test_duplicate_uscc_is_refused(tree, users):
    refused(
        "enterprise_uscc_taken",
        services.create_enterprise,
        actor=users.town,
        org=tree.town_a,
        name="某公司",
        uscc=tree.ent_a1.uscc,
        industry="C",
        ownership="private",
    )
    services.update_org(tree.union_a1, actor=users.union, uscc=VALID_USCC)
    refused("org_uscc_taken", services.update_org, tree.union_a2, actor=users.town, uscc=VALID_USCC)


def test_placement_rules(tree, users):
    refused(
        "kind_not_allowed_here",
        services.create_org,
        actor=users.town,
        parent=tree.union_a1,
        code="NT1",
        name="街道总工会",
        kind="town",
    )
    refused("kind_not_allowed_here", services.move_org, tree.town_b, tree.union_a1, actor=users.district)
    refused("cannot_move_root", services.move_org, tree.district, tree.town_a, actor=users.sysadmin)
    refused("org_move_noop", services.move_org, tree.union_a1, tree.town_a, actor=users.district)


def test_required_fields_name_the_field(tree, users):
    err = refused(
        "name_required",
        services.create_org,
        actor=users.town,
        parent=tree.town_a,
        code="NEW2",
        name=" ",
        kind="grassroots",
    )
    assert err.field == "name" and "全称" in str(err.message)


def test_nothing_outside_scope_can_be_written(tree, users):
    refused(
        "permission_denied",
        services.create_org,
        actor=users.town,
        parent=tree.town_b,
        code="X1",
        name="越权",
        kind="grassroots",
    )
    refused("permission_denied", services.move_org, tree.union_a1, tree.town_b, actor=users.town)
    refused("permission_denied", services.update_org, tree.union_b1, actor=users.union, name="越权")
    refused(
        "permission_denied", services.dissolve_org, tree.union_a1, actor=users.union, on=date(2026, 1, 1), reason="x"
    )
    refused(
        "permission_denied",
        services.create_org,
        actor=users.district,
        parent=None,
        code="R2",
        name="另一个区",
        kind="federation",
    )


def test_move_carries_the_subtree_and_is_audited(tree, users):
    moved = services.move_org(tree.union_a2, tree.town_b, actor=users.district)
    village = Org.objects.get(pk=tree.village_a2.pk)
    assert moved.path.startswith(tree.town_b.path) and village.path.startswith(moved.path)
    assert not any(Org.objects.find_problems())
    event = AuditEvent.objects.get(action="orgs.org.moved")
    assert event.changes["parent"] == ["甲街道总工会", "乙镇总工会"]
    assert event.data == {"from": "TA01", "to": "TB01"}


def test_dissolve_then_refuse_again(tree, users):
    services.dissolve_org(tree.village_a2, actor=users.town, on=date(2026, 5, 1), reason="村改居合并")
    refused(
        "org_covers_enterprises",
        services.dissolve_org,
        tree.union_a2,
        actor=users.town,
        on=date(2026, 5, 2),
        reason="企业注销",
    )
    refused(
        "org_already_dissolved",
        services.dissolve_org,
        tree.village_a2,
        actor=users.town,
        on=date(2026, 5, 3),
        reason="重复",
    )
    refused(
        "parent_dissolved",
        services.create_org,
        actor=users.town,
        parent=Org.objects.get(pk=tree.village_a2.pk),
        code="V2",
        name="下级",
        kind="village",
    )
    refused(
        "dissolve_reason_required",
        services.dissolve_org,
        tree.union_a1,
        actor=users.town,
        on=date(2026, 5, 3),
        reason=" ",
    )


def test_update_records_before_and_after(tree, users):
    services.update_org(tree.union_a1, actor=users.union, chair_name="王建国", contact_phone="13912345678")
    event = AuditEvent.objects.get(action="orgs.org.updated")
    assert event.changes == {"chair_name": ["", "王建国"], "contact_phone": ["", "13912345678"]}
    services.update_org(tree.union_a1, actor=users.union, chair_name="王建国")
    assert AuditEvent.objects.filter(action="orgs.org.updated").count() == 1, "no event when nothing changed"


def test_enterprise_covering_union_rules(tree, users):
    refused(
        "covering_union_invalid", services.update_enterprise, tree.ent_a3, actor=users.town, covering_union=tree.town_a
    )
    refused(
        "covering_union_not_found",
        services.update_enterprise,
        tree.ent_a3,
        actor=users.town,
        covering_union=tree.union_b1,
    )
    ent = services.update_enterprise(tree.ent_a3, actor=users.town, covering_union=tree.union_a1)
    assert ent.covering_union == tree.union_a1
    assert AuditEvent.objects.get(action="orgs.enterprise.updated").changes["covering_union"] == [
        None,
        "甲一机械有限公司工会",
    ]


def test_coverage_of_a_subtree(tree):
    figures = coverage(tree.town_a)
    assert figures["unions_total"] == 4
    assert figures["unions_by_kind"]["grassroots"] == 2 and figures["unions_by_kind"]["village"] == 1
    assert (figures["enterprises"], figures["enterprises_covered"], figures["union_rate"]) == (3, 2, 66.7)
    assert (figures["staff"], figures["staff_covered"]) == (110, 100)
    assert (figures["members"], figures["join_rate"]) == (0, 0.0)  # the members app contributes these
    root = coverage(tree.district)
    assert (root["enterprises"], root["enterprises_covered"], root["union_rate"]) == (4, 3, 75.0)
    # A sibling's enterprise never counts; closed enterprises and dissolved unions do not count.
    assert coverage(tree.town_b)["enterprises"] == 1
    Enterprise.objects.filter(pk=tree.ent_b1.pk).update(status="closed")
    assert coverage(tree.town_b)["enterprises"] == 0 and coverage(tree.town_b)["union_rate"] is None


def test_one_placement_rule_for_creating_editing_moving_and_the_form(tree, users, login):
    from orgs.models import ALLOWED_CHILDREN, OrgKind, kinds_allowed_under

    # A 区/市总工会 cannot go under a 街道总工会, nor a town under a town; unions hold unions only.
    refused(
        "kind_not_allowed_here",
        services.create_org,
        actor=users.district,
        parent=tree.town_a,
        code="NF1",
        name="某区总工会",
        kind="federation",
    )
    refused("kind_not_allowed_here", services.move_org, tree.town_b, tree.town_a, actor=users.district)
    refused("kind_not_allowed_here", services.update_org, tree.union_a1, actor=users.district, kind="town")
    refused("kind_not_allowed_here", services.update_org, tree.district, actor=users.sysadmin, kind="town")
    assert OrgKind.FEDERATION not in kinds_allowed_under(OrgKind.TOWN)
    assert kinds_allowed_under(OrgKind.FEDERATION) == frozenset(OrgKind) == ALLOWED_CHILDREN[OrgKind.FEDERATION]
    # The form under a town offers exactly the rule's kinds.
    html = login(users.district).get(f"/console/orgs/{tree.town_a.pk}/new/").content.decode()
    offered = set(re.findall(r'<option value="(\w+)"', html.split('name="kind"', 1)[1].split("</select>", 1)[0]))
    assert offered == {str(k) for k in kinds_allowed_under(OrgKind.TOWN)}


def test_the_next_code_follows_the_siblings_pattern(tree, users):
    from orgs.selectors import next_code
    from orgs.tests.factories import OrgFactory

    # town_a's children: UA11, UA12 → UA13 is taken (village_a2, elsewhere in the tree) → UA14.
    assert next_code(tree.town_a) == "UA14"
    OrgFactory(parent=tree.town_b, code="YD-JD-009")
    OrgFactory(parent=tree.town_b, code="YD-JD-010")
    assert next_code(tree.town_b) == "YD-JD-011"  # the commonest pattern wins over UB11's
    assert next_code(tree.union_b1) == "UB11-01"  # no numbered children yet
