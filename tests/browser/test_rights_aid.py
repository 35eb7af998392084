"""A worker applies for legal aid on a 390 px phone (issue 15): from the 维权服务 page to the form, a refusal shown
on its field, the application sent, and its page; nothing scrolls sideways."""

from playwright.sync_api import expect

from places.tests.factories import member_with_account
from rights.models import LegalAidCase

from .test_first_week import as_member

WIDTH = 390


def test_a_worker_applies_for_legal_aid_on_a_390px_phone(tree, users, new_page, live_server, shoot):
    worker = member_with_account(tree.union_a1, users.union, 995)
    page = new_page(phone=True)
    page.set_viewport_size({"width": WIDTH, "height": 800})
    as_member(page, live_server, worker.user)
    page.goto("/m/rights/")
    expect(page.get_by_text("还没有法律援助申请")).to_be_visible()
    page.get_by_role("link", name="申请法律援助").click()
    page.get_by_label("争议类型").select_option("wages")
    page.get_by_label("援助事项").fill("欠薪")  # too short: refused on its field
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("至少 10 个字")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.get_by_label("援助事项").fill("公司拖欠我三个月工资共计两万元，多次讨要未果，申请法律援助")
    page.get_by_label("请求金额（元）").fill("20000")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#aid-status")).to_have_text("援助中")
    aid = LegalAidCase.objects.get()
    assert aid.applied_online and aid.parties.get().member_id == worker.pk
    expect(page.get_by_text(aid.aid_no)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    shoot(page, "phone390-legal-aid")
    page.goto("/m/rights/")
    expect(page.locator("#my-aids").get_by_text(aid.aid_no)).to_be_visible()
    assert page.js_errors == []
