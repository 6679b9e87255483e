"""Filters of the list pages (core.lists)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from fieldsales.core.money import format_yuan

register = template.Library()


@register.filter
def yuan(amount: Any) -> str:
    """`{{ total|yuan }}`: ¥2,777.00 (empty for no amount)."""
    if amount is None or amount == "":
        return ""
    return format_yuan(Decimal(amount))
