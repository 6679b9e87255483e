"""The demo company's quotes (selling.md S4), loaded idempotently by `fieldsales demo`
through the quote services: a draft, one waiting for the head, one approved and sent, one
accepted, one rejected with a comment. Without a price list in force there is nothing to
price, and nothing is loaded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fieldsales.crm.models import Customer
from fieldsales.sales.catalogue.models import PriceListLine
from fieldsales.sales.quotes import pricing, services
from fieldsales.sales.quotes.models import Quote

TERMS = {
    "delivery_terms": "送货到项目现场，运费我方承担",
    "payment_terms": "预付30%，发货前付清余款",
}


def load(users: dict[str, Any]) -> None:
    """Five quotes in the states a manager meets, once."""
    if Quote.objects.exists():
        return
    today = timezone.localdate()
    price_list = pricing.price_list_in_force(today)
    if price_list is None:
        return
    lines = list(
        PriceListLine.objects.filter(price_list=price_list, product__active=True)
        .select_related("product")
        .order_by("product__code")[:3]
    )
    if not lines:
        return
    customers = {c.code: c for c in Customer.objects.filter(code__startswith="C-000")}

    def quote(user: str, code: str, price: str = "market", quantity: str = "10") -> Quote:
        customer = customers[code]
        chosen = [
            {
                "product": line.product_id,
                "quantity": Decimal(quantity),
                "unit_price": getattr(line, price),
            }
            for line in lines[:2]
        ]
        return services.quote_create(
            actor=users[user],
            data={
                "customer": customer.pk,
                "lines": chosen,
                "valid_until": today + timedelta(days=30),
                **TERMS,
            },
        )

    if not {"C-0001", "C-0002", "C-0003", "C-0004"} <= set(customers):
        return
    quote("sales1", "C-0001")  # a draft
    waiting = quote("sales1", "C-0003")
    services.quote_submit(quote=waiting, actor=users["sales1"])
    sent = quote("sales2", "C-0004")
    services.quote_submit(quote=sent, actor=users["sales2"])
    services.quote_decide(quote=sent, actor=users["head"], action="approve", comment="同意")
    services.quote_send(quote=sent, actor=users["sales2"])
    accepted = quote("sales1", "C-0001", quantity="20")
    services.quote_submit(quote=accepted, actor=users["sales1"])
    services.quote_decide(quote=accepted, actor=users["head"], action="approve", comment="同意")
    services.quote_send(quote=accepted, actor=users["sales1"])
    services.quote_accept(quote=accepted, actor=users["sales1"])
    rejected = quote("sales2", "C-0002", price="distributor_min")
    services.quote_submit(quote=rejected, actor=users["sales2"])
    services.quote_decide(
        quote=rejected,
        actor=users["head"],
        action="reject",
        comment="价格低于市场价太多，请先与客户确认采购量后按出厂价重新报价",
    )
