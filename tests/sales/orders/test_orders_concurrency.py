"""Two finance clicks at once on the same order: the order row is locked, so the outstanding
amount is checked once per collection and never overdrawn."""

from __future__ import annotations

import pytest
from helpers import client_for, run_together
from orders_support import day, signed_order

from fieldsales.sales.orders.models import Collection

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_collections_at_once_never_overdraw_the_order(api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    finance = cast["finance"]

    def post(reference):
        body = {"date": day(0), "amount": "9500.00", "method": "transfer", "reference": reference}
        return client_for(finance).post(f"/api/orders/{oid}/collections/", body, format="json")

    codes = sorted(r.status_code for r in run_together([lambda: post("A"), lambda: post("B")]))
    assert codes == [201, 400]
    assert Collection.objects.filter(order_id=oid).count() == 1


def test_a_double_click_records_one_collection(api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    finance = cast["finance"]

    def post():
        body = {"date": day(0), "amount": "100.00", "method": "cash", "reference": ""}
        return client_for(finance).post(f"/api/orders/{oid}/collections/", body, format="json")

    codes = sorted(r.status_code for r in run_together([post, post]))
    assert codes == [201, 409]
    assert Collection.objects.filter(order_id=oid).count() == 1
