"""Registration and check-in in a real browser: a member on a phone registers for an activity in one tap and shows
the ticket; staff on a desktop check the ticket in by its short code (a headless browser has no camera to scan
with); the participation count on the activity's page moves from 0 to 1, and a second check-in of the same code
says 已签到过."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from activities import services
from activities.models import Registration
from members import joining
from members.models import Member
from members.tests.factories import member

from .conftest import log_in

PASSWORD = "Worker@2026"


def _member_with_login(tree, users) -> Member:
    worker = member(tree.union_a1, users.union, 4242, name="林小雨")
    user = joining.ensure_account(worker)
    user.set_password(PASSWORD)  # what the texted one-time link would do
    user.save()
    return Member.objects.get(pk=worker.pk)


def test_member_registers_and_staff_check_the_ticket_in(tree, users, new_page, shoot):
    now = timezone.now()
    activity = services.create_activity(
        actor=users.town,
        organiser=tree.town_a,
        title="职工趣味运动会",
        category="sports",
        address="甲街道文体中心（和义路 88 号）",
        capacity=30,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=4),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(minutes=50),
        description="拔河、跳绳、托球跑，欢迎报名。",
    )
    services.publish(activity, actor=users.town)
    worker = _member_with_login(tree, users)

    # The member, on a phone: log in, find the activity, register in one tap, show the ticket.
    phone = new_page(phone=True)
    phone.goto("/m/login/")
    phone.get_by_label("手机号").fill(worker.phone)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url("**/m/")
    phone.get_by_role("link", name="活动报名").click()
    card = phone.get_by_role("link", name=re.compile("职工趣味运动会"))
    expect(card).to_contain_text("剩余 30 个名额")
    shoot(phone, "activity-01-member-list")
    card.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("职工趣味运动会")
    shoot(phone, "activity-02-member-detail")
    phone.get_by_role("button", name="立即报名").click()
    expect(phone.get_by_role("alert")).to_contain_text("报名成功，已为您确认名额")
    expect(phone.locator("#my-registration")).to_contain_text("已确认")
    expect(phone.locator("#seats-left")).to_have_text("29")
    shoot(phone, "activity-03-member-registered")
    phone.get_by_role("link", name="查看电子票").click()
    reg = Registration.objects.get(member=worker, activity=activity)
    ticket = phone.get_by_label("电子票 职工趣味运动会")
    expect(ticket.locator("[data-ticket-code]")).to_have_text(reg.ticket_code)
    expect(ticket.get_by_label("票码二维码").locator("svg")).to_be_visible()
    shoot(phone, "activity-04-member-ticket")

    # Staff, on a desktop: the activity's page shows no participation yet.
    staff = new_page()
    log_in(staff, users.town.username)
    staff.locator("#sidebar").get_by_role("link", name="活动管理").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("活动管理")
    shoot(staff, "activity-05-staff-list")
    staff.get_by_role("link", name="职工趣味运动会").click()
    expect(staff.locator('[data-figure="participations"]')).to_have_text("0")
    expect(staff.locator("main")).to_contain_text(worker.name)
    shoot(staff, "activity-06-staff-detail-before")

    # Check the ticket in by its short code, as typed from the member's screen.
    staff.get_by_role("link", name="签到", exact=True).click()
    expect(staff.get_by_role("button", name="打开摄像头扫码")).to_be_visible()
    staff.get_by_label("票码").fill(reg.ticket_code.lower())
    staff.get_by_role("button", name="签到", exact=True).click()
    result = staff.locator("#checkin-result")
    expect(result).to_contain_text("签到成功")
    expect(result).to_contain_text(worker.name)
    expect(staff.locator('[data-count="checked"]')).to_have_text("1")
    expect(staff.get_by_label("票码")).to_have_value("")  # ready for the next one
    shoot(staff, "activity-07-checkin-ok")
    staff.get_by_label("票码").fill(reg.ticket_code)
    staff.get_by_role("button", name="签到", exact=True).click()
    expect(result).to_contain_text("已签到过")
    shoot(staff, "activity-08-checkin-again")
    staff.get_by_label("票码").fill("ZZZZ2222")
    staff.get_by_role("button", name="签到", exact=True).click()
    expect(result).to_contain_text("无效票")
    shoot(staff, "activity-09-checkin-invalid")

    # The participation count has moved.
    staff.get_by_role("link", name="职工趣味运动会").click()
    expect(staff.locator('[data-figure="participations"]')).to_have_text("1")
    expect(staff.locator('[data-figure="attendance"]')).to_have_text("100.0%")
    shoot(staff, "activity-10-staff-detail-after")

    # The same check-in page on a phone, as staff use it at the door.
    door = new_page(phone=True)
    log_in(door, users.town.username)
    door.goto(f"/console/activities/{activity.pk}/checkin/")
    door.get_by_label("票码").fill(reg.ticket_code)
    door.get_by_role("button", name="签到", exact=True).click()
    expect(door.locator("#checkin-result")).to_contain_text("已签到过")
    shoot(door, "activity-11-checkin-phone")

    # The member's ticket now says it was used.
    phone.reload()
    expect(phone.get_by_label("电子票 职工趣味运动会")).to_contain_text("签到")
    shoot(phone, "activity-12-member-ticket-used")
    phone.get_by_role("link", name="日历").click()
    expect(phone.locator("main")).to_contain_text("职工趣味运动会")
    shoot(phone, "activity-13-member-calendar")

    # The venue screen's rotating QR code, and the form staff create activities with.
    staff.goto(f"/console/activities/{activity.pk}/screen/")
    expect(staff.get_by_label("签到二维码").locator("svg")).to_be_visible()
    expect(staff.locator("main")).to_contain_text("已签到 1 人")
    shoot(staff, "activity-14-venue-screen")
    staff.goto("/console/activities/new/")
    expect(staff.get_by_label("主办组织")).to_have_value(tree.town_a.code)
    shoot(staff, "activity-15-staff-form")
    assert phone.js_errors == [] and staff.js_errors == [] and door.js_errors == []
