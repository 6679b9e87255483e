"""D12 in a browser, as the head: /dashboard/ draws every chart (a canvas in each) with no
console error, on a 390 px phone (charts fit the screen, the page never scrolls sideways, the
tables scroll in their own box) and on a desktop; the home block draws its two charts."""

from __future__ import annotations

import pytest
from helpers import no_sideways_scroll, shot

from fieldsales.demo import department_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHARTS = ("targets", "funnel", "collection_rate", "aging", "visits", "trip_cost", "overdue")


def test_the_dashboard_draws_its_charts(screen, cast):
    department_history.load(cast)
    page = screen("head")
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/")
    page.wait_for_selector('#home-dashboard [data-chart="home_targets"] canvas')
    page.wait_for_selector('#home-dashboard [data-chart="overdue"] canvas')
    page.locator("#home-dashboard").get_by_role("link", name="查看看板").click()
    page.wait_for_url("**/dashboard/")
    page.get_by_role("link", name="年", exact=True).click()
    page.wait_for_url("**/dashboard/?period=*")
    for key in CHARTS:
        chart = page.locator(f'[data-chart="{key}"]')
        chart.locator("canvas").first.wait_for()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100
        if screen.name == "phone":
            assert box["width"] <= 390
        table = page.locator(f'[data-table="{key}"]')
        assert table.locator("tbody tr").count() >= 1
        # A real table (headers shown), scrolling in its own box when wider than the screen.
        assert table.evaluate("t => getComputedStyle(t).display") == "table"
        assert table.locator("thead th").first.is_visible()
        assert table.evaluate("t => getComputedStyle(t.parentElement).overflowX") == "auto"
    assert no_sideways_scroll(page)
    assert "看板" in page.locator(".page-title, h1").first.inner_text()
    assert not errors, errors
    shot(page, f"dashboard-{screen.name}")
