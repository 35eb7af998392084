"""A task down the tree in a real browser (issue 18, acceptance 4): the district sends a task to the grassroots
unions of 甲街道 with a form it defines; a 基层工会 clerk finds it on the 工作台, reads it and reports back; the
district sees the return in the live table."""

from datetime import date, timedelta

from playwright.sync_api import expect

from unionlife.models import Delivery, Notice

from .conftest import log_in


def test_district_sends_a_task_a_union_reports_back_and_the_district_sees_it(tree, users, new_page, shoot):
    district = new_page()
    log_in(district, users.district.username)
    district.locator("#sidebar").get_by_role("link", name="通知与任务").click()
    expect(district.get_by_role("heading", level=1)).to_have_text("发出的通知")
    district.get_by_role("link", name="发通知").click()
    district.get_by_label("发文单位（组织代码）").fill("D001")
    district.get_by_label("标题").fill("关于报送职工书屋建设情况的通知")
    district.get_by_label("正文").fill("请各基层工会于期限前报送职工书屋建设情况。")
    district.get_by_label("基层工会", exact=True).check()
    district.get_by_label("限于这些镇街（组织代码，逗号分隔）").fill("TA01")
    district.get_by_label("报送任务").select_option("form")
    district.get_by_label("报送期限").fill((date.today() + timedelta(days=7)).isoformat())
    district.get_by_label("报送表单（每行一项：名称|类型|选项）").fill("书屋藏书（册）|数字\n是否对外开放|选择|是、否")
    shoot(district, "unionlife-01-send")
    district.get_by_role("button", name="发送").click()
    expect(district.get_by_role("alert")).to_contain_text("已发送")
    notice = Notice.objects.get()
    expect(district.locator("#return-totals")).to_contain_text("共 2 个单位 · 已读 0 · 已报送 0")

    clerk = new_page()
    log_in(clerk, users.union.username)
    clerk.get_by_role("link", name="通知任务待报送").click()
    clerk.get_by_role("link", name="关于报送职工书屋建设情况的通知").click()
    expect(clerk.locator("#report-state")).to_have_text("待报送")
    clerk.get_by_label("书屋藏书（册）").fill("1200")
    clerk.get_by_label("是否对外开放").select_option("是")
    shoot(clerk, "unionlife-02-report")
    clerk.get_by_role("button", name="报送").click()
    expect(clerk.get_by_role("alert")).to_contain_text("已报送")
    expect(clerk.locator("#report-state")).to_contain_text("已于")

    district.reload()
    expect(district.locator("#return-totals")).to_contain_text("已读 1 · 已报送 1")
    row = district.locator('#return-table tr[data-org="UA11"]')
    expect(row).to_have_attribute("data-state", "reported")
    expect(row).to_contain_text("已报送")
    expect(district.locator('#return-table tr[data-org="UA12"]')).to_contain_text("未读")
    shoot(district, "unionlife-03-table")
    assert Delivery.objects.get(notice=notice, org=tree.union_a1).answers == {"f1": "1200", "f2": "是"}
    assert not district.js_errors and not clerk.js_errors
