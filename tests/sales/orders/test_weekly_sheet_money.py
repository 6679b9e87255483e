"""Issue 12 item 5: the weekly sheet's 实际销售额 and 回款额 come from orders (crm asks through
crm.sheets.figures, sales answers): signed in the week, cancelled ones out, voided
collections out."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from factories import CustomerFactory
from openpyxl import load_workbook
from orders_support import today
from rate_support import make_order, pay

from fieldsales.crm.sheets import exports, figures
from fieldsales.crm.visits.selectors import monday_of
from fieldsales.sales.orders.models import OrderStatus
from fieldsales.sales.orders.rates import week_money

pytestmark = pytest.mark.django_db


def money_cells(content: bytes, sheet: str) -> list:
    ws = load_workbook(io.BytesIO(content))[sheet]
    for row in ws.iter_rows():
        if [c.value for c in row[:6]] == [
            "拜访次数",
            "新增客户",
            "签订合同",
            "周目标",
            "实际销售额",
            "回款额",
        ]:
            below = ws[row[0].row + 1]
            return [c.value for c in below[3:6]]
    raise AssertionError("no 本周业绩 header")


@pytest.fixture
def week(cast):
    """The sheet of `week_start` reports the week before it: [last, last + 6]."""
    week_start = monday_of(today())
    last = week_start - timedelta(days=7)
    sales1, finance = cast["sales1"], cast["finance"]
    customer = CustomerFactory(actor=sales1, name="周报测试光伏有限公司")
    inside = make_order(
        sales1, customer, signed_on=last + timedelta(1), installments=[("9500.00", last)]
    )
    outside = make_order(
        sales1, customer, signed_on=last - timedelta(3), installments=[("2000.00", last)]
    )
    make_order(
        sales1,
        customer,
        signed_on=last + timedelta(2),
        installments=[("7000.00", last)],
        status=OrderStatus.CANCELLED,
    )
    pay(inside, "1000.00", last + timedelta(2), finance)
    pay(inside, "500.00", last + timedelta(3), finance, voided=True)
    pay(outside, "300.00", last + timedelta(6), finance)  # dated in the week: counts
    pay(outside, "400.00", last - timedelta(1), finance)  # the week before: does not
    return {"week_start": week_start, "last": last}


def test_the_sheet_fills_sales_and_collections_of_the_week(cast, week):
    content = exports.weekly_plan_xlsx(
        user=cast["sales1"], week_start=week["week_start"], people=[cast["sales1"]]
    )
    # 周目标 stays empty; 实际销售额 = the order signed in the week; 回款额 = 1000 + 300
    assert money_cells(content, "张伟") == [None, 9500, 1300]


def test_the_head_sees_each_salesperson_and_another_persons_figures_are_zero(cast, week):
    content = exports.weekly_plan_xlsx(
        user=cast["head"],
        week_start=week["week_start"],
        people=[cast["sales1"], cast["sales2"]],
    )
    wb = load_workbook(io.BytesIO(content))
    first, second = wb.sheetnames
    assert money_cells(content, first) == [None, 9500, 1300]
    assert money_cells(content, second) == [None, 0, 0]


def test_the_answer_is_exact_decimals_in_two_queries(cast, week, django_assert_num_queries):
    last = week["last"]
    people = [cast["sales1"], cast["sales2"]]
    answer = week_money(user=cast["gm"], start=last, end=last + timedelta(6), people=people)
    assert answer[cast["sales1"].pk].sales == Decimal("9500.00")
    assert answer[cast["sales1"].pk].collected == Decimal("1300.00")
    assert answer[cast["sales2"].pk].sales == Decimal("0.00")
    with django_assert_num_queries(2):
        week_money(user=cast["gm"], start=last, end=last + timedelta(6), people=people)


def test_others_see_no_money_they_may_not_see(cast, week):
    last = week["last"]
    answer = week_money(
        user=cast["sales2"], start=last, end=last + timedelta(6), people=[cast["sales1"]]
    )
    assert answer[cast["sales1"].pk].sales == Decimal("0.00")


def test_without_an_app_answering_the_cells_stay_empty(cast, week, monkeypatch):
    monkeypatch.setattr(figures, "_figures", None)
    content = exports.weekly_plan_xlsx(
        user=cast["sales1"], week_start=week["week_start"], people=[cast["sales1"]]
    )
    assert money_cells(content, "张伟") == [None, None, None]
