"""S2 (fieldsales.sales.floor), table-driven, no database: customer kind × tier × the fen at
the floor; S1.2's tier check; S2.2's percent below market; S4.1's line amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fieldsales.sales import floor

D = Decimal
TIERS = floor.Tiers(market=D("880.00"), factory_min=D("800.00"), distributor_min=D("760.00"))

# kind, unit price, below the floor?, the floor
CASES = [
    # end customers and prospects: the floor is factory_min
    ("end_customer", "800.00", False, "800.00"),
    ("end_customer", "799.99", True, "800.00"),
    ("end_customer", "800.01", False, "800.00"),
    ("end_customer", "760.00", True, "800.00"),
    ("end_customer", "880.00", False, "800.00"),
    ("prospect", "800.00", False, "800.00"),
    ("prospect", "799.99", True, "800.00"),
    ("prospect", "760.00", True, "800.00"),
    # distributors: the floor is distributor_min
    ("distributor", "760.00", False, "760.00"),
    ("distributor", "759.99", True, "760.00"),
    ("distributor", "760.01", False, "760.00"),
    ("distributor", "799.99", False, "760.00"),
    ("distributor", "880.00", False, "760.00"),
    # an unknown kind is "any other": factory_min
    ("", "799.99", True, "800.00"),
]


@pytest.mark.parametrize(("kind", "price", "below", "floor_value"), CASES)
def test_s2_1_floor_by_customer_kind_at_the_fen(kind, price, below, floor_value):
    check = floor.check_price(TIERS, kind, D(price))
    assert check.below_floor is below
    assert check.floor == D(floor_value)
    assert floor.floor_for(TIERS, kind) == D(floor_value)


@pytest.mark.parametrize(
    ("price", "pct"),
    [
        ("880.00", "0.0"),
        ("900.00", "0.0"),
        ("879.99", "0.0"),  # 0.00114 % rounds to 0.0
        ("800.00", "9.1"),  # 9.0909… half up
        ("760.00", "13.6"),  # 13.636…
        ("748.00", "15.0"),
        ("747.99", "15.0"),
        ("660.00", "25.0"),
    ],
)
def test_s2_2_percent_below_market(price, pct):
    assert floor.below_market_pct(TIERS.market, D(price)) == D(pct)
    assert floor.check_price(TIERS, "distributor", D(price)).below_market_pct == D(pct)


def test_s2_2_zero_market_is_zero_percent():
    assert floor.below_market_pct(D("0"), D("1.00")) == D("0.0")


@pytest.mark.parametrize(
    ("market", "factory_min", "distributor_min", "problem"),
    [
        ("880.00", "800.00", "760.00", None),
        ("800.00", "800.00", "800.00", None),
        ("880.00", "800.00", "0.01", None),
        ("880.00", "800.00", "0.00", "not_positive"),
        ("880.00", "800.00", "-1.00", "not_positive"),
        ("799.99", "800.00", "760.00", "order"),
        ("880.00", "800.00", "800.01", "order"),
        ("880.001", "800.00", "760.00", "precision"),
        ("880.00", "800.00", "760.005", "precision"),
    ],
)
def test_s1_2_tiers_problem(market, factory_min, distributor_min, problem):
    assert (
        floor.tiers_problem(floor.Tiers(D(market), D(factory_min), D(distributor_min))) == problem
    )


@pytest.mark.parametrize(
    ("quantity", "price", "amount"),
    [
        ("1.000", "880.00", "880.00"),
        ("120.000", "4.80", "576.00"),
        ("0.333", "10.00", "3.33"),
        ("0.335", "10.00", "3.35"),  # half up
        ("2.125", "0.10", "0.21"),  # 0.2125 → 0.21
        ("0.005", "1.00", "0.01"),  # 0.005 half up
    ],
)
def test_s4_1_line_amount_rounded_half_up_to_the_fen(quantity, price, amount):
    assert floor.line_amount(D(quantity), D(price)) == D(amount)
