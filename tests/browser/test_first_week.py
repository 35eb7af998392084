"""A clerk's and a worker's first week, in a real browser (every member page at 360 px: test_phone_pages.py): the home
tiles fit who is looking, the 工作台 lists the clerk's to-dos with their badges, the org form
proposes a code under the placement rule, an import's page updates live, and a progress message reaches the
worker's timeline."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from activities.tests.factories import open_activity
from appeals import services as appeal_services
from core.tests.test_workbench import work
from members import joining
from members.models import Member
from members.tests.factories import member

from .conftest import log_in

PHONE_WIDTH = 360
LONG_ADDRESS = (
    "浙江省宁波市甬东区东柳街道华严街与中山东路交叉口东北角甬东区职工服务中心三楼多功能厅（地铁一号线东门口站C出口）"
)
LONG_TITLE = "2026年甬东区新就业形态劳动者“暖心驿站”职工羽毛球、乒乓球、象棋与广场舞友谊赛暨工会服务进站点活动"


def as_member(browser_page, live_server, user) -> None:
    """Log the page's context in as ``user`` (a worker's account) with a session made by Django's test client."""
    client = Client()
    client.force_login(user)
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def phone_page(new_page):
    page = new_page(phone=True)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 780})
    return page


def too_wide(page) -> list[str]:
    """Elements reaching past the right edge of the viewport (what makes a page scroll sideways)."""
    return page.evaluate(
        """(limit) => {
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.width && r.right > limit + 1 && getComputedStyle(el).position !== 'fixed') {
                    out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}px`);
                }
            }
            return out.slice(0, 8);
        }""",
        PHONE_WIDTH,
    )


@pytest.fixture
def worker(tree, users):
    """A member of union_a1 with an account, an open activity with a long title and address, and an appeal."""
    m = member(tree.union_a1, users.union, 990)
    joining.ensure_account(m)
    m = Member.objects.select_related("user").get(pk=m.pk)
    activity = open_activity(tree.union_a1, users.union, title=LONG_TITLE, address=LONG_ADDRESS)
    open_activity(tree.union_a1, users.union, title="读书分享会", category="lecture", address="职工书屋")
    appeal = appeal_services.submit(
        kind="appeal",
        category="wages",
        description="公司已经两个月没有发工资了，" * 12,
        name="",
        phone="",
        member=m,
    )
    return m, activity, appeal


def test_home_tiles_fit_a_guest_and_a_member(tree, users, worker, new_page, live_server):
    m, _activity, _appeal = worker
    guest = phone_page(new_page)
    guest.goto("/")
    tiles = guest.locator("a.tile h2")
    expect(tiles.first).to_be_visible()
    labels = tiles.all_inner_texts()
    assert "申请入会" in labels and "活动报名" in labels and "诉求与建议" in labels
    assert "困难帮扶" not in labels and "即将开放" not in guest.content()
    assert guest.get_by_role("link", name=re.compile("活动报名")).get_attribute("href") == "/m/activities/"

    mine = phone_page(new_page)
    as_member(mine, live_server, m.user)
    mine.goto("/")
    labels = mine.locator("a.tile h2").all_inner_texts()
    assert "申请入会" not in labels and "电子会员证" in labels and "活动报名" in labels
    mine.get_by_role("link", name=re.compile("活动报名")).click()
    expect(mine.locator("body")).to_contain_text("羽毛球")  # open now, not 即将开放
    mine.goto("/")
    mine.get_by_role("link", name=re.compile("电子会员证")).click()
    expect(mine).to_have_url(re.compile(r"/m/card/$"))
    # A worker who wanders into the console is taken back to the member site, told why.
    mine.goto("/console/")
    expect(mine).to_have_url(re.compile(r"/$"))
    expect(mine.locator("body")).to_contain_text("工作台是工会工作人员使用的")
    # Their 404 offers the member site, not the 工作台.
    mine.goto("/m/nothing-here/")
    expect(mine.get_by_role("link", name="返回职工之家")).to_be_visible()
    expect(mine.get_by_role("link", name="返回工作台")).to_have_count(0)


def test_the_workbench_lists_the_clerks_todos_with_badges(tree, users, new_page, shoot):
    work(tree, users)
    page = new_page()
    log_in(page, users.union.username)
    todo = page.locator(".card", has_text="待办事项")
    expect(todo).to_contain_text("已超期，请尽快办理")
    expect(todo).to_contain_text("入会申请待审核")
    expect(todo).to_contain_text("转会待接收")
    expect(todo).to_contain_text("名册导入未成功")
    expect(todo).to_contain_text("7 天内开始的活动")
    # The side menu's badges arrive after the page.
    expect(page.locator("#badge-appeals")).to_have_text("2")
    expect(page.locator("#badge-applications")).to_have_text("1")
    expect(page.locator("#badge-transfers")).to_have_text("1")
    shoot(page, "workbench-01-todos")
    # One click from each to-do to its page: the overdue appeal.
    todo.get_by_role("link", name=re.compile("已超期")).click()
    expect(page).to_have_url(re.compile(r"/console/appeals/\?scope=org&overdue=1"))
    expect(page.locator("table tbody tr")).to_have_count(1)
    page.go_back()
    todo.get_by_role("link", name=re.compile("转会待接收")).click()
    expect(page).to_have_url(re.compile(r"/console/members/transfers/"))
    expect(page.locator("body")).to_contain_text("调动工作")
    assert page.js_errors == []


def test_the_org_form_follows_the_placement_rule_and_proposes_the_next_code(tree, users, new_page, shoot):
    page = new_page()
    log_in(page, users.district.username)
    page.goto(f"/console/orgs/{tree.town_a.pk}/")
    page.get_by_role("link", name="新建下级组织").click()
    code = page.get_by_label("组织代码")
    expect(code).to_have_value("UA14")  # after UA11, UA12 (UA13 is taken elsewhere in the tree)
    expect(page.locator(".form-text", has_text="建议“UA14”")).to_be_visible()
    kinds = page.get_by_label("类型").locator("option").all_inner_texts()
    assert "区/市总工会" not in kinds and "镇街总工会" not in kinds and "基层工会" in kinds
    page.get_by_label("全称").fill("甲四精密模具有限公司工会")
    page.get_by_role("button", name=re.compile("保存|新建|提交")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("甲四精密模具有限公司工会")
    expect(page.locator("body")).to_contain_text("UA14")
    shoot(page, "orgform-01-created")
    # Under a grassroots union the federation kinds are not offered either, and a typed code is kept on error.
    page.goto(f"/console/orgs/{tree.union_a1.pk}/new/")
    kinds = page.get_by_label("类型").locator("option").all_inner_texts()
    assert "区/市总工会" not in kinds and "镇街总工会" not in kinds
    page.get_by_label("组织代码").fill("ua11")  # taken
    page.get_by_label("全称").fill("甲一机械第二车间工会")
    page.get_by_role("button", name=re.compile("保存|新建|提交")).click()
    expect(page.locator(".invalid-feedback")).to_contain_text("已被使用")
    expect(page.get_by_label("全称")).to_have_value("甲一机械第二车间工会")
    assert page.js_errors == []


def test_an_imports_page_updates_live_with_its_result(tree, users, new_page, shoot, tmp_path, monkeypatch, settings):
    from members import importing, tasks
    from members.tests.test_import_formats import as_csv, people_rows

    settings.MEDIA_ROOT = tmp_path / "media"
    queued = []
    # The task is queued, not run: the page shows the job waiting, then a worker runs it while the page is open.
    monkeypatch.setattr(tasks, "import_members_task", SimpleNamespace(enqueue=queued.append))
    path = as_csv("gbk")(tmp_path / "名册.csv", people_rows())

    page = new_page()
    log_in(page, users.union.username)
    page.goto("/console/members/io/import/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name=re.compile("上传并导入")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("导入名册")
    expect(page.locator("#job-status")).to_contain_text("排队中")
    page.evaluate("window.__notReloaded = true")
    assert len(queued) == 1

    importing.run_import_job(queued[0])  # the worker picks the job up while the page is open
    expect(page.locator("#job-status")).to_contain_text("已导入 12 名会员", timeout=15000)
    expect(page.locator("#job-badge")).to_contain_text("已完成")  # the heading badge too, not only the block
    expect(page.locator("#import-mapped")).to_contain_text("中专")
    assert page.evaluate("window.__notReloaded") is True  # updated in place, not reloaded
    shoot(page, "import-01-live-result")
    assert page.js_errors == []


def test_a_progress_message_reaches_the_workers_timeline(tree, users, worker, new_page, live_server, shoot):
    m, _activity, appeal = worker
    appeal_services.accept(appeal, actor=users.union)
    staff = new_page()
    log_in(staff, users.union.username)
    staff.goto(f"/console/appeals/{appeal.pk}/")
    staff.get_by_role("link", name="发布办理进展").click()
    staff.get_by_label("办理进展").fill("已约谈企业负责人，企业承诺本周五前补发工资")
    staff.get_by_role("button", name="发布").click()
    expect(staff.locator("#timeline")).to_contain_text("已约谈企业负责人")
    expect(staff.get_by_role("link", name="办结答复")).to_be_visible()  # still open

    phone = phone_page(new_page)
    as_member(phone, live_server, m.user)
    phone.goto(f"/m/appeals/{appeal.tracking_no}/")
    step = phone.locator('#timeline li[data-kind="progress"]')
    expect(step).to_contain_text("办理进展")
    expect(step).to_contain_text("企业承诺本周五前补发工资")
    shoot(phone, "appeal-progress-01-worker")
    assert timezone.now() - appeal.submitted_at < timedelta(hours=1)
    assert staff.js_errors == [] and phone.js_errors == []


def test_charts_shorten_long_org_names_and_mark_the_current_month_as_partial(tree, users, new_page):
    from orgs.tests.factories import EnterpriseFactory, OrgFactory

    long_name = "甬东区东柳街道新就业形态劳动者联合工会委员会"
    town = OrgFactory(town=True, parent=tree.district, code="TC01", name=long_name)
    # A union with members and a covered employer under it, so the join-rate chart draws a bar for the long name.
    union = OrgFactory(parent=town, code="TC0101", name="丙一物流有限公司工会")
    EnterpriseFactory(org=town, covering_union=union, name="丙一物流有限公司", staff_count=40)
    member(union, users.district, 4401)
    for i, name in enumerate(
        [
            "甬东区东湖街道新业态劳动者联合工会委员会",
            "甬东区西岭镇小微企业联合工会委员会",
            "甬东区南港街道楼宇联合工会委员会",
        ]
    ):
        other = OrgFactory(town=True, parent=tree.district, code=f"TD0{i}", name=name)
        u = OrgFactory(parent=other, code=f"TD0{i}01", name=f"丁{i}物流有限公司工会")
        EnterpriseFactory(org=other, covering_union=u, name=f"丁{i}物流有限公司", staff_count=30)
        member(u, users.district, 4410 + i)
    year = timezone.localdate().year
    page = new_page()
    log_in(page, users.district.username)
    page.goto(f"/console/reports/dashboard/?org={tree.district.pk}&period={year}")
    for chart in ("chart-growth", "chart-satisfaction"):
        expect(page.locator(f"#{chart}")).to_have_attribute("data-rendered", "1")
    labels = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-growth')).getOption().xAxis[0].data"
    )
    this_month = f"{timezone.localdate():%Y-%m}"
    # Months still to come are not drawn as zeros; the month under way says it is not over.
    assert labels[-1] == f"{this_month}（本月至今）" and len(labels) == timezone.localdate().month
    sat = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-satisfaction')).getOption().xAxis[0].data"
    )
    assert sat == labels
    # The join-rate chart (one bar per town) shortens the long name on the axis; the data keep it whole.
    rate_el = page.locator("#chart-join-rate")
    expect(rate_el).to_have_attribute("data-rendered", "1")
    expect(rate_el.locator("canvas")).to_have_count(1)  # drawn, not the empty state: the check below runs
    shown, full = page.evaluate(
        """(name) => {
            const o = echarts.getInstanceByDom(document.getElementById('chart-join-rate')).getOption();
            return [o.xAxis[0].axisLabel.formatter(name), o.xAxis[0].data];
        }""",
        long_name,
    )
    assert shown.endswith("…") and len(shown) <= 9 and long_name in full
    # No two town labels on the axis overlap: their boxes, as drawn (slanted alike), are apart along the label's
    # own direction or across it.
    corners = page.evaluate(
        """(labels) => {
            const chart = echarts.getInstanceByDom(document.getElementById('chart-join-rate'));
            const formatter = chart.getOption().xAxis[0].axisLabel.formatter;
            const shown = new Set(labels.map(formatter));
            return chart.getZr().storage.getDisplayList()
                .filter(el => el.style && shown.has(el.style.text))
                .map(el => {
                    const r = el.getBoundingRect(), m = el.transform || [1, 0, 0, 1, 0, 0];
                    const at = (x, y) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
                    return [el.style.text, [at(r.x, r.y), at(r.x + r.width, r.y), at(r.x, r.y + r.height),
                            at(r.x + r.width, r.y + r.height)], [m[0], m[1]], [m[2], m[3]]];
                });
        }""",
        full,
    )
    assert len(corners) == len(full), (corners, full)

    def apart(a, b) -> bool:
        for axis in (a[2], a[3]):  # separating axis: the label's direction or across it (shared by all labels)
            pa = [x * axis[0] + y * axis[1] for x, y in a[1]]
            pb = [x * axis[0] + y * axis[1] for x, y in b[1]]
            if max(pa) <= min(pb) + 0.5 or max(pb) <= min(pa) + 0.5:
                return True
        return False

    for i, a in enumerate(corners):
        for b in corners[i + 1 :]:
            assert apart(a, b), f"axis labels {a[0]} and {b[0]} overlap"
    assert page.js_errors == []


def test_the_roster_filter_bar_fits_a_1366px_screen(tree, users, new_page, shoot):
    page = new_page()
    log_in(page, users.district.username)
    page.goto("/console/members/")
    bar = page.locator("main form").first
    expect(bar).to_be_visible()
    boxes, inner, page_width = page.evaluate(
        """(form) => {
            const style = getComputedStyle(form), r = form.getBoundingClientRect();
            const inner = [r.left + parseFloat(style.paddingLeft), r.right - parseFloat(style.paddingRight)];
            const boxes = [...form.querySelectorAll('input:not([type=hidden]),select,button')].map(e => {
                const b = e.getBoundingClientRect();
                return [e.name || e.textContent.trim(), b.left, b.right, b.top, b.bottom];
            });
            return [boxes, inner, document.documentElement.scrollWidth];
        }""",
        bar.element_handle(),
    )
    shoot(page, "roster-filter-1366")
    assert page_width <= 1366
    for name, left, right, _top, _bottom in boxes:
        assert inner[0] - 1 <= left and right <= inner[1] + 1, f"{name} sticks out of the filter bar: {boxes}"
    # No control covers another (a date field under the 筛选 button was how it failed).
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap_x = min(a[2], b[2]) - max(a[1], b[1])
            overlap_y = min(a[4], b[4]) - max(a[3], b[3])
            assert overlap_x <= 0 or overlap_y <= 0, f"{a[0]} and {b[0]} overlap: {boxes}"
