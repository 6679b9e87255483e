"""Small builders for the quote tests."""

from __future__ import annotations


def lines(catalogue, *specs):
    """[(code, quantity, unit_price)] as the API's lines."""
    return [
        {"product": catalogue["products"][code].pk, "quantity": q, "unit_price": p}
        for code, q, p in specs
    ]
