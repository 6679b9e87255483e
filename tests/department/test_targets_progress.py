"""D1 progress: actual ÷ target per person, department and company, per month, quarter and
year, percent to one decimal ("—"/null when the target is 0); actual sales are the totals of
orders signed (by signed_on, a cancelled one never counts), actual collections the non-voided
collections by date. Checked against independent sums, in a constant number of queries."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from factories import CustomerFactory
from targets_support import YEAR, approved_split, publish_company

from fieldsales.department.targets.progress import percent
from fieldsales.sales.orders.models import Collection, Order, OrderStatus

SEQ = itertools.count(9000)


def order(cast, who, total, signed_on, *, status=OrderStatus.SIGNED, department=None):
    person = cast[who]
    customer = CustomerFactory(actor=person)
    return Order.objects.create(
        status=status,
        year=signed_on.year if signed_on else YEAR,
        seq=next(SEQ),
        customer=customer,
        salesperson=person,
        department=department or person.employee.department,
        total=Decimal(total),
        signed_on=signed_on,
        ordered_on=signed_on or date(YEAR, 1, 1),
    )


def collect(cast, on, day, amount, *, voided=False):
    return Collection.objects.create(
        order=on,
        date=day,
        amount=Decimal(amount),
        method="transfer",
        recorded_by=cast["finance"],
        voided_at=timezone.now() if voided else None,
    )


@pytest.fixture
def year_of_orders(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)
    first = order(cast, "sales1", "120000.00", date(YEAR, 1, 15))
    order(cast, "sales1", "30000.00", date(YEAR, 2, 3), status=OrderStatus.DELIVERED)
    order(cast, "sales2", "45000.50", date(YEAR, 4, 30), status=OrderStatus.COMPLETED)
    order(cast, "sales1", "99999.00", date(YEAR, 3, 1), status=OrderStatus.CANCELLED)
    order(cast, "sales1", "77777.00", None, status=OrderStatus.APPROVED)  # not signed
    order(cast, "sales1", "5000.00", date(YEAR - 1, 12, 31))  # last year
    collect(cast, first, date(YEAR, 2, 1), "60000.00")
    collect(cast, first, date(YEAR, 7, 1), "10000.00", voided=True)
    collect(cast, first, date(YEAR, 7, 2), "20000.00")
    return first


def independent_sales(person, month=None):
    """Σ totals of the person's orders signed in YEAR (and `month`), from the rows themselves."""
    rows = Order.objects.filter(salesperson=person, signed_on__year=YEAR).exclude(
        status__in=[OrderStatus.CANCELLED, OrderStatus.APPROVED, OrderStatus.DRAFT]
    )
    if month:
        rows = rows.filter(signed_on__month=month)
    return rows.aggregate(t=Sum("total"))["t"] or Decimal("0.00")


def independent_collections(person):
    rows = Collection.objects.filter(
        order__salesperson=person, date__year=YEAR, voided_at__isnull=True
    )
    return rows.aggregate(t=Sum("amount"))["t"] or Decimal("0.00")


def test_d1_percent_to_one_decimal_and_none_for_a_zero_target():
    assert percent(Decimal("1"), Decimal("3")) == Decimal("33.3")
    assert percent(Decimal("2"), Decimal("3")) == Decimal("66.7")
    assert percent(Decimal("0.0005"), Decimal("1")) == Decimal("0.1")  # half up
    assert percent(Decimal("5"), Decimal("0")) is None


def test_d1_progress_per_person_matches_the_orders_and_collections(api, cast, year_of_orders):
    body = api("head").get(f"/api/targets/progress/?year={YEAR}").json()

    sales1 = next(p for p in body["people"] if p["id"] == cast["sales1"].pk)
    assert sales1["sales"]["year"] == {
        "target": "600000.00",
        "actual": f"{independent_sales(cast['sales1']):.2f}",
        "percent": "25.0",
    }
    assert sales1["sales"]["year"]["actual"] == "150000.00"
    assert sales1["sales"]["months"][0]["actual"] == f"{independent_sales(cast['sales1'], 1):.2f}"
    assert sales1["sales"]["months"][0] == {
        "target": "50000.00",
        "actual": "120000.00",
        "percent": "240.0",
    }
    assert sales1["sales"]["months"][2]["actual"] == "0.00"  # the cancelled order
    assert sales1["sales"]["quarters"][0] == {
        "target": "150000.00",
        "actual": "150000.00",
        "percent": "100.0",
    }
    assert (
        sales1["collections"]["year"]["actual"] == f"{independent_collections(cast['sales1']):.2f}"
    )
    assert sales1["collections"]["year"] == {
        "target": "500000.00",
        "actual": "80000.00",
        "percent": "16.0",
    }
    sales2 = next(p for p in body["people"] if p["id"] == cast["sales2"].pk)
    assert sales2["sales"]["quarters"][1]["actual"] == "45000.50"
    assert sales2["collections"]["year"]["percent"] == "0.0"


def test_d1_progress_per_department_and_company(api, cast, sales_department, year_of_orders):
    body = api("gm").get(f"/api/targets/progress/?year={YEAR}").json()

    (department,) = body["departments"]
    signed = independent_sales(cast["sales1"]) + independent_sales(cast["sales2"])
    assert department["sales"]["year"] == {
        "target": "1000000.00",
        "actual": f"{signed:.2f}",
        "percent": "19.5",
    }
    assert department["sales"]["months"][0]["target"] == "83333.33"
    assert body["company"]["sales"]["year"] == department["sales"]["year"]
    assert body["company"]["collections"]["year"]["actual"] == "80000.00"


def test_d1_a_zero_target_reads_as_a_dash(api, cast, year_of_orders, client):
    body = api("head").get(f"/api/targets/progress/?year={YEAR}").json()

    head = next((p for p in body["people"] if p["id"] == cast["head"].pk), None)
    assert head is None  # no target and no orders: no row
    sales2 = next(p for p in body["people"] if p["id"] == cast["sales2"].pk)
    assert sales2["sales"]["months"][0]["percent"] == "0.0"
    order(cast, "head", "1000.00", date(YEAR, 5, 5))
    body = api("head").get(f"/api/targets/progress/?year={YEAR}").json()
    head = next(p for p in body["people"] if p["id"] == cast["head"].pk)
    assert head["sales"]["year"]["percent"] is None
    client.force_login(cast["head"])
    page = client.get(f"/department/targets/?year={YEAR}").content.decode()
    assert "—" in page


def test_d1_progress_costs_the_same_queries_whatever_the_data(
    api, cast, year_of_orders, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gm = api("gm")
    with CaptureQueriesContext(connection) as few:
        gm.get(f"/api/targets/progress/?year={YEAR}")
    for month in range(1, 13):
        for who in ("sales1", "sales2", "head"):
            placed = order(cast, who, "100.00", date(YEAR, month, 10))
            collect(cast, placed, date(YEAR, month, 11), "50.00")
    with CaptureQueriesContext(connection) as many:
        answer = gm.get(f"/api/targets/progress/?year={YEAR}")

    assert answer.status_code == 200
    assert len(many) == len(few)
