"""`fieldsales generate` (issue 15), the selling part: the generated orders, quotes and
collections are consistent with what the services would have stored, and the number series
continue after them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F, Max, Sum
from django.utils import timezone

from fieldsales.core.models import Counter
from fieldsales.crm.customers.models import Customer
from fieldsales.demo.generate import FULL, SCALE
from fieldsales.sales.catalogue.selectors import price_list_in_force
from fieldsales.sales.orders import services as order_services
from fieldsales.sales.orders.models import (
    SIGNED_OR_LATER,
    CollectedMonth,
    Collection,
    Installment,
    Order,
    OrderLine,
    OrderStatus,
)
from fieldsales.sales.quotes import services as quote_services
from fieldsales.sales.quotes.models import Quote, QuoteLine

ZERO = Decimal("0.00")
pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(tiny_company, db):
    """The demo users of conftest's `tiny_company` (`generate --size tiny --seed 7`)."""
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.filter(employee__isnull=False)}


def _sums(model, key):
    return dict(model.objects.values_list(key).annotate(s=Sum("amount")).order_by())


def test_generate_tiny_makes_its_orders_each_totalling_its_lines_and_never_collecting_more(
    generated,
):
    made = Order.objects.exclude(note__startswith="演示")
    assert made.count() == round(FULL["orders"] * SCALE["tiny"])
    lines = _sums(OrderLine, "order")
    collected = dict(
        Collection.objects.filter(voided_at__isnull=True)
        .values_list("order")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    installments = _sums(Installment, "order")
    filled = dict(Installment.objects.values_list("order").annotate(s=Sum("collected")).order_by())
    statuses = set()
    for order in made:
        statuses.add(order.status)
        assert order.total == lines[order.pk], order.number
        paid = collected.get(order.pk, ZERO)
        assert paid <= order.total, order.number
        if order.pk in installments:
            assert installments[order.pk] == order.total, order.number
            assert filled[order.pk] == paid, order.number
        if order.status == OrderStatus.COMPLETED:
            assert paid == order.total, order.number
        if order.status == OrderStatus.DELIVERED:
            assert paid < order.total, order.number
        if paid:
            assert order.status in SIGNED_OR_LATER, order.number
    assert {OrderStatus.COMPLETED, OrderStatus.SIGNED} <= statuses
    # Some receivables are overdue: an installment past due and not fully collected.
    today = timezone.localdate()
    overdue = Installment.objects.filter(
        order__in=made.filter(status__in=SIGNED_OR_LATER),
        due__lt=today - timedelta(days=30),
        collected__lt=F("amount"),
    )
    assert overdue.exists()
    # Quotes total their lines too, and no line is below its floor (S2.1).
    quote_lines = _sums(QuoteLine, "quote")
    for quote in Quote.objects.all():
        assert quote.total == quote_lines[quote.pk], quote.number
    assert not QuoteLine.objects.filter(unit_price__lt=F("floor")).exists()
    # Numbers are unique (the constraints would fail otherwise) and three years are covered.
    years = set(made.values_list("year", flat=True))
    assert len(years) >= 3


def test_counters_are_left_past_the_generated_numbers_so_new_documents_do_not_collide(
    generated,
):
    for pattern, model in (("quote-{year}", Quote), ("sales.order.{year}", Order)):
        for year, top in model.objects.order_by().values_list("year").annotate(m=Max("seq")):
            counter = Counter.objects.get(name=pattern.format(year=year))
            assert counter.value >= top, (pattern, year)
    today = timezone.localdate()
    sales1 = generated["sales1"]
    customer = Customer.objects.filter(owner=sales1).order_by("pk").first()
    line = price_list_in_force(today).lines.order_by("pk").first()
    quote = quote_services.quote_create(
        actor=sales1,
        data={
            "customer": customer.pk,
            "lines": [
                {"product": line.product_id, "quantity": Decimal("3"), "unit_price": line.market}
            ],
        },
    )
    order = order_services.order_create(
        actor=sales1,
        data={
            "customer": customer.pk,
            "lines": [
                {"product": line.product_id, "quantity": Decimal("3"), "unit_price": line.market}
            ],
        },
    )
    top_quote = (
        Quote.objects.filter(year=today.year).exclude(pk=quote.pk).aggregate(m=Max("seq"))["m"]
    )
    top_order = (
        Order.objects.filter(year=today.year).exclude(pk=order.pk).aggregate(m=Max("seq"))["m"]
    )
    assert quote.seq == top_quote + 1
    assert order.seq == top_order + 1


def test_the_kept_monthly_collections_equal_the_collections_grouped(generated):
    """The generator's bulk inserts go through sales 0008's triggers (and so does the copy of
    the company the other modules get): every month's kept sum is the collections' own."""
    grouped: dict[tuple[int, int, int, int], int] = {}
    live = Collection.objects.filter(voided_at__isnull=True).select_related("order")
    for c in live:
        key = (c.order.salesperson_id, c.order.department_id or 0, c.date.year, c.date.month)
        grouped[key] = grouped.get(key, 0) + int(c.amount * 100)
    kept = {
        (m.salesperson_id, m.department, m.year, m.month): m.cents
        for m in CollectedMonth.objects.exclude(cents=0)
    }
    assert grouped and kept == grouped
