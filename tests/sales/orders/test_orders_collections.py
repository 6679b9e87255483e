"""S6: collections, voids, the oldest-first fill, receivables and aging, the collection rate,
double clicks."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from orders_support import collect, day, new_order, signed_order, today

from fieldsales.core.models import AuditEvent
from fieldsales.sales.orders import selectors, services
from fieldsales.sales.orders.models import Collection, Order

pytestmark = pytest.mark.django_db


def installments(api, oid, user="sales1"):
    return [
        (i["collected"], i["outstanding"])
        for i in api(user).get(f"/api/orders/{oid}/").data["installments"]
    ]


def test_only_finance_records_and_only_on_a_signed_order(api, ready, products):
    draft = new_order(api, ready, products)["id"]
    assert collect(api, draft, "100.00").status_code == 409
    oid = signed_order(api, ready, products)["id"]
    body = {"date": day(0), "amount": "100.00", "method": "transfer"}
    assert api("sales1").post(f"/api/orders/{oid}/collections/", body).status_code == 403


def test_more_than_the_outstanding_amount_is_400(api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    assert collect(api, oid, "9000.00").status_code == 201
    over = collect(api, oid, "500.01", reference="B")
    assert over.status_code == 400
    assert "amount" in over.data
    assert collect(api, oid, "500.00", reference="C").status_code == 201


def test_bad_collection_fields_are_400_naming_them(api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    assert "method" in collect(api, oid, "1.00", method="cheque").data
    assert "amount" in collect(api, oid, "-1.00").data
    assert "amount" in collect(api, oid, 12).data
    assert "date" in collect(api, oid, "1.00", on=day(1)).data
    assert "date" in collect(api, oid, "1.00", on="2026-13-01").data


def test_collections_fill_installments_oldest_due_first(api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    first = collect(api, oid, "4000.00")
    assert installments(api, oid) == [("3000.00", "0.00"), ("1000.00", "5500.00")]
    # Voided: nothing collected any more, the fill is recomputed
    voided = api("finance").post(f"/api/collections/{first.data['id']}/void/", {"reason": "错录"})
    assert voided.status_code == 200, voided.data
    assert voided.data["voided"] is True
    assert installments(api, oid) == [("0.00", "3000.00"), ("0.00", "6500.00")]
    collect(api, oid, "2000.00", reference="2")
    assert installments(api, oid) == [("2000.00", "1000.00"), ("0.00", "6500.00")]
    assert api("sales1").get(f"/api/orders/{oid}/").data["outstanding"] == "7500.00"
    # Nothing is deleted: the voided one stays, with its reason, and an audit row
    assert Collection.objects.filter(order_id=oid).count() == 2
    assert AuditEvent.objects.filter(action="void_collection", comment="错录").exists()


def test_void_needs_finance_a_reason_and_happens_once(api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    cid = collect(api, oid, "100.00").data["id"]
    assert api("sales1").post(f"/api/collections/{cid}/void/", {"reason": "x"}).status_code == 403
    assert api("finance").post(f"/api/collections/{cid}/void/", {}).status_code == 400
    services.collection_void(
        collection=Collection.objects.get(pk=cid), actor=cast["finance"], reason="重复"
    )
    assert api("finance").post(f"/api/collections/{cid}/void/", {"reason": "x"}).status_code == 409


def test_voiding_reopens_a_completed_order(api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    api("sales1").post(
        f"/api/orders/{oid}/deliveries/",
        {"date": day(0), "lines": [{"product": products["module"].pk, "quantity": "10"}]},
        format="json",
    )
    collection, created = services.collection_record(
        order=Order.objects.get(pk=oid),
        actor=cast["finance"],
        day=today(),
        amount=Decimal("9500.00"),
        method="acceptance_bill",
        reference="承兑001",
    )
    assert created and Order.objects.get(pk=oid).status == "completed"
    api("finance").post(f"/api/collections/{collection.pk}/void/", {"reason": "退票"})
    assert Order.objects.get(pk=oid).status == "delivered"


def test_an_identical_collection_right_after_is_a_double_click(api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    assert collect(api, oid, "100.00", reference="R1").status_code == 201
    assert collect(api, oid, "100.00", reference="R1").status_code == 409
    assert Collection.objects.filter(order_id=oid).count() == 1


def test_an_idempotency_key_answers_the_first_collection(api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    body = {"date": day(0), "amount": "100.00", "method": "cash"}
    url = f"/api/orders/{oid}/collections/"
    first = api("finance").post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api("finance").post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.data["id"] == again.data["id"]
    assert Collection.objects.filter(order_id=oid).count() == 1


# ---------------------------------------------------------------- receivables and aging


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, None),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, ">90"),
    ],
)
def test_aging_buckets(api, ready, products, days, bucket):
    oid = signed_order(api, ready, products)["id"]
    collect(api, oid, "1000.00")
    due = today() + timedelta(days=10)  # the first installment (3000.00)
    on = (due + timedelta(days=days)).isoformat()
    rows = api("finance").get(f"/api/receivables/?on={on}").data["results"]
    row = next(r for r in rows if r["order"] == oid)
    assert row["aging"] == bucket
    assert row["collected"] == "1000.00"
    assert row["outstanding"] == "8500.00"
    if bucket is None:
        assert row["overdue"] == "0.00"
        assert row["due"] == "3000.00"
    elif days < 30:
        assert row["overdue"] == "2000.00"
    assert selectors.bucket_of(days) == bucket


def test_receivables_per_salesperson_and_visibility(api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    mine = api("sales1").get("/api/receivables/").data["results"]
    assert [r["order"] for r in mine] == [oid]
    assert api("sales2").get("/api/receivables/").data["results"] == []
    by_name = api("gm").get("/api/receivables/?salesperson=sales2").data["results"]
    assert by_name == []
    by_id = api("gm").get(f"/api/receivables/?salesperson={cast['sales1'].pk}").data["results"]
    assert [r["order"] for r in by_id] == [oid]
    assert api("gm").get("/api/receivables/?salesperson=nobody").status_code == 400
    assert api("gm").get("/api/receivables/?on=yesterday").status_code == 400


# ---------------------------------------------------------------- the collection rate (S6.3)


def test_collection_rate_for_a_period(api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]  # 3000.00 due in 10 days, 6500.00 in 40
    collect(api, oid, "1875.00")
    url = f"/api/collection-rate/?from={day(0)}&to={day(20)}"
    assert api("gm").get(url).data | {} == {
        "from": day(0),
        "to": day(20),
        "due": "3000.00",
        "collected": "1875.00",
        "rate": "62.5",
        "rate_display": "62.5%",
    }
    whole = api("gm").get(f"/api/collection-rate/?from={day(0)}&to={day(40)}").data
    assert (whole["due"], whole["rate"]) == ("9500.00", "19.7")
    department = cast["sales1"].employee.department_id
    assert api("head").get(f"{url}&department={department}").data["rate"] == "62.5"
    assert api("gm").get(f"{url}&salesperson=sales1").data["rate"] == "62.5"


def test_collection_rate_is_a_dash_when_nothing_fell_due(api, ready, products):
    signed_order(api, ready, products)
    response = api("gm").get(f"/api/collection-rate/?from={day(100)}&to={day(200)}")
    assert response.data["due"] == "0.00"
    assert response.data["rate"] is None
    assert response.data["rate_display"] == "—"
    assert api("gm").get(f"/api/collection-rate/?from={day(0)}").status_code == 400
    reverse = api("gm").get(f"/api/collection-rate/?from={day(5)}&to={day(0)}")
    assert reverse.status_code == 400
