"""`{% collection_entry_button %}`: the way to the collections entry page (回款登记) from the
orders list and the receivables page, for finance only."""

from __future__ import annotations

from typing import Any

from django import template

from fieldsales.org.access import has_role
from fieldsales.org.models import Role

register = template.Library()


@register.inclusion_tag("sales/orders/_collection_entry_button.html", takes_context=True)
def collection_entry_button(context: Any) -> dict[str, Any]:
    user = context["request"].user
    shown = bool(getattr(user, "is_authenticated", False)) and has_role(user, Role.FINANCE)
    return {"shown": shown}
