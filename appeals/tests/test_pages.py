"""The appeal pages through the test client: a member and a worker without an account submit, follow, answer and
rate; staff work the queue and take every action through the pages; workers reach only their own appeals and staff
only their scope (every staff URL and photo URL, GET and POST); the queue's query count is pinned; the periodic
escalation runs from ``run_periodic --once``; the calendar defaults install."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from PIL import Image

from appeals import services
from appeals.models import Appeal, AppealEvent, CategoryDeadline, Holiday
from appeals.views import member as views_worker
from core import sms
from core.testing import assert_out_of_scope
from members import joining
from members import services as member_services
from members.models import Member
from members.tests.factories import member

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = "13712345678"


@pytest.fixture(autouse=True)
def fresh_throttles():
    """The per-address limits live in the cache, which outlives a test: each test starts with none counted."""
    cache.clear()


def jpeg(name="photo.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def text(response) -> str:
    return response.content.decode()


def with_login(m: Member) -> Client:
    joining.ensure_account(m)
    client = Client()
    client.force_login(Member.objects.get(pk=m.pk).user)
    return client


def texted_code(phone: str) -> str:
    (message,) = [m for m in sms.outbox if m.phone == phone and "验证码是" in m.text][-1:]
    return message.text.split("验证码是 ")[1][:6]


def ask_code(client: Client, phone: str = PHONE) -> str:
    """Press 获取验证码 and read the code from the texted message (sent once the request's transaction commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("appeals:send_code"), {"phone": phone})
    assert response.status_code == 200 and "验证码已发送至" in text(response), text(response)
    return texted_code(phone)


def filed(tree, users, n=1, **overrides) -> Appeal:
    """An appeal of a member of 甲一 (union_a1), through the service."""
    fields = {
        "kind": "appeal",
        "category": "wages",
        "description": "公司已经两个月没有发工资了",
        "name": "",
        "phone": "",
        "member": member(tree.union_a1, users.union, 800 + n),
    }
    fields.update(overrides)
    return services.submit(**fields)


# --- Worker pages ----------------------------------------------------------------------------------------------


def test_a_member_submits_with_a_photo_follows_and_rates(tree, users, django_capture_on_commit_callbacks):
    worker = member(tree.union_a1, users.union, 901, name="林小雨")
    client = with_login(worker)
    page = client.get(reverse("appeals:submit") + "?kind=snapshot")
    assert page.status_code == 200
    body = text(page)
    assert 'accept="image/*"' in body and "multiple" in body and "林小雨" in body
    assert 'name="phone"' not in body  # a member is known: no name, mobile or code to fill in
    assert 'value="snapshot" checked' in body

    response = client.post(
        reverse("appeals:submit"),
        {
            "kind": "snapshot",
            "category": "safety",
            "description": "车间消防通道被货物堵住了",
            "location": "三号车间",
            "latitude": "29.866667",
            "longitude": "121.550000",
            "name_visible_to_employer": "on",
            "photos": [jpeg(), jpeg("b.jpg")],
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response.url == reverse("appeals:submitted", args=[appeal.tracking_no])
    assert (appeal.member, appeal.org, appeal.kind, appeal.photos.count()) == (worker, tree.union_a1, "snapshot", 2)
    assert appeal.name_visible_to_employer and str(appeal.latitude) == "29.866667"
    done = text(client.get(response.url))
    assert appeal.tracking_no in done and reverse("appeals:follow", args=[appeal.tracking_no]) in done

    mine = text(client.get(reverse("appeals:index")))
    assert "我的诉求" in mine and appeal.tracking_no in mine
    photo = appeal.photos.first()
    served = client.get(reverse("appeals:worker_photo", args=[appeal.tracking_no, photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"

    services.accept(appeal, actor=users.union)
    services.add_note(appeal, actor=users.union, text="内部：该车间主任已口头承认")
    with django_capture_on_commit_callbacks(execute=True):
        services.resolve(appeal, actor=users.union, reply="已督促企业当天清理通道，并纳入每周安全检查。")
    follow = text(client.get(reverse("appeals:follow", args=[appeal.tracking_no])))
    assert "已督促企业当天清理通道" in follow and "您对办理结果满意吗" in follow
    assert "内部：该车间主任" not in follow  # internal notes never reach the worker
    assert "受理" in follow and "办结答复" in follow

    bad = client.post(reverse("appeals:rate", args=[appeal.tracking_no]), {"comment": "?"})
    assert bad.status_code == 400 and "请选择满意度" in text(bad)
    client.post(reverse("appeals:rate", args=[appeal.tracking_no]), {"satisfaction": "satisfied", "comment": "很快"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.satisfaction, appeal.satisfaction_comment) == ("closed", "satisfied", "很快")
    assert "满意" in text(client.get(reverse("appeals:follow", args=[appeal.tracking_no])))


def test_a_worker_without_an_account_verifies_the_mobile_and_submits(tree, users):
    sms.outbox.clear()
    client = Client()
    form = text(client.get(reverse("appeals:submit")))
    assert "获取验证码" in form and reverse("members:employer_search") in form
    base = {
        "kind": "appeal",
        "category": "contract",
        "description": "入职三个月了单位还没有签劳动合同",
        "name": "王芳",
        "phone": "137 1234 5678",
        "where": "employer",
        "employer": str(tree.ent_b1.pk),
    }
    # No code yet: refused on the field, nothing written.
    response = client.post(reverse("appeals:submit"), base)
    assert response.status_code == 200 and "请获取并填写短信验证码" in text(response)
    code = ask_code(client)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("appeals:submit"), {**base, "code": wrong})
    assert "不正确" in text(response) and not Appeal.objects.exists()
    response = client.post(reverse("appeals:submit"), {**base, "code": code})
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert (appeal.member, appeal.name, appeal.phone, appeal.org) == (None, "王芳", PHONE, tree.union_b1)
    assert appeal.employer == tree.ent_b1
    follow = client.get(reverse("appeals:follow", args=[appeal.tracking_no]))
    assert follow.status_code == 200 and "乙一纺织有限公司工会" in text(follow)
    # The session remembers the proven number: a second item needs no new code.
    client.post(reverse("appeals:submit"), {**base, "kind": "suggestion", "description": "建议增加夜班班车"})
    assert Appeal.objects.count() == 2
    listing = text(client.get(reverse("appeals:index")))
    assert "137****5678" in listing and appeal.tracking_no in listing

    # Another browser cannot follow it without the code, and finds it with tracking number + mobile + code.
    other = Client()
    assert other.get(reverse("appeals:follow", args=[appeal.tracking_no])).status_code == 404
    with time_machine.travel(datetime.now(SHANGHAI) + timedelta(minutes=2)):
        code = ask_code(other)
        response = other.post(
            reverse("appeals:track"), {"tracking_no": appeal.tracking_no.lower(), "phone": PHONE, "code": code}
        )
    assert response.status_code == 302 and response.url == reverse("appeals:follow", args=[appeal.tracking_no])
    assert other.get(response.url).status_code == 200
    other.post(reverse("appeals:forget"))
    assert other.get(response.url).status_code == 404


def test_routing_choices_and_every_error_in_chinese(tree, users):
    client = Client()
    code = ask_code(client)
    response = client.post(reverse("appeals:submit"), {"kind": "appeal", "where": "town", "phone": PHONE})
    body = text(response)
    for message in ("请选择类别", "请写下发生了什么", "请填写姓名", "请选择您所在的镇/街道", "请获取并填写短信验证码"):
        assert message in body
    assert "This field" not in body
    response = client.post(
        reverse("appeals:submit"),
        {
            "kind": "appeal",
            "category": "living",
            "description": "太短",
            "name": "赵敏",
            "phone": PHONE,
            "code": code,
            "where": "town",
            "town": str(tree.town_a.pk),
            "photos": [SimpleUploadedFile("x.jpg", b"%PDF-1.7 not an image", content_type="image/jpeg")],
        },
    )
    body = text(response)
    assert "请至少写 5 个字" in body and "第 1 张照片：不是有效的图片文件" in body and "照片需要重新选择" in body
    assert not Appeal.objects.exists()
    # The code was used above; the session remembers the number, so fixing the text is enough.
    client.post(
        reverse("appeals:submit"),
        {
            "kind": "appeal",
            "category": "living",
            "description": "宿舍热水器坏了一个月没人修",
            "name": "赵敏",
            "phone": PHONE,
            "where": "town",
            "town": str(tree.town_a.pk),
            "employer_name": "甲三未建会商贸公司",
        },
    )
    appeal = Appeal.objects.get()
    assert (appeal.org, appeal.employer_name) == (tree.town_a, "甲三未建会商贸公司")


def test_a_member_whose_membership_lapsed_names_the_town(tree, users):
    worker = member(tree.union_a1, users.union, 960)
    client = with_login(worker)
    member_services.change_status(worker, "quit", actor=users.union, on=date(2026, 1, 5), reason="离职")
    assert "您目前不在会籍中" in text(client.get(reverse("appeals:submit")))
    data = {"kind": "appeal", "category": "other", "description": "离职证明单位一直不给开"}
    assert "请选择您所在的镇/街道" in text(client.post(reverse("appeals:submit"), data))
    client.post(reverse("appeals:submit"), {**data, "town": str(tree.town_b.pk)})
    assert Appeal.objects.get().org == tree.town_b


def test_code_requests_are_limited_per_address(tree, monkeypatch):
    monkeypatch.setattr(views_worker, "CODE_LIMIT", 1)
    client = Client()
    ask_code(client)
    refused = text(client.post(reverse("appeals:send_code"), {"phone": "13800002222"}))
    assert "请求过于频繁" in refused
    assert "请填写正确的 11 位手机号" in text(
        Client(REMOTE_ADDR="10.0.0.9").post(reverse("appeals:send_code"), {"phone": "123"})
    )


def test_wrong_codes_are_counted_and_lock_the_code(tree, users):
    appeal = filed(tree, users, 1, member=None, name="钱多多", phone=PHONE, employer=tree.ent_a1)
    client = Client()
    code = ask_code(client)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        body = text(
            client.post(reverse("appeals:track"), {"tracking_no": appeal.tracking_no, "phone": PHONE, "code": wrong})
        )
        assert "不正确" in body
    body = text(
        client.post(reverse("appeals:track"), {"tracking_no": appeal.tracking_no, "phone": PHONE, "code": code})
    )
    assert "错误次数过多" in body
    assert client.get(reverse("appeals:follow", args=[appeal.tracking_no])).status_code == 404


def test_a_worker_sees_only_their_own_appeals(tree, users):
    mine = filed(tree, users, 2, uploads=[jpeg()])
    stranger = with_login(member(tree.union_a1, users.union, 950))
    photo = mine.photos.get()
    urls = [
        reverse("appeals:follow", args=[mine.tracking_no]),
        reverse("appeals:submitted", args=[mine.tracking_no]),
        reverse("appeals:worker_photo", args=[mine.tracking_no, photo.pk]),
    ]
    posts = [reverse("appeals:rate", args=[mine.tracking_no]), reverse("appeals:answer", args=[mine.tracking_no])]
    for client in (stranger, Client()):
        assert_out_of_scope(client, urls)
        assert_out_of_scope(client, posts, method="post", data={"satisfaction": "satisfied", "text": "补充"})
    assert mine.tracking_no not in text(stranger.get(reverse("appeals:index")))
    # A worker who proved another number sees nothing of this one either.
    visitor = Client()
    code = ask_code(visitor, "13800001111")
    visitor.post(reverse("appeals:track"), {"tracking_no": mine.tracking_no, "phone": "13800001111", "code": code})
    assert_out_of_scope(visitor, urls)
    # Staff logged in on the console are visitors on the member site: no access by being staff.
    assert_out_of_scope(Client(), urls)
    owner = with_login(mine.member)
    assert owner.get(urls[0]).status_code == 200


def test_info_requested_answered_and_unsatisfied_reopens_once(tree, users, login):
    appeal = filed(tree, users, 3)
    worker, staff = with_login(appeal.member), login(users.union)
    staff.post(reverse("appeals:accept", args=[appeal.pk]))
    staff.post(reverse("appeals:request_info", args=[appeal.pk]), {"question": "请上传工资条或考勤记录"})
    follow = text(worker.get(reverse("appeals:follow", args=[appeal.tracking_no])))
    assert "工会请您补充" in follow and "请上传工资条或考勤记录" in follow
    bad = worker.post(reverse("appeals:answer", args=[appeal.tracking_no]), {"text": " "})
    assert bad.status_code == 400 and "请填写" in text(bad)
    worker.post(reverse("appeals:answer", args=[appeal.tracking_no]), {"text": "考勤截图已发到工会邮箱"})
    appeal.refresh_from_db()
    assert appeal.status == "accepted"
    staff.post(reverse("appeals:resolve", args=[appeal.pk]), {"reply": "已协调企业补发 4 月工资。"})
    worker.post(
        reverse("appeals:rate", args=[appeal.tracking_no]), {"satisfaction": "unsatisfied", "comment": "少发了"}
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.reopened) == ("accepted", True)
    follow = text(worker.get(reverse("appeals:follow", args=[appeal.tracking_no])))
    assert "重新办理" in follow and "您对办理结果满意吗" not in follow


# --- Staff pages -------------------------------------------------------------------------------------------------


def test_staff_take_every_action_through_the_pages(tree, users, login):
    town = login(users.town)
    appeal = filed(tree, users, 4, uploads=[jpeg()])
    duplicate = filed(tree, users, 5, description="同一家公司，我也两个月没拿到工资")
    page = text(town.get(reverse("appeals:detail", args=[appeal.pk])))
    assert appeal.tracking_no in page and appeal.name in page and "受理" in page
    photo = appeal.photos.get()
    served = town.get(reverse("appeals:photo", args=[appeal.pk, photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert "/media/" not in page  # photos go through the scope-checked view

    assert town.post(reverse("appeals:accept", args=[appeal.pk])).status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.assignee) == ("accepted", users.town)
    again = town.post(reverse("appeals:accept", args=[appeal.pk]), follow=True)
    assert "该事项已受理" in text(again)

    # Hand over: the picker offers only orgs in scope; an org outside it is refused on the field.
    picks = text(town.get(reverse("appeals:pick_org"), {"to_org": "乙"}))
    assert "乙一纺织" not in picks and "乙镇" not in picks
    assert "甲二电子" in text(town.get(reverse("appeals:pick_org"), {"to_org": "甲二"}))
    form = town.post(reverse("appeals:hand_over", args=[appeal.pk]), {"to_org": "UB11", "reason": "转给乙"})
    assert "不存在或不在您的管理范围内" in text(form)
    form = town.post(reverse("appeals:hand_over", args=[appeal.pk]), {"to_org": "UA12"})
    assert "转办原因" in text(form) or "请填写" in text(form)
    town.post(reverse("appeals:hand_over", args=[appeal.pk]), {"to_org": "ua12", "reason": "员工实际在甲二上班"})
    appeal.refresh_from_db()
    assert appeal.org == tree.union_a2

    # Merge: name the target, see both on a confirmation, then merge.
    confirm = town.post(reverse("appeals:merge", args=[duplicate.pk]), {"tracking_no": appeal.tracking_no})
    assert "确认合并" in text(confirm) and "不能撤销" in text(confirm)
    duplicate.refresh_from_db()
    assert duplicate.status == "submitted"
    missing = town.post(reverse("appeals:merge", args=[duplicate.pk]), {"tracking_no": "SQ000"})
    assert "不存在或不在您的管理范围内" in text(missing)
    town.post(reverse("appeals:merge", args=[duplicate.pk]), {"tracking_no": appeal.tracking_no, "confirm": "1"})
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("merged", appeal)

    town.post(reverse("appeals:request_info", args=[appeal.pk]), {"question": "请提供工资条"})
    appeal.refresh_from_db()
    assert appeal.status == "info_requested"
    services.provide_info(appeal, text="已提供")
    town.post(reverse("appeals:note", args=[appeal.pk]), {"text": "已电话联系企业负责人"})
    short = town.post(reverse("appeals:resolve", args=[appeal.pk]), {"reply": "好"})
    assert "至少 5 个字" in text(short)
    form = text(town.get(reverse("appeals:resolve", args=[appeal.pk])))
    assert "已合并的 1 条事项将收到同样的答复" in form
    town.post(reverse("appeals:resolve", args=[appeal.pk]), {"reply": "企业已补发全部工资。"})
    appeal.refresh_from_db()
    duplicate.refresh_from_db()
    assert appeal.status == duplicate.status == "resolved"

    detail = text(town.get(reverse("appeals:detail", args=[appeal.pk])))
    assert "已电话联系企业负责人" in detail and "内部" in detail
    kinds = list(appeal.events.values_list("kind", flat=True))
    assert kinds == [
        "submitted",
        "accepted",
        "handed_over",
        "merged",
        "info_requested",
        "info_provided",
        "note",
        "resolved",
    ]
    assert not appeal.events.get(kind="note").public

    idea = filed(tree, users, 6, kind="suggestion", category="facilities", description="建议食堂延长供应时间")
    union = login(users.union)
    assert "采纳" not in text(union.get(reverse("appeals:detail", args=[idea.pk]))).split('id="actions"')[1][:600]
    union.post(reverse("appeals:accept", args=[idea.pk]))
    union.post(reverse("appeals:adopt", args=[idea.pk]), {"note": "下月起晚餐延长到 19:30"})
    idea.refresh_from_db()
    assert idea.adopted and idea.events.last().kind == "adopted"


def test_the_open_day_form_records_for_an_org_in_scope(tree, users, login, django_capture_on_commit_callbacks):
    town = login(users.town)
    url = reverse("appeals:open_day")
    assert "TA01" in text(town.get(url))  # a single grant: its org is the default
    refused = town.post(
        url, {"org": "UB11", "category": "living", "name": "周强", "phone": PHONE, "description": "食堂太远"}
    )
    assert "不存在或不在您的管理范围内" in text(refused)
    errors = text(town.post(url, {"org": "UA11", "category": "", "description": "短"}))
    assert "请选择类别" in errors
    errors = text(town.post(url, {"org": "UA11", "category": "living", "description": "短", "phone": "123"}))
    assert "请填写正确的 11 位手机号" in errors
    with django_capture_on_commit_callbacks(execute=True):
        response = town.post(
            url,
            {
                "org": "ua11",
                "category": "living",
                "name": "周强",
                "phone": PHONE,
                "employer_name": "甲一机械有限公司",
                "description": "希望厂区增设电动车充电桩",
            },
        )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response.url == reverse("appeals:detail", args=[appeal.pk])
    assert (appeal.kind, appeal.org, appeal.recorded_by, appeal.member) == ("open_day", tree.union_a1, users.town, None)
    assert "代为登记" in text(town.get(response.url))
    assert login(users.nobody).get(url).status_code == 403


def test_staff_see_only_their_scope_on_every_url(tree, users, login):
    appeal = filed(tree, users, 7, uploads=[jpeg()])
    target = filed(tree, users, 8)
    photo = appeal.photos.get()
    pages = [
        reverse(f"appeals:{name}", args=[appeal.pk])
        for name in ("detail", "hand_over", "request_info", "merge", "resolve", "adopt")
    ] + [reverse("appeals:photo", args=[appeal.pk, photo.pk])]
    posts = pages[1:6] + [reverse("appeals:accept", args=[appeal.pk]), reverse("appeals:note", args=[appeal.pk])]
    outsider = login(users.union_b)
    assert_out_of_scope(outsider, pages)
    assert_out_of_scope(
        outsider,
        posts,
        method="post",
        data={
            "to_org": "UB11",
            "reason": "x",
            "question": "x",
            "tracking_no": target.tracking_no,
            "confirm": "1",
            "reply": "越权的答复内容",
            "note": "x",
            "text": "x",
        },
    )
    # Another appeal's photo id under this appeal's URL is not found either.
    other = filed(tree, users, 9, uploads=[jpeg()])
    assert login(users.town).get(reverse("appeals:photo", args=[appeal.pk, other.photos.get().pk])).status_code == 404
    appeal.refresh_from_db()
    assert (appeal.status, appeal.events.count()) == ("submitted", 1)
    queue = text(outsider.get(reverse("appeals:queue")))
    assert appeal.tracking_no not in queue and "目前没有待办的诉求与建议" in queue
    # A user without any appeals grant: the list is empty, the sidebar has no link.
    sysadmin = login(users.sysadmin)
    assert appeal.tracking_no not in text(sysadmin.get(reverse("appeals:queue")))
    assert sysadmin.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404
    assert reverse("appeals:queue") not in text(sysadmin.get(reverse("console_home")))
    assert reverse("appeals:queue") in text(login(users.union).get(reverse("console_home")))


def test_queue_filters_and_overdue_first(tree, users, login):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        old = filed(tree, users, 10, description="很久以前的欠薪问题没人理")
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=SHANGHAI), tick=False):
        recent = filed(tree, users, 11, kind="suggestion", category="facilities", description="建议增设职工书屋")
        theirs = filed(tree, users, 12, member=None, name="孙丽", phone="13900009999", employer=tree.ent_a1)
        services.accept(theirs, actor=users.union)
        closed = filed(tree, users, 13, category="living", description="宿舍空调坏了已经修好")
        services.resolve(closed, actor=users.union, reply="已维修完毕，谢谢反映。")
    union = login(users.union)
    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=SHANGHAI), tick=False):

        def rows(**params):
            body = text(union.get(reverse("appeals:queue"), params))
            return [a.tracking_no for a in (old, recent, theirs, closed) if a.tracking_no in body], body

        found, body = rows()
        assert found == [old.tracking_no, recent.tracking_no, theirs.tracking_no]  # open only by default
        assert body.index(old.tracking_no) < body.index(recent.tracking_no)  # overdue first
        assert "超期" in body
        assert rows(status="all")[0] == [old.tracking_no, recent.tracking_no, theirs.tracking_no, closed.tracking_no]
        assert rows(status="resolved")[0] == [closed.tracking_no]
        assert rows(overdue="1")[0] == [old.tracking_no]
        assert rows(kind="suggestion")[0] == [recent.tracking_no]
        assert rows(category="facilities")[0] == [recent.tracking_no]
        assert rows(scope="mine")[0] == [theirs.tracking_no]
        assert rows(q="孙丽")[0] == [theirs.tracking_no]
        assert rows(q="13900009999")[0] == [theirs.tracking_no]
        assert rows(q="9999")[0] == [theirs.tracking_no]
        assert rows(q=old.tracking_no.lower())[0] == [old.tracking_no]
        assert rows(**{"from": "2026-03-10", "to": "2026-03-31"})[0] == [recent.tracking_no, theirs.tracking_no]
        found, body = rows(**{"from": "2026-13-01"})
        assert "不是有效日期" in body and len(found) == 3
        assert "没有符合条件的事项" in rows(q="没有这个人")[1]


@pytest.mark.parametrize("count", [3, 25])
def test_the_queue_costs_the_same_queries_for_few_and_many(tree, users, login, django_assert_num_queries, count):
    for n in range(count):
        filed(tree, users, 100 + n)
    services.accept(Appeal.objects.first(), actor=users.union)
    client = login(users.union)
    with django_assert_num_queries(8):
        response = client.get(reverse("appeals:queue"), {"status": "all"})
    assert response.status_code == 200


# --- Periodic escalation, calendar defaults, admin ---------------------------------------------------------------


def test_run_periodic_once_escalates_an_overdue_item(tree, users):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):  # a Monday
        appeal = filed(tree, users, 20, category="living")
    with time_machine.travel(datetime(2026, 3, 4, 23, 0, tzinfo=SHANGHAI), tick=False):
        call_command("run_periodic", "--once")  # still within 2 working days
    appeal.refresh_from_db()
    assert (appeal.org, appeal.escalations) == (tree.union_a1, 0)
    with time_machine.travel(datetime(2026, 3, 5, 0, 5, tzinfo=SHANGHAI), tick=False):
        call_command("run_periodic", "--once")
    appeal.refresh_from_db()
    assert (appeal.org, appeal.escalations) == (tree.town_a, 1)
    assert appeal.events.filter(kind=AppealEvent.Kind.ESCALATED, public=True).exists()


def test_the_calendar_defaults_install_once_and_keep_edits(db):
    call_command("install_appeal_calendar")
    assert CategoryDeadline.objects.get(category="wages").accept_days == 1
    assert CategoryDeadline.objects.count() == 9
    assert Holiday.objects.get(day="2026-02-14").is_workday  # 春节调休上班
    assert not Holiday.objects.get(day="2026-10-07").is_workday
    total = Holiday.objects.count()
    CategoryDeadline.objects.filter(category="wages").update(resolve_days=7)
    call_command("install_appeal_calendar")
    assert Holiday.objects.count() == total and CategoryDeadline.objects.get(category="wages").resolve_days == 7
    call_command("install_appeal_calendar", "--reset")
    assert CategoryDeadline.objects.get(category="wages").resolve_days == 10
    # Editable in /sysadmin/.
    assert admin.site.is_registered(Holiday) and admin.site.is_registered(CategoryDeadline)
