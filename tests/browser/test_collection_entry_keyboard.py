"""S6.1–S6.2 at a desk, keyboard only: finance enters two bank slips on
`/sales/collections/new/` with keyboard.type/press (no clicks): the order picked from the
suggestions with ↓ and Enter, the amount prefilled with the next installment's rest and
replaced by typing, Enter in the last field saves and the cursor returns to the order field;
the running total and the order's outstanding amount follow. A 400 keeps what was typed."""

from __future__ import annotations

from decimal import Decimal

import order_builders
import pytest
from django.utils import timezone
from helpers import shot

from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.models import Collection, Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_order(cast) -> Order:
    """9500.00 in two installments: 3000.00 due today, 6500.00 in 30 days; signed."""
    return order_builders.signed_order(cast, customer_name="键盘回款光伏有限公司")


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def focus_lands_on(page, element_id: str) -> bool:
    """The focus moves once htmx has settled the swapped form: wait for it (polled from here:
    wait_for_function's polling evaluates a string, which the page's CSP forbids)."""
    for _ in range(100):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return True
        page.wait_for_timeout(50)
    return False


def pick_order(page, text: str) -> None:
    page.keyboard.type(text)
    page.wait_for_selector("#entry-order-list [role=option][data-order]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")  # the arrows wrap round: back on the first suggestion
    page.keyboard.press("Enter")
    page.wait_for_selector("#entry-summary [data-entry-summary]")


def test_two_slips_entered_with_the_keyboard_only(desktop, cast):
    order = signed_order(cast)
    page = desktop("finance")
    page.goto("/sales/collections/new/")
    assert focused_id(page) == "id_order_text"  # the cursor starts in the order field
    assert page.input_value("#id_date") == timezone.localdate().isoformat()

    # Slip 1: the order by part of its number; the amount is prefilled with the first
    # installment (3000.00), typing replaces it; Tab to the method (transfer), reference, Enter.
    pick_order(page, order.number.split("-", 1)[1])
    summary = page.inner_text("#entry-summary")
    assert "键盘回款光伏有限公司" in summary and "预付款" in summary and "9,500.00" in summary
    assert focused_id(page) == "id_amount"
    assert page.input_value("#id_amount") == "3000.00"
    page.keyboard.type("1200")
    page.keyboard.press("Enter")  # Enter moves on, like Tab
    assert focused_id(page) == "id_method"
    page.keyboard.press("Tab")
    page.keyboard.type("BANK-001")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-entry-saved]")
    assert focus_lands_on(page, "id_order_text")
    assert page.inner_text("[data-entered-total]") == "¥1,200.00"

    # Slip 2: by the customer's name; the rest of the first installment (1800.00) is offered;
    # a mistyped amount above the outstanding is a 400 next to the field, nothing typed lost.
    pick_order(page, "键盘回款")
    assert page.input_value("#id_amount") == "1800.00"
    page.keyboard.type("9000")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # 承兑汇票
    page.keyboard.press("Tab")
    page.keyboard.type("BILL-7")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#err-amount")
    assert "超过订单未回款金额" in page.inner_text("#err-amount")
    assert focus_lands_on(page, "id_amount")
    shot(page, "collection-entry-desktop-400")
    assert page.input_value("#id_reference") == "BILL-7"
    assert page.input_value("#id_method") == "acceptance_bill"
    page.keyboard.type("2500.50")  # the field's text is selected: typing replaces it
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("[data-entry-saved]")
    assert focus_lands_on(page, "id_order_text")
    assert page.inner_text("[data-entered-total]") == "¥3,700.50"
    assert page.locator("[data-entered] tbody tr").count() == 2
    shot(page, "collection-entry-desktop")

    rows = Collection.objects.filter(order=order).order_by("pk")
    assert [(c.amount, c.method, c.reference) for c in rows] == [
        (Decimal("1200.00"), "transfer", "BANK-001"),
        (Decimal("2500.50"), "acceptance_bill", "BILL-7"),
    ]
    assert selectors.outstanding(Order.objects.get(pk=order.pk)) == Decimal("5799.50")


def test_a_double_enter_records_one_collection(desktop, cast):
    order = signed_order(cast)
    page = desktop("finance")
    page.goto("/sales/collections/new/")
    # Typed in full and Enter at once, before the suggestions arrive: the one match is taken.
    page.keyboard.type(order.number)
    page.keyboard.press("Enter")
    page.wait_for_selector("#entry-summary [data-entry-summary]")
    assert focus_lands_on(page, "id_amount")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_reference"
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-entry-saved]")
    page.wait_for_timeout(300)
    assert Collection.objects.filter(order=order).count() == 1
    assert page.inner_text("[data-entered-total]") == "¥3,000.00"


def test_focus_ring_axe_and_a_phone(desktop, phone, cast):
    """Every field shows where the cursor is; axe finds nothing serious with the suggestions
    open and after a refused save; on a 390 px phone the page fits and still saves."""
    from a11y import axe_violations

    order = signed_order(cast)
    page = desktop("finance")
    page.goto("/sales/collections/new/")
    for element_id in ("id_order_text", "id_date", "id_amount", "id_method", "id_reference"):
        page.focus(f"#{element_id}")
        outline = page.evaluate(
            "id => getComputedStyle(document.getElementById(id)).outlineStyle", element_id
        )
        assert outline not in ("none", ""), element_id
    page.focus("#id_order_text")
    page.keyboard.type("键盘")
    page.wait_for_selector("#entry-order-list [role=option][data-order]")
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")  # no order picked: 400 next to the order field
    page.wait_for_selector("#err-order")
    assert axe_violations(page) == []

    small = phone("finance")
    small.goto("/sales/collections/new/")
    assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    small.fill("#id_order_text", order.number)  # typed in full, without picking: still found
    small.fill("#id_amount", "100")
    small.get_by_role("button", name="保存").tap()
    small.wait_for_selector("[data-entry-saved]")
    shot(small, "collection-entry-phone")
    assert selectors.outstanding(Order.objects.get(pk=order.pk)) == Decimal("9400.00")
