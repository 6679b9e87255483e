"""Template helpers of the attendance pages (D7): a day's coloured status mark, a dict lookup."""

from __future__ import annotations

from typing import Any

from django import template

from fieldsales.department.attendance.entries import STATUS_LABELS

register = template.Library()


@register.inclusion_tag("department/attendance/_mark.html")
def status_mark(status: str) -> dict[str, Any]:
    return {"status": status, "label": STATUS_LABELS.get(status, status)}


@register.filter
def get_mark(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")
