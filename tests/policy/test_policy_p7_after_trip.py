"""P7: the trip report within three days (P7.1), signed visit feedback (P7.2), market report (P7.3)."""

from __future__ import annotations

import pytest
from policy_builders import claim, codes, run, violations


@pytest.mark.parametrize(
    ("submitted", "as_of", "overdue"),
    [
        ("2026-03-05", "2026-03-20", False),
        ("2026-03-06", "2026-03-20", False),  # on the due date is on time
        ("2026-03-07", "2026-03-20", True),
        (None, "2026-03-06", False),
        (None, "2026-03-07", True),
        (None, "2026-03-03", False),
    ],
)
def test_p7_1_report_due_three_days_after_return(submitted, as_of, overdue):
    # given a trip returning 2026-03-03, so the report is due 2026-03-06
    result = run(claim(report_submitted=submitted, as_of=as_of))

    # then it is overdue if handed in after that day, or not handed in and as_of is past it
    assert result["report_due"] == "2026-03-06"
    assert ("report_overdue" in codes(result)) is overdue
    if overdue:
        (found,) = violations(result, "report_overdue")
        assert (found["rule"], found["item"]) == ("P7.1", None)


def test_p7_1_as_of_defaults_to_today():
    # given no as_of: today (2026-03-20 in these tests) decides
    result = run(claim(report_submitted=None, as_of=None))

    assert codes(result) == {"report_overdue"}


def test_p7_1_report_overdue_has_no_money_effect():
    result = run(claim(report_submitted="2026-03-10"))

    assert result["totals"]["reimbursed"] == "200.00"


def test_p7_2_missing_visit_feedback_per_unsigned_customer():
    customers = [
        {"id": "C-1", "feedback_signed": True},
        {"id": "C-2", "feedback_signed": False},
        {"id": "C-3"},
    ]
    result = run(claim(customers=customers))

    found = violations(result, "missing_visit_feedback")
    assert [(v["rule"], v["item"], v["customer"]) for v in found] == [
        ("P7.2", None, "C-2"),
        ("P7.2", None, "C-3"),
    ]
    assert result["totals"]["reimbursed"] == "200.00"


@pytest.mark.parametrize(
    ("purpose", "market_report", "missing"),
    [
        ("new_market", False, True),
        ("new_market", True, False),
        ("customer_visit", False, False),
    ],
)
def test_p7_3_market_report_for_new_market_trips(purpose, market_report, missing):
    result = run(claim(purpose=purpose, market_report=market_report))

    assert ("missing_market_report" in codes(result)) is missing
