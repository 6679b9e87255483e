"""Orders for the browser tests, built through the services: a price list in force for one
module at 1,000.00 (floor 900.00), sales1's new customer, and the order submitted, or
reviewed and signed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factories import CustomerFactory
from helpers import tiny_pdf

from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)
from fieldsales.sales.orders import services
from fieldsales.sales.orders.models import CHECKLIST, Order


def submitted_order(
    cast,
    *,
    customer_name: str = "浏览器测试光伏有限公司",
    quantity: str = "10",
    unit_price: str = "950",
    installments: list | None = None,
) -> Order:
    """sales1's order, submitted: 10 modules at 950.00 by default, 3,000.00 due today and
    6,500.00 in 30 days."""
    today = timezone.localdate()
    category, _ = ProductCategory.objects.get_or_create(name="浏览器测试类别")
    product, _ = Product.objects.get_or_create(
        code="B-MOD", defaults={"name": "测试组件", "unit": "块", "category": category}
    )
    if not PriceListLine.objects.filter(product=product).exists():
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
    customer = CustomerFactory(actor=cast["sales1"], name=customer_name)
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


def approved_order(cast, **options) -> Order:
    """The submitted order, approved by each reviewer of its chain with the full checklist."""
    order = submitted_order(cast, **options)
    users = get_user_model().objects
    while order.status == "submitted":
        reviewer = users.get(pk=order.pending_user_id)
        order = services.order_decide(
            order=order, actor=reviewer, action="approve", checklist=list(CHECKLIST)
        )
    return order


def signed_order(cast, **options) -> Order:
    """The approved order, signed today by sales1 with a scanned PDF."""
    order = approved_order(cast, **options)
    scan = SimpleUploadedFile("contract.pdf", tiny_pdf(), content_type="application/pdf")
    return services.order_sign(
        order=order, actor=cast["sales1"], signed_on=timezone.localdate(), scan=scan
    )
