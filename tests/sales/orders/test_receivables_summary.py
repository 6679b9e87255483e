"""Issue 12 item 6 (S6.2 "per person and department with aging"): the receivables page and its
Excel export sum the orders per salesperson and per department, each aging bucket apart."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CustomerFactory
from openpyxl import load_workbook
from orders_support import today
from rate_support import make_order, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(cast):
    """sales1: 1000 overdue 10 days (700 of it collected) and 2000 overdue 45 days; sales2:
    4000 overdue 100 days and 500 not yet due."""
    now = today()
    one = CustomerFactory(actor=cast["sales1"], name="账龄测试一公司")
    two = CustomerFactory(actor=cast["sales2"], name="账龄测试二公司")
    signed = now - timedelta(days=200)
    a = make_order(
        cast["sales1"], one, signed_on=signed, installments=[("1000.00", now - timedelta(10))]
    )
    pay(a, "700.00", now - timedelta(5), cast["finance"])
    make_order(
        cast["sales1"], one, signed_on=signed, installments=[("2000.00", now - timedelta(45))]
    )
    make_order(
        cast["sales2"],
        two,
        signed_on=signed,
        installments=[("4000.00", now - timedelta(100)), ("500.00", now + timedelta(5))],
    )


def lines(response) -> list[tuple[str, ...]]:
    return [tuple(cell.text for cell in row.cells[1:]) for row in response.context["summary"]]


def test_the_head_sees_each_person_and_the_department_subtotal(client, cast, overdue):
    client.force_login(cast["head"])
    response = client.get("/sales/receivables/")
    # 销售员, 未回款, 逾期金额, 1–30, 31–60, 61–90, >90
    assert sorted(lines(response)) == sorted(
        [
            ("张伟", "¥2,300.00", "¥2,300.00", "¥300.00", "¥2,000.00", "¥0.00", "¥0.00"),
            (
                cast["sales2"].get_full_name() or "",
                "¥4,500.00",
                "¥4,000.00",
                "¥0.00",
                "¥0.00",
                "¥0.00",
                "¥4,000.00",
            ),
            ("部门合计", "¥6,800.00", "¥6,300.00", "¥300.00", "¥2,000.00", "¥0.00", "¥4,000.00"),
        ]
    )
    assert [row.obj["kind"] for row in response.context["summary"]][-1] == "department"
    assert "data-receivable-summary" in response.content.decode()


def test_a_salesperson_sums_only_their_own(client, cast, overdue):
    client.force_login(cast["sales1"])
    rows = lines(client.get("/sales/receivables/"))
    assert rows == [
        ("张伟", "¥2,300.00", "¥2,300.00", "¥300.00", "¥2,000.00", "¥0.00", "¥0.00"),
        ("部门合计", "¥2,300.00", "¥2,300.00", "¥300.00", "¥2,000.00", "¥0.00", "¥0.00"),
    ]


def test_the_export_has_the_summary_sheet(client, cast, overdue):
    client.force_login(cast["finance"])
    response = client.get("/sales/receivables/export/")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[1] == "按人员和部门"
    ws = wb["按人员和部门"]
    assert [c.value for c in ws[1]][:4] == ["部门", "销售员", "未回款", "逾期金额"]
    total = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "部门合计"]
    assert total == [(total[0][0], "部门合计", 6800, 6300, 300, 2000, 0, 4000)]


def test_the_page_and_the_api_do_not_query_per_order(client, api, cast, overdue):
    def count() -> tuple[int, int]:
        client.force_login(cast["finance"])
        with CaptureQueriesContext(connection) as page:
            assert client.get("/sales/receivables/").status_code == 200
        with CaptureQueriesContext(connection) as answer:
            assert api("finance").get("/api/receivables/").status_code == 200
        return len(page), len(answer)

    count()  # the first answer also loads the user's roles
    before = count()
    customer = CustomerFactory(actor=cast["sales2"], name="账龄测试三公司")
    for _ in range(8):
        order = make_order(
            cast["sales2"],
            customer,
            signed_on=today() - timedelta(100),
            installments=[("100.00", today() - timedelta(70))],
        )
        pay(order, "40.00", today() - timedelta(1), cast["finance"])
    assert count() == before
    client.force_login(cast["finance"])
    buckets = {
        b["code"]: b["amount"]
        for b in client.get("/sales/receivables/").context["totals"]["buckets"]
    }
    assert str(buckets["61-90"]) == "480.00"
