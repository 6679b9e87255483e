"""The orders list: mine or all I may see, by status, by number or customer, paged in the
database with a query count that does not grow with the orders."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from orders_support import new_order

from fieldsales.sales.orders.models import Order

pytestmark = pytest.mark.django_db


def numbers(response) -> list[str]:
    html = response.content.decode()
    return sorted(o.number for o in Order.objects.all() if f'data-order="{o.number}"' in html)


def test_scope_status_and_search(api, client, cast, ready, products):
    first = new_order(api, ready, products)
    second = new_order(api, ready, products)
    api("sales1").post(f"/api/orders/{second['id']}/submit/")
    client.force_login(cast["head"])
    assert numbers(client.get("/sales/orders/")) == []  # head's own: none
    both = sorted([first["number"], second["number"]])
    assert numbers(client.get("/sales/orders/?scope=visible")) == both
    submitted = client.get("/sales/orders/?scope=visible&status=submitted")
    assert numbers(submitted) == [second["number"]]
    assert numbers(client.get(f"/sales/orders/?scope=visible&q={first['number']}")) == [
        first["number"]
    ]
    by_customer = client.get("/sales/orders/?scope=visible&q=订单测试光伏")
    assert numbers(by_customer) == both
    assert client.get("/sales/orders/?scope=visible&status=nonsense&page=x").status_code == 200
    client.force_login(cast["sales2"])
    assert numbers(client.get("/sales/orders/?scope=visible")) == []


def test_pages_of_twenty_with_a_flat_query_count(api, client, cast, ready, products):
    new_order(api, ready, products)
    client.force_login(cast["sales1"])
    with CaptureQueriesContext(connection) as few:
        client.get("/sales/orders/")
    for _ in range(21):
        new_order(api, ready, products)
    with CaptureQueriesContext(connection) as many:
        page_one = client.get("/sales/orders/")
    assert len(many) == len(few)
    assert len(numbers(page_one)) == 20
    assert len(numbers(client.get("/sales/orders/?page=2"))) == 2
