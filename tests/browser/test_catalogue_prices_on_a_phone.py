"""S1 on a 390×844 phone: sales1 finds a module's three prices in two taps (销售, 光伏组件),
with the "<name> <time> 内部资料" line on the card; no horizontal scrolling."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales1_finds_a_modules_price_in_two_taps(phone):
    page = phone("sales1")
    # tap 1: the 销售 tab, which opens on prices for a salesperson
    page.locator("nav.appnav a[href='/sales/']").click()
    page.wait_for_url("**/sales/prices/")
    # tap 2: the 光伏组件 chip
    page.locator("nav.chips a", has_text="光伏组件").click()
    page.wait_for_url("**/sales/prices/?category=*")
    card = page.locator(".price-card[data-code='PV-M550']")
    assert card.is_visible()
    assert card.locator("[data-tier=market]").inner_text() == "¥880.00"
    assert card.locator("[data-tier=factory_min]").inner_text() == "¥800.00"
    assert card.locator("[data-tier=distributor_min]").inner_text() == "¥700.00"
    assert "张伟" in card.inner_text() and "内部资料" in card.inner_text()
    assert page.locator(".price-card[data-code='INV-S50K']").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_search_box_finds_a_product(phone):
    page = phone("sales1")
    page.goto("/sales/prices/")
    page.fill("input[name=q]", "MC4")
    page.press("input[name=q]", "Enter")
    page.locator(".price-card[data-code='CB-MC4']").wait_for()
    page.locator(".price-card[data-code='PV-M550']").wait_for(state="detached")


def test_technical_user_has_no_sales_tab(phone):
    page = phone("tech")
    assert page.locator("nav.appnav a[href='/sales/']").count() == 0


def test_catalogue_pages_fit_a_phone_and_pass_axe(phone):
    from a11y import axe_violations

    from fieldsales.sales.models import PriceList, Product

    pl = PriceList.objects.get(name="2026年产品价格表")
    module = Product.objects.get(code="PV-M550")
    problems = []
    for user, url in (
        ("sales1", "/sales/prices/"),
        ("sales1", f"/sales/products/{module.pk}/"),
        ("head", "/sales/price-lists/"),
        ("head", f"/sales/price-lists/{pl.pk}/"),
        ("head", "/sales/price-lists/new/"),
    ):
        page = phone(user)
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{url} scrolls sideways by {overflow}px")
        problems.extend(axe_violations(page))
    assert not problems, "\n".join(problems)
