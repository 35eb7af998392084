"""The member site through the test client: applying online with separate consent, the employer and union
choices, approval into a phone login with a one-time link, the e-member card, the lock-out, and the public card
check."""

import re

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from core import sms
from core.models import AuditEvent
from members import cards, joining, services
from members.models import JoinApplication, Member, PlatformUnion
from members.views import public as site_views
from orgs.models import EnterpriseStatus
from orgs.tests.factories import EnterpriseFactory, OrgFactory, UserFactory

from .factories import member, person

PASSWORD = "Worker@2026"


@pytest.fixture(autouse=True)
def _fresh():
    """The join throttle lives in the cache and texts in a module list: start every test from zero."""
    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()


@pytest.fixture
def gig_union(tree):
    union = OrgFactory(parent=tree.town_a, kind="joint", code="JA01", name="甲街道新就业形态联合工会")
    PlatformUnion.objects.create(org=union, platform="delivery")
    return union


def form_data(n, *, employer=None, union=None, consent=True, **overrides) -> dict:
    """What the application form posts for person ``n`` (working at ``employer``, applying to ``union``)."""
    raw = person(n)
    data = {
        "name": raw["name"],
        "id_type": "resident",
        "id_number": raw["id_number"],
        "phone": raw["phone"],
        "work": "employer",
        "employer": employer.pk if employer else "",
        "gig_platform": "",
        "union": union.pk if union else "",
        "consent_version": joining.CONSENT_VERSION,
    }
    if consent:
        data["consent"] = "on"
    data.update(overrides)
    return data


def link_path(text: str) -> str:
    """The path of the one-time link in a text message."""
    return re.search(r"https?://[^/]+(/m/password/\S+/)", text).group(1)


def test_the_whole_join_flow(tree, users, login, django_capture_on_commit_callbacks):
    worker = Client()
    page = worker.get("/m/join/").content.decode()
    assert joining.CONSENT_TEXT in page and joining.CONSENT_VERSION in page
    assert 'name="consent"' in page and not re.search(r'name="consent"[^>]*checked', page)

    data = form_data(1, employer=tree.ent_a1, union=tree.union_a1)
    response = worker.post("/m/join/", data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302 and response["Location"] == "/m/join/done/"
    done = worker.get("/m/join/done/").content.decode()
    assert tree.union_a1.name in done and data["phone"][-4:] in done and data["phone"] not in done
    app = JoinApplication.objects.get()
    assert (app.status, app.union, app.employer, app.consent_ip) == ("pending", tree.union_a1, tree.ent_a1, "10.1.2.3")
    assert app.consent_version == joining.CONSENT_VERSION and app.id_masked != data["id_number"]

    # The union's admin approves in the console: the worker is texted a one-time link.
    admin = login(users.union)
    assert "确认通过" in admin.get(f"/console/members/applications/{app.pk}/approve/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/console/members/applications/{app.pk}/approve/")
    assert response.status_code == 302
    m = Member.objects.get()
    (message,) = sms.outbox
    assert message.phone == data["phone"] and "/m/password/" in message.text
    link = link_path(message.text)

    # The link: set a password, be logged in and land on the card.
    step = worker.get(link)
    assert step.status_code == 302  # Django moves the token out of the URL into the session
    form_url = step["Location"]
    assert "设置登录密码" in worker.get(form_url).content.decode()
    response = worker.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/m/card/"
    card = worker.get("/m/card/").content.decode()
    assert m.card_no in card and "<svg" in card and "密码已设置" in card

    # The link does not work twice.
    worker.post("/m/logout/")
    again = Client().get(link, follow=True).content.decode()
    assert "该链接已使用或已失效" in again

    # Phone login, then home and card.
    phone_client = Client()
    response = phone_client.post("/m/login/", {"username": data["phone"], "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/m/"
    home = phone_client.get("/m/").content.decode()
    assert m.name in home and tree.union_a1.name in home and "在册" in home
    card = phone_client.get("/m/card/").content.decode()
    assert m.card_no in card and "<svg" in card
    # The token carries the time it was signed: compare what it says, not its text (the second may have turned).
    url = re.search(r'data-verify-url="([^"]+)"', card).group(1)
    assert url.startswith(cards.verify_url(m).rsplit("/", 2)[0] + "/")
    assert signing.loads(url.rstrip("/").rsplit("/", 1)[1], salt=cards.SALT) == {"m": m.pk, "v": m.card_version}
    assert data["id_number"] not in card and m.id_masked not in card


def test_gig_worker_applies_to_the_platform_union(tree, gig_union):
    data = form_data(2, union=gig_union, work="gig", gig_platform="delivery")
    response = Client().post("/m/join/", data)
    assert response.status_code == 302
    app = JoinApplication.objects.get()
    assert (app.union, app.gig_platform, app.employer) == (gig_union, "delivery", None)


def test_consent_missing_is_refused(tree):
    response = Client().post("/m/join/", form_data(3, employer=tree.ent_a1, union=tree.union_a1, consent=False))
    assert response.status_code == 200
    assert "请阅读并同意《个人信息处理告知书》后再提交" in response.content.decode()
    assert not JoinApplication.objects.exists()


def test_consent_to_an_outdated_notice_is_refused(tree):
    data = form_data(4, employer=tree.ent_a1, union=tree.union_a1, consent_version="2020-01")
    response = Client().post("/m/join/", data)
    assert "请阅读并同意《个人信息处理告知书》后再提交" in response.content.decode()
    assert not JoinApplication.objects.exists()


def test_union_not_covering_the_employer_is_refused(tree):
    response = Client().post("/m/join/", form_data(5, employer=tree.ent_a1, union=tree.union_b1))
    assert response.status_code == 200
    assert "所选工会不覆盖您的工作单位或从业类别" in response.content.decode()
    assert not JoinApplication.objects.exists()


def test_every_problem_is_shown_on_its_field_in_chinese(tree):
    data = form_data(6, name="", id_number="330203199001011234", phone="12345", employer=None, union=None)
    page = Client().post("/m/join/", data).content.decode()
    for text in ("必填", "校验", "不是有效的 11 位手机号", "请搜索并选择您的工作单位", "请选择要加入的工会"):
        assert text in page, text
    assert page.count("invalid-feedback") >= 5
    gig = Client().post("/m/join/", form_data(7, work="gig", union=None)).content.decode()
    assert "请选择您从事的新就业形态类别" in gig
    assert not JoinApplication.objects.exists()


def test_a_member_cannot_apply_again(tree, users):
    existing = member(tree.union_a1, users.union, 8)
    data = form_data(8, employer=tree.ent_a1, union=tree.union_a1)
    page = Client().post("/m/join/", data).content.decode()
    assert "该证件已有有效会籍" in page and existing.card_no not in page
    assert not JoinApplication.objects.exists()


def test_employer_search_is_public_short_and_limited(tree):
    tree.ent_a2.status = EnterpriseStatus.CLOSED
    tree.ent_a2.save()
    for i in range(12):
        EnterpriseFactory(org=tree.town_a, covering_union=tree.union_a1, name=f"甲字{i:02d}号有限公司")
    client = Client()
    assert "有限公司" not in client.get("/m/join/employers/", {"employer_q": "甲"}).content.decode()
    page = client.get("/m/join/employers/", {"employer_q": "甲一机械"}).content.decode()
    assert tree.ent_a1.name in page and tree.union_a1.name in page and tree.ent_a1.uscc not in page
    page = client.get("/m/join/employers/", {"employer_q": "公司"}).content.decode()
    assert page.count('name="employer"') == site_views.SEARCH_LIMIT
    # Not offered: an employer without a union, a closed one.
    assert tree.ent_a3.name not in client.get("/m/join/employers/", {"employer_q": "甲三"}).content.decode()
    assert tree.ent_a2.name not in client.get("/m/join/employers/", {"employer_q": "甲二电子"}).content.decode()
    # By pinyin initials too.
    assert tree.ent_b1.name in client.get("/m/join/employers/", {"employer_q": "yyfz"}).content.decode()


def test_union_choices_follow_the_employer_or_platform(tree, gig_union):
    client = Client()
    page = client.get("/m/join/unions/", {"work": "employer", "employer": tree.ent_b1.pk}).content.decode()
    assert tree.union_b1.name in page and "checked" in page and tree.union_a1.name not in page
    page = client.get("/m/join/unions/", {"work": "gig", "gig_platform": "delivery"}).content.decode()
    assert gig_union.name in page
    page = client.get("/m/join/unions/", {"work": "gig", "gig_platform": "express"}).content.decode()
    assert "该类别暂无可网上加入的工会" in page
    page = client.get("/m/join/unions/", {"work": "employer", "employer": tree.ent_a3.pk}).content.decode()
    assert 'name="union"' not in page


def test_confirmation_page_needs_an_application_from_this_browser(db):
    response = Client().get("/m/join/done/")
    assert response.status_code == 302 and response["Location"] == "/m/join/"


def test_floods_from_one_address_are_throttled(tree, monkeypatch):
    monkeypatch.setattr(site_views, "JOIN_LIMIT", 2)
    client = Client()
    for n in (10, 11):
        assert client.post("/m/join/", form_data(n, consent=False)).status_code == 200
    assert client.post("/m/join/", form_data(12, employer=tree.ent_a1, union=tree.union_a1)).status_code == 429
    assert (
        client.post(
            "/m/join/", form_data(12, employer=tree.ent_a1, union=tree.union_a1), REMOTE_ADDR="10.9.9.9"
        ).status_code
        == 302
    )


def _member_with_password(tree, users, n=20):
    m = member(tree.union_a1, users.union, n)
    user = joining.ensure_account(m, actor=users.union)
    user.set_password(PASSWORD)
    user.save()
    return m


def test_phone_login_locks_out_after_five_failures(tree, users):
    m = _member_with_password(tree, users)
    client = Client()
    for _ in range(4):
        response = client.post("/m/login/", {"username": m.phone, "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 200 and "手机号或密码不正确" in response.content.decode()
    assert (
        client.post("/m/login/", {"username": m.phone, "password": "wrong"}, REMOTE_ADDR="10.0.0.1").status_code == 429
    )
    locked = client.post("/m/login/", {"username": m.phone, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    assert AuditEvent.objects.filter(action="accounts.login.failed", actor_name=m.phone, outcome="denied").exists()
    # The phone typed with spaces is the same phone; from another address it still works.
    spaced = f"{m.phone[:3]} {m.phone[3:7]} {m.phone[7:]}"
    ok = Client().post("/m/login/", {"username": spaced, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert ok.status_code == 302


def test_only_member_accounts_log_in_by_phone(tree, users):
    staff = UserFactory(username="13900009999", phone="13900009999", grant=(tree.union_a1, "union_admin"))
    response = Client().post("/m/login/", {"username": staff.phone, "password": "Demo@2026"})
    assert response.status_code == 200 and "手机号或密码不正确" in response.content.decode()
    # A member whose account was switched off cannot log in either.
    m = _member_with_password(tree, users)
    User.objects.filter(pk=m.user_id).update(is_active=False)
    assert Client().post("/m/login/", {"username": m.phone, "password": PASSWORD}).status_code == 200


def test_member_pages_are_for_the_logged_in_member_only(tree, users, login):
    response = Client().get("/m/card/")
    assert response.status_code == 302 and response["Location"] == "/m/login/?next=/m/card/"
    staff = login(users.union)
    response = staff.get("/m/card/", follow=True)
    assert response.redirect_chain[-1][0] == "/m/login/?next=/m/card/"
    assert "当前登录的是工作人员账号" in response.content.decode()


def test_card_of_an_ended_membership_shows_no_qr(tree, users, login):
    m = _member_with_password(tree, users, 21)
    services.change_status(m, "quit", actor=users.union, on=m.joined_on, reason="本人申请")
    page = login(User.objects.get(pk=m.user_id)).get("/m/card/").content.decode()
    assert "会籍已终止" in page and "<svg" not in page


def test_verify_page_is_public_and_never_shows_the_id_number(tree, users):
    m = member(tree.union_a1, users.union, 30)
    token = cards.card_token(m)
    page = Client().get(f"/verify/{token}/").content.decode()
    assert "真实有效" in page and m.card_no in page and m.name in page
    assert m.reveal_id_number() not in page and m.id_masked not in page
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    page = Client().get(f"/verify/{tampered}/").content.decode()
    assert "不是有效会员证" in page and "真实有效" not in page and m.name not in page
    services.revoke_card(m, actor=users.union, reason="遗失补办")
    page = Client().get(f"/verify/{token}/").content.decode()
    assert "不是有效会员证" in page and "已作废" in page and "真实有效" not in page
    fresh = cards.card_token(Member.objects.get(pk=m.pk))
    assert "真实有效" in Client().get(f"/verify/{fresh}/").content.decode()


def test_landing_page_links_to_joining_and_the_card(db):
    page = Client().get("/").content.decode()
    assert 'href="/m/join/"' in page and 'href="/m/card/"' in page and 'href="/m/"' in page
