"""S5/S6 on a phone: the head ticks the checklist and approves, sales1 signs with the scan,
finance records a collection; the order's one screen never scrolls sideways."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from factories import CustomerFactory
from helpers import SCREENSHOTS, tiny_pdf

from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)
from fieldsales.sales.orders import services
from fieldsales.sales.orders.models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submitted_order(
    cast, quantity: str = "10", unit_price: str = "950", installments: list | None = None
) -> Order:
    """sales1's order for a new customer, submitted: 10 modules at 950.00 by default."""
    today = timezone.localdate()
    category = ProductCategory.objects.create(name="浏览器测试类别")
    product = Product.objects.create(code="B-MOD", name="测试组件", unit="块", category=category)
    prices = PriceList.objects.create(
        status=PriceListStatus.APPROVED,
        seq=(PriceList.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1,
        name="浏览器测试价格表",
        effective=today,
        created_by=cast["head"],
    )
    PriceListLine.objects.create(
        price_list=prices,
        product=product,
        market=Decimal("1000.00"),
        factory_min=Decimal("900.00"),
        distributor_min=Decimal("800.00"),
    )
    customer = CustomerFactory(actor=cast["sales1"], name="浏览器测试光伏有限公司")
    order = services.order_create(
        actor=cast["sales1"],
        data={
            "customer": customer.pk,
            "lines": [
                {
                    "product": product.pk,
                    "quantity": Decimal(quantity),
                    "unit_price": Decimal(unit_price),
                }
            ],
            "installments": installments
            or [
                {"label": "预付款", "amount": Decimal("3000.00"), "due": today},
                {"label": "尾款", "amount": Decimal("6500.00"), "due": today + timedelta(days=30)},
            ],
        },
    )
    return services.order_submit(order=order, actor=cast["sales1"])


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


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
