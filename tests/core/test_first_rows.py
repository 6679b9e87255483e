"""core.lists.first_rows: a page of an ordered queryset read as ids, then rows by primary key;
the same rows in the same order as slicing, with the queryset's joins and prefetches."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from fieldsales.core.lists import first_rows
from fieldsales.crm.models import Customer

pytestmark = pytest.mark.django_db


def test_the_same_rows_in_the_same_order_as_a_slice(cast):
    customers = Customer.objects.select_related("owner").order_by("-grade", "code")
    assert customers.count() > 5
    for start, stop in ((0, 3), (2, 5), (1, None), (4, 2)):
        assert first_rows(customers, stop, start) == list(customers[start:stop])


def test_the_joins_come_along_and_the_filter_is_not_read_again(cast):
    customers = (
        Customer.objects.filter(owner=cast["sales1"])
        .select_related("owner")
        .prefetch_related("contacts")
        .order_by("code")
    )
    with CaptureQueriesContext(connection) as ctx:
        rows = first_rows(customers, 2)
        names = [(c.owner.username, len(c.contacts.all())) for c in rows]
    assert len(ctx.captured_queries) == 3  # ids, rows with owners, contacts
    assert [n for n, _count in names] == ["sales1", "sales1"]
    assert "owner_id" not in ctx.captured_queries[1]["sql"].split("WHERE", 1)[1]


def test_annotated_rows_keep_their_annotations(cast):
    customers = Customer.objects.annotate(owner_name=F("owner__username")).order_by("code")
    rows = first_rows(customers, 3)
    assert [c.pk for c in rows] == [c.pk for c in customers[:3]]
    assert all(hasattr(c, "owner_name") for c in rows)
