"""Issue 15 item 2: the receivables figures are computed in the database; they match a hand
computation (partly paid, tied due dates, one order in each aging bucket, a voided and a later
collection) and the page and API cost the same queries whatever the number of orders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CustomerFactory
from orders_support import today
from rate_support import make_order, pay

from fieldsales.sales.orders import selectors

pytestmark = pytest.mark.django_db


def ago(days: int):
    return today() - timedelta(days=days)


@pytest.fixture
def orders(cast):
    customer = CustomerFactory(actor=cast["sales1"], name="应收计算公司")
    signed = ago(300)
    finance = cast["finance"]
    # 1500 fills the first installment and half the second (oldest due first).
    spread = make_order(
        cast["sales1"],
        customer,
        signed_on=signed,
        installments=[
            ("1000.00", ago(100)),
            ("1000.00", ago(70)),
            ("1000.00", ago(40)),
            ("1000.00", ago(10)),
            ("1000.00", ago(-20)),
        ],
    )
    pay(spread, "1500.00", ago(50), finance)
    pay(spread, "999.00", ago(50), finance, voided=True)
    unpaid = make_order(
        cast["sales1"], customer, signed_on=signed, installments=[("2000.00", ago(120))]
    )
    settled = make_order(
        cast["sales1"], customer, signed_on=signed, installments=[("1000.00", ago(5))]
    )
    pay(settled, "1000.00", ago(3), finance)
    tied = make_order(
        cast["sales1"],
        customer,
        signed_on=signed,
        installments=[("600.00", ago(15)), ("400.00", ago(15)), ("0.10", ago(15))],
    )
    pay(tied, "700.05", ago(1), finance)
    pay(tied, "300.00", today(), finance)  # after `on` below: not counted
    return {"spread": spread, "unpaid": unpaid, "settled": settled, "tied": tied}


def _row(rows, order):
    return next(r for r in rows if r["order"].pk == order.pk)


def test_receivables_match_a_hand_computation(cast, orders):
    on = ago(1)
    rows = selectors.receivables(user=cast["finance"], on=on)
    d = selectors.Decimal
    spread = _row(rows, orders["spread"])
    # open: 500 of the 69-day one, 1000 of the 39-day one, 1000 of the 9-day one
    assert spread["due"] == d("4000.00") and spread["collected"] == d("1500.00")
    assert spread["outstanding"] == d("3500.00") and spread["overdue"] == d("2500.00")
    assert spread["buckets"] == {
        "1-30": d("1000.00"),
        "31-60": d("1000.00"),
        "61-90": d("500.00"),
        ">90": d("0.00"),
    }
    assert (spread["days_past_due"], spread["aging"]) == (69, "61-90")
    unpaid = _row(rows, orders["unpaid"])
    assert unpaid["overdue"] == unpaid["buckets"][">90"] == d("2000.00")
    assert (unpaid["days_past_due"], unpaid["aging"]) == (119, ">90")
    settled = _row(rows, orders["settled"])
    assert settled["overdue"] == d("0.00") and settled["outstanding"] == d("0.00")
    assert (settled["days_past_due"], settled["aging"]) == (0, None)
    tied = _row(rows, orders["tied"])
    assert tied["collected"] == d("700.05") and tied["overdue"] == d("300.05")
    assert tied["buckets"]["1-30"] == d("300.05")
    assert (tied["days_past_due"], tied["aging"]) == (14, "1-30")
    totals = selectors.receivables_totals(user=cast["finance"], on=on)
    assert totals["overdue"] == sum((r["overdue"] for r in rows), d("0.00")) == d("4800.05")
    assert totals["outstanding"] == sum((r["outstanding"] for r in rows), d("0.00"))
    assert totals["buckets"] == {
        "1-30": d("1300.05"),
        "31-60": d("1000.00"),
        "61-90": d("500.00"),
        ">90": d("2000.00"),
    }


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_receivables_queries_do_not_grow_with_the_orders(client, cast, orders):
    client.force_login(cast["finance"])
    urls = ("/sales/receivables/", "/api/receivables/", "/sales/receivables/export/")
    before = [_queries(client, url) for url in urls]
    customer = CustomerFactory(actor=cast["sales2"], name="应收计算二公司")
    for n in range(6):
        order = make_order(
            cast["sales2"],
            customer,
            signed_on=ago(200),
            installments=[("100.00", ago(n * 20)), ("50.00", ago(-10))],
        )
        pay(order, "30.00", ago(1), cast["finance"])
    assert [_queries(client, url) for url in urls] == before


def test_the_receivables_api_pages_in_the_database_and_totals_every_page(api, cast, orders):
    """api.md: lists are paginated. A page holds 25 orders; `totals` are those of every order
    the user sees, on every page; the pages together hold each order once."""
    customer = CustomerFactory(actor=cast["sales2"], name="应收分页公司")
    for n in range(26):
        make_order(cast["sales2"], customer, signed_on=ago(200), installments=[("10.00", ago(n))])
    first = api("finance").get("/api/receivables/").data
    count = first["count"]
    assert count >= 30 and len(first["results"]) == 25 and first["previous"] is None
    assert list(first) == ["on", "count", "next", "previous", "results", "totals"]
    second = api("finance").get(first["next"]).data
    third = api("finance").get(second["next"]).data if second["next"] else {"results": []}
    numbers = [r["number"] for page in (first, second, third) for r in page["results"]]
    assert len(numbers) == len(set(numbers)) == count
    assert second["totals"] == first["totals"]
    every = selectors.receivables(user=cast["finance"], on=today())
    assert first["totals"]["outstanding"] == str(
        sum((r["outstanding"] for r in every), selectors.Decimal("0.00"))
    )
    assert api("finance").get("/api/receivables/?page=999").status_code == 404


def test_every_receivable_figure_is_money_to_the_cent(cast, orders):
    """No float residue (SQLite computes an expression's decimal through a float)."""
    for row in selectors.receivables(user=cast["finance"], on=today()):
        figures = [row[k] for k in ("due", "collected", "outstanding", "overdue")]
        for value in [*figures, *row["buckets"].values()]:
            assert (
                isinstance(value, selectors.Decimal)
                and value == value.quantize(selectors.Decimal("0.01"))
                and value.as_tuple().exponent == -2
            ), (row["order"].number, value)


@pytest.mark.parametrize("role", ["tech", "buyer"])
def test_a_user_who_sees_no_order_gets_empty_receivables_not_a_500(api, cast, orders, role):
    body = api(role).get("/api/receivables/")
    assert body.status_code == 200
    assert body.data["count"] == 0 and body.data["results"] == []
    assert body.data["totals"]["outstanding"] == "0.00"
    assert set(body.data["totals"]["buckets"].values()) == {"0.00"}
