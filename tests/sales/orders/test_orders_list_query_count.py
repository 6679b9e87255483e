"""The order list reads a page in a fixed number of queries, however many orders (with their
lines, installments, deliveries and collections) it holds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CustomerFactory
from orders_support import collect, day, signed_order

from fieldsales.crm.customers.models import Customer

pytestmark = pytest.mark.django_db


def make_orders(api, cast, ready, products, n: int) -> None:
    """`n` signed orders, each for a new customer with a credit limit, partly delivered and
    partly collected (one collection voided)."""
    for _ in range(n):
        customer = CustomerFactory(actor=cast["sales1"])
        Customer.objects.filter(pk=customer.pk).update(credit_limit=Decimal("100000.00"))
        order = signed_order(api, ready | {"customer": customer}, products)
        body = {"date": day(0), "lines": [{"product": products["module"].pk, "quantity": "4"}]}
        delivered = api("sales1").post(
            f"/api/orders/{order['id']}/deliveries/", body, format="json"
        )
        assert delivered.status_code == 201, delivered.data
        assert collect(api, order["id"], "1000.00").status_code == 201
        mistaken = collect(api, order["id"], "50.00", reference="x")
        assert mistaken.status_code == 201
        voided = api("finance").post(
            f"/api/collections/{mistaken.data['id']}/void/", {"reason": "录错"}, format="json"
        )
        assert voided.status_code == 200, voided.data


def list_queries(api) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = api("gm").get("/api/orders/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.data


def test_order_list_queries_do_not_grow_with_orders(api, cast, ready, products):
    make_orders(api, cast, ready, products, 2)
    list_queries(api)  # warm up: what a user's first request caches is not data
    few, _ = list_queries(api)
    make_orders(api, cast, ready, products, 4)
    many, data = list_queries(api)
    assert data["count"] == 6
    assert all(len(o["collections"]) == 2 and o["collected"] == "1000.00" for o in data["results"])
    assert all(o["lines"][0]["delivered"] == "4.000" for o in data["results"])
    assert many == few


def test_order_list_shows_each_order_as_its_own_page_does(api, cast, ready, products):
    make_orders(api, cast, ready, products, 2)
    listed = api("gm").get("/api/orders/").data["results"]
    for order in listed:
        assert api("gm").get(f"/api/orders/{order['id']}/").data == order
