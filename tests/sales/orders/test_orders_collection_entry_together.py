"""The entry page's double Enter arriving at once (two requests, one form's key): the order row
is locked, so the second finds the first's key and one collection is recorded."""

from __future__ import annotations

import pytest
from django.test import Client
from helpers import run_together
from orders_support import day, signed_order

from fieldsales.sales.orders.models import Collection

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_double_enter_at_once_records_one_collection(api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    body = {
        "order": str(oid),
        "date": day(0),
        "amount": "9500.00",
        "method": "transfer",
        "reference": "SLIP",
        "key": "entry-same-form",
    }

    def post():
        client = Client()
        client.force_login(cast["finance"])
        return client.post("/sales/collections/new/", body, HTTP_HX_REQUEST="true")

    codes = [r.status_code for r in run_together([post, post])]
    assert codes == [200, 200]
    assert Collection.objects.filter(order_id=oid).count() == 1
