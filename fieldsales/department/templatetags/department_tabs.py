"""`{% department_tabs %}`: the strip of the department's sections on their pages."""

from __future__ import annotations

from typing import Any

from django import template

from fieldsales.department import sections

register = template.Library()


@register.inclusion_tag("department/_tabs.html", takes_context=True)
def department_tabs(context: Any) -> dict[str, Any]:
    items = sections.tabs(context["request"])
    return {"tabs": items if len(items) > 1 else []}
