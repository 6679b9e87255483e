"""Revisits due (老客户维护 a) are found, ordered, counted and paged in the database: the same
rows as the class intervals say, for every grade, in a fixed number of queries (issue 15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import CustomerFactory, VisitFactory

from fieldsales.crm.models import Customer
from fieldsales.crm.visits import selectors as visits_selectors
from fieldsales.crm.visits.models import Visit

pytestmark = pytest.mark.django_db


def kept_customer(owner, grade, *, created_days_ago=400, check_ins_days_ago=()):
    """A kept (end) customer of `owner` in `grade`, created and checked in on those days ago."""
    customer = CustomerFactory(actor=owner, kind="end_customer")
    now = timezone.now()
    Customer.objects.filter(pk=customer.pk).update(
        grade=grade, created_at=now - timedelta(days=created_days_ago)
    )
    for days in check_ins_days_ago:
        visit = VisitFactory(customer=customer)
        Visit.objects.filter(pk=visit.pk).update(
            status="checked_out", check_in_at=now - timedelta(days=days)
        )
    return Customer.objects.get(pk=customer.pk).code


def test_revisits_due_for_a_mix_of_grades_in_due_order_then_code(client, cast):
    sales1 = cast["sales1"]
    # Intervals (defaults): A 15 days, B 30, C 45. The demo's C-0005 (B) is 5 days overdue.
    a_late = kept_customer(sales1, "A", check_ins_days_ago=[20, 40])
    kept_customer(sales1, "A", check_ins_days_ago=[10])
    b_never = kept_customer(sales1, "B", created_days_ago=40)
    b_late = kept_customer(sales1, "B", check_ins_days_ago=[50, 31])
    c_late = kept_customer(sales1, "C", check_ins_days_ago=[50])
    kept_customer(sales1, "C", check_ins_days_ago=[44])
    kept_customer(sales1, "C", created_days_ago=45)  # due today: not overdue yet
    planned = VisitFactory(customer=Customer.objects.get(code=c_late))  # no check-in: no visit

    today = timezone.localdate()
    expected = (
        [(b_never, 10, None)]
        + sorted(
            [
                (a_late, 5, today - timedelta(days=20)),
                (c_late, 5, today - timedelta(days=50)),
                ("C-0005", 5, today - timedelta(days=35)),
            ]
        )
        + [(b_late, 1, today - timedelta(days=31))]
    )
    rows = visits_selectors.overdue_revisits(user=sales1, today=today)
    assert len(rows) == 5
    assert [(r.customer.code, r.days_overdue, r.last_visit) for r in rows] == expected
    assert [r.due for r in rows] == [today - timedelta(days=d) for _c, d, _v in expected]
    assert [r.customer.code for r in rows[1:3]] == [code for code, _d, _v in expected[1:3]]
    assert planned.check_in_at is None

    client.force_login(sales1)
    response = client.get("/crm/revisits/")
    shown = [(r.customer.code, r.days_overdue) for r in response.context["page"].object_list]
    assert shown == [(code, days) for code, days, _v in expected]
    assert response.context["count"] == 5


def queries(get, path):
    with CaptureQueriesContext(connection) as captured:
        assert get(path).status_code == 200
    return len(captured.captured_queries)


def test_revisit_page_and_api_queries_do_not_grow_with_customers(client, api, cast):
    client.force_login(cast["head"])
    head_api = api("head")
    paths = ["/crm/revisits/", "/crm/revisits/?page=2"]
    client.get(paths[0])  # warm up: what a user's first request caches is not data
    head_api.get("/api/customers/overdue-revisits/")
    few = [queries(client.get, path) for path in paths]
    few_api = queries(head_api.get, "/api/customers/overdue-revisits/")
    for n in range(25):  # past one page of 20
        owner = cast["sales1" if n % 2 else "sales2"]
        kept_customer(owner, "ABC"[n % 3], check_ins_days_ago=[60 + n])
    assert [queries(client.get, path) for path in paths] == few
    assert queries(head_api.get, "/api/customers/overdue-revisits/") == few_api
    first = head_api.get("/api/customers/overdue-revisits/").data
    second = head_api.get("/api/customers/overdue-revisits/?page=2").data
    assert first["count"] == second["count"] == 27
    assert len(first["results"]) + len(second["results"]) == 27
    codes = [r["code"] for r in first["results"] + second["results"]]
    assert codes == [
        r.customer.code
        for r in visits_selectors.overdue_revisits(user=cast["head"], today=timezone.localdate())
    ]
