"""Places on a phone (issue 17, acceptance 5): a worker finds the nearest 驿站 by the phone's location, scans its
door QR (the URL the camera opens), rates it; a member logs in and books a room at a 职工之家. No horizontal scroll."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from places.models import Booking, Visit
from places.tests.factories import member_with_account, place, resource

HERE = {"latitude": 29.8701, "longitude": 121.5401}


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def test_find_the_nearest_station_scan_rate_and_book_a_room(tree, users, new_page, shoot):
    nearest = place(tree.union_a1, users.union, name="东湖环卫工会驿站", coordinates="29.8712,121.5413")
    place(tree.town_b, users.district, name="远处快递工会驿站", coordinates="29.9200,121.6200")
    home = place(tree.union_a1, users.union, name="甲一职工之家", kind="home", coordinates="29.8702,121.5402")
    room = resource(home, users.union, name="多功能活动室")
    worker = member_with_account(tree.union_a1, users.union, 990)
    worker.user.set_password("Worker@2026")
    worker.user.save()

    phone = new_page(phone=True)
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation(HERE)
    phone.goto("/m/places/")
    phone.get_by_label("类型").select_option("station")
    phone.get_by_role("button", name=re.compile("定位附近")).click()
    phone.wait_for_url(re.compile(r"lat=29\.870100"))
    names = phone.locator(".place-name")
    expect(names.first).to_have_text("东湖环卫工会驿站")  # the 职工之家 is nearer but not a 驿站
    expect(names).to_have_count(2)
    expect(phone.locator(".place-distance").first).to_contain_text("米")
    expect(phone.get_by_role("img", name="附近阵地示意图")).to_be_visible()
    _no_sideways_scroll(phone)
    shoot(phone, "places-01-finder")
    names.first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("东湖环卫工会驿站")

    # The camera opens the door QR's URL.
    phone.goto(f"/m/places/door/{nearest.token}/")
    expect(phone.locator("#visit-status")).to_contain_text("已登记本次到访")
    phone.get_by_text("4 星").click()
    phone.get_by_label("评价").fill("热水方便，充电很快")
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.get_by_text("感谢您的评价")).to_be_visible()
    _no_sideways_scroll(phone)
    shoot(phone, "places-02-rated")
    visit = Visit.objects.get(place=nearest)
    assert visit.rating == 4 and visit.comment == "热水方便，充电很快"

    # A member books the 职工之家's room for tomorrow afternoon.
    phone.goto("/m/login/")
    phone.locator("input[name=username]").fill(worker.phone)
    phone.locator("input[name=password]").fill("Worker@2026")
    phone.get_by_role("button", name="登录").click()
    phone.goto(f"/m/places/{home.pk}/")
    phone.get_by_role("link", name=re.compile("多功能活动室")).click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    phone.locator(f'a[href="?day={tomorrow.isoformat()}"]').click()
    phone.get_by_label("开始").fill("14:00")
    phone.get_by_label("用途").fill("班组读书会")
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="确认预约").click()
    expect(phone.get_by_text("预约成功")).to_be_visible()
    expect(phone.get_by_role("heading", level=2).first).to_contain_text("甲一职工之家·多功能活动室")
    shoot(phone, "places-03-booked")
    booking = Booking.objects.get(resource=room)
    assert booking.member == worker and timezone.localtime(booking.starts_at).hour == 14
