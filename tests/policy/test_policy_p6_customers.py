"""P6: same customer limit (P6.1), entertainment (P6.2), invited colleague (P6.3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from policy_builders import claim, codes, item, priced, run, violations

from fieldsales.policy import DEFAULT_POLICY


@pytest.mark.parametrize(
    ("deal_amount", "deal_closed", "amount", "expected"),
    [
        ("10000.00", True, "150.00", ("0.00", "P6.2", "entertainment_not_eligible")),
        ("10000.01", True, "150.00", ("150.00", "P6.2", None)),
        ("10000.01", True, "250.00", ("200.00", "P6.2", "over_entertainment_cap")),
        ("48000.00", True, "1200.00", ("960.00", "P6.2", "over_entertainment_cap")),
        ("48000.00", True, "960.00", ("960.00", "P6.2", None)),
        ("48000.00", False, "500.00", ("0.00", "P6.2", "entertainment_not_eligible")),
        (None, True, "500.00", ("0.00", "P6.2", "entertainment_not_eligible")),
        ("10000.25", True, "300.00", ("200.01", "P6.2", "over_entertainment_cap")),
    ],
)
def test_p6_2_entertainment_above_min_order_up_to_two_percent(
    deal_amount, deal_closed, amount, expected
):
    # given a customer dinner with the order it served
    fields = {"deal_closed": deal_closed}
    if deal_amount is not None:
        fields["deal_amount"] = deal_amount

    # then only a closed order above 10000.00 makes it reimbursable, up to 2% of it
    assert priced(run(claim(item("entertainment", amount, **fields)))) == expected


def test_p6_2_cap_is_rounded_half_up_to_the_fen():
    # 2% of 10000.25 is 200.005: ROUND_HALF_UP gives 200.01
    result = run(claim(item("entertainment", "999.99", deal_amount="10000.25", deal_closed=True)))

    assert priced(result)[0] == "200.01"
    assert result["totals"]["self_paid"] == "799.98"


def test_p6_2_rate_and_minimum_come_from_the_policy_version():
    params = DEFAULT_POLICY.replace(
        entertainment_min_order=Decimal("5000.00"),
        entertainment_rate=Decimal("0.05"),
    )
    result = run(
        claim(item("entertainment", "400.00", deal_amount="6000.00", deal_closed=True)), params
    )

    assert priced(result) == ("300.00", "P6.2", "over_entertainment_cap")


def _customers(*prior: int):
    return [
        {"id": f"C-{n}", "prior_trips": p, "feedback_signed": True} for n, p in enumerate(prior, 1)
    ]


@pytest.mark.parametrize(
    ("prior", "zeroed"),
    [
        ((0,), False),
        ((1,), False),
        ((2,), True),
        ((3,), True),
        ((2, 2), True),
        ((2, 1), False),
        ((5, 0), False),
    ],
)
def test_p6_1_trip_self_paid_only_when_every_customer_is_past_the_limit(prior, zeroed):
    # given a trip to customers with earlier reimbursed trips
    result = run(claim(item("train", "60.00"), customers=_customers(*prior)))

    # then the trip is zeroed only when every customer had 2 trips already
    assert ("same_customer_limit" in codes(result)) is zeroed
    assert priced(result, "allowance")[:2] == ("0.00" if zeroed else "200.00", "P3.2")
    assert priced(result)[:2] == ("0.00" if zeroed else "60.00", "P4.1")


def test_p6_1_no_customers_is_never_past_the_limit():
    result = run(claim(customers=[]))

    assert codes(result) == set()
    assert priced(result, "allowance")[0] == "200.00"


def test_p6_1_limit_from_the_policy_version():
    params = DEFAULT_POLICY.replace(max_trips_per_customer=3)

    result = run(claim(customers=_customers(2)), params)

    assert codes(result) == set()


def test_p6_3_invited_colleague_is_reimbursed_nothing():
    # given a colleague invited along, with a ticket and a dinner
    result = run(
        claim(item("train", "60.00"), item("meal", "30.00", id="m1"), invited_colleague=True)
    )

    # then every line is 0.00 under its own rule and the trip shows P6.3
    assert priced(result, "allowance") == ("0.00", "P3.2", "invited_colleague")
    assert priced(result) == ("0.00", "P4.1", "invited_colleague")
    assert priced(result, "m1") == ("0.00", "P3.4", "covered_by_allowance")
    assert violations(result, "invited_colleague")[0]["item"] is None
    assert codes(result) == {"invited_colleague", "covered_by_allowance"}
