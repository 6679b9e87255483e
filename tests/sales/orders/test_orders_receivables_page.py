"""The receivables page (S6.2): per order due, collected, outstanding, overdue and aging from
the same selector as /api/receivables/, filters, bucket totals, the Excel export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fieldsales.demo import sales_orders, sales_quotes
from fieldsales.sales.orders.models import Order

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_order(cast):
    sales_quotes.load(cast)
    sales_orders.load(cast)
    return Order.objects.get()


def get(client, user, url="/sales/receivables/", **params):
    client.force_login(user)
    return client.get(url, params)


def test_finance_sees_the_overdue_order_and_bucket_totals(client, cast, api, demo_order):
    response = get(client, cast["finance"])
    html = response.content.decode()
    assert response.status_code == 200
    assert demo_order.number in html
    row = response.context["rows"][0]
    api_row = api("finance").get("/api/receivables/").data["results"][0]
    cells = {cell.label: cell.text for cell in row.cells}
    assert cells["账龄"] == "1–30天"
    assert api_row["aging"] == "1-30"
    totals = response.context["totals"]
    assert totals["overdue"] == Decimal(api_row["overdue"]) > 0
    assert totals["buckets"][0]["amount"] == totals["overdue"]
    assert totals["outstanding"] == Decimal(api_row["outstanding"])
    assert 'data-bucket="1-30"' in html


def test_salespeople_see_their_own_and_others_no_page(client, cast, demo_order):
    assert demo_order.number in get(client, cast["sales1"]).content.decode()
    assert demo_order.number not in get(client, cast["sales2"]).content.decode()
    assert get(client, cast["tech"]).status_code == 404
    assert get(client, cast["admin"]).status_code == 404


def test_the_section_shows_in_the_sales_tab(client, cast, demo_order):
    for user in ("head", "gm", "finance", "sales1"):
        assert "/sales/receivables/" in get(client, cast[user], "/sales/orders/").content.decode()


def test_filters_by_salesperson_and_department(client, cast, demo_order):
    finance = cast["finance"]
    mine = get(client, finance, salesperson=cast["sales1"].pk)
    assert demo_order.number in mine.content.decode()
    other = get(client, finance, salesperson=cast["sales2"].pk)
    assert demo_order.number not in other.content.decode()
    assert not other.context["ignored"] and not other.context["rows"]
    unknown = get(client, finance, salesperson=999999)
    assert unknown.context["ignored"] and demo_order.number in unknown.content.decode()
    bad = get(client, finance, salesperson="abc", department="x")
    assert bad.status_code == 200 and demo_order.number in bad.content.decode()
    if demo_order.department_id:
        dept = get(client, finance, department=demo_order.department_id)
        assert demo_order.number in dept.content.decode()


def test_excel_export_has_the_page_columns(client, cast, demo_order):
    response = get(client, cast["head"], "/sales/receivables/export/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[0] == "订单号" and "账龄" in header and "逾期金额" in header
    assert sheet.cell(2, 1).value == demo_order.number
    assert sheet.cell(2, header.index("合同金额") + 1).value == demo_order.total
    assert sheet.max_row == 2
    assert get(client, cast["tech"], "/sales/receivables/export/").status_code == 404
