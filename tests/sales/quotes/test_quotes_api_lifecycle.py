"""The done-when story through the API: quote, submit, approve, print (capitals), sent."""

from __future__ import annotations

import subprocess

import pytest

from fieldsales.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def create(api, body, user="sales1"):
    response = api(user).post("/api/quotes/", body, format="json")
    assert response.status_code == 201, response.data
    return response.data


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "quote.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_s4_story_factory_minimum_quote_is_approved_printed_and_sent(api, quote_body, tmp_path):
    # Given sales1 quotes 10 modules to an end customer at the factory minimum
    quote = create(api, quote_body(("TQ-M550", "10", "800.00")))
    assert quote["status"] == "draft"
    assert quote["number"].startswith("QT-") and quote["number"].endswith("-r1")
    assert quote["total"] == "8000.00"
    line = quote["lines"][0]
    assert (line["quantity"], line["unit_price"], line["amount"]) == ("10.000", "800.00", "8000.00")
    assert (line["market"], line["floor"], line["below_market_pct"]) == (
        "1000.00",
        "800.00",
        "20.0",
    )
    # (20% below market: S4.2 sends it to the GM too)
    assert quote["gm_reasons"] == ["deep_discount"]

    # When sales1 submits: the department manager, then the GM
    submitted = api("sales1").post(f"/api/quotes/{quote['id']}/submit/").data
    assert submitted["status"] == "submitted"
    assert [step["role"] for step in submitted["chain"]] == ["dept_manager", "gm"]
    inbox = api("head").get("/api/approvals/inbox/").data["results"]
    assert ("quote", quote["id"]) in [(i["kind"], i["id"]) for i in inbox]
    assert api("head").post(f"/api/quotes/{quote['id']}/approve/", {}).data["status"] == "submitted"
    approved = api("gm").post(f"/api/quotes/{quote['id']}/approve/", {"comment": "同意"}).data
    assert approved["status"] == "approved"
    assert [(a["role"], a["decision"]) for a in approved["approvals"]] == [
        ("dept_manager", "approve"),
        ("gm", "approve"),
    ]

    # Then the PDF prints with the total in capitals and marks the quote sent
    printed = api("sales1").get(f"/api/quotes/{quote['id']}/print/")
    assert printed.status_code == 200
    assert printed["Content-Type"] == "application/pdf"
    text = pdf_text(printed.content, tmp_path)
    assert "捌仟元整" in text
    assert quote["number"] in text
    assert "盖章" in text and "杭州阳光新能源科技有限公司" in text
    after = api("sales1").get(f"/api/quotes/{quote['id']}/").data
    assert after["status"] == "sent" and after["sent_at"]
    # printing again (a double click) changes nothing but adds an audit row
    assert api("sales1").get(f"/api/quotes/{quote['id']}/print/").status_code == 200
    prints = AuditEvent.objects.filter(object_id=quote["id"], action="print")
    assert prints.count() == 2
    assert api("sales1").get(f"/api/quotes/{quote['id']}/").data["status"] == "sent"

    # And the customer accepts
    accepted = api("sales1").post(f"/api/quotes/{quote['id']}/accept/").data
    assert accepted["status"] == "accepted"


def test_s4_2_quote_at_market_goes_to_the_manager_alone(api, quote_body):
    quote = create(api, quote_body(("TQ-M550", "10", "1000.00")))
    assert quote["gm_reasons"] == []
    submitted = api("sales1").post(f"/api/quotes/{quote['id']}/submit/").data
    assert [step["role"] for step in submitted["chain"]] == ["dept_manager"]
    approved = api("head").post(f"/api/quotes/{quote['id']}/approve/", {}).data
    assert approved["status"] == "approved"
