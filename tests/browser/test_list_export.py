"""Issue 10: a filtered list exports the same rows to Excel, on a phone (filters folded in a
panel) and on a desktop (filters in a row)."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from factories import TripFactory
from helpers import shot
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NINGBO = [{"province": "浙江", "city": "宁波"}]


def page_rows(page) -> list[list[str]]:
    rows = page.locator("table[data-list-table] tbody tr")
    return [
        [text.strip() for text in rows.nth(i).locator("td").all_inner_texts()]
        for i in range(rows.count())
    ]


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def download_rows(page) -> list[list[str]]:
    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    return [[as_text(v) for v in row] for row in wb.active.iter_rows(values_only=True)]


def make_trips(cast) -> None:
    for _ in range(2):
        TripFactory(traveller=cast["sales1"])
        TripFactory(traveller=cast["sales2"], destinations=NINGBO, status="submitted")
    TripFactory(traveller=cast["sales2"])


def test_a_filtered_trip_list_exports_the_same_rows_on_a_phone(phone, cast):
    make_trips(cast)
    page = phone("head")
    page.goto("/trips/?scope=visible")
    panel = page.locator("details[data-filter-panel]")
    assert panel.get_attribute("open") is None  # folded on a phone
    assert len(page_rows(page)) == 5
    page.locator("details[data-filter-panel] > summary").click()
    page.get_by_label("目的地").fill("杭州")
    page.get_by_label("人员").select_option(label="李娜")
    shot(page, "lists-01-trip-filters-phone")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url(re.compile(r"destination="))
    shown = page_rows(page)
    assert len(shown) == 1
    assert page.locator(".filter-count").inner_text() == "2"
    shot(page, "lists-02-trip-filtered-phone")

    rows = download_rows(page)
    headers = page.locator("table[data-list-table] thead th").all_inner_texts()
    assert rows[0] == [h.strip() for h in headers]
    assert rows[1:] == shown


def test_a_filtered_trip_list_exports_the_same_rows_on_a_desktop(browser, live_server, cast):
    make_trips(cast)
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="zh-CN", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/login/")
    page.fill("input[name=username]", "head")
    page.fill("input[name=password]", "demo-pass-2026")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto("/trips/?scope=visible")
    assert page.locator("details[data-filter-panel]").get_attribute("open") is not None
    assert page.get_by_label("目的地").is_visible()  # the filters stand in a row
    page.get_by_label("状态").select_option(label="审批中")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url(re.compile(r"status=submitted"))
    shown = page_rows(page)
    assert len(shown) == 2 and all(row[3] == "宁波市" for row in shown)
    shot(page, "lists-03-trip-filtered-desktop")
    rows = download_rows(page)
    assert rows[1:] == shown
    context.close()


def test_finance_reaches_what_to_pay_from_the_nav_on_a_phone(phone, cast):
    from decimal import Decimal

    from factories import AdvanceFactory, ClaimFactory

    ClaimFactory(trip=TripFactory(traveller=cast["sales1"], status="approved"), status="approved")
    AdvanceFactory(
        trip=TripFactory(traveller=cast["sales2"], status="approved"),
        amount=Decimal("450.00"),
        status="approved",
    )
    page = phone("finance")
    assert page.locator(".home-to-pay").get_by_text("¥450.00").is_visible()
    shot(page, "lists-04-finance-home-phone")
    page.get_by_role("link", name="待付款").first.click()
    page.wait_for_url(re.compile(r"/finance/to-pay/$"))
    assert page.locator("[data-total=advances]").inner_text() == "¥450.00"
    shot(page, "lists-05-finance-to-pay-phone")
    page.get_by_role("link", name="去付款").click()
    page.wait_for_url(re.compile(r"/advances/\d+/#pay$"))


def test_the_customer_list_filters_fold_on_a_phone(phone):
    page = phone("head")
    page.goto("/crm/")
    page.locator("details[data-filter-panel] > summary").click()
    page.get_by_label("类型").select_option(label="经销商")
    shot(page, "lists-06-customer-filters-phone")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url(re.compile(r"kind=distributor"))
    assert all(row[2] == "经销商" for row in page_rows(page))
    shot(page, "lists-07-customers-filtered-phone")
