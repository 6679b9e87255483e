"""What the duplicate-receipt check matches a claim's lines on (issue 15), read from its items.

Pure: the claim services and the data migration that fills ClaimItemKey both call it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and abs(amount) < Decimal("1e10") else None


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def item_keys(items: Any) -> list[tuple[str, str, Decimal, date]]:
    """(line id, kind, amount, date) of every line that states all three: a line without a
    date or an amount cannot be matched and is left out."""
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        kind, amount, day = item.get("kind"), _amount(item.get("amount")), _day(item.get("date"))
        if isinstance(kind, str) and kind and amount is not None and day is not None:
            found.append((str(item.get("id"))[:40], kind[:20], amount, day))
    return found
