"""P8: totals and the settlement against the advance, rounded once per line to the fen."""

from __future__ import annotations

import pytest
from policy_builders import claim, item, run


@pytest.mark.parametrize(
    ("advance", "pay", "ret"),
    [
        ("0.00", "260.00", "0.00"),
        ("200.00", "60.00", "0.00"),
        ("260.00", "0.00", "0.00"),
        ("500.00", "0.00", "240.00"),
    ],
)
def test_p8_2_settlement_pays_or_returns_the_difference(advance, pay, ret):
    # given 200.00 allowance and a 60.00 ticket against an advance
    result = run(claim(item("train", "60.00"), advance=advance))

    # then the positive difference is paid, the negative returned, zero is neither
    assert result["settlement"] == {
        "advance": advance,
        "pay_to_traveller": pay,
        "return_to_company": ret,
    }


def test_p8_1_totals_add_up_over_lines():
    result = run(
        claim(
            item("train", "73.50", id="t1"),
            item("lodging", "180.00", id="h1"),
            item("entertainment", "1200.00", id="e1", deal_amount="48000.00", deal_closed=True),
        )
    )

    assert result["totals"] == {
        "claimed": "1453.50",
        "reimbursed": "1233.50",
        "self_paid": "420.00",
    }


def test_p8_1_no_items_is_the_allowance_alone():
    result = run(claim(advance="300.00"))

    assert result["lines"] == [
        {
            "item": "allowance",
            "kind": "allowance",
            "claimed": "0.00",
            "reimbursed": "200.00",
            "rule": "P3.2",
        }
    ]
    assert result["totals"] == {"claimed": "0.00", "reimbursed": "200.00", "self_paid": "0.00"}
    assert result["settlement"] == {
        "advance": "300.00",
        "pay_to_traveller": "0.00",
        "return_to_company": "100.00",
    }


def test_p8_1_lines_keep_input_order_after_the_allowance():
    result = run(
        claim(
            item("meal", "1.00", id="z"),
            item("train", "1.00", id="a"),
            item("other", "1.00", id="m"),
        )
    )

    assert [entry["item"] for entry in result["lines"]] == ["allowance", "z", "a", "m"]
