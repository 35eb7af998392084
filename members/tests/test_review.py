"""Staff review of join applications in the console: the queue in scope only, filters, a pinned query count, the
masked detail, approve with confirmation, reject with a reason texted to the applicant, and 404 out of scope."""

import pytest
from django.test import Client

from core import sms
from core.testing import assert_out_of_scope
from members import joining
from members.models import JoinApplication, Member

from .factories import person

LIST = "/console/members/applications/"


@pytest.fixture(autouse=True)
def _outbox():
    sms.outbox.clear()


def apply(employer, n, **overrides) -> JoinApplication:
    """An application through the service, as the member site submits it."""
    raw = person(n, joined_on=None, **overrides)
    return joining.submit_application(
        union=employer.covering_union,
        employer=employer,
        consent=True,
        consent_version=joining.CONSENT_VERSION,
        ip="10.0.0.8",
        **raw,
    )


def urls(app) -> list[str]:
    base = f"{LIST}{app.pk}/"
    return [base, base + "approve/", base + "reject/"]


def test_queue_shows_only_applications_in_scope(tree, users, login):
    a1, a2, b1 = apply(tree.ent_a1, 1), apply(tree.ent_a2, 2), apply(tree.ent_b1, 3)
    seen = {
        who: login(getattr(users, who)).get(LIST).content.decode() for who in ("union", "union_b", "town", "district")
    }
    expected = {"union": {a1}, "union_b": {b1}, "town": {a1, a2}, "district": {a1, a2, b1}}
    for who, apps in expected.items():
        for app in (a1, a2, b1):
            assert (f"{LIST}{app.pk}/" in seen[who]) == (app in apps), (who, app)


def test_someone_with_no_review_grant_is_refused(tree, users, login):
    assert login(users.nobody).get(LIST).status_code == 403
    assert login(users.sysadmin).get(LIST).status_code == 403  # platform IT staff do no union work
    response = Client().get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_filter_by_status_and_search_by_name_or_phone(tree, users, login):
    wang = apply(tree.ent_a1, 10, name="王小明", phone="13911112222")
    li = apply(tree.ent_a1, 11, name="李大红", phone="13933334444")
    done = apply(tree.ent_a1, 12, name="赵已审")
    joining.reject_application(done, actor=users.union, reason="重复申请")
    client = login(users.union)

    def names(**params):
        page = client.get(LIST, params).content.decode()
        return {a.name for a in (wang, li, done) if f"{LIST}{a.pk}/" in page}

    assert names() == {"王小明", "李大红"}  # pending by default
    assert names(status="rejected") == {"赵已审"}
    assert names(status="all") == {"王小明", "李大红", "赵已审"}
    assert names(q="小明") == {"王小明"}
    assert names(q="139 3333") == {"李大红"}
    assert names(q="赵", status="all") == {"赵已审"}


@pytest.mark.parametrize("rows", [2, 25])
def test_queue_costs_the_same_queries_for_few_and_many(tree, users, login, django_assert_num_queries, rows):
    for n in range(rows):
        apply(tree.ent_a1 if n % 2 else tree.ent_a2, 100 + n)
    client = login(users.town)
    client.get(LIST)  # warm the session
    with django_assert_num_queries(9):  # session, user, grants, 2 counts, page, session save
        response = client.get(LIST, {"status": "all"})
    assert response.status_code == 200


def test_detail_masks_the_id_number_and_shows_the_consent(tree, users, login):
    app = apply(tree.ent_a1, 20)
    page = login(users.union).get(f"{LIST}{app.pk}/").content.decode()
    assert app.id_masked in page and app.reveal_id_number() not in page
    assert joining.CONSENT_VERSION in page and "10.0.0.8" in page and app.phone in page


def test_approve_asks_then_registers_and_texts_the_link(tree, users, login, django_capture_on_commit_callbacks):
    app = apply(tree.ent_a1, 30)
    client = login(users.union)
    confirm = client.get(f"{LIST}{app.pk}/approve/")
    assert "确认通过" in confirm.content.decode()
    app.refresh_from_db()
    assert app.status == "pending"  # a GET never decides
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{LIST}{app.pk}/approve/", follow=True)
    page = response.content.decode()
    m = Member.objects.get()
    assert "已通过" in page and m.card_no in page and m.phone_masked in page
    app.refresh_from_db()
    assert (app.status, app.member, app.decided_by) == ("approved", m, users.union)
    assert len(sms.outbox) == 1 and "/m/password/" in sms.outbox[0].text
    # A second approval is refused with a message and changes nothing.
    again = client.post(f"{LIST}{app.pk}/approve/", follow=True).content.decode()
    assert "该申请已处理" in again and Member.objects.count() == 1


def test_reject_needs_a_reason_and_texts_it(tree, users, login, django_capture_on_commit_callbacks):
    app = apply(tree.ent_a1, 40)
    client = login(users.union)
    page = client.post(f"{LIST}{app.pk}/reject/", {"reason": "  "}).content.decode()
    assert "请填写原因" in page
    app.refresh_from_db()
    assert app.status == "pending" and sms.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{LIST}{app.pk}/reject/", {"reason": "经核实非本单位职工"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.reject_reason) == ("rejected", "经核实非本单位职工")
    (message,) = sms.outbox
    assert message.phone == app.phone and "经核实非本单位职工" in message.text
    assert "经核实非本单位职工" in client.get(f"{LIST}{app.pk}/").content.decode()


def test_another_unions_admin_gets_404_everywhere(tree, users, login):
    app = apply(tree.ent_a1, 50)
    other = login(users.union_b)
    assert_out_of_scope(other, urls(app))
    assert_out_of_scope(other, urls(app)[1:], method="post", data={"reason": "越权驳回"})
    app.refresh_from_db()
    assert app.status == "pending" and not Member.objects.exists()
    # In scope, the same URLs answer.
    assert login(users.town).get(urls(app)[0]).status_code == 200
