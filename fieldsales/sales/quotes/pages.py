"""What the quote pages show: tones of statuses, the picker's products, the form's lines."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import QueryDict

from fieldsales.sales.quotes.models import EXPIRED, QuoteStatus

TONES = {
    QuoteStatus.DRAFT: "draft",
    QuoteStatus.SUBMITTED: "submitted",
    QuoteStatus.APPROVED: "approved",
    QuoteStatus.REJECTED: "rejected",
    QuoteStatus.SENT: "info",
    QuoteStatus.ACCEPTED: "approved",
    QuoteStatus.DECLINED: "rejected",
    QuoteStatus.SUPERSEDED: "cancelled",
    QuoteStatus.CANCELLED: "cancelled",
    EXPIRED: "warning",
}


def tone(status: str) -> str:
    return TONES.get(status, "draft")


def _decimal(value: str) -> Decimal | None:
    value = (value or "").strip()
    if not value or not all(c in "0123456789." for c in value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def posted_lines(post: QueryDict) -> list[dict[str, Any]]:
    """The form's lines (parallel `product`, `quantity`, `unit_price` fields); a value that is
    no number is left as None for the service to refuse naming the line."""
    products = post.getlist("product")
    quantities = post.getlist("quantity")
    prices = post.getlist("unit_price")
    lines = []
    for index, product in enumerate(products):
        if not product.strip():
            continue
        lines.append(
            {
                "product": int(product) if product.isascii() and product.isdigit() else None,
                "quantity": _decimal(quantities[index] if index < len(quantities) else ""),
                "unit_price": _decimal(prices[index] if index < len(prices) else ""),
            }
        )
    return lines
