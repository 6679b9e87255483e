"""The demo's order: loaded through the services from the accepted quote, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from fieldsales.demo import sales_orders, sales_quotes
from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.models import Order

pytestmark = pytest.mark.django_db


def test_demo_order_overdue_partly_delivered_partly_collected(cast):
    sales_quotes.load(cast)
    sales_orders.load(cast)
    order = Order.objects.get()
    assert order.quote.status == "accepted"
    assert order.salesperson == cast["sales1"]
    assert order.status == "partly_delivered"
    assert order.scan and order.scan.read(5) == b"%PDF-"
    assert order.signed_on is not None
    today = timezone.localdate()
    states = selectors.installment_states(order, today)
    assert len(states) == 2
    assert states[0].overdue and not states[1].overdue
    assert states[1].installment.due > today
    collected = selectors.collected_total(order.pk)
    assert Decimal("0") < collected < states[0].installment.amount
    assert order.collections.get().recorded_by == cast["finance"]
    assert order.reviews.filter(reviewer=cast["head"], decision="approve").exists()
    sales_orders.load(cast)
    assert Order.objects.count() == 1


def test_demo_without_an_accepted_quote_loads_nothing(cast):
    sales_orders.load(cast)
    assert not Order.objects.exists()
