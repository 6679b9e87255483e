"""The collections' sums per salesperson, department and month (sales_collected_month, read by
D1's actuals) are kept by the database's triggers, whoever writes: the collection API, a void,
a bulk insert, a direct update of the date, amount or order, a delete, and an order given to
another salesperson or department. After each write they equal the collections grouped anew."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from factories import department_with_head
from orders_support import collect, signed_order, today

from fieldsales.department.targets import actuals
from fieldsales.sales.orders.models import CollectedMonth, Collection, Order

pytestmark = pytest.mark.django_db


def grouped_anew() -> dict[tuple[int, int, int, int], Decimal]:
    """{(salesperson, department or 0, year, month): Σ non-voided amounts}, from the rows."""
    sums: dict[tuple[int, int, int, int], Decimal] = defaultdict(Decimal)
    for c in Collection.objects.filter(voided_at__isnull=True).select_related("order"):
        key = (c.order.salesperson_id, c.order.department_id or 0, c.date.year, c.date.month)
        sums[key] += c.amount
    return {k: v for k, v in sums.items() if v}


def kept() -> dict[tuple[int, int, int, int], Decimal]:
    rows = CollectedMonth.objects.exclude(cents=0)
    return {(r.salesperson_id, r.department, r.year, r.month): Decimal(r.cents) / 100 for r in rows}


def month_before(day: date) -> date:
    return day.replace(day=1) - timedelta(days=1)


def test_recorded_and_voided_collections_are_counted_and_taken_out(api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    first = collect(api, oid, "4000.10")
    assert first.status_code == 201, first.data
    assert collect(api, oid, "1000.05", reference="B").status_code == 201
    assert kept() == grouped_anew()
    assert sum(kept().values()) == Decimal("5000.15")

    voided = api("finance").post(f"/api/collections/{first.data['id']}/void/", {"reason": "错录"})
    assert voided.status_code == 200, voided.data
    assert kept() == grouped_anew()
    assert sum(kept().values()) == Decimal("1000.05")


def test_direct_writes_bulk_inserts_and_deletes_are_kept(api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    assert collect(api, oid, "300.00").status_code == 201
    one = Collection.objects.get(order_id=oid)

    copies = []
    for amount in ("10.01", "20.02"):
        row = Collection.objects.get(pk=one.pk)
        row.pk, row.amount, row.idempotency_key = None, Decimal(amount), ""
        copies.append(row)
    Collection.objects.bulk_create(copies)
    assert kept() == grouped_anew()

    Collection.objects.filter(pk=one.pk).update(date=month_before(today()))
    assert kept() == grouped_anew()
    Collection.objects.filter(pk=one.pk).update(amount=Decimal("299.99"))
    assert kept() == grouped_anew()
    Collection.objects.filter(pk=copies[0].pk).delete()
    assert kept() == grouped_anew()
    assert sum(kept().values()) == Decimal("299.99") + Decimal("20.02")


def test_an_order_moved_to_another_salesperson_or_department_moves_its_sums(
    api, ready, products, cast
):
    oid = signed_order(api, ready, products)["id"]
    assert collect(api, oid, "500.00").status_code == 201
    before = kept()

    other = department_with_head()
    Order.objects.filter(pk=oid).update(salesperson=cast["sales2"], department=other)
    assert kept() == grouped_anew()
    assert kept() != before
    Order.objects.filter(pk=oid).update(department=None)
    assert kept() == grouped_anew()
    assert set(kept()) == {(cast["sales2"].pk, 0, today().year, today().month)}


def test_the_actuals_read_the_kept_sums(api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    assert collect(api, oid, "123.40").status_code == 201
    order = Order.objects.get(pk=oid)
    found = actuals.collections(year=today().year, people=[cast["sales1"].pk])
    assert found == {(cast["sales1"].pk, order.department_id, today().month): Decimal("123.40")}
    assert actuals.collections(year=today().year, people=[cast["sales2"].pk]) == {}
    assert actuals.collections(year=today().year - 1) == {}
