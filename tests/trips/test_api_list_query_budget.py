"""Issue 15: a page of /api/trips/, /api/advances/ and /api/claims/ costs the same number of
queries whatever it holds: 2 trips or 12, each with its own traveller, customers, companion,
report with a signed visit, approvals, a paid advance and an approved claim."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import AdvanceFactory, ClaimFactory, CustomerFactory, TripFactory, user_with_role
from helpers import png_data_url, today

from fieldsales.crm.models import Customer
from fieldsales.org.models import Role
from fieldsales.trips import selectors, services
from fieldsales.trips.models import Trip
from fieldsales.trips.serializers import TripSerializer

pytestmark = pytest.mark.django_db


def busy_trips(cast, n: int) -> None:
    """`n` trips of new salespeople in sales1's department, each fully lived: its own customer
    and the demo's shared one (so P6.1 counts prior trips), a colleague along, approvals, a
    paid advance, a report with a signed visit and an approved claim."""
    department = cast["sales1"].employee.department
    shared = Customer.objects.get(code="C-0001")
    for _ in range(n):
        traveller = user_with_role(Role.SALESPERSON, department=department)
        own = CustomerFactory(actor=traveller)
        # sales2 travels along on every trip: they do not overlap.
        depart = today() - timedelta(days=3 * (Trip.objects.count() + 1))
        trip = TripFactory(
            traveller=traveller,
            depart=depart,
            return_date=depart + timedelta(days=1),
            customers=[own.pk, shared.pk],
            companions=[{"user": cast["sales2"].pk, "invited": False}],
            status="approved",
        )
        AdvanceFactory(trip=trip, amount=Decimal("200.00"), status="paid")
        services.trip_report_file(
            trip=trip,
            actor=traveller,
            data={
                "route": "金华—杭州—金华",
                "visits": [
                    {
                        "customer": own.pk,
                        "visited_on": depart,
                        "content": "介绍新款组件",
                        "satisfaction": 4,
                        "signer_name": "赵经理",
                        "signature": png_data_url(),
                    }
                ],
            },
        )
        ClaimFactory(trip=trip, status="approved")


def page_queries(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.data
    return len(ctx.captured_queries), response.data


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("gm", "/api/trips/"),
        ("head", "/api/trips/"),
        ("sales2", "/api/trips/"),  # as the companion on every trip
        ("gm", "/api/advances/"),
        ("head", "/api/advances/"),
        ("gm", "/api/claims/"),
        ("head", "/api/claims/"),
    ],
)
def test_api_list_page_costs_the_same_queries_for_2_or_12_documents(api, cast, username, url):
    client = api(username)
    busy_trips(cast, 2)
    client.get(url)  # warm up: what a user's first request caches is not data
    few, small = page_queries(client, url)
    busy_trips(cast, 10)
    many, large = page_queries(client, url)
    assert large["count"] == small["count"] + 10
    assert many == few


def test_trip_list_shows_what_the_trip_page_shows(api, cast):
    """The batched list answers each trip exactly as its own page does (estimate, report,
    visits, approvals, history, companions)."""
    busy_trips(cast, 3)
    client = api("gm")
    listed = client.get("/api/trips/").data["results"]
    assert len(listed) == 3
    for row in listed:
        alone = TripSerializer(Trip.objects.get(pk=row["id"])).data  # nothing prefetched
        assert row == alone
        assert row["report"]["visits"][0]["signed"] is True
        assert row["estimate"]


def test_p6_1_prior_trips_read_in_one_query_match_the_count_of_each(cast):
    """The page's per-customer P6.1 counts (one subquery) equal prior_trips() asked alone."""
    busy_trips(cast, 3)
    trips = list(selectors.trip_page(Trip.objects.all()))
    counts = [
        (
            selectors.prior_trips_on(customer=c, trip=t),
            selectors.prior_trips(customer=c, trip=t),
        )
        for t in trips
        for c in t.customers.all()
    ]
    assert len(counts) == 6
    assert all(batched == alone for batched, alone in counts)
    assert sorted(alone for _, alone in counts) == [0, 0, 0, 2, 2, 2]
