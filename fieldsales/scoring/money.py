"""Decimal strings in, Decimal strings out: money to the fen, ratios to 4 places, half-up."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

# ASCII digits only: `\d` would also accept full-width and other scripts' digits.
DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
ZERO = Decimal("0.00")


def half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """An exact value rounded half-up (away from zero on a tie) to `places` decimals."""
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    whole = math.floor(scaled + Fraction(1, 2))
    sign = 1 if exact < 0 and whole else 0
    return Decimal((sign, tuple(int(d) for d in str(whole)), -places))


def fen(value: Fraction | Decimal | int) -> Decimal:
    """To the fen (0.01), half-up: the one rounding of money and points."""
    return half_up(value, 2)


def money_str(value: Decimal) -> str:
    """Money, points and weights as printed: always two decimals ("0.00")."""
    return f"{fen(value):.2f}"


def ratio_str(value: Decimal) -> str:
    """A ratio as printed: four decimals ("1.2000")."""
    return f"{half_up(value, 4):.4f}"
