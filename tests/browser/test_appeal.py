"""An appeal in a real browser: a member on a phone submits an appeal with a photo; the union's admin, on a desktop,
accepts it and replies; the member sees the reply and rates it 满意. The timeline on both sides shows each step.
A worker without an account proves the mobile with a texted code (the button counts down) and submits."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from appeals.models import Appeal
from core import sms
from members import joining
from members.models import Member
from members.tests.factories import member

from .conftest import log_in

PASSWORD = "Worker@2026"


def _member_with_login(tree, users) -> Member:
    worker = member(tree.union_a1, users.union, 5151, name="周小梅")
    user = joining.ensure_account(worker)
    user.set_password(PASSWORD)  # what the texted one-time link would do
    user.save()
    return Member.objects.get(pk=worker.pk)


def _photo() -> dict:
    out = io.BytesIO()
    image = Image.new("RGB", (320, 240), (240, 240, 235))
    for x in range(40, 280):
        for y in range(100, 140):
            image.putpixel((x, y), (200, 30, 40))
    image.save(out, format="JPEG")
    return {"name": "payslip.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def test_member_submits_staff_reply_member_rates(tree, users, new_page, shoot):
    worker = _member_with_login(tree, users)

    # The worker, on a phone: log in, open 诉求与建议, submit with a photo.
    phone = new_page(phone=True)
    phone.goto("/m/login/")
    phone.get_by_label("手机号").fill(worker.phone)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url("**/m/")
    phone.get_by_role("link", name="诉求与建议").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("诉求与建议")
    shoot(phone, "appeal-01-member-index")
    phone.get_by_role("link", name="反映诉求").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("反映诉求与建议")
    expect(phone.get_by_role("radio", name=re.compile("^诉求"))).to_be_checked()
    phone.get_by_label("类别").select_option(label="工资拖欠")
    phone.get_by_label("内容").fill("公司已经两个月没有发工资了，车间二十多人都一样。")
    phone.locator("input[name=photos]").set_input_files([_photo()])
    expect(phone.locator("#photo-preview img")).to_have_count(1)
    phone.get_by_label("地点", exact=True).fill("甲一机械三号车间")
    phone.get_by_label("允许向用人单位透露我的姓名").check()
    shoot(phone, "appeal-02-member-form")
    phone.get_by_role("button", name="提交", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("提交成功")
    appeal = Appeal.objects.get()
    expect(phone.locator("#tracking-no")).to_have_text(appeal.tracking_no)
    assert (appeal.member_id, appeal.org, appeal.photos.count()) == (worker.pk, tree.union_a1, 1)
    shoot(phone, "appeal-03-member-submitted")
    phone.get_by_role("link", name="查看办理进度").click()
    expect(phone.locator(".appeal-status")).to_have_text("待受理")
    shoot(phone, "appeal-04-member-follow-submitted")

    # The union's admin, on a desktop: the queue, the appeal with its photo, accept, reply.
    staff = new_page()
    log_in(staff, users.union.username)
    staff.locator("#sidebar").get_by_role("link", name="诉求与建议").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("诉求与建议")
    row = staff.get_by_role("row", name=re.compile(appeal.tracking_no))
    expect(row).to_contain_text("待受理")
    shoot(staff, "appeal-05-staff-queue")
    row.get_by_role("link", name=appeal.tracking_no).click()
    photo = staff.get_by_role("img", name="照片 1")
    expect(photo).to_be_visible()
    # Served through the scope-checked view as a real image (the re-encoded JPEG keeps its size).
    staff.wait_for_function("() => document.querySelector('img[alt=\"照片 1\"]').naturalWidth === 320")
    shoot(staff, "appeal-06-staff-detail")
    staff.get_by_role("button", name="受理").click()
    expect(staff.get_by_role("alert")).to_contain_text(f"已受理 {appeal.tracking_no}")
    staff.get_by_role("link", name="办结答复").click()
    staff.get_by_label("答复").fill("经协调，企业已于本周补发两个月工资，并承诺今后按时发放。")
    shoot(staff, "appeal-07-staff-reply")
    staff.get_by_role("button", name="确认办结").click()
    expect(staff.get_by_role("alert")).to_contain_text("已办结并答复职工")
    timeline = staff.locator("#timeline")
    for step in ("提交", "受理", "办结答复"):
        expect(timeline).to_contain_text(step)
    shoot(staff, "appeal-08-staff-resolved")

    # The worker, back on the phone: the reply, and the rating.
    phone.reload()
    expect(phone.locator("#reply")).to_contain_text("企业已于本周补发两个月工资")
    shoot(phone, "appeal-09-member-reply")
    phone.locator("#rating").get_by_text("满意", exact=True).click()
    phone.get_by_label("评价").fill("谢谢工会，很快就解决了")
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.get_by_role("alert")).to_contain_text("感谢您的评价")
    expect(phone.locator(".appeal-status")).to_have_text("已评价")
    phone_timeline = phone.locator("#timeline")
    for step in ("提交", "受理", "办结答复", "评价"):
        expect(phone_timeline).to_contain_text(step)
    shoot(phone, "appeal-10-member-rated")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.satisfaction) == ("closed", "satisfied")

    staff.reload()
    expect(staff.locator("#timeline")).to_contain_text("满意 谢谢工会")
    assert phone.js_errors == [] and staff.js_errors == []


def test_a_worker_without_an_account_uses_a_texted_code(tree, users, new_page, shoot):
    sms.outbox.clear()
    phone = new_page(phone=True)
    phone.goto("/m/appeals/new/?kind=suggestion")
    phone.get_by_label(re.compile("^类别")).select_option(label="文体设施")
    phone.get_by_label("内容").fill("建议厂区篮球场晚上开灯到九点。")
    phone.get_by_role("textbox", name=re.compile("^姓名")).fill("吴强")
    phone.get_by_label("手机号").fill("13712340000")
    phone.get_by_role("button", name="获取验证码").click()
    expect(phone.locator("#code-status")).to_contain_text("验证码已发送至 137****0000")
    expect(phone.locator("#send-code")).to_be_disabled()
    expect(phone.locator("#send-code")).to_contain_text("秒后重新获取")
    code = sms.outbox[-1].text.split("验证码是 ")[1][:6]
    phone.get_by_label("验证码").fill(code)
    phone.get_by_label("工作单位").fill("甲一机械")
    phone.locator("#employer-results").get_by_role("radio").first.check()
    shoot(phone, "appeal-11-visitor-form")
    phone.get_by_role("button", name="提交", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("提交成功")
    appeal = Appeal.objects.get()
    assert (appeal.kind, appeal.org, appeal.name) == ("suggestion", tree.union_a1, "吴强")
    shoot(phone, "appeal-12-visitor-submitted")
    assert phone.js_errors == []
