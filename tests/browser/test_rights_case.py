"""A mediation case in a real browser: the union's admin finds a worker's wage appeal among the 维权线索, opens a
case from it in one action, records a session, closes it with an agreement (confirming first) and prints the
调解协议书 with the worker's ID number masked."""

import re
from datetime import date

from playwright.sync_api import expect

from rights.models import MediationCase
from rights.tests.factories import wage_appeal

from .conftest import log_in


def test_staff_open_a_case_from_an_appeal_record_a_session_and_print_the_agreement(tree, users, new_page, shoot):
    appeal = wage_appeal(tree.union_a1, users.union, employer=tree.ent_a1)
    worker = appeal.member

    staff = new_page()
    log_in(staff, users.union.username)
    staff.locator("#sidebar").get_by_role("link", name="维权维稳").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("维权维稳")
    expect(staff.get_by_text("暂无调解中的案件")).to_be_visible()
    staff.get_by_role("link", name="维权线索").click()
    row = staff.get_by_role("row", name=re.compile(appeal.tracking_no))
    shoot(staff, "rights-01-leads")
    row.get_by_role("link", name="转入调解").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(appeal.tracking_no)
    expect(staff.get_by_label("争议类型")).to_have_value("wages")
    staff.get_by_label("请求金额（元）").fill("8650.5")
    shoot(staff, "rights-02-from-appeal")
    staff.get_by_role("button", name="受理并转入调解").click()

    case = MediationCase.objects.get()
    expect(staff.get_by_role("alert")).to_contain_text(f"已受理调解案件 {case.case_no}")
    expect(staff.get_by_role("heading", level=1)).to_contain_text("调解中")
    expect(staff.get_by_text("8650.50 元")).to_be_visible()
    expect(staff.get_by_role("cell", name=worker.name)).to_be_visible()
    expect(staff.get_by_text(worker.id_masked)).to_be_visible()

    staff.get_by_role("link", name="记录调解").click()
    staff.get_by_label("调解日期").fill(date.today().isoformat())
    staff.get_by_label("地点").fill("甲一机械调解室")
    staff.get_by_label("参加人员").fill("申请人、企业人事经理、调解员")
    staff.get_by_label("调解情况").fill("企业承认拖欠两个月工资，同意分两次支付。")
    staff.get_by_role("button", name="确定").click()
    expect(staff.get_by_role("alert")).to_contain_text("已记录调解情况")
    expect(staff.locator("#sessions")).to_contain_text("企业承认拖欠两个月工资")
    shoot(staff, "rights-03-session")

    staff.get_by_role("link", name="结案").click()
    staff.get_by_label("调解成功（达成协议）").check()
    agreement = "一、被申请人于 2027 年 1 月 10 日前支付工资 8650.50 元。\n二、双方再无其他争议。"
    staff.get_by_label("协议内容").fill(agreement)
    staff.get_by_label("追回金额（元）").fill("8650.50")
    shoot(staff, "rights-04-close")
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name="确定").click()
    expect(staff.get_by_role("alert")).to_contain_text("案件已结案：调解成功")
    expect(staff.locator("#amount-recovered")).to_have_text("8650.50 元")

    staff.get_by_role("link", name="调解协议书").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("劳动争议调解协议书")
    expect(staff.locator("#agreement-no")).to_have_text(case.case_no)
    expect(staff.locator(".party-name")).to_have_text(worker.name)
    expect(staff.locator(".party-id")).to_have_text(worker.id_masked)
    expect(staff.locator("#agreement-amount")).to_have_text("8650.50")
    expect(staff.locator("#agreement-body")).to_contain_text("双方再无其他争议")
    assert worker.reveal_id_number() not in staff.content()
    staff.emulate_media(media="print")
    expect(staff.get_by_role("button", name="打印 / 另存为 PDF")).to_be_hidden()
    shoot(staff, "rights-05-agreement-print")
    assert staff.js_errors == []
