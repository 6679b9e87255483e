"""Issue 15: the monthly sales plan's planned customers never list a whole table. The form
ticks among the salesperson's own customers first and the first rows of the pool; a search
finds the rest; a customer ticked beyond the first rows stays ticked; what is posted is still
checked against the customers the owner may see."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import many_customers
from test_plans_support import FOUR_PARTS

from fieldsales.core.widgets import SHOWN
from fieldsales.crm.models import Customer
from fieldsales.department.plans.models import Plan

pytestmark = pytest.mark.django_db

NEW = "/department/plans/new/?kind=sales"


def boxes(html):
    """The customers' checkbox list: its opening tag and the ticked and listed values."""
    start = html.index('class="search-checkboxes')
    tag = html[html.rindex("<div", 0, start) : html.index(">", start) + 1]
    part = html[start : html.index("</div>\n</div>", start)]
    listed = [int(v) for v in re.findall(r'name="customers" value="(\d+)"', part)]
    ticked = [
        int(v)
        for v in re.findall(
            r'<input type="checkbox" name="customers" value="(\d+)"[^>]*checked', part
        )
    ]
    return tag, listed, ticked


def test_own_customers_come_first_and_the_pool_is_searched(client, cast):
    far = many_customers(cast["sales1"], SHOWN + 10, status="pool")
    own = list(
        Customer.objects.filter(owner=cast["sales1"])
        .exclude(status="pool")
        .values_list("pk", flat=True)
    )
    client.force_login(cast["sales1"])

    tag, listed, ticked = boxes(client.get(NEW).content.decode())

    assert len(listed) == SHOWN and ticked == []
    assert set(listed[: len(own)]) == set(own)  # the salesperson's own, before the pool
    assert far.pk not in listed
    assert 'data-search-url="/crm/customers/pick/"' in tag and 'data-search-name="customers"' in tag
    found = client.get("/crm/customers/pick/", {"q": "远方"}).json()["results"]
    assert [row["id"] for row in found] == [far.pk]


def test_a_customer_found_by_search_is_planned_and_stays_ticked(client, cast):
    far = many_customers(cast["sales1"], SHOWN + 10, status="pool")
    client.force_login(cast["sales1"])

    answer = client.post(NEW, {"period": "2027-03", **FOUR_PARTS, "customers": [far.pk]})

    plan = Plan.objects.get()
    assert answer.url == f"/department/plans/{plan.pk}/"
    assert list(plan.customers.all()) == [far]
    _, listed, ticked = boxes(client.get(f"/department/plans/{plan.pk}/edit/").content.decode())
    assert ticked == [far.pk] and listed[0] == far.pk and len(listed) == SHOWN + 1


def test_another_salespersons_customer_is_refused_on_the_page(client, cast):
    many_customers(cast["sales1"], SHOWN + 1, status="pool")
    theirs = Customer.objects.filter(owner=cast["sales2"]).exclude(status="pool").first()
    client.force_login(cast["sales1"])

    answer = client.post(NEW, {"period": "2027-03", **FOUR_PARTS, "customers": [theirs.pk]})

    assert answer.status_code == 400 and "has-error" in answer.content.decode()
    assert not Plan.objects.exists()
    for forged in ("x", "99999999999999999999", "-1"):
        again = client.post(NEW, {"period": "2027-03", **FOUR_PARTS, "customers": [forged]})
        assert again.status_code == 400


def test_a_short_list_ticks_among_every_customer_without_a_search(client, cast):
    client.force_login(cast["sales1"])
    html = client.get(NEW).content.decode()
    tag, listed, _ = boxes(html)
    assert "data-search-url" not in tag
    visible = Customer.objects.filter(owner=cast["sales1"]) | Customer.objects.filter(status="pool")
    assert set(listed) == set(visible.values_list("pk", flat=True))


def test_the_forms_queries_do_not_grow_with_the_pool(client, cast):
    many_customers(cast["sales1"], SHOWN + 1, status="pool")
    client.force_login(cast["sales1"])
    client.get(NEW)
    with CaptureQueriesContext(connection) as few:
        client.get(NEW)
    many_customers(cast["sales1"], 300, status="pool", prefix="Y")
    with CaptureQueriesContext(connection) as many:
        html = client.get(NEW).content.decode()
    assert len(many) == len(few)
    assert len(boxes(html)[1]) == SHOWN
