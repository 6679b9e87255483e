"""Amounts: strings of digits only, rounded once to the fen with ROUND_HALF_UP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fieldsales.policy import ClaimInputError, fen, parse_amount


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("0", "0.00"),
        ("0.5", "0.50"),
        ("73.50", "73.50"),
        ("999999999.99", "999999999.99"),
        ("007.10", "7.10"),
    ],
)
def test_parse_amount_accepts_decimal_strings(value, amount):
    assert str(parse_amount(value, "items[0].amount")) == amount


@pytest.mark.parametrize(
    "value",
    [
        73.5,
        73,
        None,
        True,
        "-1.00",
        "+1.00",
        "1.005",
        "1e3",
        "NaN",
        "Infinity",
        "",
        " 1.00",
        "1.00\n",
        "1,000.00",
        "1.",
        ".5",
        "1000000000.00",
        "１２.００",
        "0x10",
    ],
)
def test_parse_amount_refuses_everything_else(value):
    with pytest.raises(ClaimInputError) as raised:
        parse_amount(value, "items[2].amount")

    assert (
        str(raised.value)
        == "items[2].amount: must be a non-negative amount with at most 2 decimals"
    )
    assert (raised.value.field, raised.value.message) == (
        "items[2].amount",
        "must be a non-negative amount with at most 2 decimals",
    )


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("200.005", "200.01"),
        ("200.004", "200.00"),
        ("0.125", "0.13"),
        ("0.135", "0.14"),
        ("-0.005", "-0.01"),
        ("2", "2.00"),
    ],
)
def test_fen_rounds_half_up(value, rounded):
    assert str(fen(Decimal(value))) == rounded


def test_fen_two_percent_of_10000_25():
    assert str(fen(Decimal("10000.25") * Decimal("0.02"))) == "200.01"
