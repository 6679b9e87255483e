"""Issue 10 item 12 in a real Chromium at 390x844: a companion and a customer are picked by
typing a name, the trip is saved, and it has them; the estimate stays next to the button."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from helpers import SCREENSHOTS, shot

from fieldsales.trips.models import Trip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pick_a_companion_and_a_customer_by_name_and_save(phone, cast):
    first_day = timezone.localdate() + timedelta(days=1)
    page = phone("sales1")
    page.goto("/trips/new/")
    page.select_option("select[name=purpose]", "customer_visit")
    page.select_option("select[name=province]", "浙江省")
    page.wait_for_selector("select[name=city] option[value='杭州市']", state="attached")
    page.select_option("select[name=city]", "杭州市")
    page.fill("input[name=depart]", first_day.isoformat())
    page.fill("input[name=return_date]", (first_day + timedelta(days=1)).isoformat())

    # The customer: typed, listed with its city, tapped.
    page.locator("#id_customers_search").press_sequentially("阳光", delay=30)
    option = page.locator("#id_customers_results .picker-option", has_text="杭州阳光新能源")
    option.wait_for()
    assert "杭州市" in option.inner_text()
    option.click()
    page.locator("[data-name=customers] .chip", has_text="杭州阳光新能源").wait_for()

    # The companion: typed by name, listed with the department, picked with the keyboard.
    sales2 = cast["sales2"]
    name = sales2.last_name + sales2.first_name
    page.locator("#id_companions_search").press_sequentially(name[-1], delay=30)
    companion = page.locator("#id_companions_results .picker-option", has_text=name)
    companion.wait_for()
    assert sales2.employee.department.name in companion.inner_text()
    assert sales2.username not in page.locator("#id_companions_results").inner_text()
    companion.click()
    chip = page.locator("[data-name=companions] .chip", has_text=name)
    chip.wait_for()

    # The estimate's total follows into the bottom bar, which stays on screen with the button.
    page.locator("#estimate-total", has_text="¥").wait_for()
    bar = page.locator(".submit-bar")
    box = bar.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844
    assert page.get_by_role("button", name="保存草稿").is_visible()
    shot(page, "10-12-trip-form-picker")
    page.screenshot(path=str(SCREENSHOTS / "10-12-trip-form-picker-screen.png"))

    # Remove and pick again: the chip's button removes it.
    chip.get_by_role("button").click()
    assert page.locator("[data-name=companions] .chip").count() == 0
    page.locator("#id_companions_search").press_sequentially(name[-1], delay=30)
    page.locator("#id_companions_results .picker-option", has_text=name).wait_for()
    page.locator("#id_companions_search").press("ArrowDown")
    page.locator("#id_companions_search").press("Enter")
    page.locator("[data-name=companions] .chip", has_text=name).wait_for()
    assert page.url.endswith("/trips/new/")  # Enter picked, it did not submit

    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/trips/\d+/$"))
    trip = Trip.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert [c.name for c in trip.customers.all()] == ["杭州阳光新能源科技有限公司"]
    assert [c.user_id for c in trip.companions.all()] == [sales2.pk]

    # The customer's page shows the trip on its timeline (item 11).
    customer = trip.customers.get()
    page.goto(f"/crm/customers/{customer.pk}/")
    page.locator("#timeline .timeline-item", has_text=trip.number).wait_for()
    shot(page, "10-11-customer-timeline")
