"""The orders block of a customer's and an opportunity's page (S5.3: the signed order shows
where the customer is read), registered by orders/entries.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from fieldsales.crm.customers.related import CUSTOMER
from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.models import SIGNED_OR_LATER

SHOWN = 10


def context_for(page: str) -> Any:
    def context(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
        from fieldsales.sales.orders.entries import _uses_orders

        user = request.user
        if not _uses_orders(user):
            return None
        orders = selectors.visible_orders(user=user).select_related("customer", "salesperson")
        orders = orders.filter(customer=obj) if page == CUSTOMER else orders.filter(opportunity=obj)
        rows = list(orders.order_by("-created_at", "-pk")[:SHOWN])
        return {
            "orders": rows,
            "signed": SIGNED_OR_LATER,
            "list_url": reverse("sales:order_list"),
        }

    return context
