"""A commissioner or analyst opens the sufficiency and cost dashboards in real headless
Chromium and sees charts drawn (inline SVG with marks), tables beside them, and the
download links — on the small demo data set."""

import datetime as dt

import pytest

from fostering.accounts.demo import demo_password
from fostering.core.demo import generate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db, page):
    generate("small", 1, log=lambda *_: None, today=dt.date.today())
    # The first answers draw every chart (and import matplotlib); allow for a busy machine.
    page.set_default_timeout(60_000)


def _charts_drawn(page) -> list[int]:
    """For each chart on the page, how many drawn shapes (paths, rects, lines) it has."""
    return page.eval_on_selector_all(
        "figure svg.nfr-chart", "els => els.map(e => e.querySelectorAll('path, rect, line, polyline').length)"
    )


def _expected_charts(page) -> int:
    return 6 if page.locator("#unmatched-none").count() else 7


def test_an_analyst_opens_the_sufficiency_dashboard_and_sees_its_charts_and_tables(
    demo_data, live_server, page, sign_in
):
    sign_in("analyst", demo_password())
    page.goto(f"{live_server.url}/sufficiency/")
    assert page.locator("h1").inner_text().startswith("Supply and demand")
    assert "Figures as of" in page.locator("#figures-as-of").inner_text()
    drawn = _charts_drawn(page)
    # bars, map, needs, ages, forecast, needs over time, and the main reasons referrals found no
    # household unless every referral found one (then a sentence says so instead of an empty chart)
    assert len(drawn) == _expected_charts(page), drawn
    assert all(n > 5 for n in drawn), drawn
    box = page.locator("figure svg.nfr-chart").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100  # rendered, not just present
    assert page.locator("#table-supply_demand tbody tr").count() > 3
    assert page.get_by_role("link", name="CSV").count() == 1
    # Looking at another area re-draws the detail for it.
    page.select_option("#area", "la:E10000016")
    page.get_by_role("button", name="Show").click()
    assert page.locator("h1").inner_text() == "Supply and demand: Kent"
    assert len(_charts_drawn(page)) == _expected_charts(page)


def test_an_analyst_opens_the_cost_dashboard_and_sees_its_charts(demo_data, live_server, page, sign_in):
    sign_in("analyst", demo_password())
    page.goto(f"{live_server.url}/costs/")
    assert page.locator("h1").inner_text().startswith("What placements cost")
    drawn = _charts_drawn(page)
    assert len(drawn) == 3 and all(n > 5 for n in drawn), drawn
    assert page.locator("#table-cost_by_area tbody tr").count() >= 3
    assert page.locator("#table-framework_vs_spot").is_visible()
