"""D4 本周业绩: every figure of a drafted report equals an independent query over the orders,
collections, visits and customers made here; 周目标 is the month's target prorated by working
days (Monday–Saturday); the figures are frozen at submit."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from reports_support import (
    collect,
    collected,
    customer_created_on,
    order,
    signed_count,
    sold,
    visit,
)
from targets_support import approved_split, publish_company

from fieldsales.department.reports import services
from fieldsales.department.reports.models import ReportStatus
from fieldsales.sales.orders.models import OrderStatus

WEEK = date(2027, 1, 4)  # Monday
SUNDAY = date(2027, 1, 10)
TODAY = date(2027, 1, 9)


def fen(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


@pytest.fixture
def week_of_work(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)  # sales1: 50,000.00 a month
    first = order(cast, "sales1", "12000.00", date(2027, 1, 5))
    order(cast, "sales1", "3000.50", date(2027, 1, 10), status=OrderStatus.DELIVERED)
    order(cast, "sales1", "9999.00", date(2027, 1, 6), status=OrderStatus.CANCELLED)
    order(cast, "sales1", "8888.00", None, status=OrderStatus.APPROVED)
    order(cast, "sales1", "7000.00", date(2027, 1, 2))  # the week before, same month
    order(cast, "sales2", "5555.00", date(2027, 1, 5))  # someone else
    collect(cast, first, date(2027, 1, 8), "4000.00")
    collect(cast, first, date(2027, 1, 8), "1000.00", voided=True)
    collect(cast, first, date(2027, 1, 11), "500.00")  # next week
    visit(cast, "sales1", date(2027, 1, 5))
    visit(cast, "sales1", date(2027, 1, 7), content="复查样机")
    visit(cast, "sales1", date(2027, 1, 8), made=False)  # planned only
    visit(cast, "sales1", date(2027, 1, 12))  # next week: the plan
    customer_created_on(cast, "sales1", date(2027, 1, 6))
    customer_created_on(cast, "sales1", date(2027, 1, 11))
    return first


def test_d4_weekly_figures_equal_independent_queries(cast, week_of_work):
    me = cast["sales1"]
    report = services.report_create(actor=me, kind="weekly", period_start=WEEK, today=TODAY)
    f = report.figures
    # January 2027 has 26 working days (Monday–Saturday); this week has 6 of them.
    target = Decimal("50000.00") * 6 / 26
    assert f["target"] == fen(target) == "11538.46"
    assert f["sales"] == fen(sold(me, WEEK, SUNDAY)) == "15000.50"
    assert f["percent"] == "130.0"
    assert f["collected"] == fen(collected(me, WEEK, SUNDAY)) == "4000.00"
    assert f["orders"] == signed_count(me, WEEK, SUNDAY) == 2
    assert f["visits"] == 2
    assert f["new_customers"] == 1
    assert f["quotes"] == 0
    assert f["mtd_target"] == "50000.00"
    assert f["mtd_sales"] == fen(sold(me, date(2027, 1, 1), SUNDAY)) == "22000.50"
    assert f["mtd_percent"] == "44.0"
    assert f["mtd_collected"] == "4000.00"


def test_d4_weekly_target_of_a_week_across_two_months(cast, api, sales_department):
    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)
    report = services.report_create(
        actor=cast["sales1"], kind="weekly", period_start=date(2027, 3, 29), today=date(2027, 4, 1)
    )
    # March 2027: 27 working days, 3 of them this week; April: 26, 3 this week.
    expected = Decimal("50000.00") * 3 / 27 + Decimal("50000.00") * 3 / 26
    assert report.figures["target"] == fen(expected) == "11324.79"
    assert report.figures["mtd_target"] == "50000.00"  # April's


def test_d4_monthly_figures_and_no_target_gives_no_percent(cast, week_of_work):
    me = cast["sales2"]
    report = services.report_create(
        actor=me, kind="monthly", period_start=date(2027, 1, 1), today=TODAY
    )
    assert report.figures["target"] == "33333.33"
    assert report.figures["sales"] == "5555.00"
    assert report.figures["orders"] == 1
    other = services.report_create(
        actor=cast["sales1"], kind="weekly", period_start=date(2026, 11, 30), today=TODAY
    )
    assert other.figures["target"] == "0.00"
    assert other.figures["percent"] is None


def test_d4_work_rows_prefilled_from_visits_and_plan_from_next_week(cast, week_of_work):
    report = services.report_create(
        actor=cast["sales1"], kind="weekly", period_start=WEEK, today=TODAY
    )
    assert [(w["date"], w["content"]) for w in report.work] == [
        ("2027-01-05", "介绍新产品"),
        ("2027-01-07", "复查样机"),
        ("2027-01-08", report.work[2]["content"]),
    ]
    assert [p["due"] for p in report.plan] == ["2027-01-12"]


def test_d4_figures_frozen_at_submit(cast, week_of_work):
    me = cast["sales1"]
    report = services.report_create(actor=me, kind="weekly", period_start=WEEK, today=TODAY)
    services.report_submit(report=report, actor=me)
    order(cast, "sales1", "100000.00", date(2027, 1, 6))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.figures["sales"] == "15000.50"
    assert services.live_figures(report)["sales"] == "115000.50"
