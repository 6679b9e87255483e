"""selling.md's visibility for inquiries: own and their customers', the department's, all for
the GM and finance, only those asked about for technical and purchasing staff; else 404."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fieldsales.crm.models import Customer
from fieldsales.sales.inquiries.selectors import visible_inquiries
from fieldsales.sales.inquiries.services import inquiry_ask, inquiry_register

pytestmark = pytest.mark.django_db


def register(user, code="C-0001"):
    return inquiry_register(
        actor=user,
        data={
            "kind": "inquiry",
            "customer": Customer.objects.get(code=code).pk,
            "items": [{"description": "组件", "quantity": "1"}],
            "deadline": timezone.localdate() + timedelta(days=3),
            "estimated_amount": Decimal("1000.00"),
        },
    )


@pytest.fixture
def mine(cast):
    return register(cast["sales1"])


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("sales1", True),  # own
        ("sales2", False),  # a colleague's, customer not theirs
        ("head", True),  # department
        ("gm", True),
        ("finance", True),
        ("admin", True),
        ("tech", False),  # not asked
        ("buyer", False),
    ],
)
def test_who_sees_an_inquiry(api, mine, username, sees):
    response = api(username).get(f"/api/inquiries/{mine.pk}/")
    assert response.status_code == (200 if sees else 404)
    ids = [row["id"] for row in api(username).get("/api/inquiries/").data["results"]]
    assert (mine.pk in ids) is sees


def test_a_salesperson_sees_inquiries_on_their_customers(cast):
    # head registers for C-0002, sales2's customer
    inquiry = register(cast["head"], code="C-0002")
    assert visible_inquiries(user=cast["sales2"]).filter(pk=inquiry.pk).exists()
    assert not visible_inquiries(user=cast["sales1"]).filter(pk=inquiry.pk).exists()


def test_technical_staff_see_only_what_they_are_asked_and_no_price(api, cast, mine):
    inquiry_ask(inquiry=mine, actor=cast["sales1"], kind="technical", question="参数？")
    seen = api("tech").get(f"/api/inquiries/{mine.pk}/")
    assert seen.status_code == 200
    assert seen.data["estimated_amount"] is None
    assert api("buyer").get(f"/api/inquiries/{mine.pk}/").status_code == 404
    # the buyer cannot answer the technical request of an inquiry they do not see
    rid = seen.data["requests"][0]["id"]
    refused = api("buyer").post(
        f"/api/inquiries/{mine.pk}/requests/{rid}/answer/", {"answer": "x"}, format="json"
    )
    assert refused.status_code == 404


def test_a_buyer_asked_about_purchasing_may_not_answer_the_technical_request(api, cast, mine):
    technical = inquiry_ask(inquiry=mine, actor=cast["sales1"], kind="technical", question="?")
    inquiry_ask(inquiry=mine, actor=cast["sales1"], kind="purchasing", question="价格？")
    refused = api("buyer").post(
        f"/api/inquiries/{mine.pk}/requests/{technical.pk}/answer/", {"answer": "x"}, format="json"
    )
    assert refused.status_code == 403


def test_the_department_head_sees_prices_and_the_list_filters(api, mine):
    row = api("head").get("/api/inquiries/?status=submitted&kind=inquiry").data["results"]
    assert mine.pk in [r["id"] for r in row]
    assert [r["estimated_amount"] for r in row if r["id"] == mine.pk] == ["1000.00"]
    none = api("head").get("/api/inquiries/?kind=tender&scope=mine").data["results"]
    assert mine.pk not in [r["id"] for r in none]


def test_files_are_served_only_to_who_sees_the_inquiry(client, cast, mine):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from helpers import tiny_pdf

    from fieldsales.sales.inquiries.services import inquiry_attach

    (attachment,) = inquiry_attach(
        inquiry=mine, actor=cast["sales1"], attachments=[SimpleUploadedFile("a.pdf", tiny_pdf())]
    )
    client.force_login(cast["head"])
    assert client.get(f"/sales/inquiry-files/{attachment.pk}/").status_code == 200
    client.force_login(cast["sales2"])
    assert client.get(f"/sales/inquiry-files/{attachment.pk}/").status_code == 404


def test_technical_and_purchasing_staff_read_only_requests_of_their_kind(api, cast, mine):
    inquiry_ask(inquiry=mine, actor=cast["sales1"], kind="technical", question="参数？")
    inquiry_ask(inquiry=mine, actor=cast["sales1"], kind="purchasing", question="硅料成本？")
    kinds = {
        name: [r["kind"] for r in api(name).get(f"/api/inquiries/{mine.pk}/").data["requests"]]
        for name in ("tech", "buyer", "sales1", "head")
    }
    assert kinds == {
        "tech": ["technical"],
        "buyer": ["purchasing"],
        "sales1": ["technical", "purchasing"],
        "head": ["technical", "purchasing"],
    }
    listed = api("tech").get(f"/api/inquiries/{mine.pk}/requests/").data
    assert [r["kind"] for r in listed] == ["technical"]
