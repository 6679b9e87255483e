"""S3 through the API alone: a tender of 800,000 needs the GM after the head; a request by
sales1 is answered by tech; a participating inquiry can be quoted once its requests are answered."""

from __future__ import annotations

import pytest
from helpers import days_from_today

from fieldsales.crm.models import Customer
from fieldsales.sales.inquiries.models import Inquiry
from fieldsales.sales.inquiries.selectors import has_unanswered_requests, quotable_inquiry

pytestmark = pytest.mark.django_db


def register(api, username="sales1", code="C-0001", **extra):
    body = {
        "kind": "tender",
        "customer": Customer.objects.get(code=code).pk,
        "items": [{"description": "单晶组件 550W", "quantity": "1000", "unit": "块"}],
        "deadline": days_from_today(20),
        "estimated_amount": "800000.00",
    } | extra
    response = api(username).post("/api/inquiries/", body, format="json")
    assert response.status_code == 201, response.data
    return response.data


def inbox_ids(api, username, kind):
    rows = api(username).get("/api/approvals/inbox/").data["results"]
    return [r["id"] for r in rows if r["kind"] == kind]


def test_s3_story_tender_needs_gm_after_head_and_request_answered_by_tech(api, cast):
    # Given sales1 registers a tender of 800,000.00: submitted at once, waiting for head
    tender = register(api)
    tid = tender["id"]
    assert tender["status"] == "submitted"
    assert [s["role"] for s in tender["chain"]] == ["dept_manager", "gm"]
    assert tender["items"] == [
        {"description": "单晶组件 550W", "quantity": "1000.000", "unit": "块"}
    ]
    assert tender["estimated_amount"] == "800000.00"
    assert tender["number"].startswith("ZB-")
    assert tid in inbox_ids(api, "head", "inquiry")
    assert tid not in inbox_ids(api, "gm", "inquiry")

    # When head decides to participate, it waits for the GM (same endpoint)
    decided = api("head").post(
        f"/api/inquiries/{tid}/decide/", {"participate": True}, format="json"
    )
    assert decided.status_code == 200, decided.data
    assert decided.data["status"] == "submitted"
    assert decided.data["current_step"]["role"] == "gm"
    assert tid in inbox_ids(api, "gm", "inquiry")
    assert tid not in inbox_ids(api, "head", "inquiry")
    # head may not decide twice
    again = api("head").post(f"/api/inquiries/{tid}/decide/", {"participate": True}, format="json")
    assert again.status_code in (403, 409)

    # sales1 asks tech a question: tech sees the inquiry and has it in the inbox
    asked = api("sales1").post(
        f"/api/inquiries/{tid}/requests/",
        {"kind": "technical", "question": "组件功率和支架型号？"},
        format="json",
    )
    assert asked.status_code == 201, asked.data
    rid = asked.data["id"]
    assert has_unanswered_requests(Inquiry.objects.get(pk=tid)) is True
    assert tid in inbox_ids(api, "tech", "inquiry_request")
    seen = api("tech").get(f"/api/inquiries/{tid}/")
    assert seen.status_code == 200
    assert seen.data["estimated_amount"] is None  # no prices for technical staff
    assert api("buyer").get(f"/api/inquiries/{tid}/").status_code == 404

    # GM participates: participating
    final = api("gm").post(f"/api/inquiries/{tid}/decide/", {"participate": True}, format="json")
    assert final.status_code == 200, final.data
    assert final.data["status"] == "participating"
    assert [(a["role"], a["decision"]) for a in final.data["approvals"]] == [
        ("dept_manager", "approve"),
        ("gm", "approve"),
    ]
    assert final.data["can_quote"] is True
    assert final.data["has_unanswered_requests"] is True

    # tech answers once; a second answer is 409
    answer = api("tech").post(
        f"/api/inquiries/{tid}/requests/{rid}/answer/",
        {"answer": "550W 单晶，固定支架"},
        format="json",
    )
    assert answer.status_code == 200, answer.data
    assert answer.data["answered"] is True
    twice = api("tech").post(
        f"/api/inquiries/{tid}/requests/{rid}/answer/", {"answer": "再答"}, format="json"
    )
    assert twice.status_code == 409
    inquiry = Inquiry.objects.get(pk=tid)
    assert has_unanswered_requests(inquiry) is False
    assert quotable_inquiry(cast["sales1"], tid).pk == tid
    assert tid not in inbox_ids(api, "tech", "inquiry_request")


def test_s3_2_small_inquiry_is_decided_by_the_manager_alone(api):
    small = register(api, kind="inquiry", estimated_amount="120000.00")
    assert [s["role"] for s in small["chain"]] == ["dept_manager"]
    assert small["number"].startswith("XJ-")
    done = api("head").post(
        f"/api/inquiries/{small['id']}/decide/", {"participate": True}, format="json"
    )
    assert done.data["status"] == "participating"


def test_s3_2_decline_needs_a_reason(api):
    inquiry = register(api, estimated_amount="1000.00")
    refused = api("head").post(
        f"/api/inquiries/{inquiry['id']}/decide/", {"participate": False}, format="json"
    )
    assert refused.status_code == 400
    assert "reason" in refused.data
    declined = api("head").post(
        f"/api/inquiries/{inquiry['id']}/decide/",
        {"participate": False, "reason": "交期无法满足"},
        format="json",
    )
    assert declined.status_code == 200
    assert declined.data["status"] == "declined"
    assert declined.data["can_quote"] is False


def test_s3_2_the_author_and_others_may_not_decide(api):
    inquiry = register(api, estimated_amount="1000.00")
    assert (
        api("sales1")
        .post(f"/api/inquiries/{inquiry['id']}/decide/", {"participate": True}, format="json")
        .status_code
        == 403
    )
    assert (
        api("gm")
        .post(f"/api/inquiries/{inquiry['id']}/decide/", {"participate": True}, format="json")
        .status_code
        == 403
    )
    assert (
        api("tech")
        .post(f"/api/inquiries/{inquiry['id']}/decide/", {"participate": True}, format="json")
        .status_code
        == 404
    )


def test_s3_4_outcome_lost_needs_reason_and_won_closes(api):
    inquiry = register(api, estimated_amount="1000.00")
    iid = inquiry["id"]
    early = api("sales1").post(f"/api/inquiries/{iid}/outcome/", {"outcome": "won"}, format="json")
    assert early.status_code == 409
    api("head").post(f"/api/inquiries/{iid}/decide/", {"participate": True}, format="json")
    lost = api("sales1").post(f"/api/inquiries/{iid}/outcome/", {"outcome": "lost"}, format="json")
    assert lost.status_code == 400 and "reason" in lost.data
    assert (
        api("head")
        .post(
            f"/api/inquiries/{iid}/outcome/", {"outcome": "lost", "reason": "价格"}, format="json"
        )
        .status_code
        == 403
    )
    done = api("sales1").post(
        f"/api/inquiries/{iid}/outcome/",
        {"outcome": "lost", "reason": "价格偏高", "winning_price": "950.00"},
        format="json",
    )
    assert done.status_code == 200, done.data
    assert done.data["status"] == "lost"
    assert done.data["winning_price"] == "950.00"
    assert done.data["outcome_reason"] == "价格偏高"


def test_s3_4_withdraw_a_submitted_inquiry_leaves_the_inbox(api):
    inquiry = register(api, estimated_amount="1000.00")
    out = api("sales1").post(
        f"/api/inquiries/{inquiry['id']}/outcome/", {"outcome": "withdrawn"}, format="json"
    )
    assert out.status_code == 200 and out.data["status"] == "withdrawn"
    assert inquiry["id"] not in inbox_ids(api, "head", "inquiry")
