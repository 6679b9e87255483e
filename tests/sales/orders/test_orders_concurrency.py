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


def test_four_collections_at_once_leave_exactly_the_right_outstanding(api, ready, products, cast):
    """9,500.00 owed, four clerks record 3,000.00 each at the same moment: three go in, the
    fourth is above what is then outstanding (400), and 500.00 is left, to the fen."""
    oid = signed_order(api, ready, products)["id"]
    finance = cast["finance"]

    def post(reference):
        body = {"date": day(0), "amount": "3000.00", "method": "transfer", "reference": reference}
        return lambda: client_for(finance).post(
            f"/api/orders/{oid}/collections/", body, format="json"
        )

    codes = sorted(r.status_code for r in run_together([post(f"HD-{n}") for n in range(4)]))
    assert codes == [201, 201, 201, 400]
    assert api("finance").get(f"/api/orders/{oid}/").data["outstanding"] == "500.00"
    assert Collection.objects.filter(order_id=oid).count() == 3
