"""On a phone, in a real Chromium: sales1 builds a quote from the customer's page (picks a
module from the list in force, sees the amount, the floor and the distance below market)
and submits it; the head finds it in the inbox. The demo's price list prices it."""

from __future__ import annotations

import pytest
from helpers import shot

from fieldsales.crm.models import Customer
from fieldsales.sales.models import Quote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales1_builds_and_submits_a_quote_on_a_phone(phone):
    end_customer = Customer.objects.get(code="C-0001")  # sales1's, an end customer
    page = phone("sales1")
    page.goto(f"/crm/customers/{end_customer.pk}/")
    page.get_by_role("link", name="＋ 报价").click()
    page.wait_for_url("**/sales/quotes/new/**")
    assert page.locator("#id_customer").input_value() == str(end_customer.pk)

    # search the list in force and pick the 550W module: market price prefilled
    page.fill("[data-search]", "550")
    assert page.locator("[data-pick]:visible").count() == 1
    page.locator("[data-pick]:visible").click()
    line = page.locator("[data-lines] [data-line]")
    assert line.locator("[data-price]").input_value() == "880.00"  # the demo's market price
    line.locator("[data-quantity]").fill("10")
    line.locator("[data-price]").fill("850.00")
    assert line.locator("[data-amount]").text_content() == "8,500.00"
    assert line.locator("[data-floor]").text_content() == "800.00"
    assert "3.4%" in line.locator("[data-below]").text_content()  # (880 - 850) / 880
    assert page.locator("[data-total]").text_content() == "8,500.00"
    # nothing wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    shot(page, "s4-quote-form-phone")

    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/sales/quotes/*/")
    quote = Quote.objects.get()
    assert quote.total == 8500
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_selector("[data-status=submitted]")
    quote.refresh_from_db()
    assert quote.status == "submitted"
    assert [step["role"] for step in quote.chain] == ["dept_manager"]
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    shot(page, "s4-quote-detail-phone")

    head = phone("head")
    head.goto("/approvals/")
    head.get_by_text(quote.number).first.click()
    head.get_by_role("button", name="同意").click()
    head.wait_for_load_state()
    quote.refresh_from_db()
    assert quote.status == "approved"
