"""Products, an approved price list in force and inquiries for the quote tests (ORM writes:
the catalogue's and inquiries' services are built elsewhere)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Max
from django.utils import timezone
from quote_helpers import lines

from fieldsales.crm.models import Customer
from fieldsales.sales.models import (
    InputRequest,
    Inquiry,
    InquiryKind,
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)

# code: (name, unit, market, factory_min, distributor_min, active)
PRODUCTS = {
    "TQ-M550": ("单晶组件 550W", "块", "1000.00", "800.00", "750.00", True),
    "TQ-INV50": ("组串式逆变器 50kW", "台", "20000.00", "15000.00", "14000.00", True),
    "TQ-CAB4": ("光伏电缆 4mm²", "米", "5.50", "4.40", "4.00", True),
    "TQ-OLD": ("停售组件 400W", "块", "700.00", "600.00", "550.00", False),
}


def _seq() -> int:
    return (PriceList.objects.aggregate(n=Max("seq"))["n"] or 0) + 1


@pytest.fixture
def catalogue(cast):
    """{"products": {code: Product}, "price_list": PriceList, "unlisted": Product}: an
    approved list in force since 10 days ago."""
    category, _ = ProductCategory.objects.get_or_create(name="测试类别")
    products = {}
    for code, (name, unit, *_prices, active) in PRODUCTS.items():
        products[code] = Product.objects.create(
            code=code,
            name=name,
            model=name.split()[-1],
            unit=unit,
            category=category,
            active=active,
        )
    price_list = PriceList.objects.create(
        seq=_seq(),
        name="测试价格表",
        effective=timezone.localdate() - timedelta(days=10),
        status=PriceListStatus.APPROVED,
        chain=[],
        created_by=cast["head"],
    )
    for code, (_n, _u, market, factory_min, distributor_min, _a) in PRODUCTS.items():
        PriceListLine.objects.create(
            price_list=price_list,
            product=products[code],
            market=Decimal(market),
            factory_min=Decimal(factory_min),
            distributor_min=Decimal(distributor_min),
        )
    unlisted = Product.objects.create(
        code="TQ-NEW", name="未列价产品", unit="个", category=category
    )
    return {"products": products, "price_list": price_list, "unlisted": unlisted}


@pytest.fixture
def end_customer(cast):
    """sales1's end customer (C-0001)."""
    return Customer.objects.get(code="C-0001")


@pytest.fixture
def distributor(cast):
    """sales1's distributor (C-0005)."""
    return Customer.objects.get(code="C-0005")


@pytest.fixture
def make_inquiry(cast):
    """`make_inquiry(customer, status="participating", unanswered=False)`: sales1's inquiry."""

    def make(customer, status="participating", unanswered=False, salesperson="sales1"):
        inquiry = Inquiry.objects.create(
            seq=(Inquiry.objects.aggregate(n=Max("seq"))["n"] or 0) + 1,
            kind=InquiryKind.INQUIRY,
            customer=customer,
            salesperson=cast[salesperson],
            deadline=timezone.localdate() + timedelta(days=20),
            estimated_amount=Decimal("10000.00"),
            status=status,
        )
        if unanswered:
            InputRequest.objects.create(
                inquiry=inquiry, kind="technical", question="组件参数？", asked_by=cast[salesperson]
            )
        return inquiry

    return make


@pytest.fixture
def quote_body(catalogue, end_customer):
    """`quote_body(*specs, **extra)`: a create body for sales1's end customer."""

    def body(*specs, **extra):
        specs = specs or (("TQ-M550", "10", "800.00"),)
        return {
            "customer": end_customer.pk,
            "lines": lines(catalogue, *specs),
            "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "delivery_terms": "款到发货，送货到现场",
            "payment_terms": "预付30%，发货前付清",
        } | extra

    return body
