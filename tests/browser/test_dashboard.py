"""The 驾驶舱 in a real browser: every chart renders (a canvas each) without console or page errors, a click on a
bar opens the list behind it, it fits a phone, and the 成绩单's print view renders as an A4 report."""

from playwright.sync_api import expect

from reports.tests import fixtures

from .conftest import log_in

CHARTS = ["chart-growth", "chart-join-rate", "chart-series", "chart-appeals", "chart-satisfaction"]


def watch_console(page) -> list[str]:
    """Console errors of the page; the browser's own request for /favicon.ico (the site has none) is not one."""
    errors = []

    def seen(msg):
        if msg.type == "error" and not (msg.location or {}).get("url", "").endswith("/favicon.ico"):
            errors.append(f"{msg.text} at {msg.location}")

    page.on("console", seen)
    return errors


def click_bar(page, chart_id: str, data_index: int, value, series_index: int = 0) -> None:
    """Click the middle of a bar: ECharts says where it drew the value, the mouse clicks the canvas there."""
    box = page.locator(f"#{chart_id}").bounding_box()
    x, y = page.evaluate(
        """([id, s, i, v]) => {
            const chart = echarts.getInstanceByDom(document.getElementById(id));
            const top = chart.convertToPixel({seriesIndex: s}, [i, v]);
            const bottom = chart.convertToPixel({seriesIndex: s}, [i, 0]);
            return [top[0], (top[1] + bottom[1]) / 2];
        }""",
        [chart_id, series_index, data_index, value],
    )
    page.mouse.click(box["x"] + x, box["y"] + y)


def open_dashboard(page, org, period="2024", *, empty=()):
    """Open the dashboard and wait until every chart has drawn its canvas (``empty`` ones show a message)."""
    page.goto(f"/console/reports/dashboard/?org={org.pk}&period={period}")
    for chart in CHARTS:
        expect(page.locator(f"#{chart}")).to_have_attribute("data-rendered", "1")
        expect(page.locator(f"#{chart} canvas")).to_have_count(0 if chart in empty else 1)


def test_dashboard_renders_every_chart_and_a_bar_opens_the_members_list(tree, users, new_page, shoot):
    data = fixtures.build(tree, users)
    page = new_page()
    console_errors = watch_console(page)
    log_in(page, users.district.username)
    page.locator("#sidebar").get_by_role("link", name="统计报表").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("成绩单")
    page.get_by_role("link", name="驾驶舱").click()
    open_dashboard(page, tree.district)
    shoot(page, "reports-01-dashboard-district")

    # town_a's children are unions: enterprises are registered at the town, so no child has a 入会率 of its own.
    open_dashboard(page, data.tree.town_a, empty=["chart-join-rate"])
    expect(page.locator("#chart-join-rate")).to_contain_text("无法计算入会率")
    shoot(page, "reports-02-dashboard-town")
    # Back at the district: 入会率 by town; town_a's bar opens the roster of town_a's sub-tree.
    open_dashboard(page, tree.district)
    rates = page.evaluate("JSON.parse(document.getElementById('chart-data').textContent).join_rate")
    assert rates["values"] == [6.0, 4.0]  # town_a: 6 members / 100 covered staff; town_b: 2 / 50
    click_bar(page, "chart-join-rate", 0, rates["values"][0])
    page.wait_for_url(f"**/console/members/?under={tree.town_a.pk}")
    expect(page.locator("table tbody")).to_contain_text(data.members[3].name)  # m3, of union_a2 under town_a
    expect(page.locator("table tbody")).not_to_contain_text(data.members[5].name)  # m5 is in town_b
    shoot(page, "reports-03-members-of-town-a")

    page.go_back()
    open_dashboard(page, data.tree.town_a, empty=["chart-join-rate"])
    # Member growth: January 2024's bar opens the members who joined in January under town_a (m1).
    click_bar(page, "chart-growth", 0, 5)
    page.wait_for_url("**/console/members/?under=*joined_from=2024-01-01&joined_to=2024-01-31")
    expect(page.locator("table tbody")).to_contain_text(data.members[1].name)
    expect(page.locator("table tbody tr")).to_have_count(1)
    assert page.js_errors == [] and console_errors == []


def test_dashboard_fits_a_phone_and_the_print_view_is_an_a4_report(tree, users, new_page, shoot):
    data = fixtures.build(tree, users)
    page = new_page(phone=True)
    console_errors = watch_console(page)
    log_in(page, users.district.username)
    open_dashboard(page, data.tree.district)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dashboard scrolls sideways on a phone ({width}px)"
    for chart in CHARTS:
        assert page.locator(f"#{chart}").bounding_box()["width"] <= 390
    shoot(page, "reports-04-dashboard-phone")

    desk = new_page()
    log_in(desk, users.district.username)
    desk.goto(f"/console/reports/scorecard/?org={data.tree.town_a.pk}&period=2024")
    expect(desk.locator('[data-metric="members.count"]')).to_contain_text("5")
    shoot(desk, "reports-05-scorecard")
    desk.goto(f"/console/reports/scorecard/print/?org={data.tree.town_a.pk}&period=2024")
    expect(desk.get_by_role("heading", level=1)).to_contain_text("2024年工作成绩单")
    desk.emulate_media(media="print")
    expect(desk.locator(".toolbar")).to_be_hidden()
    shoot(desk, "reports-06-scorecard-print")
    pdf = desk.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert page.js_errors == [] and desk.js_errors == [] and console_errors == []
