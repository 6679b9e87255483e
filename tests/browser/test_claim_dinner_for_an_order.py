"""selling.md S7.2-S7.3 on a phone: sales1 claims a dinner, picks the order it was for from the
line's list (no deal amount to type), sees 0.00 while the order waits for its signature; once
signed, finance opens the correction from the inbox."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import approved_trip, shot, today
from order_builders import approved_order

from fieldsales.sales.orders.models import Order
from fieldsales.trips.models import Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fifty_thousand_order(cast) -> Order:
    """An approved, unsigned order of 50 modules at 1,000.00 = 50,000.00 for sales1."""
    halves = [
        {"label": "预付款", "amount": Decimal("20000.00"), "due": today()},
        {"label": "尾款", "amount": Decimal("30000.00"), "due": today()},
    ]
    order = approved_order(cast, quantity="50", unit_price="1000", installments=halves)
    assert (order.total, order.status) == (Decimal("50000.00"), "approved")
    return order


def test_a_dinner_names_its_order_and_waits_for_the_signature(phone, api, cast):
    order = fifty_thousand_order(cast)
    trip = approved_trip(api)

    sales = phone("sales1")
    sales.goto(f"/trips/{trip}/claim/")
    row = sales.locator("[data-item-row]").nth(0)
    row.locator("select[name$=kind]").select_option("entertainment")
    row.locator("input[name$='-amount']").fill("2000.00")
    picker = row.locator("select[name$='-deal']")
    assert picker.is_visible()
    assert row.locator("input[name$='deal_amount']").count() == 0
    picker.select_option(f"order:{order.pk}")
    sales.get_by_role("button", name="保存并核算").click()
    sales.wait_for_load_state()
    claim = Claim.objects.get(trip_id=trip)
    assert claim.items[0]["order"] == order.pk
    lines = sales.locator("#lines")
    assert order.number in lines.inner_text()
    assert "0.00" in lines.inner_text()
    assert sales.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(sales, "12-claim-dinner-pending")
