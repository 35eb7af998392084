"""A worker's e-ticket is never hidden under the member site's sticky header: opened from the activity's 查看电子票
link (which jumps to the ticket's anchor on 我的报名) and when the page moves to another ticket's anchor, the
ticket's top edge sits below the header's bottom edge on a phone."""

from django.test import Client
from playwright.sync_api import expect

from activities import services
from activities.tests.factories import open_activity
from members import joining
from members.models import Member
from members.tests.factories import member

PHONE = {"width": 360, "height": 640}


def _settle(page) -> None:
    """Wait until the page stops scrolling (Bootstrap scrolls smoothly to an anchor)."""
    page.wait_for_function(
        """() => new Promise((done) => {
            let last = -1, still = 0;
            const tick = () => {
                still = window.scrollY === last ? still + 1 : 0;
                last = window.scrollY;
                if (still >= 10) done(true); else requestAnimationFrame(tick);
            };
            tick();
        })"""
    )


def _gap(page, ticket_id: str) -> float:
    """The ticket's top minus the header's bottom, in CSS pixels (negative: the header covers the ticket)."""
    return page.evaluate(
        """(id) => document.getElementById(id).getBoundingClientRect().top
                 - document.querySelector('body > header').getBoundingClientRect().bottom""",
        ticket_id,
    )


def test_a_ticket_opened_by_its_anchor_is_below_the_sticky_header(tree, users, new_page, live_server, shoot):
    worker = member(tree.union_a1, users.union, 7301, name="周晓梅")
    joining.ensure_account(worker)
    worker = Member.objects.select_related("user").get(pk=worker.pk)
    regs = [
        services.register(open_activity(tree.union_a1, users.union, title=f"职工读书会第{i}期"), worker)
        for i in range(1, 5)
    ]
    target = regs[2]

    page = new_page(phone=True)
    page.set_viewport_size(PHONE)
    client = Client()
    client.force_login(worker.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    # From the activity's page, as a worker would: 查看电子票 jumps to the ticket on 我的报名.
    page.goto(f"/m/activities/{target.activity_id}/")
    page.get_by_role("link", name="查看电子票").click()
    page.wait_for_url(f"**/m/activities/tickets/#ticket-{target.pk}")
    ticket = page.locator(f"#ticket-{target.pk}")
    expect(ticket).to_be_visible()
    page.wait_for_function("() => document.readyState === 'complete'")
    _settle(page)
    assert page.evaluate("window.scrollY") > 0  # the page did scroll to the ticket, so the header overlaps
    gap = _gap(page, f"ticket-{target.pk}")
    assert gap >= 0, f"the ticket's top is {-gap:.0f}px under the sticky header"
    shoot(page, "ticket-01-anchor-below-header")

    # Moving to another ticket's anchor on the same page keeps it clear of the header too.
    other = regs[1]
    page.evaluate("(id) => { location.hash = id; }", f"ticket-{other.pk}")
    page.wait_for_function("(id) => location.hash === '#' + id", arg=f"ticket-{other.pk}")
    _settle(page)
    assert page.evaluate("window.scrollY") > 0
    gap = _gap(page, f"ticket-{other.pk}")
    assert gap >= 0, f"the ticket's top is {-gap:.0f}px under the sticky header"
    assert page.js_errors == []
