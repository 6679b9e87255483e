"""`/sales/collections/new/`: finance enters bank slips in a row (S6.1–S6.2 on a desktop page):
the save, the 400 that keeps the typed values, one collection per idempotency key, the
suggestions, the void with a reason, and finance only."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from orders_support import day, signed_order

from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.models import Collection, Order

pytestmark = pytest.mark.django_db

URL = "/sales/collections/new/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def key_of(html: str) -> str:
    found = re.search(r'name="key" value="([^"]+)"', html)
    assert found, "the form carries an idempotency key"
    return found[1]


def slip(order_id, amount="1000.00", key="k-1", **extra):
    return {
        "order": str(order_id),
        "order_text": "",
        "date": day(0),
        "amount": amount,
        "method": "transfer",
        "reference": "BANK-1",
        "key": key,
    } | extra


@pytest.fixture
def finance(client, cast):
    client.force_login(cast["finance"])
    return client


def test_the_page_carries_a_key_today_and_transfer(finance):
    response = finance.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert key_of(html) != key_of(finance.get(URL).content.decode())  # a new key per render
    assert f'name="date" id="id_date" value="{day(0)}"' in html
    assert '<option value="transfer" selected>' in html
    assert "回款登记" in html


def test_s6_1_save_records_the_collection_and_lists_it(finance, api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    response = finance.post(URL, slip(oid, "3000.00"))
    assert response.status_code == 302
    collection = Collection.objects.get(order_id=oid)
    assert collection.amount == Decimal("3000.00")
    assert collection.recorded_by == cast["finance"]
    assert collection.reference == "BANK-1"
    page = finance.get(response["Location"]).content.decode()
    assert f'data-collection="{collection.pk}"' in page
    assert "3,000.00" in page
    # S6.2: the first installment (3000.00) is filled
    assert list(Order.objects.get(pk=oid).installments.values_list("collected", flat=True)) == [
        Decimal("3000.00"),
        Decimal("0.00"),
    ]


def test_htmx_save_answers_a_fresh_form_and_the_running_total(finance, api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    first = finance.post(URL, slip(oid, "1000.00", key="a"), **HTMX)
    second = finance.post(URL, slip(oid, "250.50", key="b", reference="B-2"), **HTMX)
    assert first.status_code == second.status_code == 200
    html = second.content.decode()
    assert "<html" not in html  # the partial only
    assert key_of(html) not in ("a", "b")
    assert "data-entered-total>¥1,250.50<" in html
    assert 'name="amount" id="id_amount" value=""' in html
    assert selectors.collected_total(oid) == Decimal("1250.50")


def test_s6_1_more_than_outstanding_is_400_keeping_the_typed_values(finance, api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    response = finance.post(URL, slip(oid, "9500.01", reference="SLIP-77", key="over"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "超过订单未回款金额" in html
    assert 'id="err-amount"' in html  # next to the amount field
    assert 'value="9500.01"' in html and 'value="SLIP-77"' in html
    assert f'name="order" value="{oid}"' in html
    assert key_of(html) == "over"  # nothing recorded: the same key may be used again
    assert not Collection.objects.filter(order_id=oid).exists()
    htmx = finance.post(URL, slip(oid, "9500.01", key="over"), **HTMX)
    assert htmx.status_code == 400 and 'id="err-amount"' in htmx.content.decode()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "abc"}, "amount"),
        ({"amount": "1e99"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "1.001"}, "amount"),
        ({"date": "2026-13-01"}, "date"),
        ({"date": day(1)}, "date"),
        ({"method": "cheque"}, "method"),
        ({"reference": "x" * 61}, "reference"),
        ({"order": "", "order_text": "nothing"}, "order"),
        ({"order": "999999"}, "order"),
        ({"order": "9" * 30}, "order"),
        ({"order": "", "order_text": "SO-2026-" + "9" * 6}, "order"),
    ],
)
def test_bad_input_is_400_next_to_its_field(finance, api, ready, products, change, field):
    oid = signed_order(api, ready, products)["id"]
    response = finance.post(URL, slip(oid) | change)
    assert response.status_code == 400
    assert f'id="err-{field}"' in response.content.decode()
    assert not Collection.objects.exists()


def test_an_order_not_yet_signed_is_refused_at_the_order_field(finance, api, ready, products):
    from orders_support import approved_order

    oid = approved_order(api, ready, products)["id"]
    response = finance.post(URL, slip(oid))
    assert response.status_code == 400
    assert 'id="err-order"' in response.content.decode()


def test_the_same_key_twice_records_one_collection(finance, api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    finance.post(URL, slip(oid, "500.00", key="double-enter"), **HTMX)
    again = finance.post(URL, slip(oid, "500.00", key="double-enter"), **HTMX)
    assert again.status_code == 200
    assert "重复提交已忽略" in again.content.decode()
    finance.post(URL, slip(oid, "500.00", key="double-enter"))
    assert Collection.objects.filter(order_id=oid).count() == 1
    assert selectors.collected_total(oid) == Decimal("500.00")


def test_a_full_number_typed_without_picking_is_enough(finance, api, ready, products):
    order = signed_order(api, ready, products)
    response = finance.post(URL, slip("", order_text=order["number"]))
    assert response.status_code == 302
    assert Collection.objects.filter(order_id=order["id"]).count() == 1


def test_suggestions_by_number_part_and_customer_with_the_next_installment(
    finance, api, ready, products
):
    order = signed_order(api, ready, products)
    finance.post(URL, slip(order["id"], "1000.00"))
    url = URL + "orders/"
    seq = order["number"].rsplit("-", 1)[1]
    for q in (order["number"], seq, str(int(seq)), "订单测试光伏", order["number"].lower()):
        html = finance.get(url, {"order_text": q}).content.decode()
        assert f'data-order="{order["id"]}"' in html, q
    html = finance.get(url, {"order_text": order["number"]}).content.decode()
    assert "预付款" in html
    assert 'data-amount="2000.00"' in html  # the rest of the first installment
    assert "8,500.00" in html  # outstanding
    assert 'data-order="' not in finance.get(url, {"order_text": "无此客户"}).content.decode()


def test_suggestions_leave_out_orders_fully_collected_or_not_signed(finance, api, ready, products):
    from orders_support import approved_order

    unsigned = approved_order(api, ready, products)
    paid = signed_order(api, ready, products)
    finance.post(URL, slip(paid["id"], "9500.00"))
    html = finance.get(URL + "orders/", {"order_text": "订单测试"}).content.decode()
    assert f'data-order="{unsigned["id"]}"' not in html
    assert f'data-order="{paid["id"]}"' not in html


def test_suggestion_queries_do_not_grow_with_the_orders(finance, api, ready, products):
    signed_order(api, ready, products)
    with CaptureQueriesContext(connection) as one:
        finance.get(URL + "orders/", {"order_text": "订单测试"})
    for _ in range(3):
        signed_order(api, ready, products)
    with CaptureQueriesContext(connection) as four:
        finance.get(URL + "orders/", {"order_text": "订单测试"})
    assert len(four) == len(one)


def test_the_running_table_is_todays_entries_of_this_clerk(finance, api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    api("finance").post(
        f"/api/orders/{oid}/collections/",
        {"date": day(0), "amount": "100.00", "method": "cash"},
        format="json",
    )
    finance.post(URL, slip(oid, "200.00", key="x"))
    mine = Collection.objects.get(amount=Decimal("200.00"))
    Collection.objects.filter(amount=Decimal("100.00")).update(recorded_by=cast["gm"])
    html = finance.get(URL).content.decode()
    assert f'data-collection="{mine.pk}"' in html
    assert html.count("data-collection=") == 1


def test_void_needs_a_reason_then_the_total_drops(finance, api, ready, products):
    oid = signed_order(api, ready, products)["id"]
    finance.post(URL, slip(oid, "700.00", key="v"))
    collection = Collection.objects.get(order_id=oid)
    void_url = f"/sales/collections/{collection.pk}/void/"
    assert void_url in finance.get(URL).content.decode()
    assert finance.get(void_url).status_code == 200
    refused = finance.post(void_url, {"reason": "  "})
    assert refused.status_code == 400 and 'id="err-reason"' in refused.content.decode()
    assert finance.post(void_url, {"reason": "错录金额"}).status_code == 302
    collection.refresh_from_db()
    assert collection.voided_at is not None and collection.void_reason == "错录金额"
    assert selectors.collected_total(oid) == Decimal("0.00")
    assert finance.post(void_url, {"reason": "again"}).status_code == 302  # already void
    assert finance.get("/sales/collections/999999/void/").status_code == 404


@pytest.mark.parametrize("who", ["sales1", "head", "gm", "admin", "tech"])
def test_only_finance_may_use_the_page(client, api, ready, products, cast, who):
    oid = signed_order(api, ready, products)["id"]
    client.force_login(cast[who])
    assert client.get(URL).status_code == 403
    assert client.post(URL, slip(oid)).status_code == 403
    assert client.get(URL + "orders/", {"order_text": "SO"}).status_code == 403
    finance = Collection.objects.create(
        order_id=oid,
        date=Order.objects.get(pk=oid).signed_on,
        amount=1,
        method="cash",
        recorded_by=cast["finance"],
    )
    assert client.post(f"/sales/collections/{finance.pk}/void/", {"reason": "x"}).status_code == 403
    assert not Collection.objects.filter(voided_at__isnull=False).exists()
    assert "/sales/collections/new/" not in client.get("/sales/orders/").content.decode()


def test_signed_out_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_finance_reaches_the_page_from_the_tabs_the_orders_list_and_receivables(finance):
    for url in ("/sales/orders/", "/sales/receivables/"):
        html = finance.get(url).content.decode()
        assert html.count('href="/sales/collections/new/"') >= 2, url  # tab and button
