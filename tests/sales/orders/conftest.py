"""Products, an approved price list in force and customers for the orders tests, written with
the ORM (statuses included: the catalogue and quotes are built elsewhere)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from factories import CustomerFactory
from orders_support import today

from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)


@pytest.fixture
def products(db):
    category, _ = ProductCategory.objects.get_or_create(name="订单测试类别")
    module = Product.objects.create(
        code="T-MOD", name="测试组件", model="550W", unit="块", category=category
    )
    inverter = Product.objects.create(
        code="T-INV", name="测试逆变器", model="50kW", unit="台", category=category
    )
    return {"module": module, "inverter": inverter}


@pytest.fixture
def price_list(products, cast):
    seq = (PriceList.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    prices = PriceList.objects.create(
        status=PriceListStatus.APPROVED,
        seq=seq,
        name="订单测试价格表",
        effective=today(),
        created_by=cast["head"],
    )
    PriceListLine.objects.create(
        price_list=prices,
        product=products["module"],
        market=Decimal("1000.00"),
        factory_min=Decimal("900.00"),
        distributor_min=Decimal("800.00"),
    )
    PriceListLine.objects.create(
        price_list=prices,
        product=products["inverter"],
        market=Decimal("50000.00"),
        factory_min=Decimal("45000.00"),
        distributor_min=Decimal("40000.00"),
    )
    return prices


@pytest.fixture
def customer(cast):
    return CustomerFactory(actor=cast["sales1"], name="订单测试光伏有限公司")


@pytest.fixture
def ready(price_list, customer):
    """Everything an order needs: the price list in force and sales1's customer."""
    return {"price_list": price_list, "customer": customer}
