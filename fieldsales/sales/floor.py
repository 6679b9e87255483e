"""The price floor (selling.md S2): pure Python, typed, used by quotes and orders alike.

S2.1 a unit price below the floor is refused; the floor is `distributor_min` for a customer
of kind distributor and `factory_min` for any other. S2.2 a price below `market` shows how
far below, in percent to one decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DISTRIBUTOR = "distributor"
FEN = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Tiers:
    """One product's three prices on a price list, yuan incl. VAT."""

    market: Decimal
    factory_min: Decimal
    distributor_min: Decimal


@dataclass(frozen=True)
class PriceCheck:
    """What S2 says about one unit price."""

    floor: Decimal
    below_floor: bool  # S2.1: refused
    below_market_pct: Decimal  # S2.2: 0.0 at or above market


def tiers_problem(tiers: Tiers) -> str | None:
    """Why three tiers are not a valid price (S1.2: market ≥ factory_min ≥ distributor_min > 0)."""
    for value in (tiers.market, tiers.factory_min, tiers.distributor_min):
        if value != value.quantize(FEN):
            return "precision"
    if tiers.distributor_min <= 0:
        return "not_positive"
    if not tiers.market >= tiers.factory_min >= tiers.distributor_min:
        return "order"
    return None


def floor_for(tiers: Tiers, customer_kind: str) -> Decimal:
    """S2.1: the lowest unit price allowed for a customer of this kind."""
    return tiers.distributor_min if customer_kind == DISTRIBUTOR else tiers.factory_min


def below_market_pct(market: Decimal, unit_price: Decimal) -> Decimal:
    """S2.2: how far below market, in percent to one decimal (0.0 at or above market)."""
    if market <= 0 or unit_price >= market:
        return Decimal("0.0")
    return ((market - unit_price) * 100 / market).quantize(TENTH, rounding=ROUND_HALF_UP)


def check_price(tiers: Tiers, customer_kind: str, unit_price: Decimal) -> PriceCheck:
    """S2.1 and S2.2 for one line's unit price."""
    floor = floor_for(tiers, customer_kind)
    return PriceCheck(
        floor=floor,
        below_floor=unit_price < floor,
        below_market_pct=below_market_pct(tiers.market, unit_price),
    )


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """S4.1: quantity × unit price rounded to the fen (half up)."""
    return (quantity * unit_price).quantize(FEN, rounding=ROUND_HALF_UP)
