"""Issue 12 item 6 on a phone (390 px): the collection-rate grid renders, and the page never
scrolls sideways (the table may scroll in its own container)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from factories import CustomerFactory
from helpers import no_sideways_scroll, shot

from fieldsales.sales.orders.models import Collection, Installment, Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def an_order_in_this_quarter(cast) -> None:
    today = timezone.localdate()
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    customer = CustomerFactory(actor=cast["sales1"], name="浏览器回款率测试有限公司")
    order = Order.objects.create(
        status="signed",
        year=today.year,
        seq=(Order.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1,
        customer=customer,
        salesperson=cast["sales1"],
        department=cast["sales1"].employee.department,
        total="1234567.89",
        signed_on=first,
    )
    Installment.objects.create(order=order, label="预付款", amount="1234567.89", due=first)
    Collection.objects.create(
        order=order, date=first, amount="234567.89", method="transfer", recorded_by=cast["finance"]
    )


@pytest.mark.parametrize("user", ["finance", "sales1"])
def test_the_grid_fits_a_phone(phone, cast, user):
    an_order_in_this_quarter(cast)
    page = phone(user)
    page.goto("/sales/collection-rate/")
    grid = page.locator("[data-rate-grid]")
    assert grid.is_visible()
    assert page.locator("[data-rate]").first.inner_text() == "19.0%"
    assert no_sideways_scroll(page)
    shot(page, f"collection-rate-phone-{user}")


def test_the_receivables_summary_and_the_grid_on_a_desktop(desktop, cast):
    an_order_in_this_quarter(cast)
    page = desktop("head")
    page.goto("/sales/receivables/")
    assert page.locator("[data-receivable-summary]").is_visible()
    page.locator("[data-rate-link]").click()
    page.wait_for_load_state()
    assert page.locator("[data-rate-grid] thead").is_visible()
    assert no_sideways_scroll(page)
    shot(page, "collection-rate-desktop-head")
