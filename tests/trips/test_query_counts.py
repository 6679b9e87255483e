"""No page issues more queries as data grows (list pages paginate).

Each test measures a page with a few documents and again with ten times as many (2 against 20
rows where the page shows them), and the counts must be equal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import TAXI, ClaimFactory, TripFactory

from fieldsales.trips import services

pytestmark = pytest.mark.django_db


def make_trips(cast, n: int) -> None:
    """For sales1 and sales2 each, `n` times: a submitted trip, and an approved trip with a
    submitted claim (so trips, the head's inbox and the claims all grow)."""
    for _ in range(n):
        for name in ("sales1", "sales2"):
            TripFactory(traveller=cast[name], status="submitted")
            trip = TripFactory(traveller=cast[name], status="approved")
            ClaimFactory(trip=trip, status="submitted")


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
    make_trips(cast, 1)
    few = queries_for(client, url)
    make_trips(cast, 9)
    many = queries_for(client, url)
    assert many == few


def make_reviewed_claims(cast, n: int) -> None:
    """`n` submitted claims, each with an override, a note and a consent from the head."""
    head = cast["head"]
    for _ in range(n):
        trip = TripFactory(traveller=cast["sales1"], status="approved")
        claim = ClaimFactory(trip=trip, items=[TAXI], status="submitted")
        services.claim_override(
            claim=claim, actor=head, item="x1", amount=Decimal("20.00"), reason="核实"
        )
        services.claim_note(claim=claim, actor=head, item="x1", note="暴雨")
        services.claim_consent(claim=claim, actor=head, item="x1", note="同意")


def test_claim_list_api_queries_do_not_grow_with_reviewed_claims(api, cast):
    make_reviewed_claims(cast, 2)
    api("head").get("/api/claims/")  # warm up: what a user's first request caches is not data
    with CaptureQueriesContext(connection) as few:
        assert api("head").get("/api/claims/").status_code == 200
    make_reviewed_claims(cast, 18)
    with CaptureQueriesContext(connection) as many:
        response = api("head").get("/api/claims/")
    assert response.data["count"] == 20
    assert [
        len(c["overrides"]) + len(c["notes"]) + len(c["consents"]) for c in response.data["results"]
    ] == [3] * 20
    assert len(many.captured_queries) == len(few.captured_queries)


# /api/trips/ still prices every trip of the page (its `estimate`): issue 15's to fix.
@pytest.mark.parametrize("url", ["/api/approvals/inbox/"])
def test_api_list_queries_do_not_grow_with_data(api, cast, url):
    make_trips(cast, 1)
    api("head").get(url)  # warm up: what a user's first request caches is not data
    with CaptureQueriesContext(connection) as few:
        assert api("head").get(url).status_code == 200
    make_trips(cast, 9)
    with CaptureQueriesContext(connection) as many:
        assert api("head").get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
