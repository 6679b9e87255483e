"""S5 and S6 through the API alone: order, review, sign, deliver, collect, complete."""

from __future__ import annotations

import pytest
from orders_support import FULL_CHECKLIST, collect, day, new_order, scan

pytestmark = pytest.mark.django_db


def test_order_from_entry_to_completion(api, ready, products):
    # Given sales1 enters an order directly, priced on the list in force
    order = new_order(api, ready, products)
    assert order["number"].startswith("SO-")
    assert order["status"] == "draft"
    assert order["total"] == "9500.00"
    assert order["lines"][0]["quantity"] == "10.000"
    assert order["lines"][0]["floor"] == "900.00"
    assert [i["amount"] for i in order["installments"]] == ["3000.00", "6500.00"]
    assert order["outstanding"] == "9500.00"
    oid = order["id"]

    # When it is submitted the department manager reviews it (not major: no GM)
    submitted = api("sales1").post(f"/api/orders/{oid}/submit/").data
    assert submitted["status"] == "submitted"
    assert [s["role"] for s in submitted["chain"]] == ["dept_manager"]
    inbox = api("head").get("/api/approvals/inbox/").data["results"]
    assert ("order", oid) in [(row["kind"], row["id"]) for row in inbox]
    approved = api("head").post(
        f"/api/orders/{oid}/approve/", {"checklist": FULL_CHECKLIST}, format="json"
    )
    assert approved.status_code == 200, approved.data
    assert approved.data["status"] == "approved"
    assert approved.data["approvals"][0]["decision"] == "approve"
    assert approved.data["reviews"][0]["checklist"] == list(FULL_CHECKLIST)

    # And sales1 signs it with the scan
    signed = api("sales1").post(
        f"/api/orders/{oid}/sign/", {"signed_on": day(0), "scan": scan()}, format="multipart"
    )
    assert signed.status_code == 200, signed.data
    assert signed.data["status"] == "signed"
    assert signed.data["scan"] is True
    assert signed.data["signed_on"] == day(0)

    # And goods go out in two deliveries
    module = products["module"].pk
    part = api("sales1").post(
        f"/api/orders/{oid}/deliveries/",
        {"date": day(0), "lines": [{"product": module, "quantity": "4"}]},
        format="json",
    )
    assert part.status_code == 201, part.data
    assert part.data["status"] == "partly_delivered"
    rest = api("sales1").post(
        f"/api/orders/{oid}/deliveries/",
        {"date": day(0), "lines": [{"product": module, "quantity": "6.000"}]},
        format="json",
    )
    assert rest.data["status"] == "delivered"
    assert rest.data["lines"][0]["delivered"] == "10.000"

    # Then finance collects everything and the order is completed
    first = collect(api, oid, "3000.00", reference="HD001")
    assert first.status_code == 201, first.data
    assert collect(api, oid, "6500.00", reference="HD002").status_code == 201
    done = api("sales1").get(f"/api/orders/{oid}/").data
    assert done["status"] == "completed"
    assert done["outstanding"] == "0.00"
    assert [i["collected"] for i in done["installments"]] == ["3000.00", "6500.00"]
    listed = api("finance").get(f"/api/orders/{oid}/collections/").data
    assert [c["amount"] for c in listed] == ["3000.00", "6500.00"]


def test_a_rejected_order_goes_back_to_the_author_and_is_resubmitted(api, ready, products):
    oid = new_order(api, ready, products)["id"]
    api("sales1").post(f"/api/orders/{oid}/submit/")
    no_comment = api("head").post(f"/api/orders/{oid}/reject/", {}, format="json")
    assert no_comment.status_code == 400
    rejected = api("head").post(f"/api/orders/{oid}/reject/", {"comment": "付款条件不清"})
    assert rejected.data["status"] == "rejected"
    inbox = api("sales1").get("/api/approvals/inbox/").data["results"]
    assert ("order", oid) in [(row["kind"], row["id"]) for row in inbox]
    edited = api("sales1").patch(
        f"/api/orders/{oid}/",
        {"installments": [{"label": "全款", "amount": "9500.00", "due": day(30)}]},
        format="json",
    )
    assert edited.status_code == 200, edited.data
    assert api("sales1").post(f"/api/orders/{oid}/submit/").data["status"] == "submitted"


def test_nobody_approves_their_own_order(api, ready, products):
    order = new_order(api, ready, products, user="head")
    submitted = api("head").post(f"/api/orders/{order['id']}/submit/").data
    assert [s["role"] for s in submitted["chain"]] == ["gm"]
    own = api("head").post(
        f"/api/orders/{order['id']}/approve/", {"checklist": FULL_CHECKLIST}, format="json"
    )
    assert own.status_code == 403
