"""The roster in the staff console: scope on every member URL, masked by default, pinyin and exact-ID search,
refusals on the form with nothing written, transfers needing the receiving side, audited reveals, and a pinned
query count for the list."""

import re
from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from core.testing import assert_out_of_scope
from members import services
from members.models import Member, Transfer
from orgs.tests.factories import UserFactory

from .factories import member, person


def member_urls(m):
    return [
        reverse(f"members:{name}", args=[m.pk])
        for name in ("detail", "edit", "status", "transfer", "reveal", "revoke_card")
    ]


def errors_on(response) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r"(?:invalid-feedback d-block|alert-danger)[^>]*>(.*?)</div>", html, re.S)
    ]


@pytest.fixture
def roster(tree, users):
    return [
        member(tree.union_a1, users.union, 1, name="张三"),
        member(tree.union_a1, users.union, 2, name="李四"),
        member(tree.union_b1, users.union_b, 3, name="王五"),
    ]


def test_every_member_url_is_404_outside_scope(tree, users, login, roster):
    zhang, _, wang = roster
    assert_out_of_scope(login(users.union_b), member_urls(zhang))
    assert_out_of_scope(login(users.union_b), member_urls(zhang)[1:], method="post", data={"reason": "x"})
    assert_out_of_scope(login(users.town), member_urls(wang))
    t = services.request_transfer(zhang, tree.union_a2, actor=users.union, reason="调动")
    outsider = login(users.union_b)
    assert_out_of_scope(
        outsider, [reverse(f"members:transfer_{d}", args=[t.pk]) for d in ("accept", "reject", "cancel")], method="post"
    )
    assert Transfer.objects.get(pk=t.pk).status == "pending"


def test_list_is_scoped_masked_and_searchable(tree, users, login, roster):
    zhang = roster[0]
    client = login(users.town)
    page = client.get(reverse("members:list")).content.decode()
    assert "张三" in page and "李四" in page and "王五" not in page
    number = zhang.reveal_id_number()
    assert number not in page and zhang.id_masked in page and zhang.phone not in page
    for q in ("zs", "zhangsan", "张", zhang.card_no, number, number.lower(), zhang.phone):
        found = client.get(reverse("members:list"), {"q": q}).content.decode()
        assert "张三" in found and "李四" not in found, q
    # Another union's member is not found even by its exact ID number.
    other = roster[2].reveal_id_number()
    assert "王五" not in client.get(reverse("members:list"), {"q": other}).content.decode()


def test_register_from_the_console(tree, users, login):
    client = login(users.union)
    response = client.post(
        reverse("members:create") + f"?union={tree.union_a1.pk}",
        {
            **person(10, name="赵六", joined_on="2025-05-01"),
            "tags": ["hardship"],
            "id_type": "resident",
            "ethnicity": "汉族",
            "employment": "employed",
            "employer": tree.ent_a1.uscc,
        },
    )
    m = Member.objects.get(name="赵六")
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[m.pk])
    assert m.employer == tree.ent_a1 and list(m.tags.values_list("tag", flat=True)) == ["hardship"]


def test_register_refusals_are_shown_on_the_fields_and_nothing_is_written(tree, users, login, roster):
    client = login(users.union)
    before = Member.objects.count(), AuditEvent.objects.count()
    bad = {
        "name": "",
        "id_type": "resident",
        "id_number": "110105194912310021",
        "phone": "12345",
        "ethnicity": "汉族",
        "employment": "employed",
    }
    response = client.post(reverse("members:create") + f"?union={tree.union_a1.pk}", bad)
    errors = errors_on(response)
    assert (
        any("必填" in e for e in errors) and any("校验位" in e for e in errors) and any("手机号" in e for e in errors)
    )
    duplicate = {**person(1), "id_type": "resident", "ethnicity": "汉族", "employment": "employed"}
    response = client.post(reverse("members:create") + f"?union={tree.union_a1.pk}", duplicate)
    assert any("已是" in e for e in errors_on(response))
    assert (Member.objects.count(), AuditEvent.objects.count()) == before


def test_edit_keeps_the_id_number_when_left_empty(tree, users, login, roster):
    zhang = roster[0]
    number = zhang.reveal_id_number()
    response = login(users.union).post(
        reverse("members:edit", args=[zhang.pk]),
        {
            "name": "张三",
            "id_type": "resident",
            "id_number": "",
            "phone": "13911112222",
            "ethnicity": "汉族",
            "employment": "employed",
            "joined_on": "2024-03-01",
        },
    )
    assert response.status_code == 302, errors_on(response)
    zhang.refresh_from_db()
    assert zhang.reveal_id_number() == number and zhang.phone == "13911112222"


def test_transfer_through_the_console_needs_the_receiving_union(tree, users, login, roster):
    zhang = roster[0]
    response = login(users.union).post(
        reverse("members:transfer", args=[zhang.pk]), {"to_union": "ub11", "reason": "工作调动"}
    )
    assert response.status_code == 302
    t = Transfer.objects.get()
    # The sender cannot accept its own transfer; the receiving union's admin can, from its transfer list.
    assert login(users.union).post(reverse("members:transfer_accept", args=[t.pk])).status_code == 403
    receiving = login(users.union_b)
    assert "张三" in receiving.get(reverse("members:transfers")).content.decode()
    receiving.post(reverse("members:transfer_accept", args=[t.pk]))
    zhang.refresh_from_db()
    assert zhang.union == tree.union_b1
    page = receiving.get(reverse("members:detail", args=[zhang.pk])).content.decode()
    assert "转出" in page and "转入" in page
    assert_out_of_scope(login(users.union), [reverse("members:detail", args=[zhang.pk])])


def test_reveal_needs_permission_and_reason_and_is_shown_once(tree, users, login, roster):
    zhang = roster[0]
    number = zhang.reveal_id_number()
    assert login(users.union).get(reverse("members:reveal", args=[zhang.pk])).status_code == 403
    officer = UserFactory(grant=(tree.town_a, Role.PII_OFFICER))
    client = login(officer)
    assert any(
        "请填写" in e for e in errors_on(client.post(reverse("members:reveal", args=[zhang.pk]), {"reason": ""}))
    )
    response = client.post(reverse("members:reveal", args=[zhang.pk]), {"reason": "核对帮扶对象身份"})
    assert number in response.content.decode() and response["Cache-Control"] == "no-store"
    assert number not in client.get(reverse("members:detail", args=[zhang.pk])).content.decode()
    # Shown in that response only: not kept in the session (sessions are rows in the database).
    assert all(number not in str(v) for v in client.session.values())
    assert AuditEvent.objects.filter(action="members.member.id_revealed", actor=officer).count() == 1


def test_status_change_from_the_console(tree, users, login, roster):
    zhang = roster[0]
    response = login(users.union).post(
        reverse("members:status", args=[zhang.pk]), {"change": "quit", "on": "2026-01-10", "reason": "离职"}
    )
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.status == "quit" and zhang.events.last().on == date(2026, 1, 10)


def test_member_list_has_a_pinned_query_count(tree, users, login, roster, django_assert_num_queries):
    client = login(users.town)
    client.get(reverse("members:list"))
    with django_assert_num_queries(10):
        assert client.get(reverse("members:list"), {"q": "z"}).status_code == 200
    for n in range(30):
        member(tree.union_a2, users.town, 100 + n, tags="困难职工、劳模")
    with django_assert_num_queries(10):
        assert client.get(reverse("members:list"), {"q": "z"}).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(reverse("members:list"), {"tag": "hardship", "page": "2"}).status_code == 200
