"""The 成绩单 prints on A4 without half-empty pages: the figure sections keep together, the breakdown by child org
flows on from where the sections end (its header row repeated), and the PDF has no more pages than its content
needs: a page ends early only where the next figure section (kept together) would not fit, so a page break wastes at
most the height of one such section. Pages are counted in the PDF Chromium prints (pypdf)."""

import io
import math
from datetime import date

from pypdf import PdfReader

from orgs.tests.factories import OrgFactory
from reports.tests import fixtures

from .conftest import log_in

# A4 less the @page margins of report-print.css (16 mm top, 18 mm bottom), in CSS pixels (96 per inch).
PRINTABLE_HEIGHT_PX = (297 - 16 - 18) / 25.4 * 96
PRINTABLE_WIDTH_PX = (210 - 15 - 15) / 25.4 * 96


def print_pdf(page, org, period="2024") -> tuple[int, float, float]:
    """(pages of the printed PDF, the content's height in print layout, the most a page break can add to it: each a
    share of one page's height)."""
    page.goto(f"/console/reports/scorecard/print/?org={org.pk}&period={period}")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round(PRINTABLE_WIDTH_PX), "height": 900})
    height = page.evaluate("document.querySelector('.sheet').getBoundingClientRect().height")
    block = page.evaluate(
        """() => {
          const tallest = sel =>
            Math.max(0, ...[...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect().height));
          // A break inside a table leaves at most one row (rows keep together) or a heading with its first row, and
          // repeats the table's header row on the next page; a short section moves whole.
          const inTable = tallest('h2') + tallest('tbody tr') + tallest('thead');
          return Math.max(tallest('section.figures-section:not(.long)'), inTable);
        }"""
    )
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    return len(PdfReader(io.BytesIO(pdf)).pages), height / PRINTABLE_HEIGHT_PX, block / PRINTABLE_HEIGHT_PX


def assert_no_page_left_half_empty(pages: int, sheets: float, block: float) -> None:
    """At least the pages the content fills; beyond that, each page break may add at most ``block`` (what did not fit
    at the foot of the page, and the header row repeated at the top of the next), which stays under half a page."""
    assert block < 0.5, block
    assert math.ceil(sheets) <= pages <= math.ceil(sheets + (pages - 1) * block), (pages, sheets, block)


def test_the_scorecard_prints_on_as_few_a4_pages_as_its_content_needs(tree, users, new_page, shoot):
    data = fixtures.build(tree, users)
    page = new_page()
    log_in(page, users.district.username)

    # A town with four unions: every module's section and a short breakdown.
    pages, sheets, block = print_pdf(page, data.tree.town_a)
    assert_no_page_left_half_empty(pages, sheets, block)
    shoot(page, "print-01-short")

    # Forty more unions under town_a: the breakdown runs on; no page is left half empty before it.
    for i in range(40):
        OrgFactory(
            parent=tree.town_a,
            code=f"UP{i:03d}",
            name=f"甲街道第{i + 1}号非公企业联合工会委员会",
            founded_on=date(2010, 1, 1),
        )
    pages, longer, block = print_pdf(page, data.tree.town_a)
    assert longer > sheets + 0.5
    assert_no_page_left_half_empty(pages, longer, block)
    shoot(page, "print-02-long-breakdown")
    assert page.js_errors == []
