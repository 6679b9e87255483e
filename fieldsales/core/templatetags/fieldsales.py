"""Labels for codes shown on pages (from the apps' registered vocabularies); people's names."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from fieldsales.core import audit_text, labels, people, regions
from fieldsales.core.money import format_yuan

register = template.Library()


@register.filter
def label(code: str, vocabulary: str) -> str:
    """`{{ code|label:"trips.status" }}`: the label an app registered for the code."""
    return labels.label(vocabulary, code, empty="")


@register.filter
def display_name(user: Any) -> str:
    """A person as every page names them: family name first (张伟)."""
    return people.display_name(user)


@register.filter
def money(amount: Any) -> str:
    """`{{ amount|money }}`: every amount on a page prints one way, ¥2,777.00 (— for none)."""
    if amount in (None, ""):
        return "—"
    try:
        return format_yuan(Decimal(str(amount)))
    except (InvalidOperation, ValueError):
        return str(amount)


@register.filter
def address_of(place: Any) -> str:
    """`{{ customer|address_of }}`: province, city and street without naming a place twice."""
    if place is None:
        return ""
    return regions.full_address(
        getattr(place, "province", ""), getattr(place, "city", ""), getattr(place, "address", "")
    )


@register.simple_tag
def audit_entries(events: Any, document: Any = None) -> list[dict[str, Any]]:
    """`{% audit_entries audit document as entries %}`: each audit row as a sentence with its
    figures (core.audit_text), in the reader's language."""
    return audit_text.describe_trail(events, document)
