"""P5: paid days (P5.1) and absenteeism (P5.2), and the GM's special case."""

from __future__ import annotations

import pytest
from policy_builders import claim, codes, days_trip, item, priced, run, violations

from fieldsales.policy import DEFAULT_POLICY


@pytest.mark.parametrize(
    ("days", "out", "paid_days", "allowance", "over"),
    [
        (2, False, 2, "200.00", False),
        (3, False, 2, "200.00", True),
        (3, True, 3, "390.00", False),
        (4, True, 3, "390.00", True),
    ],
)
def test_p5_1_paid_days_boundary(days, out, paid_days, allowance, over):
    # given a trip of `days` days in or out of the province
    result = run(claim(**days_trip(days, out=out)))

    # then only the paid days earn the allowance, and a longer trip breaks P5.1
    assert (result["days"], result["paid_days"]) == (days, paid_days)
    assert priced(result, "allowance")[:2] == (allowance, "P3.3" if out else "P3.2")
    assert ("days_over_limit" in codes(result)) is over
    if over:
        (found,) = violations(result, "days_over_limit")
        assert (found["rule"], found["item"]) == ("P5.1", None)
        assert priced(result, "allowance")[2] == "days_over_limit"


@pytest.mark.parametrize(
    ("days", "out", "absent_days"),
    [(4, False, 0), (5, False, 1), (5, True, 0), (6, True, 1), (8, True, 3)],
)
def test_p5_2_absence_boundary(days, out, absent_days):
    # given a trip of `days` days
    result = run(claim(**days_trip(days, out=out)))

    # then the days beyond 4 (in) or 5 (out) count as absenteeism
    assert result["absent_days"] == absent_days
    assert ("absenteeism" in codes(result)) is (absent_days > 0)


def test_p5_2_special_case_waives_absenteeism_but_not_p5_1():
    # given a six-day in-province trip that the GM recorded as a special case
    result = run(claim(**days_trip(6, special_case=True)))

    # then no absenteeism, but the allowance still stops at the paid days
    assert result["absent_days"] == 0
    assert codes(result) == {"days_over_limit"}
    assert (result["paid_days"], priced(result, "allowance")[0]) == (2, "200.00")


def test_p5_1_tickets_beyond_paid_days_stay_reimbursable_by_default():
    # given a four-day in-province trip with a return ticket on the last day
    ticket = item("train", "60.00", date="2026-03-05")

    # then, by default (the Reading of P5.1), the ticket is still reimbursed
    assert priced(run(claim(ticket, **days_trip(4)))) == ("60.00", "P4.1", None)


def test_p5_1_tickets_beyond_paid_days_when_the_policy_says_so():
    # given a policy version that makes tickets after the paid days self-paid
    params = DEFAULT_POLICY.replace(tickets_beyond_paid_days=False)
    within = item("train", "60.00", id="t1", date="2026-03-03")
    beyond = item("train", "60.00", id="t2", date="2026-03-05")
    undated = item("train", "60.00", id="t3")

    result = run(claim(within, beyond, undated, **days_trip(4)), params)

    # then only the ticket dated after the paid days is cut, under P5.1
    assert priced(result, "t1") == ("60.00", "P4.1", None)
    assert priced(result, "t2") == ("0.00", "P5.1", "days_over_limit")
    assert priced(result, "t3") == ("60.00", "P4.1", None)
    assert [v["item"] for v in violations(result, "days_over_limit")] == [None, "t2"]
