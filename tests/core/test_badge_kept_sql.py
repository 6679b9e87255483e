"""The badge's compiled SQL is kept only when that is safe (core.badge): building the counts'
querysets read nothing but org and auth tables, and put no date or time into the SQL."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fieldsales.core import badge
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db


def test_counts_built_from_org_tables_are_kept(cast):
    def parts():
        yield "trips", Trip.objects.filter(status="submitted", pending_user_id=cast["head"].pk)

    assert badge.counts(cast["head"], parts) == {"trips": 0}
    assert len(badge._kept) == 1


def test_nothing_is_kept_when_building_read_another_table(cast):
    def parts():
        Trip.objects.exists()  # a document table read while building
        yield "trips", Trip.objects.filter(status="submitted")

    assert badge.counts(cast["head"], parts) == {"trips": 0}
    assert badge._kept == {}


def test_nothing_is_kept_when_a_date_went_into_the_sql(cast):
    def parts():
        yield "trips", Trip.objects.filter(depart__lte=timezone.localdate())

    assert badge.counts(cast["head"], parts) == {"trips": 0}
    assert badge._kept == {}


def test_an_empty_source_counts_zero_without_a_column(cast):
    def parts():
        yield "none", Trip.objects.none()
        yield "trips", Trip.objects.all()

    compiled, safe = badge._compile(parts)
    assert compiled.empty == ("none",) and compiled.names == ("trips",)
    assert safe


@pytest.mark.parametrize(
    ("sql", "only_org"),
    [
        ('SELECT 1 FROM "org_employee" INNER JOIN "auth_user" ON (1 = 1)', True),
        ('SELECT 1 FROM "org_employee" WHERE id IN (SELECT 1 FROM "trips_trip")', False),
        ('SELECT 1 FROM "org_team" LEFT OUTER JOIN "crm_customer" ON (1 = 1)', False),
        ("SELECT 1 FROM (SELECT 1 FROM sales_order) AS x", False),
    ],
)
def test_which_statements_read_only_org_tables(sql, only_org):
    assert badge._reads_only_org(sql) is only_org
