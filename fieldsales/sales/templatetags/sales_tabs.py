"""`{% sales_tabs %}`: the strip of selling's sections on their list pages."""

from __future__ import annotations

from typing import Any

from django import template

from fieldsales.sales import sections

register = template.Library()


@register.inclusion_tag("sales/_tabs.html", takes_context=True)
def sales_tabs(context: Any) -> dict[str, Any]:
    request = context["request"]
    items = sections.tabs(request)
    return {"tabs": items if len(items) > 1 else []}
