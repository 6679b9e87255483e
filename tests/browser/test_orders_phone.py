"""S5/S6 on a phone: the head ticks the checklist and approves, sales1 signs with the scan,
finance records a collection; the order's one screen never scrolls sideways."""

from __future__ import annotations

import pytest
from helpers import SCREENSHOTS, no_sideways_scroll, tiny_pdf
from order_builders import submitted_order

from fieldsales.sales.orders.models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_sign_and_collect_on_a_phone(phone, cast, tmp_path):
    order = submitted_order(cast)
    url = f"/sales/orders/{order.pk}/"

    head = phone("head")
    head.goto(url)
    assert no_sideways_scroll(head)
    for box in head.locator("input[name=checklist]").all():
        box.check()
    head.get_by_role("button", name="通过").click()
    head.wait_for_load_state()
    assert Order.objects.get(pk=order.pk).status == "approved"

    sales1 = phone("sales1")
    sales1.goto(url)
    scan = tmp_path / "contract.pdf"
    scan.write_bytes(tiny_pdf())
    sales1.set_input_files("input[name=scan]", str(scan))
    sales1.get_by_role("button", name="签订").click()
    sales1.wait_for_load_state()
    assert Order.objects.get(pk=order.pk).status == "signed"

    finance = phone("finance")
    finance.goto(url)
    finance.fill("input[name=amount]", "3000.00")
    finance.fill("input[name=reference]", "HD-001")
    finance.get_by_role("button", name="登记回款").click()
    finance.wait_for_load_state()
    assert order.collections.count() == 1
    assert no_sideways_scroll(finance)
    finance.screenshot(path=str(SCREENSHOTS / "orders-phone-collected.png"), full_page=True)
