"""No page issues more queries as data grows (list pages paginate)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from helpers import days_from_today

from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db


def make_trips(api, n: int) -> None:
    for _ in range(n):
        start = 1 + 3 * Trip.objects.count()  # a traveller's trips may not overlap
        trip = (
            api("sales1")
            .post(
                "/api/trips/",
                {
                    "purpose": "customer_visit",
                    "destinations": [{"province": "浙江", "city": "杭州"}],
                    "depart": days_from_today(start),
                    "return": days_from_today(start + 1),
                },
                format="json",
            )
            .data["id"]
        )
        api("sales1").post(f"/api/trips/{trip}/submit/")


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("sales1", "/trips/"),
        ("head", "/trips/?scope=visible"),
        ("head", "/approvals/"),
        ("sales1", "/"),
        ("sales1", "/claims/"),
    ],
)
def test_page_queries_do_not_grow_with_data(api, cast, client, username, url):
    client.force_login(cast[username])
    make_trips(api, 2)
    few = queries_for(client, url)
    make_trips(api, 8)
    many = queries_for(client, url)
    assert many == few
