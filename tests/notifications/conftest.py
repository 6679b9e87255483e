"""What the notification tests share: a demo trip moved through the services with the
on-commit hooks run (document_moved is sent after commit), and an order ready to submit."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from factories import CustomerFactory, TripFactory
from helpers import today

from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)
from fieldsales.trips import services as trip_services


@pytest.fixture
def moved(django_capture_on_commit_callbacks):
    """`with moved(): service(...)`: runs the on-commit hooks, as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def submitted_trip(cast, moved):
    """sales1's trip submitted (its chain: head, then gm)."""
    trip = TripFactory(traveller=cast["sales1"], depart=today() + timedelta(days=3))
    with moved():
        trip_services.trip_submit(trip=trip, actor=cast["sales1"])
    trip.refresh_from_db()
    return trip


@pytest.fixture
def order_ready(cast):
    """A product on a price list in force and sales1's customer: enough for an order."""
    category, _ = ProductCategory.objects.get_or_create(name="通知测试类别")
    product = Product.objects.create(
        code="N-MOD", name="通知测试组件", model="550W", unit="块", category=category
    )
    seq = (PriceList.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    prices = PriceList.objects.create(
        status=PriceListStatus.APPROVED,
        seq=seq,
        name="通知测试价格表",
        effective=today(),
        created_by=cast["head"],
    )
    PriceListLine.objects.create(
        price_list=prices,
        product=product,
        market=Decimal("1000.00"),
        factory_min=Decimal("900.00"),
        distributor_min=Decimal("800.00"),
    )
    customer = CustomerFactory(actor=cast["sales1"], name="通知测试光伏有限公司")
    return {
        "customer": customer.pk,
        "lines": [{"product": product.pk, "quantity": "10", "unit_price": "950.00"}],
        "installments": [
            {"label": "预付款", "amount": "3000.00", "due": (today() + timedelta(10)).isoformat()},
            {"label": "到货款", "amount": "6500.00", "due": (today() + timedelta(40)).isoformat()},
        ],
        "planned_delivery": (today() + timedelta(20)).isoformat(),
    }
