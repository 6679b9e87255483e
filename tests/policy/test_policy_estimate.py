"""estimate: the pre-trip allowance and warnings of a trip request (P3, P4.4, P5, P6.1)."""

from __future__ import annotations

from policy_builders import TODAY, claim, days_trip

from fieldsales.policy import DEFAULT_POLICY, estimate, evaluation_as_dict, parse_claim


def _estimate(flight_requested: bool = False, lang: str = "zh", **trip):
    facts = parse_claim(claim(**trip), today=TODAY).trip
    return evaluation_as_dict(
        estimate(facts, DEFAULT_POLICY, flight_requested=flight_requested), lang
    )


def test_estimate_allowance_by_scope_and_days():
    result = _estimate(**days_trip(3, out=True, advance="300.00"))

    assert result["lines"] == [
        {
            "item": "allowance",
            "kind": "allowance",
            "claimed": "0.00",
            "reimbursed": "390.00",
            "rule": "P3.3",
        }
    ]
    assert result["violations"] == []
    assert result["totals"] == {"claimed": "0.00", "reimbursed": "390.00", "self_paid": "0.00"}
    assert result["settlement"] == {
        "advance": "300.00",
        "pay_to_traveller": "90.00",
        "return_to_company": "0.00",
    }


def test_estimate_warns_of_days_over_limit_and_absenteeism():
    result = _estimate(**days_trip(6))

    assert [(v["code"], v["rule"], v["item"]) for v in result["violations"]] == [
        ("days_over_limit", "P5.1", None),
        ("absenteeism", "P5.2", None),
    ]
    assert (result["paid_days"], result["absent_days"], result["lines"][0]["reimbursed"]) == (
        2,
        2,
        "200.00",
    )


def test_estimate_warns_of_customers_past_the_limit():
    customers = [{"id": "C-1", "prior_trips": 2}, {"id": "C-2", "prior_trips": 1}]
    result = _estimate(customers=customers)

    assert [(v["code"], v["rule"], v.get("customer")) for v in result["violations"]] == [
        ("same_customer_limit", "P6.1", "C-1")
    ]
    assert result["lines"][0]["reimbursed"] == "200.00"


def test_estimate_zeroes_the_allowance_when_every_customer_is_past_the_limit():
    result = _estimate(customers=[{"id": "C-1", "prior_trips": 3}])

    assert result["lines"][0]["reimbursed"] == "0.00"
    assert result["lines"][0]["violation"] == "same_customer_limit"


def test_estimate_flight_needs_gm_approval_before_the_trip():
    asked = _estimate(flight_requested=True)
    approved = _estimate(flight_requested=True, flight_preapproved=True)

    assert [(v["code"], v["rule"]) for v in asked["violations"]] == [
        ("flight_not_preapproved", "P4.4")
    ]
    assert "总经理" in asked["violations"][0]["message"]
    assert approved["violations"] == []


def test_estimate_has_no_p1_3_or_p7_warnings():
    customers = [{"id": "C-1", "feedback_signed": False}]
    result = _estimate(
        approved=False, purpose="new_market", customers=customers, report_submitted=None
    )

    assert result["violations"] == []
    assert result["lines"][0]["reimbursed"] == "200.00"


def test_estimate_in_english():
    result = _estimate(flight_requested=True, lang="en")

    assert (
        result["violations"][0]["message"]
        == "A flight must be approved by the general manager before the trip"
    )
