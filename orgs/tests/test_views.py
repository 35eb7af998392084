"""The staff console pages of the union tree and the employer register: scope (404 outside, 403 when the role
lacks the action), refusals shown in Chinese on the form with nothing written, and pinned query counts."""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from core.testing import assert_out_of_scope
from orgs.models import Enterprise, Org
from orgs.tests.factories import EnterpriseFactory, OrgFactory, make_uscc

from .test_services import tree_state


def org_urls(org):
    return [
        reverse("orgs:detail", args=[org.pk]),
        reverse("orgs:tree_children", args=[org.pk]),
        reverse("orgs:create", args=[org.pk]),
        reverse("orgs:edit", args=[org.pk]),
        reverse("orgs:move", args=[org.pk]),
        reverse("orgs:dissolve", args=[org.pk]),
        reverse("orgs:enterprise_list") + f"?org={org.pk}",
    ]


def enterprise_urls(ent):
    return [reverse("orgs:enterprise_detail", args=[ent.pk]), reverse("orgs:enterprise_edit", args=[ent.pk])]


def errors_on(response) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r"(?:invalid-feedback d-block|alert-danger)[^>]*>(.*?)</div>", html, re.S)
    ]


def test_every_org_and_enterprise_url_is_404_outside_scope(tree, users, login):
    """``union_b`` (乙一纺织) guesses the URLs of 甲 town's objects: GET and POST both answer 404."""
    client = login(users.union_b)
    for org in (tree.town_a, tree.union_a1, tree.village_a2, tree.district):
        assert_out_of_scope(client, org_urls(org))
        assert_out_of_scope(client, org_urls(org)[2:6], method="post", data={"code": "X1", "name": "x"})
    assert_out_of_scope(client, enterprise_urls(tree.ent_a1))
    assert_out_of_scope(client, enterprise_urls(tree.ent_a1)[1:], method="post", data={"name": "x"})
    # The town admin of 甲 cannot reach 乙 either, nor the district above it.
    client = login(users.town)
    assert_out_of_scope(client, org_urls(tree.town_b) + org_urls(tree.union_b1) + enterprise_urls(tree.ent_b1))
    assert_out_of_scope(client, [reverse("orgs:detail", args=[tree.district.pk])])


def test_in_scope_but_not_permitted_is_403(tree, users, login):
    client = login(users.union)
    for name in ("create", "move", "dissolve"):
        assert client.get(reverse(f"orgs:{name}", args=[tree.union_a1.pk])).status_code == 403
    assert client.get(reverse("orgs:enterprise_create")).status_code == 403
    assert client.get(reverse("core:audit_list")).status_code == 403
    assert client.get(reverse("orgs:edit", args=[tree.union_a1.pk])).status_code == 200


def test_anonymous_users_are_sent_to_login(tree, client):
    response = client.get(reverse("orgs:detail", args=[tree.town_a.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_town_admin_sees_exactly_its_subtree(tree, users, login):
    client = login(users.town)
    page = client.get(reverse("orgs:tree")).content.decode()
    assert tree.town_a.name in page and tree.district.name not in page and tree.town_b.name not in page
    nodes = client.get(reverse("orgs:tree_children", args=[tree.town_a.pk])).content.decode()
    assert tree.union_a1.name in nodes and tree.union_a2.name in nodes
    found = client.get(reverse("orgs:tree"), {"q": "gh"}).content.decode()  # every 工会 has the initials "gh"
    assert {tree.union_a1.name, tree.union_a2.name, tree.village_a2.name, tree.town_a.name} <= set(
        re.findall(r">([^<>]+工会)</a>", found)
    )
    # The district appears only as the (unlinked) parent of the town, never as a result.
    assert tree.union_b1.name not in found and f">{tree.district.name}</a>" not in found


def test_search_by_pinyin_initials_and_code(tree, users, login):
    client = login(users.district)
    page = client.get(reverse("orgs:tree"), {"q": "jjd"}).content.decode()  # 甲街道
    assert tree.town_a.name in page and tree.town_b.name not in page
    page = client.get(reverse("orgs:tree"), {"q": "ub11"}).content.decode()
    assert tree.union_b1.name in page
    page = client.get(reverse("orgs:tree"), {"q": "没有这个组织"}).content.decode()
    assert "没有找到匹配的组织" in page


def test_org_page_shows_children_and_figures(tree, users, login):
    page = login(users.district).get(reverse("orgs:detail", args=[tree.town_a.pk])).content.decode()
    assert tree.union_a1.name in page and tree.union_a2.name in page
    assert "建会率" in page and "66.7%" in page  # 2 of 3 enterprises of 甲 are covered
    assert "新建下级组织" in page and "调整隶属" in page and "撤销" in page


def test_create_under_a_town_then_listed(tree, users, login):
    client = login(users.district)
    response = client.post(
        reverse("orgs:create", args=[tree.town_a.pk]),
        {"code": "ua20", "name": "甲四食品有限公司工会", "kind": "grassroots", "uscc": make_uscc(77)},
    )
    org = Org.objects.get(code="UA20")
    assert response.status_code == 302 and response["Location"] == reverse("orgs:detail", args=[org.pk])
    assert Org.objects.get_parent(org) == tree.town_a
    nodes = client.get(reverse("orgs:tree_children", args=[tree.town_a.pk])).content.decode()
    assert "甲四食品有限公司工会" in nodes
    assert AuditEvent.objects.filter(action="orgs.org.created", object_id=str(org.pk), actor=users.district).exists()


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        ({"code": "UA11", "name": "重复代码工会", "kind": "grassroots"}, "“UA11”已被使用"),
        ({"code": "UA21", "name": "坏代码工会", "kind": "grassroots", "uscc": "91330211MA2GXXXX"}, "统一社会信用代码"),
        ({"code": "", "name": "", "kind": "grassroots"}, "请填写此项"),
        ({"code": "UA22", "name": "镇街", "kind": "town"}, "选择一个有效的选项"),
    ],
)
def test_create_refusals_show_on_the_form_and_write_nothing(tree, users, login, post, expected):
    client = login(users.town)
    before = tree_state(), AuditEvent.objects.count()
    response = client.post(reverse("orgs:create", args=[tree.union_a2.pk]), post)
    assert response.status_code == 200
    assert any(expected in e for e in errors_on(response)), errors_on(response)
    assert (tree_state(), AuditEvent.objects.count()) == before


def test_all_field_errors_are_shown_at_once(tree, users, login):
    response = login(users.town).post(
        reverse("orgs:create", args=[tree.town_a.pk]),
        {"code": "UA11", "name": "两处错误工会", "kind": "grassroots", "uscc": "123", "contact_phone": "12345"},
    )
    errors = errors_on(response)
    assert (
        any("已被使用" in e for e in errors) and any("校验位" in e for e in errors) and any("电话" in e for e in errors)
    )


def test_move_into_own_descendant_is_refused_on_the_page(tree, users, login):
    client = login(users.district)
    before = tree_state(), AuditEvent.objects.count()
    response = client.post(reverse("orgs:move", args=[tree.town_a.pk]), {"parent": "UA12"})
    assert response.status_code == 200 and any("下级组织" in e for e in errors_on(response))
    assert (tree_state(), AuditEvent.objects.count()) == before


def test_move_to_an_unknown_or_out_of_scope_parent(tree, users, login):
    response = login(users.town).post(reverse("orgs:move", args=[tree.union_a1.pk]), {"parent": "TB01"})
    assert any("不存在或不在您的管理范围内" in e for e in errors_on(response))
    assert Org.objects.get_parent(tree.union_a1) == tree.town_a


def test_move_carries_the_subtree(tree, users, login):
    response = login(users.district).post(reverse("orgs:move", args=[tree.union_a2.pk]), {"parent": "tb01"})
    assert response.status_code == 302
    tree.village_a2.refresh_from_db()
    assert tree.village_a2.path.startswith(tree.town_b.path)
    assert AuditEvent.objects.filter(action="orgs.org.moved", object_id=str(tree.union_a2.pk)).exists()


def test_dissolve_needs_confirmation_and_no_active_children(tree, users, login):
    client = login(users.town)
    url = reverse("orgs:dissolve", args=[tree.union_a2.pk])
    before = tree_state(), AuditEvent.objects.count()
    response = client.post(url, {"on": "2026-06-30", "reason": "企业搬迁"})
    assert any("请勾选确认" in e for e in errors_on(response))
    response = client.post(url, {"on": "2026-06-30", "reason": "企业搬迁", "confirm": "on"})
    assert any("未撤销的下级组织" in e for e in errors_on(response))
    assert (tree_state(), AuditEvent.objects.count()) == before
    # The village union is a leaf that covers no enterprise: it can go.
    response = client.post(
        reverse("orgs:dissolve", args=[tree.village_a2.pk]), {"on": "2026-06-30", "reason": "村改社区", "confirm": "on"}
    )
    assert response.status_code == 302
    tree.village_a2.refresh_from_db()
    assert tree.village_a2.status == "dissolved"


def test_edit_records_before_and_after(tree, users, login):
    response = login(users.union).post(
        reverse("orgs:edit", args=[tree.union_a1.pk]),
        {"code": "UA11", "name": tree.union_a1.name, "kind": "grassroots", "chair_name": "王芳"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="orgs.org.updated")
    assert event.changes == {"chair_name": ["", "王芳"]}


def test_enterprise_register_and_cover(tree, users, login):
    client = login(users.town)
    response = client.post(
        reverse("orgs:enterprise_create"),
        {
            "name": "甲五物流有限公司",
            "uscc": make_uscc(555),
            "industry": "G",
            "ownership": "private",
            "staff_count": 120,
            "org": "ta01",
            "covering_union": "",
            "status": "active",
        },
    )
    ent = Enterprise.objects.get(name="甲五物流有限公司")
    assert response.status_code == 302 and ent.covering_union is None
    response = client.post(
        reverse("orgs:enterprise_edit", args=[ent.pk]),
        {
            "name": ent.name,
            "uscc": ent.uscc,
            "industry": "G",
            "ownership": "private",
            "staff_count": 120,
            "covering_union": "UA11",
            "status": "active",
        },
    )
    ent.refresh_from_db()
    assert response.status_code == 302 and ent.covering_union == tree.union_a1
    # A union outside the town's scope cannot be named as the covering union.
    response = client.post(
        reverse("orgs:enterprise_edit", args=[ent.pk]),
        {
            "name": ent.name,
            "uscc": ent.uscc,
            "industry": "G",
            "ownership": "private",
            "staff_count": 120,
            "covering_union": "UB11",
            "status": "active",
        },
    )
    assert any("不在您的管理范围内" in e for e in errors_on(response))
    ent.refresh_from_db()
    assert ent.covering_union == tree.union_a1


def test_enterprise_list_filters(tree, users, login):
    client = login(users.district)
    page = client.get(reverse("orgs:enterprise_list"), {"covered": "no"}).content.decode()
    assert tree.ent_a3.name in page and tree.ent_a1.name not in page
    page = client.get(reverse("orgs:enterprise_list"), {"q": tree.ent_b1.uscc}).content.decode()
    assert tree.ent_b1.name in page and tree.ent_a1.name not in page
    page = client.get(reverse("orgs:enterprise_list"), {"org": tree.town_b.pk}).content.decode()
    assert tree.ent_b1.name in page and tree.ent_a1.name not in page


def test_audit_page_is_scoped_and_filterable(tree, users, login):
    from orgs import services

    services.update_org(tree.union_a1, actor=users.district, chair_name="张三")
    services.update_org(tree.union_b1, actor=users.district, chair_name="李四")
    page = login(users.town).get(reverse("core:audit_list")).content.decode()
    assert tree.union_a1.name in page and tree.union_b1.name not in page
    page = login(users.district).get(reverse("core:audit_list"), {"object": "乙一"}).content.decode()
    assert tree.union_b1.name in page and tree.union_a1.name not in page
    page = login(users.district).get(reverse("core:audit_list"), {"action": "orgs.org.dissolved"}).content.decode()
    assert "没有符合条件的记录" in page


# --- Pinned query counts: a list page costs the same for 3 rows and for 40 ------------------------------------


def _grow(tree, n=40):
    for i in range(n):
        org = OrgFactory(parent=tree.town_a, name=f"甲扩展{i}工会")
        EnterpriseFactory(org=tree.town_a, covering_union=org, name=f"甲扩展{i}有限公司")


LIST_PAGES = {
    # name: (url builder, pinned number of queries for the `town` admin)
    "tree search": (lambda t: reverse("orgs:tree") + "?q=gh", 9),
    "tree nodes": (lambda t: reverse("orgs:tree_children", args=[t.town_a.pk]), 8),
    "org page": (lambda t: reverse("orgs:detail", args=[t.town_a.pk]), 15),
    "enterprise list": (lambda t: reverse("orgs:enterprise_list"), 9),
    "audit list": (lambda t: reverse("core:audit_list"), 8),
}


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_have_pinned_query_counts(tree, users, login, django_assert_num_queries, name):
    build, pinned = LIST_PAGES[name]
    client = login(users.town)
    from orgs import services

    services.update_org(tree.union_a1, actor=users.town, chair_name="张三")
    client.get(build(tree))  # warm the session
    with django_assert_num_queries(pinned):
        assert client.get(build(tree)).status_code == 200
    _grow(tree)
    for i in range(30):
        services.update_org(tree.union_a1, actor=users.town, chair_name=f"张{i}")
    with django_assert_num_queries(pinned):
        assert client.get(build(tree)).status_code == 200
