"""The activity pages through the test client: the member site (list, calendar, detail, one-tap registration,
tickets, cancelling, rating, self check-in), the staff console (list, form, lifecycle, registrants, review, draw,
check-in, walk-ins, venue screen, export), the partner portal; scope on every staff URL; pinned query counts; and
the participation figures on a hand-made fixture."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from accounts.roles import Role
from activities import checkin, lottery, partner_accounts, proposals, selectors, services
from activities.models import Activity, Participation, Proposal, Registration
from core.testing import assert_out_of_scope
from members import joining
from members.models import Member
from members.tests.factories import member
from orgs.tests.factories import UserFactory

from .factories import open_activity


def with_account(m: Member) -> Member:
    joining.ensure_account(m)
    return Member.objects.select_related("user", "union").get(pk=m.pk)


@pytest.fixture
def people(tree, users):
    """Four members of 甲一 with logins, and one of 乙一."""
    crowd = [with_account(member(tree.union_a1, users.union, 700 + n)) for n in range(4)]
    crowd.append(with_account(member(tree.union_b1, users.union_b, 790)))
    return crowd


def as_member(m: Member) -> Client:
    client = Client()
    client.force_login(m.user)
    return client


def soon(organiser, actor, **overrides):
    """An activity starting in an hour: check-in is open."""
    now = timezone.now()
    fields = {
        "starts_at": now + timedelta(hours=1),
        "ends_at": now + timedelta(hours=3),
        "registration_closes_at": now + timedelta(minutes=30),
    }
    fields.update(overrides)
    return open_activity(organiser, actor, **fields)


def text(response) -> str:
    return response.content.decode()


# --- Member site ---------------------------------------------------------------------------------------------


def test_member_registers_in_one_tap_and_shows_the_ticket(tree, users, people):
    activity = open_activity(tree.town_a, users.town, capacity=1, title="职工读书会")
    alice, bob = as_member(people[0]), as_member(people[1])
    listing = text(alice.get(reverse("activities:member_list")))
    assert "职工读书会" in listing and "剩余 1 个名额" in listing
    page = text(alice.get(reverse("activities:member_detail", args=[activity.pk])))
    assert "立即报名" in page and "按报名先后确认名额" in page

    response = alice.post(reverse("activities:member_register", args=[activity.pk]), follow=True)
    page = text(response)
    assert "报名成功，已为您确认名额" in page and "查看电子票" in page
    reg = Registration.objects.get(member=people[0])
    tickets = text(alice.get(reverse("activities:member_tickets")))
    assert reg.ticket_code in tickets and "<svg" in tickets

    # The second member: the seat is gone, so the waitlist with a position.
    page = text(bob.get(reverse("activities:member_detail", args=[activity.pk])))
    assert "名额已满，我要候补" in page
    page = text(bob.post(reverse("activities:member_register", args=[activity.pk]), follow=True))
    assert "您已进入候补（第 1 位）" in page and "候补中（第 1 位）" in page

    # Alice cancels after confirming: Bob is promoted.
    cancel_url = reverse("activities:member_cancel", args=[reg.pk])
    assert "确认取消报名" in text(alice.get(cancel_url))
    page = text(alice.post(cancel_url, follow=True))
    assert "已取消“职工读书会”的报名" in page
    assert Registration.objects.get(member=people[1]).status == "confirmed"
    assert Registration.objects.get(member=people[0]).status == "cancelled"


def test_registration_refusals_are_shown(tree, users, people):
    other_town = open_activity(tree.town_b, users.district, title="乙镇专场")
    alice = as_member(people[0])
    page = text(alice.get(reverse("activities:member_detail", args=[other_town.pk])))
    assert "本活动面向乙镇总工会的会员" in page and "立即报名" not in page
    page = text(alice.post(reverse("activities:member_register", args=[other_town.pk]), follow=True))
    assert "本活动面向乙镇总工会的会员" in page
    assert not Registration.objects.exists()
    draft = open_activity(tree.town_a, users.town, publish=False)
    assert alice.get(reverse("activities:member_detail", args=[draft.pk])).status_code == 404
    assert alice.post(reverse("activities:member_register", args=[draft.pk])).status_code == 404


def test_lottery_and_review_results(tree, users, people):
    draw = open_activity(tree.town_a, users.town, capacity=2, mode="lottery", title="音乐会抽票")
    review = open_activity(tree.town_a, users.town, mode="review", title="心理沙龙")
    alice = as_member(people[0])
    page = text(alice.post(reverse("activities:member_register", args=[draw.pk]), follow=True))
    assert "已提交抽签申请" in page and "每份报名的排序值 = SHA-256(种子 + ':' + 报名编号)" in page
    page = text(alice.post(reverse("activities:member_register", args=[review.pk]), follow=True))
    assert "等待主办方审核" in page
    for m in people[1:4]:
        services.register(draw, m)
    services.close_registration(draw, actor=users.town)
    draw.refresh_from_db()
    page = text(alice.get(reverse("activities:member_detail", args=[draw.pk])))
    assert draw.lottery_seed in page and "抽签种子将在报名截止时公布" not in page
    lottery.draw(draw, actor=users.town)
    page = text(alice.get(reverse("activities:member_detail", args=[draw.pk])))
    ids = list(Registration.objects.filter(activity=draw).values_list("pk", flat=True))
    order = lottery.draw_order(draw.lottery_seed, ids)
    for rid in ids:
        assert lottery.draw_key(draw.lottery_seed, rid) in page
    # The page lists the applications in draw order: the same order anyone recomputes from the seed.
    positions = [page.index(lottery.draw_key(draw.lottery_seed, rid)) for rid in order]
    assert positions == sorted(positions)


def test_member_sees_only_their_own_registrations(tree, users, people):
    activity = open_activity(tree.town_a, users.town)
    theirs = services.register(activity, people[1])
    alice = as_member(people[0])
    url = reverse("activities:member_cancel", args=[theirs.pk])
    assert alice.get(url).status_code == 404
    assert alice.post(url).status_code == 404
    assert Registration.objects.get(pk=theirs.pk).status == "confirmed"
    assert theirs.ticket_code not in text(alice.get(reverse("activities:member_tickets")))
    # Staff accounts are not members: sent to the member login.
    staff = Client()
    staff.force_login(users.town)
    response = staff.get(reverse("activities:member_tickets"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("members:login"))
    assert Client().get(reverse("activities:member_list")).status_code == 302


def test_member_list_filters_calendar_and_near_me(tree, users, people):
    now = timezone.localtime()
    day = (now + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    far = open_activity(tree.town_a, users.town, title="远处的徒步", latitude="30.000000", longitude="121.900000")
    near = open_activity(
        tree.town_a,
        users.town,
        title="近处的讲座",
        category="lecture",
        latitude="29.870000",
        longitude="121.550000",
        starts_at=day,
        ends_at=day + timedelta(hours=2),
    )
    nowhere = open_activity(tree.town_a, users.town, title="未标坐标的集市", category="market")
    open_activity(tree.town_b, users.district, title="乙镇专场")
    open_activity(tree.town_a, users.town, title="草稿活动", publish=False)
    alice = as_member(people[0])
    url = reverse("activities:member_list")
    page = text(alice.get(url))
    assert all(t in page for t in ("远处的徒步", "近处的讲座", "未标坐标的集市"))
    assert "乙镇专场" not in page and "草稿活动" not in page
    page = text(alice.get(url, {"category": "lecture"}))
    assert "近处的讲座" in page and "远处的徒步" not in page
    page = text(alice.get(url, {"date": day.date().isoformat()}))
    assert "近处的讲座" in page and "远处的徒步" not in page
    assert "不是有效日期" in text(alice.get(url, {"date": "2026-13-45"}))
    page = text(alice.get(url, {"lat": "29.868", "lng": "121.544"}))
    assert page.index(near.title) < page.index(far.title) < page.index(nowhere.title)
    assert "约 0.6 公里" in page
    calendar = text(alice.get(reverse("activities:member_calendar"), {"month": day.strftime("%Y-%m")}))
    assert "近处的讲座" in calendar and f"{day.year}年{day.month}月" in calendar
    assert alice.get(reverse("activities:member_calendar"), {"month": "x"}).status_code == 200


def test_member_list_has_a_pinned_query_count(tree, users, people, django_assert_num_queries):
    alice = as_member(people[0])
    open_activity(tree.town_a, users.town)
    url = reverse("activities:member_list")
    alice.get(url)
    # 9: the staff menu is built only on console pages (core.menus), so a member page no longer reads grants.
    with django_assert_num_queries(9):
        assert alice.get(url).status_code == 200
    for n in range(25):
        a = open_activity(tree.town_a, users.town, title=f"活动{n}", latitude="29.9", longitude="121.5")
        if n % 3 == 0:
            services.register(a, people[0])
    with django_assert_num_queries(9):
        assert alice.get(url).status_code == 200
    with django_assert_num_queries(9):
        assert alice.get(url, {"lat": "29.8", "lng": "121.6", "page": "2"}).status_code == 200


def test_self_check_in_and_rating(tree, users, people):
    activity = soon(tree.town_a, users.town, title="端午包粽子")
    reg = services.register(activity, people[0])
    alice = as_member(people[0])
    url = reverse("activities:member_checkin", args=[activity.pk])
    token = checkin.rotating_token(activity)
    assert "确认签到" in text(alice.get(url, {"t": token}))
    assert "签到成功" in text(alice.post(url, {"t": token}))
    assert "已签到过" in text(alice.post(url, {"t": token}))
    stale = checkin.rotating_token(activity, timezone.now() - timedelta(minutes=2))
    assert "签到码已过期或无效" in text(as_member(people[1]).post(url, {"t": stale}))
    reg.refresh_from_db()
    assert reg.checked_in_at is not None

    rate_url = reverse("activities:member_rate", args=[activity.pk])
    assert "活动结束后才能评价" in text(alice.post(rate_url, {"rating": "5", "comment": "很好"}))
    services.finish(activity, actor=users.town)
    assert "评价本次活动" in text(alice.get(reverse("activities:member_detail", args=[activity.pk])))
    assert "请选择 1 到 5 分" in text(alice.post(rate_url, {"comment": "忘了打分"}))
    response = alice.post(rate_url, {"rating": "4", "comment": "很好"}, follow=True)
    assert "感谢您的评价" in text(response)
    assert "评价本次活动" not in text(response)
    assert "参加了活动才能评价" in text(as_member(people[1]).post(rate_url, {"rating": "3"}))


# --- Staff console -------------------------------------------------------------------------------------------


def activity_form(organiser_code="TA01", **overrides) -> dict:
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    data = {
        "title": "职工乒乓球赛",
        "organiser": organiser_code,
        "series": "",
        "category": "sports",
        "mode": "first_come",
        "starts_at": (now + timedelta(days=7)).strftime(fmt),
        "ends_at": (now + timedelta(days=7, hours=3)).strftime(fmt),
        "address": "甲街道文体中心",
        "latitude": "",
        "longitude": "",
        "capacity": "20",
        "registration_opens_at": now.strftime(fmt),
        "registration_closes_at": (now + timedelta(days=6)).strftime(fmt),
        "cancel_deadline": "",
        "audience_org": "",
        "waitlist_enabled": "on",
        "description": "欢迎报名",
    }
    data.update(overrides)
    return data


def test_staff_create_edit_publish_close_finish(tree, users, people):
    client = Client()
    client.force_login(users.town)
    assert "活动管理" in text(client.get(reverse("console_home")))
    url = reverse("activities:staff_create")
    assert "新建活动" in text(client.get(url))
    bad = activity_form(capacity="0", organiser="UB11", audience_org="ZZ99")
    page = text(client.post(url, bad))
    assert "确保该值大于或等于1" in page
    page = text(client.post(url, activity_form(organiser="UB11")))
    assert "不存在或您无权在该组织下发布活动" in page
    page = text(client.post(url, activity_form(audience_org="UB11")))
    assert "组织代码“UB11”不存在或不在您的管理范围内" in page
    late = activity_form(registration_closes_at=(timezone.localtime() + timedelta(days=8)).strftime("%Y-%m-%dT%H:%M"))
    assert "不能晚于活动开始时间" in text(client.post(url, late))
    assert not Activity.objects.exists()
    response = client.post(url, activity_form(audience_tags=["new_employment"]))
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "activities:staff_detail", args=[activity.pk]
    )
    assert (activity.organiser, activity.status, activity.audience_tags) == (tree.town_a, "draft", ["new_employment"])

    edit = reverse("activities:staff_edit", args=[activity.pk])
    page = text(client.get(edit))
    assert 'value="职工乒乓球赛"' in page and 'name="organiser"' not in page
    client.post(edit, activity_form(title="职工乒乓球团体赛", capacity="30", audience_org="UA11"))
    activity.refresh_from_db()
    assert (activity.title, activity.capacity, activity.audience_org) == ("职工乒乓球团体赛", 30, tree.union_a1)

    client.post(reverse("activities:publish", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == "published"
    close_url = reverse("activities:close", args=[activity.pk])
    assert "确认截止报名" in text(client.get(close_url))
    assert Activity.objects.get(pk=activity.pk).status == "published"  # GET only asks
    client.post(close_url)
    assert Activity.objects.get(pk=activity.pk).status == "closed"
    client.post(reverse("activities:finish", args=[activity.pk]))
    assert Activity.objects.get(pk=activity.pk).status == "finished"
    # Finished: no more editing, and the page says why.
    page = text(client.post(edit, activity_form(), follow=True))
    assert "活动已结束，不能修改" in page and "已已" not in page


def test_staff_cancel_needs_a_reason(tree, users, people):
    activity = open_activity(tree.town_a, users.town)
    services.register(activity, people[0])
    client = Client()
    client.force_login(users.town)
    url = reverse("activities:cancel", args=[activity.pk])
    assert "所有报名者会收到通知" in text(client.get(url))
    assert "请填写此项" in text(client.post(url, {"reason": ""}))
    assert Activity.objects.get(pk=activity.pk).status == "published"
    client.post(url, {"reason": "场地维修"})
    assert Activity.objects.get(pk=activity.pk).status == "cancelled"


def test_registrant_tabs_review_and_export(tree, users, people):
    activity = open_activity(tree.town_a, users.town, capacity=1)
    for m in people[:3]:
        services.register(activity, m)
    client = Client()
    client.force_login(users.town)
    url = reverse("activities:staff_detail", args=[activity.pk])
    page = text(client.get(url))
    assert people[0].name in page and people[0].phone_masked in page and people[0].phone not in page
    page = text(client.get(url, {"tab": "waitlist"}))
    assert page.index(people[1].name) < page.index(people[2].name)

    review = open_activity(tree.town_a, users.town, mode="review", capacity=1, title="心理沙龙")
    pending = [services.register(review, m) for m in people[:2]]
    page = text(client.get(reverse("activities:staff_detail", args=[review.pk]), {"tab": "pending"}))
    assert "通过" in page and people[1].name in page
    review_url = reverse("activities:review_registration", args=[review.pk, pending[0].pk])
    response = client.post(review_url, {"decision": "approve"})
    assert response["Location"].endswith("?tab=pending")
    client.post(reverse("activities:review_registration", args=[review.pk, pending[1].pk]), {"decision": "decline"})
    assert [r.status for r in Registration.objects.filter(activity=review).order_by("pk")] == ["confirmed", "rejected"]

    response = client.get(reverse("activities:export", args=[activity.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "姓名", "手机号") and len(rows) == 4
    flat = str(rows)
    assert people[0].phone_masked in flat and people[0].phone not in flat


def test_staff_list_has_a_pinned_query_count(tree, users, people, django_assert_num_queries):
    client = Client()
    client.force_login(users.town)
    url = reverse("activities:staff_list")
    open_activity(tree.town_a, users.town)
    client.get(url)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
    series = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工友缘", year=2026)
    for n in range(25):
        a = open_activity(tree.union_a1, users.union, title=f"活动{n}", series=series)
        services.register(a, people[n % 4])
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(url, {"series": series.pk, "status": "published", "page": "2"}).status_code == 200
    assert Client().get(url).status_code == 302
    nobody = Client()
    nobody.force_login(users.nobody)
    assert nobody.get(url).status_code == 403


def test_lottery_page_draws_with_the_published_seed(tree, users, people):
    activity = open_activity(tree.town_a, users.town, capacity=2, mode="lottery")
    for m in people[:4]:
        services.register(activity, m)
    client = Client()
    client.force_login(users.town)
    url = reverse("activities:lottery", args=[activity.pk])
    page = text(client.get(url))
    assert "开始抽签" not in page and "抽签种子在“截止报名”时生成并公布" in page
    client.post(reverse("activities:close", args=[activity.pk]))
    activity.refresh_from_db()
    page = text(client.get(url))
    assert activity.lottery_seed in page and "开始抽签" in page
    page = text(client.post(url, follow=True))
    assert "抽签完成：2 人中签" in page
    order = lottery.draw_order(
        activity.lottery_seed, Registration.objects.filter(activity=activity).values_list("pk", flat=True)
    )
    winners = set(Registration.objects.filter(activity=activity, status="confirmed").values_list("pk", flat=True))
    assert winners == set(order[:2])
    assert "该活动已于" in text(client.post(url, follow=True))  # a second draw is refused
    plain = open_activity(tree.town_a, users.town)
    assert client.get(reverse("activities:lottery", args=[plain.pk])).status_code == 404


def test_check_in_by_code_walk_ins_and_the_venue_screen(tree, users, people):
    activity = soon(tree.town_a, users.town, capacity=2)
    alice, bob = services.register(activity, people[0]), services.register(activity, people[1])
    waiting = services.register(activity, people[2])
    client = Client()
    client.force_login(users.union)  # 甲一's admin: the town's activity is above their scope
    assert client.get(reverse("activities:checkin", args=[activity.pk])).status_code == 404
    client.force_login(users.town)
    page = text(client.get(reverse("activities:checkin", args=[activity.pk])))
    assert "打开摄像头扫码" in page and "vendor/jsqr/jsQR.js" in page
    url = reverse("activities:checkin_ticket", args=[activity.pk])
    page = text(client.post(url, {"code": alice.ticket_code.lower()}, headers={"HX-Request": "true"}))
    assert "签到成功" in page and people[0].name in page and 'hx-swap-oob="true"' in page
    page = text(client.post(url, {"code": alice.ticket_code, "method": "scan"}, headers={"HX-Request": "true"}))
    assert "已签到过" in page
    assert "无效票" in text(client.post(url, {"code": "ZZZZZZZZ"}, headers={"HX-Request": "true"}))
    page = text(client.post(url, {"code": waiting.ticket_code}, headers={"HX-Request": "true"}))
    assert "无效票" in page and "候补中" in page
    page = text(client.post(url, {"code": bob.ticket_code}))  # without htmx: the whole page
    assert "签到成功" in page and "打开摄像头扫码" in page
    methods = dict(Participation.objects.values_list("member_id", "method"))
    assert methods == {people[0].pk: "code", people[1].pk: "code"}

    walk = reverse("activities:walk_in", args=[activity.pk])
    assert "请填写会员证号或手机号，非会员请填写姓名" in text(client.post(walk, {"who": "", "name": ""}))
    assert "没有找到会员证号或手机号" in text(client.post(walk, {"who": people[4].card_no}))  # 乙镇's member
    assert "签到成功" in text(client.post(walk, {"who": people[3].phone}))
    assert "已签到过" in text(client.post(walk, {"who": people[3].card_no}))
    assert "签到成功" in text(client.post(walk, {"name": "王来宾"}))
    assert Participation.objects.filter(activity=activity).count() == 4

    screen = text(client.get(reverse("activities:screen", args=[activity.pk])))
    token = checkin.rotating_token(activity)
    assert "<svg" in screen and f"?t={token}" in screen and 'hx-trigger="every 30s"' in screen
    assert f"?t={token}" in text(client.get(reverse("activities:screen_qr", args=[activity.pk])))
    detail = text(client.get(reverse("activities:staff_detail", args=[activity.pk]), {"tab": "checked"}))
    assert "王来宾" in detail and "非会员" in detail


# --- Series, partners, proposals, and the partner portal -----------------------------------------------------


def test_partner_portal_round_trip(tree, users, django_capture_on_commit_callbacks):
    staff = Client()
    staff.force_login(users.town)
    page = text(
        staff.post(
            reverse("activities:series_create"),
            {"owner": tree.town_a.pk, "name": "镇工友缘", "year": timezone.localdate().year},
            follow=True,
        )
    )
    assert "已新建活动系列“镇工友缘”" in page
    series = tree.town_a.series.get()
    page = text(
        staff.post(
            reverse("activities:partner_create"),
            {"org": tree.town_a.pk, "name": "甬城青年社工服务中心", "kind": "social", "username": "yongcheng"},
        )
    )
    assert "初始密码只显示这一次" in page
    password = page.split("data-password>")[1].split("<")[0]
    assert User.objects.get(username="yongcheng").check_password(password)

    partner = Client()
    response = partner.post(reverse("accounts:login"), {"username": "yongcheng", "password": password})
    assert response.status_code == 302
    assert partner.get(reverse("console_home"))["Location"] == reverse("activities:partner_home")
    assert "还没有提交过方案" in text(partner.get(reverse("activities:partner_home")))
    new = reverse("activities:partner_new")
    assert "镇工友缘" in text(partner.get(new))
    assert "请填写此项" in text(
        partner.post(
            new, {"series": series.pk, "title": "", "category": "social", "expected_participants": 40, "content": ""}
        )
    )
    partner.post(
        new,
        {
            "series": series.pk,
            "title": "青年联谊会",
            "category": "social",
            "expected_participants": 40,
            "content": "户外烧烤与破冰游戏",
        },
    )
    proposal = Proposal.objects.get()
    assert proposal.status == "submitted"

    queue = text(staff.get(reverse("activities:proposal_list")))
    assert "青年联谊会" in queue
    review = reverse("activities:proposal_detail", args=[proposal.pk])
    assert "退回或不采纳时请填写意见" in text(staff.post(review, {"decision": "return", "comment": ""}))
    staff.post(review, {"decision": "return", "comment": "请补充安全预案"})
    home = text(partner.get(reverse("activities:partner_home")))
    assert "退回修改" in home and "请补充安全预案" in home
    resubmit = reverse("activities:partner_resubmit", args=[proposal.pk])
    partner.post(
        resubmit,
        {
            "series": series.pk,
            "title": "青年联谊会",
            "category": "social",
            "expected_participants": 40,
            "content": "户外烧烤与破冰游戏；附安全预案",
        },
    )
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and "安全预案" in proposal.content
    response = staff.post(review, {"decision": "approve", "comment": ""})
    activity = Activity.objects.get(proposal=proposal)
    assert response["Location"] == reverse("activities:staff_edit", args=[activity.pk])
    assert activity.status == "draft" and activity.series == series
    # Resubmitting an approved proposal is refused; the series counts it as a conversion.
    assert "只有被退回修改的方案可以重新提交" in text(partner.get(resubmit, follow=True))
    listing = text(staff.get(reverse("activities:series_list")))
    assert "镇工友缘" in listing
    counted = selectors.with_series_counts(type(series).objects.filter(pk=series.pk)).get()
    assert (counted.partner_count, counted.proposal_count, counted.conversion_count) == (1, 1, 1)

    # Another partner's proposal is not there; a staff account is not a partner.
    other = proposals.create_partner(actor=users.town, org=tree.town_a, name="另一家", kind="enterprise")
    other_user, _pw = partner_accounts.create_partner_account(other, actor=users.town, username="other")
    outsider = Client()
    outsider.force_login(other_user)
    assert outsider.get(reverse("activities:partner_detail", args=[proposal.pk])).status_code == 404
    assert outsider.get(resubmit).status_code == 404
    assert staff.get(reverse("activities:partner_home")).status_code == 404
    assert Client().get(reverse("activities:partner_home")).status_code == 302


def test_every_staff_url_is_out_of_scope_for_another_sub_tree(tree, users, people):
    series = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工有匠", year=2026)
    partner = proposals.create_partner(actor=users.town, org=tree.town_a, name="甲街道书画协会", kind="culture")
    account, _pw = partner_accounts.create_partner_account(partner, actor=users.town, username="shuhua")
    proposal = proposals.submit_proposal(
        actor=account, partner=partner, series=series, title="书法进企业", content="每周一次", category="culture"
    )
    activity = soon(tree.town_a, users.town, mode="review", series=series)
    reg = services.register(activity, people[0])
    town_b = UserFactory(username="town_b", grant=(tree.town_b, Role.FEDERATION_ADMIN))
    pk = activity.pk
    urls = [
        reverse(f"activities:{name}", args=[pk])
        for name in (
            "staff_detail",
            "staff_edit",
            "publish",
            "close",
            "finish",
            "cancel",
            "lottery",
            "export",
            "checkin",
            "checkin_ticket",
            "walk_in",
            "screen",
            "screen_qr",
        )
    ]
    urls += [
        reverse("activities:review_registration", args=[pk, reg.pk]),
        reverse("activities:series_detail", args=[series.pk]),
        reverse("activities:partner_account", args=[partner.pk]),
        reverse("activities:proposal_detail", args=[proposal.pk]),
    ]
    for user in (users.union_b, town_b):
        client = Client()
        client.force_login(user)
        assert_out_of_scope(client, urls)
        assert_out_of_scope(
            client,
            urls,
            method="post",
            data={
                "code": reg.ticket_code,
                "decision": "approve",
                "reason": "x",
                "name": "张三",
                "username": "x1",
                "comment": "x",
            },
        )
        assert str(activity.title) not in text(client.get(reverse("activities:staff_list")))
        assert "镇工有匠" not in text(client.get(reverse("activities:series_list")))
        assert "书法进企业" not in text(client.get(reverse("activities:proposal_list"), {"status": "all"}))
        assert "甲街道书画协会" not in text(client.get(reverse("activities:partner_list")))
    reg.refresh_from_db()
    activity.refresh_from_db()
    proposal.refresh_from_db()
    assert (reg.status, activity.status, proposal.status) == ("pending", "published", "submitted")
    assert not Participation.objects.exists() and not User.objects.filter(username="x1").exists()
    # In scope: the same URLs answer.
    town = Client()
    town.force_login(users.town)
    assert town.get(urls[0]).status_code == 200 and town.get(urls[-1]).status_code == 200


# --- Figures -------------------------------------------------------------------------------------------------


def test_participation_figures_on_a_hand_made_fixture(tree, users, people):
    """A: 4 confirmed, 3 check in, plus a guest walk-in; B (same series): 2 confirmed, both check in, one of them
    also at A. 人次 6, distinct people 5 (4 members + 1 guest), attendance 5/6, ratings 5, 4, 3 → 4.00."""
    series = proposals.create_series(actor=users.town, owner=tree.town_a, name="镇工悦读", year=2026)
    a = soon(tree.town_a, users.town, capacity=5, series=series, title="A")
    b = soon(tree.union_a1, users.union, capacity=5, series=series, title="B")
    regs_a = [services.register(a, m) for m in people[:4]]
    regs_b = [services.register(b, m) for m in (people[0], people[3])]
    for r in regs_a[:3]:
        checkin.check_in_ticket(a, r.ticket_code, actor=users.town)
    checkin.walk_in(a, actor=users.town, name="来宾")
    for r in regs_b:
        checkin.check_in_ticket(b, r.ticket_code, actor=users.union)
    # A cancelled activity's seats do not count against attendance.
    c = soon(tree.town_a, users.town, capacity=5, series=series, title="C")
    services.register(c, people[1])
    services.cancel_activity(c, actor=users.town, reason="天气")
    # An activity weeks away has had no chance to be attended yet.
    later = open_activity(tree.town_a, users.town, series=series, title="D")
    services.register(later, people[2])

    services.finish(a, actor=users.town)
    services.finish(b, actor=users.union)
    checkin.rate(a, people[0], rating=5)
    checkin.rate(a, people[1], rating=4)
    checkin.rate(b, people[3], rating=3)

    fig = selectors.series_figures(series)
    assert (fig.participations, fig.people, fig.confirmed, fig.attended) == (6, 5, 6, 5)
    assert fig.attendance_rate == selectors.Decimal("83.3")
    assert (fig.ratings, str(fig.average_rating)) == (3, "4.00")
    assert fig.activities == 3  # A, B, D; not the cancelled C
    assert selectors.org_figures(tree.town_a).as_dict() == fig.as_dict()
    only_b = selectors.org_figures(tree.union_a1)
    assert (only_b.participations, only_b.people, only_b.attendance_rate, str(only_b.average_rating)) == (
        2,
        2,
        selectors.Decimal("100.0"),
        "3.00",
    )
    one = selectors.activity_figures(a)
    assert (one.participations, one.people, one.confirmed, one.attended) == (4, 4, 4, 3)
    assert one.attendance_rate == selectors.Decimal("75.0") and str(one.average_rating) == "4.50"
    # A period that ends before today leaves everything out.
    empty = selectors.org_figures(tree.town_a, start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert (empty.participations, empty.people, empty.attendance_rate, empty.average_rating) == (0, 0, None, None)
    nothing_yet = selectors.activity_figures(later)
    assert (nothing_yet.confirmed, nothing_yet.attendance_rate) == (0, None)
    # The page shows the same figures.
    client = Client()
    client.force_login(users.town)
    page = text(client.get(reverse("activities:series_detail", args=[series.pk])))
    assert 'data-figure="participations">6<' in page and 'data-figure="people">5<' in page
    assert 'data-figure="attendance">83.3%<' in page and 'data-figure="rating">4.00<' in page


def test_the_registration_export_writes_names_as_text(tree, users, people):
    """Issue 13: a registrant named like a formula became a live formula in the clerk's spreadsheet."""
    activity = open_activity(tree.town_a, users.town)
    Member.objects.filter(pk=people[0].pk).update(name='=HYPERLINK("http://example.invalid","点我")')
    services.register(activity, Member.objects.get(pk=people[0].pk))
    client = Client()
    client.force_login(users.town)
    response = client.get(reverse("activities:export", args=[activity.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.quotePrefix
