"""Labels for codes shown on pages (from the apps' registered vocabularies); people's names."""

from __future__ import annotations

from typing import Any

from django import template

from fieldsales.core import labels, people

register = template.Library()


@register.filter
def label(code: str, vocabulary: str) -> str:
    """`{{ code|label:"trips.status" }}`: the label an app registered for the code."""
    return labels.label(vocabulary, code, empty="")


@register.filter
def display_name(user: Any) -> str:
    """A person as every page names them: family name first (张伟)."""
    return people.display_name(user)
