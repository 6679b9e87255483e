"""Issue 11, "Done when", as a new user meets it: the demo's own price list, through the API.

sales1 finds a module's price, quotes 10 to an end customer at the factory minimum (one fen
below is refused naming S2.1), submits; head approves; the PDF prints with the total in
capitals and the quote is sent; a 20%-below-market quote (to a distributor) also needs gm; a
tender of 800,000 needs gm's decision, and its quote cannot be submitted until tech answers.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from fieldsales.crm.models import Customer
from fieldsales.sales.models import Product

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "quote.pdf"
    path.write_bytes(content)
    run = ["pdftotext", "-layout", str(path), "-"]
    return subprocess.run(run, capture_output=True, text=True, check=True).stdout


def quote(api, customer: str, unit_price: str, quantity: str = "10", **extra):
    body = {
        "customer": Customer.objects.get(code=customer).pk,
        "lines": [
            {
                "product": Product.objects.get(code="PV-M550").pk,
                "quantity": quantity,
                "unit_price": unit_price,
            }
        ],
        "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "payment_terms": "预付30%，发货前付清",
        **extra,
    }
    return api("sales1").post("/api/quotes/", body, format="json")


def test_a_module_quoted_at_the_factory_minimum_is_approved_printed_and_sent(api, tmp_path):
    current = api("sales1").get("/api/price-lists/current/")
    assert current.status_code == 200, current.data
    [module] = [
        p for p in current.data["prices"] if p["product"] == Product.objects.get(code="PV-M550").pk
    ]
    assert (module["market"], module["factory_min"]) == ("880.00", "800.00")

    refused = quote(api, "C-0001", "799.99")
    assert refused.status_code == 400
    assert "S2.1" in str(refused.data["lines"]) and "第1行" in str(refused.data["lines"])

    created = quote(api, "C-0001", "800.00")
    assert created.status_code == 201, created.data
    assert created.data["total"] == "8000.00"
    qid = created.data["id"]
    assert api("sales1").get(f"/api/quotes/{qid}/print/").status_code == 409  # S4.4
    assert api("sales1").post(f"/api/quotes/{qid}/submit/").status_code == 200
    chain = api("sales1").get(f"/api/quotes/{qid}/").data["chain"]
    assert [step["role"] for step in chain] == ["dept_manager"]  # 9.1% below: no GM
    assert api("sales1").post(f"/api/quotes/{qid}/approve/").status_code == 403  # not own
    assert api("head").post(f"/api/quotes/{qid}/approve/").status_code == 200

    printed = api("sales1").get(f"/api/quotes/{qid}/print/")
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    text = pdf_text(
        b"".join(printed.streaming_content) if printed.streaming else printed.content, tmp_path
    )
    assert "捌仟元整" in text and "盖章" in text and "QT-" in text
    assert api("sales1").get(f"/api/quotes/{qid}/").data["status"] == "sent"


def test_twenty_percent_below_market_also_needs_the_gm(api):
    created = quote(api, "C-0005", "704.00")  # a distributor: floor 700.00; 20.0% below 880.00
    assert created.status_code == 201, created.data
    qid = created.data["id"]
    assert api("sales1").post(f"/api/quotes/{qid}/submit/").status_code == 200
    assert api("head").post(f"/api/quotes/{qid}/approve/").status_code == 200
    waiting = api("sales1").get(f"/api/quotes/{qid}/").data
    assert waiting["status"] == "submitted"
    assert [step["role"] for step in waiting["chain"]] == ["dept_manager", "gm"]
    assert api("gm").post(f"/api/quotes/{qid}/approve/").status_code == 200
    assert api("sales1").get(f"/api/quotes/{qid}/").data["status"] == "approved"


def test_a_tender_of_800000_needs_the_gm_and_its_quote_waits_for_tech(api):
    customer = Customer.objects.get(code="C-0001")
    tender = api("sales1").post(
        "/api/inquiries/",
        {
            "kind": "tender",
            "customer": customer.pk,
            "items": [{"description": "单晶硅光伏组件 550W", "quantity": "900"}],
            "deadline": (timezone.localdate() + timedelta(days=20)).isoformat(),
            "estimated_amount": "800000.00",
        },
        format="json",
    )
    assert tender.status_code == 201, tender.data
    tid = tender.data["id"]
    assert (
        api("head").post(f"/api/inquiries/{tid}/decide/", {"participate": True}).status_code == 200
    )
    assert api("sales1").get(f"/api/inquiries/{tid}/").data["status"] == "submitted"  # the GM
    assert api("gm").post(f"/api/inquiries/{tid}/decide/", {"participate": True}).status_code == 200
    assert api("sales1").get(f"/api/inquiries/{tid}/").data["status"] == "participating"

    asked = api("sales1").post(
        f"/api/inquiries/{tid}/requests/",
        {"kind": "technical", "question": "彩钢瓦屋面的组件排布与承重？"},
        format="json",
    )
    assert asked.status_code == 201, asked.data
    bid = quote(api, "C-0001", "800.00", quantity="900", inquiry=tid)
    assert bid.status_code == 201, bid.data
    assert api("sales1").post(f"/api/quotes/{bid.data['id']}/submit/").status_code == 409
    assert api("buyer").post(
        f"/api/inquiries/{tid}/requests/{asked.data['id']}/answer/", {"answer": "x"}
    ).status_code in (403, 404)
    answered = api("tech").post(
        f"/api/inquiries/{tid}/requests/{asked.data['id']}/answer/",
        {"answer": "可行，按 4 块一组排布"},
    )
    assert answered.status_code == 200, answered.data
    assert api("sales1").post(f"/api/quotes/{bid.data['id']}/submit/").status_code == 200
