"""Who sees which order (as trips): the salesperson their own and their customers', the
department's head/manager, GM and finance all, the others 404; 400s, never 500."""

from __future__ import annotations

import pytest
from orders_support import FULL_CHECKLIST, day, new_order, order_body, signed_order

pytestmark = pytest.mark.django_db


def test_visibility_of_an_order(api, ready, products):
    oid = new_order(api, ready, products)["id"]
    for user, code in [
        ("sales1", 200),
        ("head", 200),
        ("gm", 200),
        ("finance", 200),
        ("sales2", 404),
        ("tech", 404),
        ("buyer", 404),
    ]:
        assert api(user).get(f"/api/orders/{oid}/").status_code == code, user
    assert [o["id"] for o in api("sales2").get("/api/orders/").data["results"]] == []
    assert [o["id"] for o in api("head").get("/api/orders/").data["results"]] == [oid]
    assert api("sales2").post(f"/api/orders/{oid}/submit/").status_code == 404


def test_roles_outside_sales_may_not_enter_orders(api, ready, products):
    body = order_body(ready["customer"], products["module"])
    assert api("finance").post("/api/orders/", body, format="json").status_code == 403
    assert api("tech").post("/api/orders/", body, format="json").status_code == 403


def test_wrong_input_is_400_never_500(api, ready, products):
    url = "/api/orders/"
    module = products["module"].pk
    bodies = [
        {},
        {"customer": "x"},
        {"customer": ready["customer"].pk, "lines": "x"},
        {"customer": ready["customer"].pk, "lines": [{"product": module}]},
        {
            "customer": ready["customer"].pk,
            "lines": [{"product": module, "quantity": "-1", "unit_price": "950.00"}],
        },
        {
            "customer": ready["customer"].pk,
            "lines": [{"product": 10**20, "quantity": "1", "unit_price": "950.00"}],
        },
        {
            "customer": ready["customer"].pk,
            "lines": [{"product": module, "quantity": "1", "unit_price": 950}],
        },
        order_body(ready["customer"], products["module"], installments=[{"label": "x"}]),
        order_body(ready["customer"], products["module"], opportunity=999999),
        {"quote": 999999},
        {"quote": "abc"},
    ]
    for body in bodies:
        response = api("sales1").post(url, body, format="json")
        assert response.status_code == 400, (body, response.data)
    oid = signed_order(api, ready, products)["id"]
    odd = [
        (f"/api/orders/{oid}/deliveries/", {"date": "x", "lines": []}),
        (f"/api/orders/{oid}/deliveries/", {"date": day(0), "lines": [{"product": "a"}]}),
        (f"/api/orders/{oid}/collections/", {"date": day(0)}),
        (f"/api/orders/{oid}/sign/", {"signed_on": "x"}),
    ]
    for path, body in odd:
        assert api("finance" if "collect" in path else "sales1").post(
            path, body, format="json"
        ).status_code in (400, 409), path
    approve = api("head").post(f"/api/orders/{oid}/approve/", {"checklist": "x"}, format="json")
    assert approve.status_code == 409  # not waiting for review any more
    assert api("gm").get("/api/orders/?customer=abc&status=" + "x" * 50).status_code == 200
    assert api("gm").get("/api/orders/999999999999999999999/").status_code == 404
    assert (
        api("head")
        .post(f"/api/orders/{oid}/approve/", {"checklist": FULL_CHECKLIST}, format="json")
        .status_code
        == 409
    )
