"""Money as Decimal: parsing the JSON strings of claim-format.md and rounding to the fen."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from fieldsales.policy.errors import ClaimInputError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
AMOUNT_MESSAGE = "must be a non-negative amount with at most 2 decimals"

# ASCII digits only: `\d` would also accept full-width and other scripts' digits.
_AMOUNT = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,2})?")


def fen(amount: Decimal) -> Decimal:
    """Round to 0.01 with ROUND_HALF_UP, the one rounding of policy.md."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def is_amount(value: object) -> bool:
    """Whether `value` is a JSON string holding a claim-format.md amount ("73.50")."""
    return isinstance(value, str) and _AMOUNT.fullmatch(value) is not None


def parse_amount(value: object, field: str) -> Decimal:
    """A claim-format.md amount: a string of digits, at most 9 before the point and 2 after."""
    # JSON numbers are refused on purpose: no binary float ever touches money.
    if not isinstance(value, str) or _AMOUNT.fullmatch(value) is None:
        raise ClaimInputError(field, AMOUNT_MESSAGE)
    return fen(Decimal(value))


def money_str(amount: Decimal) -> str:
    """The output form of an amount: always two decimals ("0.00")."""
    return f"{fen(amount):.2f}"
