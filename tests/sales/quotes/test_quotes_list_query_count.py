"""A page of quotes, of inquiries and of the head's inbox holding them reads in a fixed number
of queries, however many documents it shows (issue 15: decisions, names, numbers and the
sales policy in force are read once per page, not once per document)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from helpers import days_from_today

from fieldsales.crm.models import Customer

pytestmark = pytest.mark.django_db


def submitted_quote(api, quote_body) -> None:
    quote = api("sales1").post("/api/quotes/", quote_body(), format="json")
    assert quote.status_code == 201, quote.data
    assert api("sales1").post(f"/api/quotes/{quote.data['id']}/submit/").status_code == 200


def registered_inquiry(api) -> None:
    body = {
        "kind": "inquiry",
        "customer": Customer.objects.get(code="C-0001").pk,
        "items": [{"description": "单晶组件 550W", "quantity": "100", "unit": "块"}],
        "deadline": days_from_today(20),
        "estimated_amount": "80000.00",
    }
    response = api("sales1").post("/api/inquiries/", body, format="json")
    assert response.status_code == 201, response.data


def queries(api, user: str, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = api(user).get(url)
    assert response.status_code == 200, response.data
    return len(ctx.captured_queries), response.data["count"]


PAGES = [
    ("sales1", "/api/quotes/"),
    ("head", "/api/quotes/"),
    ("sales1", "/api/inquiries/"),
    ("head", "/api/inquiries/"),
    ("head", "/api/approvals/inbox/"),
]


def test_quote_inquiry_and_inbox_pages_need_as_many_queries_for_four_documents_as_for_one(
    api, quote_body
):
    submitted_quote(api, quote_body)
    registered_inquiry(api)
    for user, url in PAGES:
        queries(api, user, url)  # warm up: what a user's first request caches is not data
    few = {page: queries(api, *page) for page in PAGES}
    for _ in range(3):
        submitted_quote(api, quote_body)
        registered_inquiry(api)
    many = {page: queries(api, *page) for page in PAGES}
    for page in PAGES:
        assert many[page][1] > few[page][1], page  # more documents on the page
    assert {page: n for page, (n, _count) in many.items()} == {
        page: n for page, (n, _count) in few.items()
    }


def test_draft_inquiries_preview_their_chains_without_a_query_per_draft(api, cast):
    """A draft's chain is previewed from its author's department: joined by the list, so
    four drafts of two authors cost what one costs."""
    from fieldsales.sales.inquiries.models import Inquiry

    def drafts(n: int) -> None:
        for _ in range(n):
            registered_inquiry(api)
        Inquiry.objects.update(status="draft", submitted_at=None, chain=[], step=0, round=0)

    drafts(1)
    queries(api, "gm", "/api/inquiries/")  # warm up
    few, count = queries(api, "gm", "/api/inquiries/")
    drafts(3)
    Inquiry.objects.filter(pk=Inquiry.objects.order_by("pk").last().pk).update(
        salesperson=cast["sales2"]
    )
    many, more = queries(api, "gm", "/api/inquiries/")
    assert more == count + 3
    listed = api("gm").get("/api/inquiries/").data["results"]
    assert all(row["chain"] for row in listed)  # each shows the chain it would get
    assert many == few
