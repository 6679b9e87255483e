"""Zeroed trips: P1.3 not approved, P6.3 invited colleague, P6.1 every customer past the limit;
overrides stand on them (P9)."""

from __future__ import annotations

import pytest
from policy_builders import claim, codes, days_trip, item, line, priced, run

OVERRIDE = {"amount": "55.00", "by": "gm", "reason": "总经理事后批准"}
ZEROINGS = [
    ({"approved": False}, "trip_not_approved", "P1.3"),
    ({"invited_colleague": True}, "invited_colleague", "P6.3"),
    (
        {"customers": [{"id": "C-1", "prior_trips": 2, "feedback_signed": True}]},
        "same_customer_limit",
        "P6.1",
    ),
]


@pytest.mark.parametrize(("trip", "code", "rule"), ZEROINGS)
def test_p1_3_p6_zeroed_trip_reimburses_nothing_but_overrides(trip, code, rule):
    # given a zeroed trip with a ticket, a lodging receipt and an overridden parking fee
    result = run(
        claim(
            item("train", "60.00", id="t1"),
            item("lodging", "180.00", id="h1"),
            item("other", "40.00", id="p1", override=OVERRIDE),
            **trip,
        )
    )

    # then every line is 0.00 under its own rule, except the override, which stands
    assert priced(result, "allowance") == ("0.00", "P3.2", code)
    assert priced(result, "t1") == ("0.00", "P4.1", code)
    assert priced(result, "h1") == ("0.00", "P3.4", "covered_by_allowance")
    assert priced(result, "p1") == ("55.00", "override", None)
    # and the zeroing is one trip-level violation; the line's own violations are still there
    trip_level = [v for v in result["violations"] if v["code"] == code]
    assert [(v["rule"], v["item"]) for v in trip_level] == [(rule, None)]
    assert codes(result) == {code, "covered_by_allowance"}
    assert result["totals"] == {"claimed": "280.00", "reimbursed": "55.00", "self_paid": "225.00"}


def test_p1_3_not_approved_still_reports_days():
    result = run(claim(approved=False, **days_trip(6, out=True)))

    assert (result["days"], result["paid_days"], result["absent_days"]) == (6, 3, 1)
    assert codes(result) == {"trip_not_approved", "days_over_limit", "absenteeism"}
    assert result["lines"][0]["reimbursed"] == "0.00"


def test_p1_3_every_zeroing_reported_together():
    result = run(claim(approved=False, invited_colleague=True))

    assert [v["code"] for v in result["violations"]] == ["trip_not_approved", "invited_colleague"]


def test_p6_1_one_customer_within_limit_keeps_the_trip_paid():
    customers = [
        {"id": "C-1", "prior_trips": 2, "feedback_signed": True},
        {"id": "C-2", "prior_trips": 0, "feedback_signed": True},
    ]
    result = run(claim(item("train", "60.00"), customers=customers))

    assert codes(result) == set()
    assert result["totals"]["reimbursed"] == "260.00"


def test_p9_override_stands_on_every_kind_of_zeroing_at_once():
    result = run(
        claim(
            item("train", "60.00", override={"amount": "60.00", "reason": "例外"}),
            approved=False,
            invited_colleague=True,
        )
    )

    assert priced(result) == ("60.00", "override", None)
    assert "violation" not in line(result)
